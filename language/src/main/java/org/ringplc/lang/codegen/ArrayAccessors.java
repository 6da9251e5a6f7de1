package org.ringplc.lang.codegen;

import org.ringplc.lang.program.TextAccessor;
import org.ringplc.lang.program.VariableAccessor;
import org.ringplc.lang.sema.ElementaryType;

/**
 * Accessors of single array elements, one class per JVM array kind. The element's array and
 * offset are fixed when the descriptor list is made (arrays are allocated once per instance and
 * never replaced), so get/set are one array access and a conversion.
 */
final class ArrayAccessors {
    private ArrayAccessors() {
    }

    static VariableAccessor of(Object array, int offset, ElementaryType t, int textLength) {
        if (array instanceof boolean[] a) {
            return new Bool(a, offset);
        }
        if (array instanceof int[] a) {
            return new Int(a, offset, t);
        }
        if (array instanceof long[] a) {
            return new Long64(a, offset);
        }
        if (array instanceof float[] a) {
            return new Real(a, offset);
        }
        if (array instanceof double[] a) {
            return new LReal(a, offset);
        }
        return new Text((String[]) array, offset, textLength);
    }

    private record Bool(boolean[] a, int i) implements VariableAccessor {
        public long get() {
            return a[i] ? 1 : 0;
        }

        public void set(long raw) {
            a[i] = raw != 0;
        }
    }

    /** int-kind elements; {@code t} null for enumerations. */
    private record Int(int[] a, int i, ElementaryType t) implements VariableAccessor {
        public long get() {
            return t != null && t.isUnsignedWide() ? a[i] & 0xFFFF_FFFFL : a[i];
        }

        public void set(long raw) {
            int v = (int) raw;
            if (t != null) {
                switch (t) {
                    case SINT -> v = (byte) v;
                    case INT -> v = (short) v;
                    case USINT, BYTE -> v &= 0xFF;
                    case UINT, WORD -> v &= 0xFFFF;
                    default -> {
                    }
                }
            }
            a[i] = v;
        }
    }

    private record Long64(long[] a, int i) implements VariableAccessor {
        public long get() {
            return a[i];
        }

        public void set(long raw) {
            a[i] = raw;
        }
    }

    private record Real(float[] a, int i) implements VariableAccessor {
        public long get() {
            return Float.floatToRawIntBits(a[i]) & 0xFFFF_FFFFL;
        }

        public void set(long raw) {
            a[i] = Float.intBitsToFloat((int) raw);
        }
    }

    private record LReal(double[] a, int i) implements VariableAccessor {
        public long get() {
            return Double.doubleToRawLongBits(a[i]);
        }

        public void set(long raw) {
            a[i] = Double.longBitsToDouble(raw);
        }
    }

    private record Text(String[] a, int i, int length) implements TextAccessor {
        public String getText() {
            return a[i];
        }

        public void setText(String value) {
            a[i] = Rt.fit(value, length);
        }
    }
}
