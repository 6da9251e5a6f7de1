package org.ringplc.lang.sema;

import java.util.List;
import java.util.Locale;

/**
 * The standard string functions (IEC 61131-3 §6.6.2.5.11) and time/date functions (§6.6.2.5.12)
 * with fixed signatures. Each parameter has its IEC name and the CODESYS name (so
 * {@code MID(STR := s, LEN := 2, POS := 3)} and {@code MID(IN := s, L := 2, P := 3)} both work);
 * positions are 1-based as in the standard. Parameter kinds: {@code S} any STRING/WSTRING (the
 * result takes the same width), {@code I} any integer (passed as DINT), {@code N} any number,
 * {@code T} TIME, {@code TOD}, {@code DT}, {@code D} DATE.
 */
public enum LibraryFunction {
    LEN("I", "IN|STR:S"),
    LEFT("S", "IN|STR:S", "L|SIZE:I"),
    RIGHT("S", "IN|STR:S", "L|SIZE:I"),
    MID("S", "IN|STR:S", "L|LEN:I", "P|POS:I"),
    CONCAT("S", "IN1|STR1:S", "IN2|STR2:S"),
    INSERT("S", "IN1|STR1:S", "IN2|STR2:S", "P|POS:I"),
    DELETE("S", "IN|STR:S", "L|LEN:I", "P|POS:I"),
    REPLACE("S", "IN1|STR1:S", "IN2|STR2:S", "L|LEN:I", "P|POS:I"),
    FIND("I", "IN1|STR1:S", "IN2|STR2:S"),
    ADD_TIME("T", "IN1:T", "IN2:T"),
    SUB_TIME("T", "IN1:T", "IN2:T"),
    MUL_TIME("T", "IN1:T", "IN2:N"),
    DIV_TIME("T", "IN1:T", "IN2:N"),
    ADD_TOD_TIME("TOD", "IN1:TOD", "IN2:T"),
    ADD_DT_TIME("DT", "IN1:DT", "IN2:T"),
    SUB_TOD_TIME("TOD", "IN1:TOD", "IN2:T"),
    SUB_DT_TIME("DT", "IN1:DT", "IN2:T"),
    SUB_DATE_DATE("T", "IN1:D", "IN2:D"),
    SUB_TOD_TOD("T", "IN1:TOD", "IN2:TOD"),
    SUB_DT_DT("T", "IN1:DT", "IN2:DT"),
    CONCAT_DATE_TOD("DT", "IN1:D", "IN2:TOD");

    /** One formal parameter: IEC name, CODESYS name (may equal it), kind. */
    public record Param(String iec, String codesys, String kind) {
        boolean named(String n) {
            return iec.equalsIgnoreCase(n) || codesys.equalsIgnoreCase(n);
        }
    }

    public final String result;
    public final List<Param> params;

    LibraryFunction(String result, String... params) {
        this.result = result;
        this.params = java.util.Arrays.stream(params).map(p -> {
            String[] nk = p.split(":");
            String[] names = nk[0].split("\\|");
            return new Param(names[0], names.length > 1 ? names[1] : names[0], nk[1]);
        }).toList();
    }

    /** CONCAT takes any number of strings (IN1, IN2, IN3, ...). */
    public boolean variadic() {
        return this == CONCAT;
    }

    public static LibraryFunction byName(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The index of the parameter named {@code n}, or -1; variadic CONCAT accepts IN3, STR3, ... */
    public int indexOf(String n) {
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i).named(n)) {
                return i;
            }
        }
        if (variadic()) {
            String u = n.toUpperCase(Locale.ROOT);
            String digits = u.startsWith("IN") ? u.substring(2) : u.startsWith("STR") ? u.substring(3) : "";
            if (!digits.isEmpty() && digits.chars().allMatch(Character::isDigit)) {
                int k = Integer.parseInt(digits);
                return k >= 1 && k <= 64 ? k - 1 : -1;
            }
        }
        return -1;
    }

    /** The parameter names a user may write, for messages: {@code IN (or STR), L (or SIZE)}. */
    public String parameterList() {
        StringBuilder sb = new StringBuilder();
        for (Param p : params) {
            sb.append(sb.length() > 0 ? ", " : "").append(p.iec());
            if (!p.codesys().equals(p.iec())) {
                sb.append(" (or ").append(p.codesys()).append(")");
            }
        }
        return variadic() ? sb + ", ..." : sb.toString();
    }
}
