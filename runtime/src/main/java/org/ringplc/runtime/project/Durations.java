package org.ringplc.runtime.project;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as a control engineer writes them in {@code project.yaml}: plain ({@code 10ms},
 * {@code 1s}, {@code 500us}, {@code 1m30s}) or as an IEC 61131-3 TIME literal ({@code T#10ms},
 * {@code TIME#1s500ms}). Fractions are allowed on any unit ({@code 1.5ms}); the result is in
 * nanoseconds.
 */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(d|h|ms|m|s|us|µs|ns)");

    private Durations() {
    }

    /** Nanoseconds of {@code text}, or -1 when it is not a duration. */
    public static long parseNanos(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT).replace("_", "");
        if (s.startsWith("time#")) {
            s = s.substring(5);
        } else if (s.startsWith("t#")) {
            s = s.substring(2);
        }
        if (s.isEmpty()) {
            return -1;
        }
        Matcher m = PART.matcher(s);
        int pos = 0;
        BigDecimal total = BigDecimal.ZERO;
        while (pos < s.length()) {
            if (!m.find(pos) || m.start() != pos) {
                return -1;
            }
            total = total.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos(m.group(2)))));
            pos = m.end();
        }
        try {
            return total.setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact();
        } catch (ArithmeticException tooLarge) {
            return -1;
        }
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "d" -> 86_400_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "s" -> 1_000_000_000L;
            case "ms" -> 1_000_000L;
            case "us", "µs" -> 1_000L;
            default -> 1L;
        };
    }

    /** The shortest plain form ({@code 10ms}, {@code 1s}, {@code 250us}, {@code 1500ns}). */
    public static String format(long nanos) {
        if (nanos != 0 && nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos != 0 && nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + "ms";
        }
        if (nanos != 0 && nanos % 1_000L == 0) {
            return nanos / 1_000L + "us";
        }
        return nanos + "ns";
    }
}
