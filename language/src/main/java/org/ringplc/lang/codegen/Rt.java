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
