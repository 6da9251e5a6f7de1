package org.ringplc.lang.program;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TIME, LTIME, DATE, TIME_OF_DAY and DATE_AND_TIME values (nanoseconds, since 1970-01-01 for the
 * dates) as IEC 61131-3 literals: {@code T#1d2h3m4s5ms6us7ns}, {@code D#2024-01-31},
 * {@code TOD#12:00:00.5}, {@code DT#2024-01-31-12:00:00}, written with zero components left out
 * and read with units from days down to nanoseconds, fractions and {@code _} separators. The
 * compiler reads the literals of the source through here too. Part of {@link ValueFormat}.
 */
final class TimeLiterals {
    static final long NS_PER_DAY = 86_400_000_000_000L;

    private TimeLiterals() {
    }

    /** {@code D#2024-01-31}. */
    static String date(long ns) {
        return "D#" + LocalDate.ofEpochDay(Math.floorDiv(ns, NS_PER_DAY));
    }

    /** {@code DT#2024-01-31-12:00:00.5}. */
    static String dateAndTime(long ns) {
        return "DT#" + LocalDate.ofEpochDay(Math.floorDiv(ns, NS_PER_DAY)) + "-" + timeOfDay(Math.floorMod(ns, NS_PER_DAY));
    }

    private static final long[] UNIT_NS = {NS_PER_DAY, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L, 1L};
    private static final String[] UNIT_NAMES = {"d", "h", "m", "s", "ms", "us", "ns"};

    /** {@code T#1d2h3m4s5ms6us7ns} with zero components left out, {@code T#0s} for zero, {@code T#-5ms}. */
    static String duration(String prefix, long ns) {
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
    static String timeOfDay(long ns) {
        long secs = ns / 1_000_000_000L;
        long frac = ns % 1_000_000_000L;
        String s = String.format(Locale.ROOT, "%02d:%02d:%02d", secs / 3600, secs / 60 % 60, secs % 60);
        if (frac != 0) {
            String f = String.format(Locale.ROOT, "%09d", frac);
            s += "." + f.replaceAll("0+$", "");
        }
        return s;
    }

    private static final Pattern DURATION_PART = Pattern.compile(
            "([0-9]+(?:_[0-9]+)*(?:\\.[0-9]+)?)(ms|us|ns|d|h|m|s)", Pattern.CASE_INSENSITIVE);

    static long parseDuration(ValueType t, Object value, String text) throws ValueFormatException {
        if (text == null) {
            if (value instanceof Number n) {
                BigDecimal ms = ValueFormat.decimal(n);
                return nanosOrFail(ms.multiply(BigDecimal.valueOf(1_000_000L)), t, ValueFormat.show(value) + " ms");
            }
            throw new ValueFormatException("expected " + ValueFormat.withArticle(t.name()) + " literal like T#1s500ms, got " + ValueFormat.show(value));
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
        if (hash < 0 || !ValueFormat.isOneOf(s.substring(0, hash), "T", "TIME", "LT", "LTIME")) {
            throw new ValueFormatException("'" + text + "' is not " + ValueFormat.withArticle(t.name()) + " literal: expected e.g. T#1s500ms");
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
                throw new ValueFormatException("'" + text + "' is not " + ValueFormat.withArticle(t.name())
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

    static long parseDate(ValueType t, Object value, String text) throws ValueFormatException {
        String example = t == ValueType.DATE ? "D#2024-01-31" : t == ValueType.TIME_OF_DAY ? "TOD#12:00:00.5"
                : "DT#2024-01-31-12:00:00";
        if (text == null) {
            throw new ValueFormatException("expected " + ValueFormat.withArticle(t.name()) + " literal like " + example + ", got " + ValueFormat.show(value));
        }
        int hash = text.indexOf('#');
        String prefix = hash > 0 ? text.substring(0, hash) : "";
        String body = text.substring(hash + 1);
        boolean ok = switch (t) {
            case DATE -> ValueFormat.isOneOf(prefix, "D", "DATE");
            case TIME_OF_DAY -> ValueFormat.isOneOf(prefix, "TOD", "TIME_OF_DAY");
            default -> ValueFormat.isOneOf(prefix, "DT", "DATE_AND_TIME");
        };
        if (!ok) {
            throw new ValueFormatException("'" + text + "' is not " + ValueFormat.withArticle(t.name()) + " literal: expected e.g. " + example);
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
        throw new ValueFormatException("'" + text + "' is not " + ValueFormat.withArticle(t.name()) + " literal: expected e.g. " + example);
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
}
