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
