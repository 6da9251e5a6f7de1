package org.ringplc.lang.program;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;

/**
 * Converts between the raw {@code long} form of an elementary value (see {@link ValueType}) and
 * the forms the outside world uses (PRODUCT.md §2): JSON values for the web API and {@code sim
 * --json}, IEC 61131-3 literals for the CLI and for values typed by a person.
 *
 * <p>Only the edges call this class (the web side, the CLI, forcing requests); the scan thread
 * never does, so boxing and allocation here are fine. Parsing is strict: a value that does not fit
 * the variable's type is rejected with a message, never clamped, so that nothing is half-applied.
 * The forms of each family of types live beside it: {@link IntegerLiterals}, {@link RealLiterals},
 * {@link TimeLiterals}; this class dispatches on the type and keeps BOOL, enumerations and text.
 */
public final class ValueFormat {

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
                return IntegerLiterals.normalize(t, raw);
            case ULINT: case LWORD:
                return raw >= 0 ? (Object) raw : new BigInteger(Long.toUnsignedString(raw));
            case REAL: {
                float f = Float.intBitsToFloat((int) raw);
                return Float.isFinite(f) ? RealLiterals.shortest(f) : RealLiterals.nonFinite(f);
            }
            case LREAL: {
                double v = Double.longBitsToDouble(raw);
                return Double.isFinite(v) ? RealLiterals.shortest(v) : RealLiterals.nonFinite(v);
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
                return Long.toString(IntegerLiterals.normalize(t, raw));
            case ULINT:
                return Long.toUnsignedString(raw);
            case BYTE: case WORD: case DWORD: case LWORD:
                return "16#" + Long.toHexString(IntegerLiterals.normalize(t, raw)).toUpperCase(Locale.ROOT);
            case REAL: {
                float f = Float.intBitsToFloat((int) raw);
                return Float.isFinite(f) ? RealLiterals.realLiteral(RealLiterals.shortest(f)) : RealLiterals.nonFinite(f);
            }
            case LREAL: {
                double v = Double.longBitsToDouble(raw);
                return Double.isFinite(v) ? RealLiterals.realLiteral(RealLiterals.shortest(v)) : RealLiterals.nonFinite(v);
            }
            case TIME:
                return TimeLiterals.duration("T#", raw);
            case LTIME:
                return TimeLiterals.duration("LTIME#", raw);
            case DATE:
                return TimeLiterals.date(raw);
            case TIME_OF_DAY:
                return "TOD#" + TimeLiterals.timeOfDay(raw);
            case DATE_AND_TIME:
                return TimeLiterals.dateAndTime(raw);
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

    /** Smallest value of an integer or bit-string type. */
    public static BigInteger minOf(ValueType t) {
        return IntegerLiterals.minOf(t);
    }

    /** Largest value of an integer or bit-string type. */
    public static BigInteger maxOf(ValueType t) {
        return IntegerLiterals.maxOf(t);
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
                return IntegerLiterals.parseInteger(t, value, text);
            case REAL: case LREAL:
                return RealLiterals.parseReal(t, value, text);
            case TIME: case LTIME:
                return TimeLiterals.parseDuration(t, value, text);
            case DATE: case TIME_OF_DAY: case DATE_AND_TIME:
                return TimeLiterals.parseDate(t, value, text);
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

    static BigDecimal decimal(Number n) throws ValueFormatException {
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

    static String stripPrefix(String s, String type) {
        int hash = s.indexOf('#');
        if (hash > 0 && s.substring(0, hash).equalsIgnoreCase(type)) {
            return s.substring(hash + 1);
        }
        return s;
    }

    static boolean isOneOf(String s, String... options) {
        for (String o : options) {
            if (o.equalsIgnoreCase(s)) {
                return true;
            }
        }
        return false;
    }

    static String show(Object value) {
        return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }
}
