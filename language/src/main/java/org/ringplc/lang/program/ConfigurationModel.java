package org.ringplc.lang.program;

import java.util.List;

/**
 * The CONFIGURATION / RESOURCE / TASK declarations of the sources: which program instances run
 * in which cyclic task. Loose sources without a CONFIGURATION get none (the runtime then makes
 * one default task, PRODUCT.md §1).
 *
 * @param name  the configuration name
 * @param tasks tasks in declaration order
 */
public record ConfigurationModel(String name, List<Task> tasks) {

    /**
     * @param name           task name
     * @param intervalNanos  the INTERVAL, 0 if none was given (the runtime's default applies)
     * @param priority       the PRIORITY, 0 if none was given
     * @param programs       instances of this task in the order listed
     */
    public record Task(String name, long intervalNanos, int priority, List<Instance> programs) {
    }

    /** {@code PROGRAM inst0 WITH task0 : bench_math;} */
    public record Instance(String name, String programType) {
    }
}
