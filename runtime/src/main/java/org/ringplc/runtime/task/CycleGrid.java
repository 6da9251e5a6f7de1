package org.ringplc.runtime.task;

/**
 * The absolute start times of one task's cycles: multiples of the task's period counted from the
 * runtime's epoch, so all tasks share one grid and a task does not drift, however long its cycles
 * take. A cycle that ends after the next boundary skips to the first boundary in the future (the
 * caller counts one overrun), never into a burst of catch-up cycles.
 *
 * <p>{@link System#nanoTime()} values are only ever compared by their difference: they may wrap,
 * their differences do not. Scan thread only, no allocation.
 */
final class CycleGrid {
    private final long epoch;
    private final long period;
    /** The start of the next cycle. */
    private long next;

    /**
     * @param epoch  {@link System#nanoTime()} when the runtime started
     * @param period the task's interval, or the sampling tick of an event task
     */
    CycleGrid(long epoch, long period) {
        this.epoch = epoch;
        this.period = period;
    }

    /** The start of the next cycle. */
    long next() {
        return next;
    }

    /** Makes the next cycle start at the first boundary not before {@code now}: (re)starting a scan. */
    void startAt(long now) {
        next = epoch + ceilDiv(Math.max(0, now - epoch), period) * period;
    }

    /**
     * Moves to the boundary after the current one, or, when {@code end} is already past it, to the
     * first boundary after {@code end}.
     *
     * @param end when the cycle (or the event task's tick) ended
     * @return true when boundaries were skipped: the cycle overran its period
     */
    boolean advance(long end) {
        next += period;
        if (end - next > 0) {
            next += ceilDiv(end - next, period) * period;
            return true;
        }
        return false;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
