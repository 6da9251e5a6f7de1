package org.ringplc.runtime.project;

import java.util.List;

/**
 * One entry of {@code tasks:} in {@code project.yaml}: a cyclic task (IEC 61131-3 TASK with
 * INTERVAL) and the program instances it runs in order.
 *
 * @param name          task name
 * @param intervalNanos the period
 * @param priority      the priority (0 highest, as in IEC 61131-3); maps to thread priority
 * @param programs      instances in execution order
 * @param watchdog      the watchdog, or null for none
 * @param line          the line of the entry in {@code project.yaml}
 */
public record TaskConfig(String name, long intervalNanos, int priority, List<ProgramRef> programs,
                         WatchdogConfig watchdog, int line) {
}
