package org.ringplc.runtime.project;

import java.util.List;
import org.ringplc.lang.program.ProgramType;

/**
 * A task as it will run, resolved from {@code project.yaml}, else from the CONFIGURATION of the
 * sources, else the default task of PRODUCT.md §1: its period, its program instances in
 * execution order and the drivers whose I/O its cycle performs.
 *
 * @param name          task name
 * @param intervalNanos the period; 0 for an event task (its thread samples the trigger every
 *                      {@code TaskPolicy.EVENT_TICK_NANOS})
 * @param priority      IEC priority (0 highest)
 * @param programs      program instances in execution order
 * @param watchdog      the watchdog, or null
 * @param drivers       the I/O drivers of this task
 * @param cpu           the CPU the scan thread is pinned to, or -1 for any
 * @param spinNanos     the spin window before each cycle start (0: sleep all the way)
 * @param single        the BOOL global whose rising edge runs the task once (IEC 61131-3
 *                      SINGLE), as declared; null for a cyclic task
 */
public record TaskPlan(String name, long intervalNanos, int priority, List<Instance> programs,
                       WatchdogConfig watchdog, List<DriverConfig> drivers, int cpu, long spinNanos, String single) {

    /** A cyclic task. */
    public TaskPlan(String name, long intervalNanos, int priority, List<Instance> programs,
                    WatchdogConfig watchdog, List<DriverConfig> drivers, int cpu, long spinNanos) {
        this(name, intervalNanos, priority, programs, watchdog, drivers, cpu, spinNanos, null);
    }

    /** True for an event task: it runs on the rising edge of {@link #single()}, not cyclically. */
    public boolean isEvent() {
        return single != null;
    }

    /** A task on any CPU that never spins. */
    public TaskPlan(String name, long intervalNanos, int priority, List<Instance> programs,
                    WatchdogConfig watchdog, List<DriverConfig> drivers) {
        this(name, intervalNanos, priority, programs, watchdog, drivers, -1, 0);
    }

    /** A program instance: {@code PROGRAM name WITH task : type}. */
    public record Instance(String name, ProgramType type) {
    }
}
