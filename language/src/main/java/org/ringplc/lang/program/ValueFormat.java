package org.ringplc.lang.program;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts between the raw {@code long} form of an elementary value (see {@link ValueType}) and
 * the forms the outside world uses (PRODUCT.md §2): JSON values for the web API and {@code sim
 * --json}, IEC 61131-3 literals for the CLI and for values typed by a person.
 *
 * <p>Only the edges call this class (the web side, the CLI, forcing requests); the scan thread
 * never does, so boxing and allocation here are fine. Parsing is strict: a value that does not fit
 * the variable's type is rejected with a message, never clamped, so that nothing is half-applied.
 */
public final class ValueFormat {
    private static final long NS_PER_DAY = 86_400_000_000_000L;
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private ValueFormat() {
    }

    // ---------------------------------------------------------------- raw -> outside

    /**
     * The JSON value of a raw value: Boolean, Long (BigInteger for ULINT/LWORD above
     * {@link Long#MAX_VALUE}), BigDecimal for REAL/LREAL (the shortest decimal that reads back to
     * the same float/double), String for NaN/Infinity, time and date literals and enumeration
     * element names. For STRING/WSTRING use {@link #textToJson}.
     */
    public static Object toJson(VariableDescriptor d, long raw) {
        ValueType t = d.type();
        switch (t) {
            case BOOL:
                return raw != 0;
            case SINT: case INT: case DINT: case LINT:
            case USINT: case UINT: case UDINT: case BYTE: case WORD: case DWORD:
                return normalize(t, raw);
            case ULINT: case LWORD:
                return raw >= 0 ? (Object) raw : new BigInteger(Long.toUnsignedString(raw));
            case REAL: {
                float f = Float.intBitsToFloat((int) raw);
                return Float.isFinite(f) ? shortest(f) : nonFinite(f);
            }
            case LREAL: {
                double v = Double.longBitsToDouble(raw);
                return Double.isFinite(v) ? shortest(v) : nonFinite(v);
            }
            case ENUM: {
                String name = enumName(d, raw);
                return name != null ? name : (Object) raw;
            }
            case STRING: case WSTRING:
                return textToJson(d);
            default:
                return toLiteral(d, raw);
        }
    }

    /** The current value of any leaf, text or raw, read through its accessor, as JSON. */
    public static Object readJson(VariableDescriptor d) {
        return d.type().isText() ? textToJson(d) : toJson(d, d.access().get());
    }

    /** The JSON value (a String) of a STRING/WSTRING leaf, read through its {@link TextAccessor}. */
    public static String textToJson(VariableDescriptor d) {
        if (d.access() instanceof TextAccessor ta) {
            return ta.getText();
        }
        throw new IllegalArgumentException(d.path() + " is not a STRING or WSTRING variable");
    }

    /**
     * The IEC 61131-3 literal of a raw value, as {@code sim} prints it: {@code TRUE}, {@code -5},
     * {@code 16#FF} for bit strings, {@code 1.5} / {@code 1.0E-7} for reals, {@code T#1s500ms},
     * {@code D#2024-01-31}, {@code E_State#RUNNING}.
     */
    public static String toLiteral(VariableDescriptor d, long raw) {
        ValueType t = d.type();
        switch (t) {
            case BOOL:
                return raw != 0 ? "TRUE" : "FALSE";
            case SINT: case INT: case DINT: case LINT: case USINT: case UINT: case UDINT:
                return Long.toString(normalize(t, raw));
            case ULINT:
                return Long.toUnsignedString(raw);
            case BYTE: case WORD: case DWORD: case LWORD:
                return "16#" + Long.toHexString(normalize(t, raw)).toUpperCase(Locale.ROOT);
            case REAL: {
                float f = Float.intBitsToFloat((int) raw);
                return Float.isFinite(f) ? realLiteral(shortest(f)) : nonFinite(f);
            }
            case LREAL: {
                double v = Double.longBitsToDouble(raw);
                return Double.isFinite(v) ? realLiteral(shortest(v)) : nonFinite(v);
            }
            case TIME:
                return duration("T#", raw);
            case LTIME:
                return duration("LTIME#", raw);
            case DATE:
                return "D#" + LocalDate.ofEpochDay(Math.floorDiv(raw, NS_PER_DAY));
            case TIME_OF_DAY:
                return "TOD#" + timeOfDay(raw);
            case DATE_AND_TIME:
                return "DT#" + LocalDate.ofEpochDay(Math.floorDiv(raw, NS_PER_DAY)) + "-"
                        + timeOfDay(Math.floorMod(raw, NS_PER_DAY));
            case ENUM: {
                String name = enumName(d, raw);
                return name != null ? d.typeName() + "#" + name : Long.toString(raw);
            }
            case STRING:
                return "'" + ((TextAccessor) d.access()).getText().replace("$", "$$").replace("'", "$'") + "'";
            case WSTRING:
                return "\"" + ((TextAccessor) d.access()).getText().replace("$", "$$").replace("\"", "$\"") + "\"";
            default:
                throw new IllegalArgumentException("no literal form for " + t);
        }
    }

