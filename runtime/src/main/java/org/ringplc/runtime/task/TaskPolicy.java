package org.ringplc.runtime.task;

/** The runtime's policy numbers in one place, each with its reason. */
public final class TaskPolicy {
    /**
     * How long {@code stop()} waits for a scan thread to finish its cycle. A cycle is normally far
     * shorter; a program stuck in an endless loop cannot be interrupted safely on the JVM, so after
     * this the thread is left behind (it is a daemon) and the task reported as not stopped.
     */
    public static final long STOP_TIMEOUT_MILLIS = 2_000;

    /** How often {@code stop()} looks whether the scan thread has reached the safe state. */
    public static final long STOP_POLL_NANOS = 200_000;

    /**
     * How long a deploy waits for a task to install the new programs at its next cycle boundary
     * (at least 20 periods): a task that does not reach a boundary in this time is stuck.
     */
    public static final long DEPLOY_TIMEOUT_MILLIS = 2_000;

    /**
     * The longest single sleep of a scan thread that waits with clock_nanosleep (which stop()
     * cannot interrupt): stop() is answered within this, whatever the task's interval.
     */
    public static final long MAX_SLEEP_NANOS = 50_000_000L;

    /** Opening io_uring and binding sockets takes milliseconds; far longer means something hangs. */
    public static final long OPEN_TIMEOUT_MILLIS = 10_000;

    /**
     * Share of the period the I/O phases may wait for their exchanges: the rest is for the
     * programs. Non-blocking receives and UDP sends complete at once; this bounds a stuck device.
     */
    public static final int IO_DEADLINE_PERCENT = 50;

    /**
     * How often an event task (SINGLE) samples its trigger: reads its inputs, applies forces and
     * looks for a rising edge. 1 ms is ten times finer than the default cyclic interval, so an
     * edge set by a 10 ms task is seen within a tenth of that task's period, while an idle event
     * thread costs one short wake-up per millisecond. A pulse shorter than this can be missed,
     * as with any sampled input; a program that must count fast pulses needs a counter input.
     */
    public static final long EVENT_TICK_NANOS = 1_000_000L;

    /** Thread name prefix, so that a thread dump shows which task is which. */
    public static final String THREAD_PREFIX = "ringplc-task-";

    private TaskPolicy() {
    }

    /**
     * SCHED_FIFO priority of IEC priority 0, the highest task priority. Below 99, which the
     * kernel's own per-CPU threads (migration, watchdog) use, and above 50, the default of
     * threaded interrupt handlers on PREEMPT_RT, so a scan thread preempts network interrupt
     * threads only when the user gives it a high priority, as CODESYS and OpenPLC do.
     */
    public static final int FIFO_PRIORITY_HIGHEST = 80;

    /** One SCHED_FIFO level per IEC level: IEC 0..31 map to 80..49, keeping their order. */
    public static int fifoPriority(int iecPriority) {
        return FIFO_PRIORITY_HIGHEST - Math.max(0, Math.min(31, iecPriority));
    }

    /** Java thread priority for an IEC priority (0 highest; Linux ignores it without privileges). */
    static int threadPriority(int iecPriority) {
        return Math.max(Thread.NORM_PRIORITY, Thread.MAX_PRIORITY - iecPriority);
    }
}
