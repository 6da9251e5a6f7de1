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
    /** For a method or property accessor: the function block whose variables it sees; else null. */
    private PouSymbol outer;
    /** For a derived function block: the symbol of its base, whose variables it inherits. */
    private PouSymbol base;

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

    /**
     * A method's VAR_INST, which the function block holds as a field: listed with its variables
     * (so its class declares and initialises the field) under the field name, which no ST name
     * can spell, so the block's own body cannot see it.
     */
    void addInstanceVariable(VarSymbol v) {
        vars.put(v.jvmName().toLowerCase(Locale.ROOT), v);
    }

    public VarSymbol lookup(String name) {
        VarSymbol v = vars.get(name.toLowerCase(Locale.ROOT));
        if (v == null && base != null) {
            v = base.lookup(name);
        }
        if (v == null && outer != null) {
            v = outer.lookup(name);
        }
        return v;
    }

    /** Only the variables declared here (not inherited, not the outer function block's). */
    public VarSymbol lookupOwn(String name) {
        return vars.get(name.toLowerCase(Locale.ROOT));
    }

    public PouSymbol outer() {
        return outer;
    }

    void setOuter(PouSymbol o) {
        outer = o;
    }

    public PouSymbol base() {
        return base;
    }

    void setBase(PouSymbol b) {
        base = b;
    }

    /** The function block a body belongs to: its own for an FB, the outer one for a method; else null. */
    public FbType self() {
        return fbType != null ? fbType : outer != null ? outer.fbType : null;
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