    /** The raw value brought to the canonical form of its type (sign- or zero-extended). */
    private static long normalize(ValueType t, long raw) {
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

    private static String enumName(VariableDescriptor d, long raw) {
        long[] values = d.enumValues();
        for (int i = 0; i < values.length; i++) {
            if (values[i] == raw) {
                return d.enumNames().get(i);
            }
        }
        return null;
    }

    private static String nonFinite(double v) {
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
    private static String realLiteral(BigDecimal v) {
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

    private static final long[] UNIT_NS = {NS_PER_DAY, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L, 1L};
    private static final String[] UNIT_NAMES = {"d", "h", "m", "s", "ms", "us", "ns"};

    /** {@code T#1d2h3m4s5ms6us7ns} with zero components left out, {@code T#0s} for zero, {@code T#-5ms}. */
    private static String duration(String prefix, long ns) {
        if (ns == 0) {
            return prefix + "0s";
        }
        // the sign belongs after the '#' in an IEC duration literal (T#-5ms); -T#5ms is an expression
        StringBuilder sb = new StringBuilder(prefix);
        if (ns < 0) {
            sb.append('-');
        }
        // Long.MIN_VALUE has no positive counterpart: work on the unsigned magnitude
        BigInteger rest = BigInteger.valueOf(ns).abs();
        for (int i = 0; i < UNIT_NS.length; i++) {
            BigInteger[] qr = rest.divideAndRemainder(BigInteger.valueOf(UNIT_NS[i]));
            if (qr[0].signum() != 0) {
                sb.append(qr[0]).append(UNIT_NAMES[i]);
            }
            rest = qr[1];
        }
        return sb.toString();
    }

    /** {@code 12:00:00} or {@code 12:00:00.5}, trailing zeros of the fraction dropped. */
    private static String timeOfDay(long ns) {
        long secs = ns / 1_000_000_000L;
        long frac = ns % 1_000_000_000L;
        String s = String.format(Locale.ROOT, "%02d:%02d:%02d", secs / 3600, secs / 60 % 60, secs % 60);
        if (frac != 0) {
            String f = String.format(Locale.ROOT, "%09d", frac);
            s += "." + f.replaceAll("0+$", "");
        }
        return s;
    }

    // ---------------------------------------------------------------- outside -> raw

    /**
     * Parses a value given from outside for the variable {@code d}: a JSON value (Boolean,
     * Number including BigDecimal/BigInteger, String) or an IEC literal in a String
     * ({@code "TRUE"}, {@code "16#FF"}, {@code "INT#-5"}, {@code "T#1h2m3.5s"}, {@code "1.5E3"},
     * {@code "RUNNING"}, {@code "E_State#RUNNING"}, {@code "D#2024-01-31"}, ...). A JSON number for
     * a TIME counts milliseconds, as TIME_TO_DINT does.
     *
     * @return the raw value
     * @throws ValueFormatException with a message naming the type and what was wrong (the caller
     *                              adds the path)
     */
    public static long parse(VariableDescriptor d, Object value) throws ValueFormatException {
        ValueType t = d.type();
        if (value == null) {
            throw new ValueFormatException("a value is required for " + d.typeName());
        }
        if (t.isText()) {
            throw new ValueFormatException(d.typeName() + " takes text: use parseText");
        }
        String text = value instanceof String s ? s.trim() : null;
        switch (t) {
            case BOOL:
                return parseBool(value, text);
            case SINT: case INT: case DINT: case LINT: case USINT: case UINT: case UDINT: case ULINT:
            case BYTE: case WORD: case DWORD: case LWORD:
                return parseInteger(t, value, text);
            case REAL: case LREAL:
                return parseReal(t, value, text);
            case TIME: case LTIME:
                return parseDuration(t, value, text);
            case DATE: case TIME_OF_DAY: case DATE_AND_TIME:
                return parseDate(t, value, text);
            case ENUM:
                return parseEnum(d, value, text);
            default:
                throw new ValueFormatException("cannot set a value of type " + d.typeName());
        }
    }

    /**
     * Parses an IEC literal of an elementary (non-enumeration) type without a variable at hand,
     * as the compiler does for TIME and date literals in the source.
     */
    public static long parseLiteral(ValueType t, String literal) throws ValueFormatException {
        VariableDescriptor d = new VariableDescriptor("", t.name(), t, VariableDescriptor.VarKind.LOCAL, null, false,
                java.util.List.of(), new long[0], null);
        return parse(d, literal);
    }

    /**
     * Parses the value of a STRING/WSTRING variable: a JSON string as it is, or an IEC literal in
     * quotes ({@code 'abc'}, {@code "abc"} for WSTRING) with {@code $} escapes.
     */
    public static String parseText(VariableDescriptor d, Object value) throws ValueFormatException {
        if (!d.type().isText()) {
            throw new ValueFormatException(d.typeName() + " is not a STRING type");
        }
        if (!(value instanceof String s)) {
            throw new ValueFormatException("expected a string for " + d.typeName() + ", got " + value);
        }
        char q = d.type() == ValueType.WSTRING ? '"' : '\'';
        if (s.length() >= 2 && s.charAt(0) == q && s.charAt(s.length() - 1) == q) {
            return unescape(s.substring(1, s.length() - 1), d.typeName());
        }
        return s;
    }

    /** Resolves the {@code $} escapes of an IEC string literal body. */
    public static String unescape(String s, String typeName) throws ValueFormatException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '$') {
                sb.append(c);
                continue;
            }
            if (++i >= s.length()) {
                throw new ValueFormatException("a '$' at the end of " + withArticle(typeName) + " literal escapes nothing");
            }
            char e = s.charAt(i);
            switch (Character.toUpperCase(e)) {
                case '$': case '\'': case '"': sb.append(e); break;
                case 'L': case 'N': sb.append('\n'); break;
                case 'R': sb.append('\r'); break;
                case 'T': sb.append('\t'); break;
                case 'P': sb.append('\f'); break;
                default:
                    int w = typeName.equalsIgnoreCase("WSTRING") ? 4 : 2;
                    if (i + w <= s.length()) {
                        try {
                            sb.append((char) Integer.parseInt(s.substring(i, i + w), 16));
                            i += w - 1;
                            break;
                        } catch (NumberFormatException ignored) {
                            // falls through to the error below
                        }
                    }
                    throw new ValueFormatException("unknown escape '$" + e + "' in a " + typeName + " literal");
            }
        }
        return sb.toString();
    }

