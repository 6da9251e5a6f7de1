package org.ringplc.lang.sema;

import java.util.List;
import java.util.Locale;

/**
 * The standard functions of IEC 61131-3 §6.6.2.5 that the compiler knows by name (the
 * conversions {@code X_TO_Y} are recognised by their pattern instead). Each is generated inline
 * or as a call to a {@link java.lang.Math} method, so none allocates.
 */
public enum Builtin {
    ABS(1, 1), SQRT(1, 1), LN(1, 1), LOG(1, 1), EXP(1, 1), SIN(1, 1), COS(1, 1), TAN(1, 1),
    ASIN(1, 1), ACOS(1, 1), ATAN(1, 1), EXPT(2, 2), MIN(2, 64), MAX(2, 64), LIMIT(3, 3), SEL(3, 3),
    MUX(2, 64), MOVE(1, 1), SHL(2, 2), SHR(2, 2), ROL(2, 2), ROR(2, 2), ADD(2, 64), MUL(2, 64), SUB(2, 2),
    DIV(2, 2), MOD(2, 2);

    public final int minArgs;
    public final int maxArgs;

    Builtin(int minArgs, int maxArgs) {
        this.minArgs = minArgs;
        this.maxArgs = maxArgs;
    }

    /**
     * The formal parameter names of IEC 61131-3 Table 22-29, so that {@code LIMIT(MN := 0, IN := x,
     * MX := 10)} may be written in any order; variadic functions continue the last name's
     * numbering ({@code IN3}, {@code IN4}, ...).
     */
    public List<String> formals() {
        return switch (this) {
            case EXPT, SUB, DIV, MOD, MIN, MAX, ADD, MUL -> List.of("IN1", "IN2");
            case LIMIT -> List.of("MN", "IN", "MX");
            case SEL -> List.of("G", "IN0", "IN1");
            case MUX -> List.of("K", "IN0", "IN1");
            case SHL, SHR, ROL, ROR -> List.of("IN", "N");
            default -> List.of("IN");
        };
    }

    /** The position of the formal parameter {@code name}, or -1. */
    public int indexOf(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        int i = formals().indexOf(n);
        if (i >= 0 || maxArgs <= 3) {
            return i;
        }
        // IN3, IN4, ... of MIN/MAX/ADD/MUL (IN1 is position 0) and MUX (IN0 is position 1)
        if (n.startsWith("IN") && n.length() > 2 && n.substring(2).chars().allMatch(Character::isDigit)) {
            int k = Integer.parseInt(n.substring(2));
            int pos = this == MUX ? k + 1 : k - 1;
            return pos >= 0 && pos < maxArgs ? pos : -1;
        }
        return -1;
    }

    public static Builtin byName(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The real-valued functions of one argument (ANY_REAL in, same type out). */
    public boolean isRealFunction() {
        return ordinal() >= SQRT.ordinal() && ordinal() <= ATAN.ordinal();
    }
}
