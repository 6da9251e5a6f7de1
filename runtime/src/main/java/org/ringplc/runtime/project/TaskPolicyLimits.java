package org.ringplc.runtime.project;

/** The task interval limits project validation enforces. */
final class TaskPolicyLimits {
    /** PRODUCT.md §1: loose sources and tasks without an interval run every 10 ms. */
    static final long DEFAULT_INTERVAL_NANOS = 10_000_000L;
    /**
     * Below 100 µs a JVM thread's wake-up jitter (tens of µs on a stock kernel) is a large part of
     * the period, so shorter intervals would mostly produce overruns.
     */
    static final long MIN_INTERVAL_NANOS = 100_000L;

    private TaskPolicyLimits() {
    }
}