    private static long parseBool(Object value, String text) throws ValueFormatException {
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (text != null) {
            String s = stripPrefix(text, "BOOL");
            if (s.equalsIgnoreCase("TRUE") || s.equals("1")) {
                return 1;
            }
            if (s.equalsIgnoreCase("FALSE") || s.equals("0")) {
                return 0;
            }
        } else if (value instanceof Number n) {
            BigDecimal v = decimal(n);
            if (v.compareTo(BigDecimal.ONE) == 0) {
                return 1;
            }
            if (v.signum() == 0) {
                return 0;
            }
        }
        throw new ValueFormatException("expected TRUE/FALSE for BOOL, got " + show(value));
    }

    private static final String[] INTEGER_TYPES = {"SINT", "INT", "DINT", "LINT", "USINT", "UINT", "UDINT", "ULINT",
        "BYTE", "WORD", "DWORD", "LWORD"};

    private static long parseInteger(ValueType t, Object value, String text) throws ValueFormatException {
        BigInteger v;
        if (text != null) {
            String s = text;
            int hash = s.indexOf('#');
            if (hash > 0 && !Character.isDigit(s.charAt(0)) && s.charAt(0) != '-' && s.charAt(0) != '+') {
                String prefix = s.substring(0, hash);
                if (!isOneOf(prefix, INTEGER_TYPES)) {
                    throw new ValueFormatException(withArticle(prefix.toUpperCase(Locale.ROOT)) + " literal does not fit "
                            + t + ": expected an integer");
                }
                s = s.substring(hash + 1);
            }
            v = integerLiteral(s, t);
        } else if (value instanceof Number n) {
            BigDecimal d = decimal(n);
            try {
                v = d.toBigIntegerExact();
            } catch (ArithmeticException e) {
                throw new ValueFormatException(show(value) + " is not an integer, as " + t + " needs");
            }
        } else if (value instanceof Boolean b && (t == ValueType.BYTE || t == ValueType.WORD
                || t == ValueType.DWORD || t == ValueType.LWORD)) {
            v = b ? BigInteger.ONE : BigInteger.ZERO;
        } else {
            throw new ValueFormatException("expected an integer for " + t + ", got " + show(value));
        }
        BigInteger min = minOf(t);
        BigInteger max = maxOf(t);
        if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
            // the value as the user wrote it (16#FFFFF, INT#70000, 70_000), so the message points at their input
            throw new ValueFormatException((text != null ? text : v.toString()) + " is out of range " + min + ".." + max + " for " + t);
        }
        return v.longValue();
    }

    /**
     * {@code typeName} with its indefinite article as it is read aloud: "an INT", "an LREAL" (the L
     * of the long types is spelled), "a DINT", "a STRING".
     */
    static String withArticle(String typeName) {
        char c = typeName.isEmpty() ? 'X' : Character.toUpperCase(typeName.charAt(0));
        boolean spelledL = c == 'L' && (typeName.length() < 2 || !Character.isLowerCase(typeName.charAt(1)));
        boolean vowel = "AEIOU".indexOf(c) >= 0 || spelledL;
        return (vowel ? "an " : "a ") + typeName;
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
    public static BigInteger minOf(ValueType t) {
        switch (t) {
            case SINT: return BigInteger.valueOf(Byte.MIN_VALUE);
            case INT: return BigInteger.valueOf(Short.MIN_VALUE);
            case DINT: return BigInteger.valueOf(Integer.MIN_VALUE);
            case LINT: return BigInteger.valueOf(Long.MIN_VALUE);
            default: return BigInteger.ZERO;
        }
    }

    /** Largest value of an integer or bit-string type. */
    public static BigInteger maxOf(ValueType t) {
        switch (t) {
            case SINT: return BigInteger.valueOf(Byte.MAX_VALUE);
            case INT: return BigInteger.valueOf(Short.MAX_VALUE);
            case DINT: return BigInteger.valueOf(Integer.MAX_VALUE);
            case LINT: return BigInteger.valueOf(Long.MAX_VALUE);
            case USINT: case BYTE: return BigInteger.valueOf(0xFF);
            case UINT: case WORD: return BigInteger.valueOf(0xFFFF);
            case UDINT: case DWORD: return BigInteger.valueOf(0xFFFF_FFFFL);
            case ULINT: case LWORD: return TWO_64.subtract(BigInteger.ONE);
            default: throw new IllegalArgumentException(t + " is not an integer type");
        }
    }

    private static long parseReal(ValueType t, Object value, String text) throws ValueFormatException {
        double v;
        boolean finiteInput;
        String typeName = t.name();
        if (text != null) {
            String s = text;
            int hash = s.indexOf('#');
            if (hash > 0) {
                String prefix = s.substring(0, hash);
                if (!isOneOf(prefix, "REAL", "LREAL") && !isOneOf(prefix, INTEGER_TYPES)) {
                    throw new ValueFormatException(withArticle(prefix.toUpperCase(Locale.ROOT)) + " literal does not fit "
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
            return realBits(t, decimal(n), show(value));
        }
        throw new ValueFormatException("expected a number for " + typeName + ", got " + show(value));
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

    private static final Pattern DURATION_PART = Pattern.compile(
            "([0-9]+(?:_[0-9]+)*(?:\\.[0-9]+)?)(ms|us|ns|d|h|m|s)", Pattern.CASE_INSENSITIVE);

    private static long parseDuration(ValueType t, Object value, String text) throws ValueFormatException {
        if (text == null) {
            if (value instanceof Number n) {
                BigDecimal ms = decimal(n);
                return nanosOrFail(ms.multiply(BigDecimal.valueOf(1_000_000L)), t, show(value) + " ms");
            }
            throw new ValueFormatException("expected " + withArticle(t.name()) + " literal like T#1s500ms, got " + show(value));
        }
        return parseDurationLiteral(text, t);
    }

    /** {@code T#1h2m3.5s}, {@code TIME#-5ms}, {@code -T#5ms}, {@code LTIME#1d}, {@code LT#3us}. */
    static long parseDurationLiteral(String text, ValueType t) throws ValueFormatException {
        String s = text;
        boolean neg = false;
        if (s.startsWith("-")) {
            neg = true;
            s = s.substring(1);
        }
        int hash = s.indexOf('#');
        if (hash < 0 || !isOneOf(s.substring(0, hash), "T", "TIME", "LT", "LTIME")) {
            throw new ValueFormatException("'" + text + "' is not " + withArticle(t.name()) + " literal: expected e.g. T#1s500ms");
        }
        s = s.substring(hash + 1);
        if (s.startsWith("-")) {
            neg = !neg;
            s = s.substring(1);
        } else if (s.startsWith("+")) {
            s = s.substring(1);
        }
        if (s.isEmpty()) {
            throw new ValueFormatException("'" + text + "' has no duration after the '#'");
        }
        BigDecimal total = BigDecimal.ZERO;
        Matcher m = DURATION_PART.matcher(s);
        int pos = 0;
        int lastUnit = -1;
        while (pos < s.length()) {
            if (s.charAt(pos) == '_') {
                pos++;
                continue;
            }
            if (!m.find(pos) || m.start() != pos) {
                throw new ValueFormatException("'" + text + "' is not " + withArticle(t.name())
                        + " literal: use units d, h, m, s, ms, us, ns as in T#1h2m3.5s");
            }
            int unit = unitIndex(m.group(2));
            if (unit <= lastUnit) {
                throw new ValueFormatException("'" + text + "': units must go from days down to nanoseconds");
            }
            lastUnit = unit;
            BigDecimal n = new BigDecimal(m.group(1).replace("_", ""));
            total = total.add(n.multiply(BigDecimal.valueOf(UNIT_NS[unit])));
            pos = m.end();
        }
        if (neg) {
            total = total.negate();
        }
        return nanosOrFail(total, t, text);
    }

    private static int unitIndex(String u) {
        for (int i = 0; i < UNIT_NAMES.length; i++) {
            if (UNIT_NAMES[i].equalsIgnoreCase(u)) {
                return i;
            }
        }
        throw new IllegalStateException(u);
    }

    private static long nanosOrFail(BigDecimal ns, ValueType t, String shown) throws ValueFormatException {
        BigInteger whole = ns.setScale(0, RoundingMode.HALF_EVEN).toBigInteger();
        if (whole.bitLength() > 63) {
            throw new ValueFormatException(shown + " is out of range for " + t + " (about ±106751 days)");
        }
        return whole.longValue();
    }

    private static final Pattern DATE = Pattern.compile("([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})");
    private static final Pattern TOD = Pattern.compile("([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:\\.([0-9]{1,9}))?");

    private static long parseDate(ValueType t, Object value, String text) throws ValueFormatException {
        String example = t == ValueType.DATE ? "D#2024-01-31" : t == ValueType.TIME_OF_DAY ? "TOD#12:00:00.5"
                : "DT#2024-01-31-12:00:00";
        if (text == null) {
            throw new ValueFormatException("expected " + withArticle(t.name()) + " literal like " + example + ", got " + show(value));
        }
        int hash = text.indexOf('#');
        String prefix = hash > 0 ? text.substring(0, hash) : "";
        String body = text.substring(hash + 1);
        boolean ok = switch (t) {
            case DATE -> isOneOf(prefix, "D", "DATE");
            case TIME_OF_DAY -> isOneOf(prefix, "TOD", "TIME_OF_DAY");
            default -> isOneOf(prefix, "DT", "DATE_AND_TIME");
        };
        if (!ok) {
            throw new ValueFormatException("'" + text + "' is not " + withArticle(t.name()) + " literal: expected e.g. " + example);
        }
        try {
            if (t == ValueType.DATE) {
                Matcher m = DATE.matcher(body);
                if (m.matches()) {
                    return dayNanos(m);
                }
            } else if (t == ValueType.TIME_OF_DAY) {
                Matcher m = TOD.matcher(body);
                if (m.matches()) {
                    return todNanos(m);
                }
            } else {
                Matcher m = Pattern.compile(DATE.pattern() + "-" + TOD.pattern()).matcher(body);
                if (m.matches()) {
                    long day = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                            Integer.parseInt(m.group(3))).toEpochDay();
                    return Math.addExact(Math.multiplyExact(day, NS_PER_DAY), todNanos(m, 3));
                }
            }
        } catch (DateTimeException | ArithmeticException e) {
            throw new ValueFormatException("'" + text + "' is not a valid " + t + ": " + e.getMessage());
        }
        throw new ValueFormatException("'" + text + "' is not " + withArticle(t.name()) + " literal: expected e.g. " + example);
    }

    private static long dayNanos(Matcher m) {
        long day = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3))).toEpochDay();
        return Math.multiplyExact(day, NS_PER_DAY);
    }

    private static long todNanos(Matcher m) throws ValueFormatException {
        return todNanos(m, 0);
    }

    private static long todNanos(Matcher m, int g) throws ValueFormatException {
        int h = Integer.parseInt(m.group(g + 1));
        int min = Integer.parseInt(m.group(g + 2));
        int s = Integer.parseInt(m.group(g + 3));
        if (h > 23 || min > 59 || s > 59) {
            throw new ValueFormatException(m.group() + " is not a time of day (00:00:00..23:59:59.999999999)");
        }
        String frac = m.group(g + 4);
        long ns = frac == null ? 0 : Long.parseLong((frac + "000000000").substring(0, 9));
        return ((h * 60L + min) * 60L + s) * 1_000_000_000L + ns;
    }

    private static long parseEnum(VariableDescriptor d, Object value, String text) throws ValueFormatException {
        if (text != null) {
            String s = text;
            int hash = s.indexOf('#');
            if (hash > 0) {
                if (!s.substring(0, hash).equalsIgnoreCase(d.typeName())) {
                    throw new ValueFormatException("'" + text + "' is not a value of " + d.typeName());
                }
                s = s.substring(hash + 1);
            }
            for (int i = 0; i < d.enumNames().size(); i++) {
                if (d.enumNames().get(i).equalsIgnoreCase(s)) {
                    return d.enumValues()[i];
                }
            }
        } else if (value instanceof Number n) {
            BigDecimal v = decimal(n);
            for (long e : d.enumValues()) {
                if (v.compareTo(BigDecimal.valueOf(e)) == 0) {
                    return e;
                }
            }
        }
        throw new ValueFormatException("expected one of " + String.join(", ", d.enumNames()) + " for "
                + d.typeName() + ", got " + show(value));
    }

    private static BigDecimal decimal(Number n) throws ValueFormatException {
        if (n instanceof BigDecimal b) {
            return b;
        }
        if (n instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        if (n instanceof Double || n instanceof Float) {
            double v = n.doubleValue();
            if (!Double.isFinite(v)) {
                throw new ValueFormatException(v + " is not a finite number");
            }
            return new BigDecimal(Double.toString(v));
        }
        return BigDecimal.valueOf(n.longValue());
    }

    private static String stripPrefix(String s, String type) {
        int hash = s.indexOf('#');
        if (hash > 0 && s.substring(0, hash).equalsIgnoreCase(type)) {
            return s.substring(hash + 1);
        }
        return s;
    }

    private static boolean isOneOf(String s, String... options) {
        for (String o : options) {
            if (o.equalsIgnoreCase(s)) {
                return true;
            }
        }
        return false;
    }

    private static String show(Object value) {
        return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }
}
