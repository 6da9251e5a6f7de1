package org.ringplc.runtime.task;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The timing of a task's most recent cycles, for {@code ringplc bench cycle} and diagnosis: per
 * cycle the wake-up latency (how late the cycle started after its absolute start time) and the
 * execution time. A fixed ring written by the scan thread without allocation; readers copy it.
 */
public final class CycleSamples {
    /** Cycles kept: 8192 cycles are 8 s at 1 ms, enough for percentiles up to p99.9. */
    public static final int CAPACITY = 8192;

    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(CycleSamples.class, "count", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long[] wakeup = new long[CAPACITY];
    private final long[] exec = new long[CAPACITY];
    /** Samples written so far; published with a release store after each sample. */
    @SuppressWarnings("unused")
    private long count;

    /** Scan thread only. */
    void record(long wakeupNanos, long execNanos) {
        long n = (long) COUNT.getOpaque(this);
        int i = (int) (n % CAPACITY);
        wakeup[i] = wakeupNanos;
        exec[i] = execNanos;
        // memory_order_release: a reader that sees the count sees the sample
        COUNT.setRelease(this, n + 1);
    }

    /**
     * A copy of the recent samples, oldest first. Samples written while copying may make one or
     * two entries of the copy newer than the rest; percentiles do not care.
     */
    public Copy copy() {
        long n = (long) COUNT.getAcquire(this);
        int size = (int) Math.min(n, CAPACITY);
        long[] w = new long[size];
        long[] e = new long[size];
        for (int k = 0; k < size; k++) {
            int i = (int) ((n - size + k) % CAPACITY);
            w[k] = wakeup[i];
            e[k] = exec[i];
        }
        return new Copy(w, e, n);
    }

    /**
     * @param wakeupNanos how late each cycle started
     * @param execNanos   how long each cycle ran
     * @param total       samples recorded since the start
     */
    public record Copy(long[] wakeupNanos, long[] execNanos, long total) {
        /** The {@code q}-quantile (0..1) of {@code values}, or 0 when empty. */
        public static long quantile(long[] values, double q) {
            if (values.length == 0) {
                return 0;
            }
            long[] sorted = values.clone();
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(q * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
        }
    }
}
