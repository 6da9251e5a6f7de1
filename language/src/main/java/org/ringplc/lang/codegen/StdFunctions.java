package org.ringplc.lang.codegen;

/**
 * The string functions that return numbers and the time/date functions of the standard library as
 * generated code calls them (public because generated classes live in another class loader; small
 * and static so the JIT inlines them). Positions are 1-based as in IEC 61131-3. The functions that
 * build text are in {@link TextTable}, which keeps what it built so a steady scan allocates nothing.
 */
public final class StdFunctions {
    private static final long NS_PER_DAY = 86_400_000_000_000L;

    private StdFunctions() {
    }

    public static int len(String s) {
        return s.length();
    }

    /** The position of the first IN2 in IN1, 0 when there is none. */
    public static int find(String a, String b) {
        return a.indexOf(b) + 1;
    }

    public static long mulTime(long t, long n) {
        return t * n;
    }

    public static long mulTime(long t, double n) {
        return Rt.round(t * n);
    }

    /** Integer division of a duration; division by zero faults like any integer division. */
    public static long divTime(long t, long n) {
        return t / n;
    }

    public static long divTime(long t, double n) {
        return Rt.round(t / n);
    }

    /** A time of day wraps around midnight. */
    public static long todWrap(long tod) {
        return Math.floorMod(tod, NS_PER_DAY);
    }

    /** DT_TO_DATE: the start of the day. */
    public static long dateOf(long dt) {
        return Math.floorDiv(dt, NS_PER_DAY) * NS_PER_DAY;
    }
}
