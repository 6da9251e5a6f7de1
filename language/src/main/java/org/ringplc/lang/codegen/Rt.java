package org.ringplc.lang.codegen;

import org.ringplc.lang.program.PlcFault;

/**
 * Helpers that generated code calls. Public because generated classes live in another class
 * loader; small and static so that the JIT inlines them. None allocates except on a fault.
 */
public final class Rt {
    private Rt() {
    }

    /**
     * The zero-based offset of {@code i} in a dimension {@code lo..hi}, or a fault naming the ST
     * bounds (the JVM's own check would name the flat offset instead).
     */
    public static int index(int i, int lo, int hi) {
        if (i < lo || i > hi) {
            throw new PlcFault("array index " + i + " is outside the bounds " + lo + ".." + hi);
        }
        return i - lo;
    }

    /** {@code ref} unless it is NULL, which faults naming the reference. */
    public static Object deref(Object ref, String what) {
        if (ref == null) {
            throw new PlcFault("dereference of " + what + ", which is NULL");
        }
        return ref;
    }

    /**
     * REF(x) of an elementary or STRING field {@code field} of {@code owner}: its accessor, made
     * once per variable by the project's loader ({@code caller} is a generated class).
     */
    public static org.ringplc.lang.program.VariableAccessor fieldRef(Object owner, String field, String type, Class<?> caller) {
        ProjectClassLoader loader = (ProjectClassLoader) caller.getClassLoader();
        return loader.reference(owner, field, type, Rt::typeOf);
    }

    /**
     * REF(a[i]) of an elementary or STRING array element: its accessor, made once per element by the
     * project's loader ({@code caller} is a generated class). An offset outside the array faults
     * before, in the index check.
     */
    public static org.ringplc.lang.program.VariableAccessor elementRef(Object array, int offset, String type, Class<?> caller) {
        ProjectClassLoader loader = (ProjectClassLoader) caller.getClassLoader();
        return loader.elementReference(array, offset, type);
    }

    /** A new accessor of {@code array[offset]}, whose type {@link #elementRef} encodes as {@code type}. */
    static org.ringplc.lang.program.VariableAccessor elementAccessor(Object array, int offset, String type) {
        org.ringplc.lang.sema.Type t = typeOf(type);
        return ArrayAccessors.of(array, offset, t instanceof org.ringplc.lang.sema.ElementaryType e ? e : null,
                t instanceof org.ringplc.lang.sema.StringType s ? s.length() : 0);
    }

    private static org.ringplc.lang.sema.Type typeOf(String code) {
        if (code.startsWith("STRING:") || code.startsWith("WSTRING:")) {
            return new org.ringplc.lang.sema.StringType(Integer.parseInt(code.substring(code.indexOf(':') + 1)),
                    code.startsWith("W"));
        }
        return code.equals("ENUM") ? org.ringplc.lang.sema.ElementaryType.DINT : org.ringplc.lang.sema.ElementaryType.valueOf(code);
    }

    /** {@code v} if it lies in the subrange {@code lo..hi} of {@code what}, else a fault naming both. */
    public static int range(int v, int lo, int hi, String what) {
        if (v < lo || v > hi) {
            throw new PlcFault("value " + v + " is outside the subrange " + lo + ".." + hi + " of " + what);
        }
        return v;
    }

    public static long range(long v, long lo, long hi, String what) {
        if (v < lo || v > hi) {
            throw new PlcFault("value " + v + " is outside the subrange " + lo + ".." + hi + " of " + what);
        }
        return v;
    }

    /** UDINT/DWORD subranges: the int holds an unsigned 32-bit value. */
    public static int rangeUnsigned32(int v, long lo, long hi, String what) {
        long u = v & 0xFFFF_FFFFL;
        if (u < lo || u > hi) {
            throw new PlcFault("value " + u + " is outside the subrange " + lo + ".." + hi + " of " + what);
        }
        return v;
    }

    /** ULINT/LWORD subranges, compared unsigned. */
    public static long rangeUnsigned(long v, long lo, long hi, String what) {
        if (Long.compareUnsigned(v, lo) < 0 || Long.compareUnsigned(v, hi) > 0) {
            throw new PlcFault("value " + Long.toUnsignedString(v) + " is outside the subrange "
                    + Long.toUnsignedString(lo) + ".." + Long.toUnsignedString(hi) + " of " + what);
        }
        return v;
    }

    /** A STRING value cut to its declared length, as IEC assignment does. */
    public static String fit(String s, int length) {
        return s.length() <= length ? s : s.substring(0, length);
    }

    /** ULINT/LWORD to LREAL: the unsigned 64-bit value. */
    public static double unsignedToDouble(long v) {
        double d = (double) (v >>> 1) * 2.0;
        return d + (v & 1);
    }

    /** Real to integer conversion: round half to even (PRODUCT.md §3), saturating at the long range. */
    public static long round(double v) {
        return (long) Math.rint(v);
    }

    public static int rotateLeft(int v, int n, int bits) {
        n = Math.floorMod(n, bits);
        long mask = bits == 32 ? 0xFFFF_FFFFL : (1L << bits) - 1;
        long x = v & mask;
        return (int) (((x << n) | (x >>> (bits - n))) & mask);
    }

    public static long rotateLeft(long v, int n) {
        return Long.rotateLeft(v, n);
    }
}
