package org.ringplc.runtime.project;

import java.util.List;

/**
 * One entry of {@code tasks:} in {@code project.yaml}: a cyclic task (IEC 61131-3 TASK with
 * INTERVAL) or an event task ({@code single:}, TASK with SINGLE) and the program instances it
 * runs in order.
 *
 * @param name          task name
 * @param intervalNanos the period; 0 for an event task
 * @param priority      the priority (0 highest, as in IEC 61131-3); maps to SCHED_FIFO
 * @param programs      instances in execution order
 * @param watchdog      the watchdog, or null for none
 * @param line          the line of the entry in {@code project.yaml}
 * @param cpu           the CPU the scan thread is pinned to, or -1 for any
 * @param spinNanos     how long before a cycle's start the scan thread stops sleeping and spins
 *                      (0: never spins)
 * @param single        the BOOL global whose rising edge runs the task once, or null for a
 *                      cyclic task
 */
public record TaskConfig(String name, long intervalNanos, int priority, List<ProgramRef> programs,
                         WatchdogConfig watchdog, int line, int cpu, long spinNanos, String single) {

    /** A cyclic task. */
    public TaskConfig(String name, long intervalNanos, int priority, List<ProgramRef> programs,
                      WatchdogConfig watchdog, int line, int cpu, long spinNanos) {
        this(name, intervalNanos, priority, programs, watchdog, line, cpu, spinNanos, null);
    }

    /** A task on any CPU that never spins. */
    public TaskConfig(String name, long intervalNanos, int priority, List<ProgramRef> programs,
                      WatchdogConfig watchdog, int line) {
        this(name, intervalNanos, priority, programs, watchdog, line, -1, 0);
    }
}
