package org.ringplc.runtime;

import java.util.List;

/**
 * Rows of a trace ({@link TraceHandle#read}): the values of the traced variables in consecutive
 * cycles of their task, oldest first.
 *
 * @param paths       the traced variables, as declared; each sample's values are parallel to it
 * @param epochMillis wall-clock milliseconds at task time 0: a sample's time is
 *                    {@code epochMillis + timeNanos / 1e6}
 * @param samples     the rows
 * @param lastCycle   the cycle of the newest row (the {@code sinceCycle} to pass next time)
 * @param lost        rows that were overwritten before they could be read (the reader is slower
 *                    than the ring is long)
 */
public record TraceData(List<String> paths, long epochMillis, List<Sample> samples, long lastCycle, long lost) {

    /**
     * One cycle's values.
     *
     * @param cycle     the task's cycle number
     * @param timeNanos the task clock at the start of that cycle (nanoseconds since the runtime started)
     * @param values    JSON-ready values (PRODUCT.md §2), parallel to {@link TraceData#paths()}
     */
    public record Sample(long cycle, long timeNanos, List<Object> values) {
    }
}
