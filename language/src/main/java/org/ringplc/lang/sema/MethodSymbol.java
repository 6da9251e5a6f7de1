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

    public String access() {
        return decl.access().toUpperCase(Locale.ROOT);
    }
}
