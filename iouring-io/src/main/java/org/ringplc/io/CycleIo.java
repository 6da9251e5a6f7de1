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

    /**
     * Switches exchange {@code id} on or off: a disabled exchange is skipped by its phase (no
     * system call, no SQE) and keeps the status and result of the last phase it ran in. For
     * drivers whose transfers vary from cycle to cycle (a request sent only when due).
     * Exchanges are enabled when registered. Scan thread only, between phases; allocates
     * nothing.
     *
     * @throws IndexOutOfBoundsException for an unknown id
     */
    default void setEnabled(int id, boolean enabled) {
        throw new UnsupportedOperationException(backend() + " cannot switch exchanges on and off");
    }

    /** True unless exchange {@code id} was switched off by {@link #setEnabled}. */
    default boolean isEnabled(int id) {
        return true;
    }

    /**
     * Changes how many bytes exchange {@code id} transfers from the next phase on: the first
     * {@code bytes} of the region registered (buffer position .. limit at registration), e.g. a
     * sysfs value written as "1" or as "255". Scan thread only, between phases; allocates
     * nothing unless it throws.
     *
     * @throws IllegalArgumentException when {@code bytes} is negative or longer than the registered region
     * @throws IndexOutOfBoundsException for an unknown id
     */
    default void setLength(int id, int bytes) {
        throw new UnsupportedOperationException(backend() + " cannot change exchange lengths");
    }

    /**
     * Moves exchange {@code id} to another file descriptor from the next phase on (a reconnected
     * socket, a reopened device); the old fd is neither closed nor used any more. Scan thread
     * only, between phases; allocates nothing, but the fallback asks the kernel for the new
     * fd's flags (one {@code fcntl}).
     *
     * @throws IndexOutOfBoundsException for an unknown id
     */
    default void setFd(int id, int fd) {
        throw new UnsupportedOperationException(backend() + " cannot move exchanges to another fd");
    }

    /**
     * True when {@link #register} accepts exchanges of {@code op} here: every back end runs
     * READ, WRITE, SEND and RECV; RECV_LATEST on io_uring needs provided-buffer rings and
     * multishot receives (Linux 6.0). Lets a driver pick RECV_LATEST where it can and several
     * RECVs elsewhere.
     */
    default boolean supports(Exchange.Op op) {
        return op != Exchange.Op.RECV_LATEST;
    }

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
