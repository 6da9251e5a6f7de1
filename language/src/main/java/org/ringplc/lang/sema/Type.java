package org.ringplc.lang.sema;

/**
 * A data type of IEC 61131-3 §6.4 as the checker sees it: elementary types, arrays, strings,
 * structures, enumerations and function block types. How each is laid out in the JVM is decided
 * by the code generator; the checker only needs names, members and conversion rules.
 */
public sealed interface Type permits ElementaryType, ArrayType, StringType, StructType, EnumType, FbType, RefType, InterfaceType {
    /** The name as a user reads it in a message. */
    String name();
}
