package org.ringplc.runtime.project;

/**
 * A task watchdog as in CODESYS: the task faults when a cycle's execution takes longer than
 * {@code timeNanos} in {@code sensitivity} consecutive cycles.
 *
 * @param timeNanos   the longest acceptable execution time of one cycle
 * @param sensitivity how many consecutive too-long cycles are tolerated before the fault (at least 1)
 */
public record WatchdogConfig(long timeNanos, int sensitivity) {
}
