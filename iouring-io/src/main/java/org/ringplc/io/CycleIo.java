package org.ringplc.io;

/**
 * The batched I/O of one task: drivers register their exchanges once, then each cycle the scan
 * thread runs the INPUT phase before the programs and the OUTPUT phase after them. A phase issues
 * all of its exchanges at once (io_uring: one {@code io_uring_enter} that submits and waits) and
 * returns when every exchange completed or the deadline passed; exchanges still pending then are
 * cancelled and report {@link ExchangeStatus#TIMEOUT}.
 *
 * <p>Implementations: {@code UringCycleIo} (io_uring) and {@code BlockingCycleIo} (plain
 * syscalls), chosen by {@link CycleIoFactory}. {@link #runPhase} allocates nothing.
 *
 * <p>Threading: {@link #register} before the first cycle, then every method from the scan
 * thread only, except {@link #backend()} and {@link #backendReason()}.
 */
public interface CycleIo extends AutoCloseable {

    /** Registers an exchange; returns its id (0, 1, 2, ... in registration order). */
    int register(Exchange exchange);

    /**
     * Runs every exchange of {@code phase} and waits for them until {@code deadlineNanos}
     * ({@link System#nanoTime()} time base).
     */
    void runPhase(Phase phase, long deadlineNanos);

    /** The status of exchange {@code id} after the last phase it ran in. */
    ExchangeStatus status(int id);

    /** Bytes transferred (≥ 0) or {@code -errno} of exchange {@code id}. */
    int result(int id);

    /** {@code ECONNREFUSED}, {@code ETIMEDOUT}, ... for a negative result; "" for none. */
    String errorName(int id);

    /** Number of system calls the last {@link #runPhase} made (for benchmarks and tests). */
    int lastPhaseSyscalls();

    /** "iouring" or "fallback". */
    String backend();

    /** Why this backend runs, e.g. "io_uring_setup failed: EPERM (kernel.io_uring_disabled=2)". */
    String backendReason();

    /** Cancels and completes every pending operation, then frees the ring; does not close fds. */
    @Override
    void close();
}
