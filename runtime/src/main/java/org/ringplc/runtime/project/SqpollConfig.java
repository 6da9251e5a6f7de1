package org.ringplc.runtime.project;

/**
 * {@code io.sqpoll} of {@code project.yaml}: whether the io_uring of each task with I/O drivers gets
 * a kernel submission-queue poller thread ({@code IORING_SETUP_SQPOLL}). The poller takes the
 * phases' requests as soon as they are queued and runs their network work on its own CPU time,
 * so the scan thread makes no system call to submit; the price is that thread spinning on a CPU
 * for {@code idleMillis} after every phase, i.e. all the time when cycles are shorter than that,
 * one poller per task that has drivers. Off by default; ignored by the fallback back end.
 *
 * @param enabled    true: ask for SQPOLL rings ({@code auto} falls back to a plain ring when the
 *                   kernel refuses, {@code iouring} refuses to start)
 * @param idleMillis how long the poller spins after the last request before it sleeps (1..60000)
 * @param cpu        the CPU the poller is pinned to, -1 = wherever the kernel puts it
 */
public record SqpollConfig(boolean enabled, int idleMillis, int cpu) {

    /**
     * The poller's idle time when {@code io.sqpoll: true} gives none: the kernel's own default, so
     * that cycles up to a second never wait for the poller to wake up; written out so that the
     * status shows the real number.
     */
    public static final int DEFAULT_IDLE_MILLIS = 1000;

    /** The default: no poller thread. */
    public static final SqpollConfig OFF = new SqpollConfig(false, DEFAULT_IDLE_MILLIS, -1);

    /** SQPOLL with the default idle time, the poller unpinned ({@code io.sqpoll: true}). */
    public static final SqpollConfig ON = new SqpollConfig(true, DEFAULT_IDLE_MILLIS, -1);

    public SqpollConfig {
        if (idleMillis < 1) {
            throw new IllegalArgumentException("idleMillis must be at least 1, not " + idleMillis);
        }
        if (cpu < -1) {
            throw new IllegalArgumentException("cpu must be a CPU number or -1, not " + cpu);
        }
    }

    /** As {@code project.yaml} would say it, for messages: {@code false}, {@code {idle: 2ms, cpu: 1}}. */
    @Override
    public String toString() {
        return enabled ? "{idle: " + idleMillis + "ms" + (cpu >= 0 ? ", cpu: " + cpu : "") + "}" : "false";
    }
}
