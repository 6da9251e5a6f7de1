package org.ringplc.lang.codegen;

/**
 * The strings one POU instance (or, for FUNCTIONs, one scan thread) has built, so that building a
 * text whose content was built before returns that string instead of a new one. STRING values are
 * immutable Java strings (monitoring, retain, online change and Java function blocks read them as
 * such); what made a scan allocate was building results: {@code CONCAT}, {@code MID}, ... and the
 * cut of a value stored into a shorter STRING. Here every result is first written into a scratch
 * buffer and looked up by content: a PLC program's texts come from a bounded set (ST has no
 * number-to-text conversion, so results are pieces and joins of texts the program already holds),
 * and after the first cycles every result is found, in any order and inside loops, and the cycle
 * allocates nothing. A content never seen before costs one string, as the call did before.
 *
 * <p>The table is open-addressed with a short probe; when all probed slots are taken, the oldest
 * of them by position is replaced, so a program producing more distinct texts than the table holds
 * still computes correct results, only allocating. Positions are 1-based as in IEC 61131-3; out of
 * range lengths and positions are clamped (a negative length counts as 0, a position before the
 * first character as 1, past the end as the end), as CODESYS does, so that a scan cycle never faults
 * on text handling. Public because generated classes live in another class loader.
 *
 * <p>Not thread-safe: an instance's table is used by its task's scan thread only, and FUNCTIONs
 * (static methods callable from any task) use the table of the calling thread ({@link #local()}).
 */
public final class TextTable {
    /** Slots of a POU instance's table: room for every text of a typical block with few collisions. */
    static final int INSTANCE_SLOTS = 256;
    /** Slots of a thread's table, shared by every FUNCTION that thread runs. */
    static final int THREAD_SLOTS = 2048;
    /** Slots tried per lookup: bounds the cost of a miss while keeping collisions rare. */
    private static final int PROBES = 8;

    private static final ThreadLocal<TextTable> LOCAL = ThreadLocal.withInitial(() -> new TextTable(THREAD_SLOTS));

    private final String[] slots;
    private final int mask;
    private char[] scratch = new char[org.ringplc.lang.sema.StringType.DEFAULT_LENGTH];
    private int used;
    /** Round-robin victim among the probed slots when all are taken. */
    private int victim;

    public TextTable() {
        this(INSTANCE_SLOTS);
    }

    TextTable(int size) {
        slots = new String[size];
        mask = size - 1;
    }

    /** The calling thread's table, for FUNCTION bodies (no allocation after the thread's first call). */
    public static TextTable local() {
        return LOCAL.get();
    }

    /** A STRING value cut to its declared length, as IEC assignment does. */
    public String fit(String s, int length) {
        if (s.length() <= length) {
            return s;
        }
        used = 0;
        append(s, 0, length);
        return result();
    }

    public String left(String s, int l) {
        return piece(s, 0, clamp(l, s.length()));
    }

    public String right(String s, int l) {
        return piece(s, s.length() - clamp(l, s.length()), s.length());
    }

    public String mid(String s, int l, int p) {
        int from = clamp(p - 1, s.length());
        return piece(s, from, from + clamp(l, s.length() - from));
    }

    public String concat(String a, String b) {
        if (b.isEmpty()) {
            return a;
        }
        if (a.isEmpty()) {
            return b;
        }
        used = 0;
        append(a, 0, a.length());
        append(b, 0, b.length());
        return result();
    }

    /** IN2 inserted after the first {@code p} characters of IN1. */
    public String insert(String a, String b, int p) {
        int at = clamp(p, a.length());
        used = 0;
        append(a, 0, at);
        append(b, 0, b.length());
        append(a, at, a.length());
        return result();
    }

    /** {@code l} characters of IN removed, starting at position {@code p}. */
    public String delete(String s, int l, int p) {
        int from = clamp(p - 1, s.length());
        int to = from + clamp(l, s.length() - from);
        if (from == to) {
            return s;
        }
        used = 0;
        append(s, 0, from);
        append(s, to, s.length());
        return result();
    }

    /** {@code l} characters of IN1 from position {@code p} replaced by IN2. */
    public String replace(String a, String b, int l, int p) {
        int from = clamp(p - 1, a.length());
        int to = from + clamp(l, a.length() - from);
        used = 0;
        append(a, 0, from);
        append(b, 0, b.length());
        append(a, to, a.length());
        return result();
    }

    private String piece(String s, int from, int to) {
        if (from == 0 && to == s.length()) {
            return s;
        }
        used = 0;
        append(s, from, to);
        return result();
    }

    private static int clamp(int v, int max) {
        return v < 0 ? 0 : Math.min(v, max);
    }

    private void append(String s, int from, int to) {
        int n = to - from;
        if (used + n > scratch.length) {
            // grows to the longest text this table has built, then stays
            scratch = java.util.Arrays.copyOf(scratch, Math.max(used + n, scratch.length * 2));
        }
        s.getChars(from, to, scratch, used);
        used += n;
    }

    /** The string with the scratch buffer's content: the one already in the table, or a new one kept there. */
    private String result() {
        if (used == 0) {
            return "";
        }
        int h = 0;
        for (int i = 0; i < used; i++) {
            h = 31 * h + scratch[i];
        }
        h ^= h >>> 16;
        for (int k = 0; k < PROBES; k++) {
            int i = (h + k) & mask;
            String s = slots[i];
            if (s == null) {
                return slots[i] = new String(scratch, 0, used);
            }
            if (holdsScratch(s)) {
                return s;
            }
        }
        victim = (victim + 1) % PROBES;
        return slots[(h + victim) & mask] = new String(scratch, 0, used);
    }

    private boolean holdsScratch(String s) {
        if (s.length() != used) {
            return false;
        }
        for (int i = 0; i < used; i++) {
            if (s.charAt(i) != scratch[i]) {
                return false;
            }
        }
        return true;
    }
}
