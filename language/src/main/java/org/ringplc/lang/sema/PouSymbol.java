package org.ringplc.lang.sema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ringplc.lang.ast.Pou;
import org.ringplc.lang.program.VariableDescriptor.VarKind;

/**
 * A checked PROGRAM, FUNCTION_BLOCK or FUNCTION: its variables by (case-insensitive) name in
 * declaration order, the inputs in order for positional calls, and for a function its result
 * type and result variable.
 */
public final class PouSymbol {
    private final Pou decl;
    private final Map<String, VarSymbol> vars = new LinkedHashMap<>();
    private Type resultType;
    private VarSymbol result;
    private FbType fbType;

    public PouSymbol(Pou decl) {
        this.decl = decl;
    }

    public Pou decl() {
        return decl;
    }

    public String name() {
        return decl.name();
    }

    public Pou.Kind kind() {
        return decl.kind();
    }

    void add(VarSymbol v) {
        vars.put(v.name().toLowerCase(Locale.ROOT), v);
    }

    public VarSymbol lookup(String name) {
        return vars.get(name.toLowerCase(Locale.ROOT));
    }

    public List<VarSymbol> variables() {
        return new ArrayList<>(vars.values());
    }

    public List<VarSymbol> inputs() {
        return vars.values().stream().filter(v -> v.kind() == VarKind.INPUT || v.kind() == VarKind.IN_OUT).toList();
    }

    public Type resultType() {
        return resultType;
    }

    void setResult(Type t, VarSymbol v) {
        resultType = t;
        result = v;
    }

    /** The variable named like the function that holds its return value, or null. */
    public VarSymbol result() {
        return result;
    }

    public FbType fbType() {
        return fbType;
    }

    void setFbType(FbType t) {
        fbType = t;
    }

    /** JVM internal name of the class generated for this POU. */
    public String className() {
        return switch (decl.kind()) {
            case PROGRAM -> "st/prog/" + decl.name();
            case FUNCTION_BLOCK -> "st/fb/" + decl.name();
            case FUNCTION -> "st/fn/" + decl.name();
        };
    }
}
