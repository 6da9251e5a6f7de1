package org.ringplc.runtime.task;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The counters of one task's cycles: completed cycles, the last and the longest execution time,
 * overruns, and the timing samples of the recent cycles. One writer, the scan thread, at the end
 * of every cycle; any number of readers (status, supervisor, benchmarks) each reading one counter
 * on its own, so no reader needs a consistent set and no lock is involved.
 *
 * <p>Why release stores and not volatile fields: a volatile store is followed by a full fence
 * (StoreLoad, a locked instruction on x86), four of them per cycle for nothing, since a reader only
 * needs to see each value once it is written. A release store is a plain store on x86 and ARMv8's
 * {@code stlr}; readers use acquire loads. The writer reads its own fields with plain loads.
 *
 * <p>Why the padding: the counters are written every cycle by the scan thread. Readers only share
 * the line, which is cheap; but objects that other threads write (the task's pending swap, an
 * AtomicReference allocated just after this object) may sit next to it in the heap, and a write
 * there would invalidate the line the scan thread writes. Eight longs on either side keep the
 * counters on lines of their own (HotSpot lays out fields of one size in declaration order; the
 * padding is a placement aid, not something the JLS promises).
 */
public final class CycleStats {
    private static final VarHandle CYCLES;
    private static final VarHandle LAST;
    private static final VarHandle MAX;
    private static final VarHandle OVERRUNS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            CYCLES = l.findVarHandle(CycleStats.class, "cycles", long.class);
            LAST = l.findVarHandle(CycleStats.class, "lastNanos", long.class);
            MAX = l.findVarHandle(CycleStats.class, "maxNanos", long.class);
            OVERRUNS = l.findVarHandle(CycleStats.class, "overruns", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // 64 bytes before and after the counters: a cache line on x86-64 and most ARMv8 cores
    @SuppressWarnings("unused")
    private long p0, p1, p2, p3, p4, p5, p6, p7;
    private long cycles;
    private long lastNanos;
    private long maxNanos;
    private long overruns;
    @SuppressWarnings("unused")
    private long q0, q1, q2, q3, q4, q5, q6, q7;

    private final CycleSamples samples = new CycleSamples();

    /**
     * Counts one completed cycle. Scan thread only; allocates nothing.
     *
     * @param cycle       the number of the cycle (the previous count + 1)
     * @param wakeupNanos how late the cycle started after its absolute start time
     * @param execNanos   how long it ran
     */
    void cycleDone(long cycle, long wakeupNanos, long execNanos) {
        // memory_order_release each: a reader that sees a value sees it whole (64-bit stores are
        // atomic through the VarHandle, unlike plain long stores on 32-bit JVMs)
        CYCLES.setRelease(this, cycle);
        LAST.setRelease(this, execNanos);
        if (execNanos > maxNanos) {
            MAX.setRelease(this, execNanos);
        }
        samples.record(wakeupNanos, execNanos);
    }

    /** Counts one overrun. Scan thread only. */
    void overrun() {
        OVERRUNS.setRelease(this, overruns + 1);
    }

    /** Cycles completed so far. Any thread. */
    public long cycles() {
        return (long) CYCLES.getAcquire(this);
    }

    /** Execution time of the last cycle. Any thread. */
    public long lastNanos() {
        return (long) LAST.getAcquire(this);
    }

    /** Longest execution time since the runtime started. Any thread. */
    public long maxNanos() {
        return (long) MAX.getAcquire(this);
    }

    /** Cycles that ended after the start of the next one. Any thread. */
    public long overruns() {
        return (long) OVERRUNS.getAcquire(this);
    }

    /** Wake-up latency and execution time of the recent cycles. */
    public CycleSamples samples() {
        return samples;
    }
}
