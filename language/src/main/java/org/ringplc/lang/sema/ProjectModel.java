package org.ringplc.lang.sema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ringplc.lang.ast.Configuration;
import org.ringplc.lang.ast.Pou;

/**
 * The analysed project: every type and POU by case-insensitive name, the globals, the
 * configuration, and (after the check phase) the {@link Typing} of all bodies.
 */
public final class ProjectModel {
    final Map<String, Type> types = new LinkedHashMap<>();
    final Map<String, PouSymbol> pous = new LinkedHashMap<>();
    final Map<String, VarSymbol> globals = new LinkedHashMap<>();
    final List<StructType> structs = new ArrayList<>();
    final List<Configuration> configurations = new ArrayList<>();
    final Typing typing = new Typing();

    public Type type(String name) {
        return types.get(name.toLowerCase(Locale.ROOT));
    }

    public PouSymbol pou(String name) {
        return pous.get(name.toLowerCase(Locale.ROOT));
    }

    public List<PouSymbol> pous() {
        return new ArrayList<>(pous.values());
    }

    public List<PouSymbol> pous(Pou.Kind kind) {
        return pous.values().stream().filter(p -> p.kind() == kind).toList();
    }

    public VarSymbol global(String name) {
        return globals.get(name.toLowerCase(Locale.ROOT));
    }

    public List<VarSymbol> globals() {
        return new ArrayList<>(globals.values());
    }

    public List<StructType> structs() {
        return structs;
    }

    public List<FbType> javaFunctionBlocks() {
        return types.values().stream().filter(t -> t instanceof FbType f && f.javaClass() != null)
                .map(t -> (FbType) t).toList();
    }

    public List<Configuration> configurations() {
        return configurations;
    }

    public Typing typing() {
        return typing;
    }
}
