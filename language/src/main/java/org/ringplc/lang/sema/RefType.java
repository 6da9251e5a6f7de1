package org.ringplc.lang.sema;

/**
 * {@code REF_TO T} (IEC 61131-3 ed. 3 §6.4.4.10). A reference to a STRUCT, array or function block
 * is the JVM reference to that object; a reference to an elementary variable or a STRING is the
 * variable's accessor (the same kind of object monitoring uses), so {@code p^} reads and writes
 * the referred variable wherever it lives. {@code target} is null for the type of {@code NULL}.
 */
public record RefType(Type target) implements Type {
    public static final RefType NULL = new RefType(null);

    @Override
    public String name() {
        return target == null ? "NULL" : "REF_TO " + target.name();
    }

    /** True when the reference is the referred object itself (STRUCT, array, function block). */
    public boolean isObject() {
        return target instanceof StructType || target instanceof ArrayType || target instanceof FbType;
    }
}
