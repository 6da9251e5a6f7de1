package org.ringplc.lang.codegen;

/**
 * The string and time/date functions of the standard library as generated code calls them
 * (public because generated classes live in another class loader; small and static so the JIT
 * inlines them). Positions are 1-based as in IEC 61131-3. Where the standard calls an argument
 * out of range an error, these clamp instead (a negative length counts as 0, a position before
 * the first character as 1, past the end as the end), as CODESYS does, so that a scan cycle never
 * faults on text handling. String results are new strings; PROGRAMs and FBs call the text-building
 * ones through a {@link TextCache} per call site, which returns the last result for unchanged inputs.
 */
public final class StdFunctions {
    private static final long NS_PER_DAY = 86_400_000_000_000L;

    private StdFunctions() {
    }

    public static int len(String s) {
        return s.length();
    }

    public static String left(String s, int l) {
        return s.substring(0, clamp(l, s.length()));
    }

    public static String right(String s, int l) {
        return s.substring(s.length() - clamp(l, s.length()));
    }

    public static String mid(String s, int l, int p) {
        int from = clamp(p - 1, s.length());
        return s.substring(from, from + clamp(l, s.length() - from));
    }

    public static String concat(String a, String b) {
        return a.concat(b);
    }

    /** IN2 inserted after the first {@code p} characters of IN1. */
    public static String insert(String a, String b, int p) {
        int at = clamp(p, a.length());
        return a.substring(0, at).concat(b).concat(a.substring(at));
    }

    /** {@code l} characters of IN removed, starting at position {@code p}. */
    public static String delete(String s, int l, int p) {
        int from = clamp(p - 1, s.length());
        int to = from + clamp(l, s.length() - from);
        return s.substring(0, from).concat(s.substring(to));
    }

    /** {@code l} characters of IN1 from position {@code p} replaced by IN2. */
    public static String replace(String a, String b, int l, int p) {
        int from = clamp(p - 1, a.length());
        int to = from + clamp(l, a.length() - from);
        return a.substring(0, from).concat(b).concat(a.substring(to));
    }

    /** The position of the first IN2 in IN1, 0 when there is none. */
    public static int find(String a, String b) {
        return a.indexOf(b) + 1;
    }

    private static int clamp(int v, int max) {
        return v < 0 ? 0 : Math.min(v, max);
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
