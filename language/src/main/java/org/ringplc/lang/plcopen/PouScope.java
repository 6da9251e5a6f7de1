package org.ringplc.lang.plcopen;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.ringplc.lang.ast.Initializer;
import org.ringplc.lang.ast.TypeRef;
import org.ringplc.lang.ast.VarDecl;
import org.ringplc.lang.diag.SourceSpan;
import org.ringplc.lang.program.VariableDescriptor.VarKind;

/**
 * The declarations of one POU being imported: those of its {@code <interface>} and the hidden
 * ones the graphical languages need (edge memories, enable flags, SFC steps). Hidden names start
 * with an underscore and never clash with a declared name, so a user sees them in the monitor
 * as the importer's own.
 */
final class PouScope {
    final String pouName;
    final List<VarDecl> declared = new ArrayList<>();
    final List<VarDecl> hidden = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    PouScope(String pouName) {
        this.pouName = pouName;
    }

    void declare(VarDecl d) {
        declared.add(d);
        names.add(d.name().toLowerCase(Locale.ROOT));
    }

    boolean isDeclared(String name) {
        return names.contains(name.toLowerCase(Locale.ROOT));
    }

    /** A fresh hidden local of {@code type} named after {@code base}; returns the name used. */
    String hidden(String base, String type, SourceSpan span) {
        return hidden(base, new TypeRef.Named(span, type), null, span);
    }

    String hidden(String base, TypeRef type, Initializer init, SourceSpan span) {
        String name = base;
        for (int i = 2; names.contains(name.toLowerCase(Locale.ROOT)); i++) {
            name = base + "_" + i;
        }
        names.add(name.toLowerCase(Locale.ROOT));
        hidden.add(new VarDecl(span, name, VarKind.LOCAL, false, false, null, null, type, init));
        return name;
    }

    /** A named variable in the POU's own scope: an FB instance the diagram uses but the interface lacks. */
    void declareLocal(String name, String type, SourceSpan span) {
        names.add(name.toLowerCase(Locale.ROOT));
        hidden.add(new VarDecl(span, name, VarKind.LOCAL, false, false, null, null, new TypeRef.Named(span, type), null));
    }

    /** The declared type of a variable of this POU, or null when it is not declared here. */
    TypeRef typeOf(String name) {
        for (VarDecl d : declared) {
            if (d.name().equalsIgnoreCase(name)) {
                return d.type();
            }
        }
        return null;
    }

    List<VarDecl> all() {
        List<VarDecl> out = new ArrayList<>(declared);
        out.addAll(hidden);
        return out;
    }
}
