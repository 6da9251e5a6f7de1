package org.ringplc.lang.program;

import java.util.List;

/**
 * One monitorable, forceable elementary variable (a leaf) of a live instance: FB instances,
 * structs and arrays are flattened into one descriptor per elementary member, so that
 * {@code fb.Q}, {@code s.field} and {@code a[3]} each have their own.
 *
 * @param path       path relative to the owning program instance as declared ({@code fb.Q},
 *                   {@code m[1,2]}); for globals the bare name
 * @param typeName   the declared type of the leaf as the user wrote it ({@code INT}, {@code E_State})
 * @param type       its elementary type and so its raw encoding
 * @param kind       how the variable is declared
 * @param address    the {@code AT} address, or null when not located
 * @param retain     true for RETAIN or PERSISTENT variables
 * @param enumNames  for {@link ValueType#ENUM}: element names, parallel to {@code enumValues}; else empty
 * @param enumValues for {@link ValueType#ENUM}: element values; else empty
 * @param access     reads and writes the live value
 */
public record VariableDescriptor(
        String path,
        String typeName,
        ValueType type,
        VarKind kind,
        IoAddress address,
        boolean retain,
        List<String> enumNames,
        long[] enumValues,
        VariableAccessor access) {

    /** The declaration section a variable comes from. */
    public enum VarKind { INPUT, OUTPUT, IN_OUT, LOCAL, TEMP, GLOBAL, EXTERNAL }

    /** A copy of this descriptor with {@code prefix.} put before the path. */
    public VariableDescriptor prefixed(String prefix) {
        return new VariableDescriptor(prefix + "." + path, typeName, type, kind, address, retain,
                enumNames, enumValues, access);
    }
}
