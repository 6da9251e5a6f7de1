package org.ringplc.lang.program;

import java.util.List;

/**
 * The CONFIGURATION / RESOURCE / TASK declarations of the sources: which program instances run
 * in which task, cyclic (INTERVAL) or event (SINGLE). Loose sources without a CONFIGURATION get none (the runtime then makes
 * one default task, PRODUCT.md §1).
 *
 * @param name  the configuration name
 * @param tasks tasks in declaration order
 */
public record ConfigurationModel(String name, List<Task> tasks) {

    /**
     * @param name           task name
     * @param intervalNanos  the INTERVAL, 0 if none was given (the runtime's default applies);
     *                       always 0 for an event task
     * @param priority       the PRIORITY, 0 if none was given
     * @param programs       instances of this task in the order listed
     * @param single         the BOOL global named by SINGLE, as declared, or null for a cyclic
     *                       task; the task runs its programs once per rising edge of it
     */
    public record Task(String name, long intervalNanos, int priority, List<Instance> programs, String single) {

        /** A cyclic task (no SINGLE). */
        public Task(String name, long intervalNanos, int priority, List<Instance> programs) {
            this(name, intervalNanos, priority, programs, null);
        }

        /** True when the task runs on the rising edge of {@link #single()} instead of cyclically. */
        public boolean isEvent() {
            return single != null;
        }
    }

    /** {@code PROGRAM inst0 WITH task0 : bench_math;} */
    public record Instance(String name, String programType) {
    }
}
