package org.ringplc.lang.sema;

import java.util.Locale;
import org.ringplc.lang.ast.ObjectParts;

/**
 * A METHOD of a function block or interface, or a PROPERTY accessor (a getter is a method with a
 * result, a setter a method with one input named like the property). Its {@code scope} holds the
 * parameters and locals; names it does not declare resolve to the function block's variables.
 * In the JVM it is an instance method of the function block class named {@link #jvmName()}.
 */
public record MethodSymbol(String name, Kind kind, ObjectParts.Method decl, PouSymbol scope, Type owner) {

    /** What the symbol stands for. */
    public enum Kind { METHOD, GETTER, SETTER }

    /** Case-insensitive identity used for overriding: {@code NAME}, {@code get$NAME}, {@code set$NAME}. */
    public String key() {
        String n = name.toUpperCase(Locale.ROOT);
        return switch (kind) {
            case METHOD -> n;
            case GETTER -> "get$" + n;
            case SETTER -> "set$" + n;
        };
    }

    public String jvmName() {
        return kind == Kind.METHOD ? "m$" + key() : key();
    }

    public Type resultType() {
        return scope.resultType();
    }

    public boolean isAbstract() {
        return decl.body() == null;
    }

    /** The VAR_OUTPUTs, which the method hands back in a frame object like a FUNCTION does. */
    public java.util.List<VarSymbol> outputs() {
        return scope.variables().stream()
                .filter(v -> v.kind() == org.ringplc.lang.program.VariableDescriptor.VarKind.OUTPUT).toList();
    }

    /**
     * What the method hands back in its frame: the VAR_OUTPUTs, then the VAR_IN_OUTs passed by value
     * (elementary, STRING, enumeration), which the caller copies back after the call as for a FUNCTION.
     */
    public java.util.List<VarSymbol> frameVariables() {
        java.util.List<VarSymbol> all = new java.util.ArrayList<>(outputs());
        for (VarSymbol v : scope.inputs()) {
            if (v.kind() == org.ringplc.lang.program.VariableDescriptor.VarKind.IN_OUT && isCopiedBack(v.type())) {
                all.add(v);
            }
        }
        return all;
    }

    /** True for VAR_IN_OUT types passed by value and copied back; arrays, structs and FBs go by reference. */
    public static boolean isCopiedBack(Type t) {
        return t instanceof ElementaryType || t instanceof EnumType || t instanceof StringType;
    }

    /**
     * The frame class of a method with outputs or copied-back in-outs, or null. It is named by the
     * method and those variables, so an override or an interface implementation (which must keep
     * both) shares it.
     */
    public String frameClass() {
        java.util.List<VarSymbol> outs = frameVariables();
        if (outs.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder("st/mframe/").append(key().replace('$', '_'));
        for (VarSymbol v : outs) {
            sb.append('$').append(v.name().toUpperCase(Locale.ROOT)).append('_')
                    .append(v.type().name().replaceAll("[^A-Za-z0-9]", "_"));
        }
        return sb.toString();
    }

    public String access() {
        return decl.access().toUpperCase(Locale.ROOT);
    }
}
