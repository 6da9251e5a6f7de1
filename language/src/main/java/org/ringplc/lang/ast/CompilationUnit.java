package org.ringplc.lang.ast;

import java.util.List;

/** Everything one source file declares. */
public record CompilationUnit(String file, List<Pou> pous, List<TypeDefinition> types, List<VarDecl> globals,
                              List<Configuration> configurations, List<ObjectParts.Interface> interfaces) {
    /** A unit without INTERFACE declarations. */
    public CompilationUnit(String file, List<Pou> pous, List<TypeDefinition> types, List<VarDecl> globals,
                           List<Configuration> configurations) {
        this(file, pous, types, globals, configurations, List.of());
    }
}
