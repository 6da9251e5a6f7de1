package org.ringplc.lang.sema;

import java.math.BigInteger;
import java.util.Locale;
import org.ringplc.lang.program.ValueFormat;
import org.ringplc.lang.program.ValueType;

/**
 * The elementary types (IEC 61131-3 §6.4.2) with what the checker and the generator need: the
 * category (to decide which operators apply and which implicit conversions widen), the bit width
 * and the JVM kind the value lives in. {@link #LIT_INT} and {@link #LIT_REAL} are the types of
 * untyped literals, which take the type their context asks for, as the standard's ANY_INT and
 * ANY_REAL literals do.
 */
public enum ElementaryType implements Type {
    BOOL(Category.BOOL, 1, 'Z', ValueType.BOOL),
    SINT(Category.SIGNED, 8, 'I', ValueType.SINT),
    INT(Category.SIGNED, 16, 'I', ValueType.INT),
    DINT(Category.SIGNED, 32, 'I', ValueType.DINT),
    LINT(Category.SIGNED, 64, 'J', ValueType.LINT),
    USINT(Category.UNSIGNED, 8, 'I', ValueType.USINT),
    UINT(Category.UNSIGNED, 16, 'I', ValueType.UINT),
    UDINT(Category.UNSIGNED, 32, 'I', ValueType.UDINT),
    ULINT(Category.UNSIGNED, 64, 'J', ValueType.ULINT),
    BYTE(Category.BITS, 8, 'I', ValueType.BYTE),
    WORD(Category.BITS, 16, 'I', ValueType.WORD),
    DWORD(Category.BITS, 32, 'I', ValueType.DWORD),
    LWORD(Category.BITS, 64, 'J', ValueType.LWORD),
    REAL(Category.REAL, 32, 'F', ValueType.REAL),
    LREAL(Category.REAL, 64, 'D', ValueType.LREAL),
    TIME(Category.DURATION, 64, 'J', ValueType.TIME),
    LTIME(Category.DURATION, 64, 'J', ValueType.LTIME),
    DATE(Category.DATE, 64, 'J', ValueType.DATE),
    TIME_OF_DAY(Category.DATE, 64, 'J', ValueType.TIME_OF_DAY),
    DATE_AND_TIME(Category.DATE, 64, 'J', ValueType.DATE_AND_TIME),
    LIT_INT(Category.LITERAL, 64, 'J', null),
    LIT_REAL(Category.LITERAL, 64, 'D', null);

    /** What operators apply and how values widen. */
    public enum Category { BOOL, SIGNED, UNSIGNED, BITS, REAL, DURATION, DATE, LITERAL }

    public final Category category;
    public final int bits;
    /** JVM kind: Z (boolean, int on the stack), I, J, F or D. */
    public final char jvm;
    public final ValueType valueType;

    ElementaryType(Category category, int bits, char jvm, ValueType valueType) {
        this.category = category;
        this.bits = bits;
        this.jvm = jvm;
        this.valueType = valueType;
    }

    /** The type named {@code name} (case-insensitive, with the usual short forms), or null. */
    public static ElementaryType byName(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        switch (n) {
            case "TOD": return TIME_OF_DAY;
            case "DT": return DATE_AND_TIME;
            case "LIT_INT": case "LIT_REAL": return null;
            default:
                try {
                    return valueOf(n);
                } catch (IllegalArgumentException e) {
                    return null;
                }
        }
    }

    public boolean isInteger() {
        return category == Category.SIGNED || category == Category.UNSIGNED || category == Category.BITS
                || this == LIT_INT;
    }

    public boolean isReal() {
        return category == Category.REAL || this == LIT_REAL;
    }

    public boolean isNumeric() {
        return isInteger() || isReal();
    }

    public boolean isLiteral() {
        return category == Category.LITERAL;
    }

    /** True for types whose 32- or 64-bit JVM value must be read as unsigned (compare, divide, widen). */
    public boolean isUnsignedWide() {
        return (category == Category.UNSIGNED || category == Category.BITS) && (bits == 32 || bits == 64);
    }

    public BigInteger min() {
        return ValueFormat.minOf(valueType);
    }

    public BigInteger max() {
        return ValueFormat.maxOf(valueType);
    }

    /** True if every value of this integer type is a value of {@code to} (bit strings count as unsigned). */
    boolean rangeFitsIn(ElementaryType to) {
        return to.min().compareTo(min()) <= 0 && to.max().compareTo(max()) >= 0;
    }
}
