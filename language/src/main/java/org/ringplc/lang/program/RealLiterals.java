package org.ringplc.lang.program;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * REAL and LREAL values in their outside forms: the shortest decimal that reads back to the same
 * float or double (for JSON and literals), a literal that always shows it is real ({@code 3.0},
 * {@code 1.5E-7}), NaN and the infinities by name, and parsing of numbers and real literals with
 * the range of the type checked, never clamped. Part of {@link ValueFormat}.
 */
final class RealLiterals {
    private RealLiterals() {
    }

    static String nonFinite(double v) {
        return Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
    }

    /**
     * The shortest decimal that reads back to exactly {@code f}. Java 17's {@link Float#toString}
     * sometimes prints a digit more than needed, so try each precision from 1 up; the candidates
     * rounded down and up as well as to nearest cover the asymmetric rounding interval at powers
     * of two.
     */
    static BigDecimal shortest(float f) {
        if (f == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal exact = new BigDecimal(f);
        for (int p = 1; p <= 9; p++) {
            for (RoundingMode m : ROUNDINGS) {
                BigDecimal c = exact.round(new MathContext(p, m));
                if (Float.parseFloat(c.toString()) == f) {
                    return tidy(c);
                }
            }
        }
        return tidy(exact.round(new MathContext(9, RoundingMode.HALF_EVEN)));
    }

    /** As {@link #shortest(float)}, for double precision (at most 17 digits). */
    static BigDecimal shortest(double v) {
        if (v == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal exact = new BigDecimal(v);
        for (int p = 1; p <= 17; p++) {
            for (RoundingMode m : ROUNDINGS) {
                BigDecimal c = exact.round(new MathContext(p, m));
                if (Double.parseDouble(c.toString()) == v) {
                    return tidy(c);
                }
            }
        }
        return tidy(exact.round(new MathContext(17, RoundingMode.HALF_EVEN)));
    }

    private static final RoundingMode[] ROUNDINGS = {RoundingMode.HALF_EVEN, RoundingMode.FLOOR, RoundingMode.CEILING};

    /** Strips trailing zeros but keeps ordinary magnitudes in plain notation (100, not 1E+2). */
    private static BigDecimal tidy(BigDecimal c) {
        BigDecimal s = c.stripTrailingZeros();
        if (s.scale() < 0 && s.precision() - s.scale() <= 21) {
            s = s.setScale(0);
        }
        return s;
    }

    /** A real literal always shows it is real: {@code 3.0}, {@code 1.5E-7}. */
    static String realLiteral(BigDecimal v) {
        int exponent = v.precision() - v.scale() - 1;
        if (exponent < -6 || exponent >= 21) {
            BigDecimal unscaled = new BigDecimal(v.unscaledValue(), v.precision() - 1);
            String mant = unscaled.toPlainString();
            if (mant.indexOf('.') < 0) {
                mant += ".0";
            }
            return mant + "E" + exponent;
        }
        String s = v.toPlainString();
        return s.indexOf('.') < 0 ? s + ".0" : s;
    }

    static long parseReal(ValueType t, Object value, String text) throws ValueFormatException {
        double v;
        boolean finiteInput;
        String typeName = t.name();
        if (text != null) {
            String s = text;
            int hash = s.indexOf('#');
            if (hash > 0) {
                String prefix = s.substring(0, hash);
                if (!ValueFormat.isOneOf(prefix, "REAL", "LREAL") && !ValueFormat.isOneOf(prefix, IntegerLiterals.INTEGER_TYPES)) {
                    throw new ValueFormatException(ValueFormat.withArticle(prefix.toUpperCase(Locale.ROOT)) + " literal does not fit "
                            + typeName + ": expected a number");
                }
                s = s.substring(hash + 1);
            }
            String special = s.replace("+", "");
            if (special.equalsIgnoreCase("NaN")) {
                return t == ValueType.REAL ? Float.floatToRawIntBits(Float.NaN) & 0xFFFF_FFFFL
                        : Double.doubleToRawLongBits(Double.NaN);
            }
            if (special.equalsIgnoreCase("Infinity") || special.equalsIgnoreCase("-Infinity")
                    || special.equalsIgnoreCase("inf") || special.equalsIgnoreCase("-inf")) {
                double inf = special.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                return t == ValueType.REAL ? Float.floatToRawIntBits((float) inf) & 0xFFFF_FFFFL
                        : Double.doubleToRawLongBits(inf);
            }
            if (!s.matches("[+-]?[0-9]+(_[0-9]+)*(\\.[0-9]+(_[0-9]+)*)?([eE][+-]?[0-9]+)?")) {
                throw new ValueFormatException("'" + text + "' is not a number for " + typeName);
            }
            s = s.replace("_", "");
            BigDecimal bd = new BigDecimal(s);
            return realBits(t, bd, text);
        } else if (value instanceof Number n) {
            if (n instanceof Double || n instanceof Float) {
                v = n.doubleValue();
                finiteInput = Double.isFinite(v);
                if (!finiteInput) {
                    return t == ValueType.REAL ? Float.floatToRawIntBits((float) v) & 0xFFFF_FFFFL
                            : Double.doubleToRawLongBits(v);
                }
            }
            return realBits(t, ValueFormat.decimal(n), ValueFormat.show(value));
        }
        throw new ValueFormatException("expected a number for " + typeName + ", got " + ValueFormat.show(value));
    }

    private static long realBits(ValueType t, BigDecimal bd, String shown) throws ValueFormatException {
        if (t == ValueType.REAL) {
            float f = Float.parseFloat(bd.toString());
            if (Float.isInfinite(f)) {
                throw new ValueFormatException(shown + " is out of range for REAL (about ±3.4E38)");
            }
            return Float.floatToRawIntBits(f) & 0xFFFF_FFFFL;
        }
        double v = Double.parseDouble(bd.toString());
        if (Double.isInfinite(v)) {
            throw new ValueFormatException(shown + " is out of range for LREAL (about ±1.8E308)");
        }
        return Double.doubleToRawLongBits(v);
    }
}
