package org.ringplc.lang.program;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;

/**
 * Integer and bit-string values (SINT..ULINT, BYTE..LWORD) in their outside forms: the raw value
 * brought to its type's width, and parsing of JSON numbers and integer literals ({@code -5},
 * {@code 1_000}, {@code 16#FF}, {@code INT#-5}) with the type's range checked and an out-of-range
 * value named as the user wrote it. Part of {@link ValueFormat}.
 */
final class IntegerLiterals {
    private IntegerLiterals() {
    }

    static final String[] INTEGER_TYPES = {"SINT", "INT", "DINT", "LINT", "USINT", "UINT", "UDINT", "ULINT",
        "BYTE", "WORD", "DWORD", "LWORD"};

    static long parseInteger(ValueType t, Object value, String text) throws ValueFormatException {
        BigInteger v;
        if (text != null) {
            String s = text;
            int hash = s.indexOf('#');
            if (hash > 0 && !Character.isDigit(s.charAt(0)) && s.charAt(0) != '-' && s.charAt(0) != '+') {
                String prefix = s.substring(0, hash);
                if (!ValueFormat.isOneOf(prefix, INTEGER_TYPES)) {
                    throw new ValueFormatException(ValueFormat.withArticle(prefix.toUpperCase(Locale.ROOT)) + " literal does not fit "
                            + t + ": expected an integer");
                }
                s = s.substring(hash + 1);
            }
            v = integerLiteral(s, t);
        } else if (value instanceof Number n) {
            BigDecimal d = ValueFormat.decimal(n);
            try {
                v = d.toBigIntegerExact();
            } catch (ArithmeticException e) {
                throw new ValueFormatException(ValueFormat.show(value) + " is not an integer, as " + t + " needs");
            }
        } else if (value instanceof Boolean b && (t == ValueType.BYTE || t == ValueType.WORD
                || t == ValueType.DWORD || t == ValueType.LWORD)) {
            v = b ? BigInteger.ONE : BigInteger.ZERO;
        } else {
            throw new ValueFormatException("expected an integer for " + t + ", got " + ValueFormat.show(value));
        }
        BigInteger min = minOf(t);
        BigInteger max = maxOf(t);
        if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
            // the value as the user wrote it (16#FFFFF, INT#70000, 70_000), so the message points at their input
            throw new ValueFormatException((text != null ? text : v.toString()) + " is out of range " + min + ".." + max + " for " + t);
        }
        return v.longValue();
    }

    /** {@code -5}, {@code 1_000}, {@code 16#FF}, {@code 2#1010_0101}, {@code 8#777}. */
    private static BigInteger integerLiteral(String s, ValueType t) throws ValueFormatException {
        String orig = s;
        boolean neg = false;
        if (s.startsWith("-") || s.startsWith("+")) {
            neg = s.startsWith("-");
            s = s.substring(1);
        }
        int radix = 10;
        int hash = s.indexOf('#');
        if (hash > 0) {
            String base = s.substring(0, hash);
            if (!base.equals("2") && !base.equals("8") && !base.equals("16")) {
                throw new ValueFormatException("'" + orig + "' has base " + base + ": only 2#, 8# and 16# exist");
            }
            radix = Integer.parseInt(base);
            s = s.substring(hash + 1);
        }
        if (s.isEmpty() || s.startsWith("_") || s.endsWith("_") || s.contains("__")) {
            throw new ValueFormatException("'" + orig + "' is not an integer literal for " + t);
        }
        try {
            BigInteger v = new BigInteger(s.replace("_", ""), radix);
            if (v.signum() < 0 || s.startsWith("+")) {
                throw new NumberFormatException();
            }
            return neg ? v.negate() : v;
        } catch (NumberFormatException e) {
            throw new ValueFormatException("'" + orig + "' is not an integer literal for " + t);
        }
    }

    /** Smallest value of an integer or bit-string type. */
    static BigInteger minOf(ValueType t) {
        switch (t) {
            case SINT: return BigInteger.valueOf(Byte.MIN_VALUE);
            case INT: return BigInteger.valueOf(Short.MIN_VALUE);
            case DINT: return BigInteger.valueOf(Integer.MIN_VALUE);
            case LINT: return BigInteger.valueOf(Long.MIN_VALUE);
            default: return BigInteger.ZERO;
        }
    }

    /** Largest value of an integer or bit-string type. */
    static BigInteger maxOf(ValueType t) {
        switch (t) {
            case SINT: return BigInteger.valueOf(Byte.MAX_VALUE);
            case INT: return BigInteger.valueOf(Short.MAX_VALUE);
            case DINT: return BigInteger.valueOf(Integer.MAX_VALUE);
            case LINT: return BigInteger.valueOf(Long.MAX_VALUE);
            case USINT: case BYTE: return BigInteger.valueOf(0xFF);
            case UINT: case WORD: return BigInteger.valueOf(0xFFFF);
            case UDINT: case DWORD: return BigInteger.valueOf(0xFFFF_FFFFL);
            case ULINT: case LWORD: return BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
            default: throw new IllegalArgumentException(t + " is not an integer type");
        }
    }

    /** The raw value brought to the canonical form of its type (sign- or zero-extended). */
    static long normalize(ValueType t, long raw) {
        switch (t) {
            case SINT: return (byte) raw;
            case INT: return (short) raw;
            case DINT: return (int) raw;
            case USINT: case BYTE: return raw & 0xFFL;
            case UINT: case WORD: return raw & 0xFFFFL;
            case UDINT: case DWORD: return raw & 0xFFFF_FFFFL;
            default: return raw;
        }
    }
}
