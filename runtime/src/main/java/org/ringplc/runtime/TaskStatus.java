package org.ringplc.runtime;

/**
 * Statistics of one task, copied from the task's own counters (single writer: its scan thread).
 *
 * @param name       task name
 * @param intervalUs the configured period; 0 for an event task
 * @param cycles     cycles completed (for an event task: executions, one per rising edge)
 * @param lastUs     execution time of the last cycle (I/O and programs)
 * @param maxUs      the largest execution time since start
 * @param overruns   cycles that did not finish before their period ended
 * @param state      RUN, STOP or FAULT
 * @param fault      the fault message with its ST location ({@code main.st:12: division by zero}), or null
 * @param trigger    the BOOL global whose rising edge runs an event task (IEC SINGLE), or null
 *                   for a cyclic task
 */
public record TaskStatus(String name, long intervalUs, long cycles, long lastUs, long maxUs, long overruns,
                         String state, String fault, String trigger) {

    /** A cyclic task's status. */
    public TaskStatus(String name, long intervalUs, long cycles, long lastUs, long maxUs, long overruns,
                      String state, String fault) {
        this(name, intervalUs, cycles, lastUs, maxUs, overruns, state, fault, null);
    }
}
