package org.ringplc.io.uring;

import org.ringplc.io.CycleIo;
import org.ringplc.io.ErrnoException;
import org.ringplc.io.Exchange;
import org.ringplc.io.Phase;
import org.ringplc.io.sys.TableCycleIo;

/**
 * {@link CycleIo} on io_uring: a phase is one SQE per exchange, one tail publication and, in
 * the common case, ONE {@code io_uring_enter(to_submit, min_complete, GETEVENTS|EXT_ARG)} whose
 * timeout is the phase's deadline. Receives with data waiting, sends and file I/O complete
 * inside that call; blocking receives are poll-armed by the kernel and complete when a datagram
 * arrives or are cancelled at the deadline.
 *
 * <p>At the deadline every exchange still in flight gets an {@code ASYNC_CANCEL}, and the phase
 * waits for the cancelled operations' own completions before returning: no buffer is ever in use
 * by the kernel between phases, which is what lets drivers touch their buffers freely then.
 *
 * <p>This class registers exchanges and runs a phase's steps in order; each step is a class of
 * its own, sharing what the phase has in flight through {@link PhaseRequests}:
 * <ol>
 *   <li>{@link PhaseSubmission} writes and publishes the SQEs (a non-blocking READ is chained to a
 *       zero LINK_TIMEOUT, a non-blocking RECV carries MSG_DONTWAIT);
 *   <li>{@link PhaseWait} submits and waits until all completed or the deadline, reaping with
 *       {@link CompletionDispatch};
 *   <li>{@link CancelRound} cancels what the deadline left and waits until the kernel let go;
 *   <li>{@link MultishotReceives} reports the RECV_LATEST exchanges (armed multishot receives
 *       that outlive phases).
 * </ol>
 * {@link ScanThreadRing} owns the ring, replaces it when it must grow or follow a new scan
 * thread, and makes and counts the system calls.
 *
 * <p>Sizing: an exchange uses at most three SQEs per phase (itself, a link timeout, a cancel);
 * the ring holds three times the largest phase and the CQ twice that, so the CQ cannot overflow
 * within a phase. Overflow is still detected and counted.
 *
 * <p>No allocation in {@link #runPhase}: exchange addresses are resolved at registration, the
 * getevents argument and the timespecs live in native memory allocated once, and the syscall
 * goes through a direct-mapped native method taking primitives.
 *
 * <p>Threading: {@link #register} before the first phase on any thread; phases from the scan
 * thread. The first {@link #runPhase} binds the ring to its thread (SINGLE_ISSUER); when phases
 * come from a new thread (a restarted task), the ring is replaced by one bound to it.
 * {@link #close} from any thread once the scan thread has stopped.
 */
public final class UringCycleIo extends TableCycleIo {

    private final String reason;
    private final PhaseRequests requests = new PhaseRequests();
    private final MultishotReceives multishots = new MultishotReceives(table, requests);
    private final ScanThreadRing ring;
    private final PhaseSubmission submission;
    private final CompletionDispatch completions;
    private final PhaseWait waiting;
    private final CancelRound cancels;
    // RECV_LATEST support: 0 unknown, 1 yes, -1 no.
    private int latestSupport;

    /**
     * Creates the ring now, so a refused io_uring shows at startup, not at the first cycle.
     *
     * @param reason why this back end runs, for {@link #backendReason()}
     */
    public UringCycleIo(String reason) throws ErrnoException {
        this(reason, Uring::open);
    }

    /** With {@code setupFlags} non-null, rings are created with exactly those flags (tests). */
    UringCycleIo(String reason, int[] setupFlags) throws ErrnoException {
        this(reason, setupFlags == null ? Uring::open : entries -> Uring.open(entries, setupFlags));
    }

    private UringCycleIo(String reason, ScanThreadRing.Factory ringFactory) throws ErrnoException {
        this.ring = new ScanThreadRing(ringFactory, multishots);
        this.reason = reason + " (setup flags " + ring.uring().setupFlagNames() + ")";
        this.submission = new PhaseSubmission(table, requests, multishots, ring.zeroTimespec());
        this.completions = new CompletionDispatch(ring, table, requests, multishots);
        this.waiting = new PhaseWait(ring, table, requests, multishots, completions);
        this.cancels = new CancelRound(ring, table, requests, multishots, completions);
    }

    /**
     * A CycleIo whose ring has a kernel submission-poller thread (see {@link Uring#openSqpoll}):
     * a phase then needs no system call to submit, only one to wait, but the poller spins on a
     * CPU for {@code idleMillis} after every phase (0: the kernel's default of one second), so on
     * a cycle shorter than that it takes a whole core. Opt-in, never chosen by {@code auto}.
     *
     * @param cpu the CPU to pin the poller to, or -1 to let the scheduler place it
     */
    public static UringCycleIo withSqpoll(String reason, int idleMillis, int cpu) throws ErrnoException {
        if (idleMillis < 0) {
            throw new IllegalArgumentException("SQPOLL idle time must be 0 or more milliseconds, not " + idleMillis);
        }
        return new UringCycleIo(reason, entries -> Uring.openSqpoll(entries, idleMillis, cpu));
    }

    /**
     * {@inheritDoc}
     *
     * <p>A RECV_LATEST exchange gets its buffer group here (provided-buffer rings need Linux
     * 5.19, multishot receives 6.0); a kernel without them refuses it with an
     * UnsupportedOperationException naming the errno.
     */
    @Override
    public int register(Exchange exchange) {
        checkOpen();
        LatestReceive multishot = null;
        if (exchange.op() == Exchange.Op.RECV_LATEST) {
            if (!supports(Exchange.Op.RECV_LATEST)) {
                throw new UnsupportedOperationException("RECV_LATEST needs io_uring multishot receives from "
                        + "provided-buffer rings (Linux 6.0+), running Linux " + System.getProperty("os.version")
                        + "; register RECV exchanges instead");
            }
            // The buffer group id is the exchange id the table is about to give.
            multishot = multishots.open(table.size(), exchange.buffer().remaining(), ring.uring());
        }
        int id = table.register(exchange);
        requests.registered(id, exchange.op() == Exchange.Op.READ && exchange.nonBlocking());
        multishots.registered(id, exchange, multishot);
        ring.growTo(ScanThreadRing.entriesFor(table.maxPerPhase(), multishots.count()));
        return id;
    }

    /**
     * Submits every exchange of {@code phase} and waits until all completed or the deadline;
     * then cancels the rest and waits for them. Scan thread only.
     */
    @Override
    public void runPhase(Phase phase, long deadlineNanos) {
        checkOpen();
        syscalls = 0;
        if (table.count(phase) == 0) {
            return;
        }
        ring.followScanThread();
        ring.startCounting();
        try {
            ring.enable();
            requests.begin();
            // 1. one SQE per exchange (two for a non-blocking READ; none for an armed RECV_LATEST),
            // one release of the tail
            boolean sqpoll = ring.sqpoll();
            boolean latestHere = submission.publish(phase, ring.submissionQueue(), sqpoll);
            // 2. submit and wait until all completed or the deadline
            if (sqpoll) {
                waiting.waitPolled(phase, deadlineNanos);
            } else {
                waiting.submitAndWait(phase, deadlineNanos, latestHere);
            }
            // 3. cancel what the deadline left in flight and wait until the kernel let go of it
            if (requests.owed() > 0) {
                cancels.cancelInFlight();
            }
            // 4. RECV_LATEST outcomes, once the wait is over: newest datagram, error, NO_DATA or TIMEOUT
            if (latestHere) {
                multishots.finish(phase);
            }
            ring.checkOverflow();
        } finally {
            syscalls = ring.syscalls();
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>A RECV_LATEST exchange drops what its old fd received and not yet reported; the
     * multishot receive on the old fd is cancelled at the next phase and a new one armed.
     */
    @Override
    public void setFd(int id, int fd) {
        checkOpen();
        table.setFd(id, fd);
        multishots.moved(id);
    }

    /**
     * RECV_LATEST when the kernel has multishot receives (6.0) and accepts a provided-buffer
     * ring (tried once, with a ring registered and unregistered again); the others always.
     */
    @Override
    public boolean supports(Exchange.Op op) {
        if (op != Exchange.Op.RECV_LATEST) {
            return true;
        }
        if (latestSupport == 0) {
            latestSupport = kernelAtLeast(6, 0) && MultishotReceives.acceptsBufferRing(ring.uring()) ? 1 : -1;
        }
        return latestSupport > 0;
    }

    /** True when os.version ("6.18.44-...") is at least major.minor. */
    static boolean kernelAtLeast(int major, int minor) {
        String[] parts = System.getProperty("os.version", "").split("[.-]");
        try {
            int have = Integer.parseInt(parts[0]);
            int haveMinor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return have > major || (have == major && haveMinor >= minor);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    @Override
    public String backend() {
        return "iouring";
    }

    @Override
    public String backendReason() {
        return reason;
    }

    /** CQ overflows seen so far (0 unless the sizing invariant broke); scan thread only. */
    public long cqOverflows() {
        return ring.cqOverflows();
    }

    /** Completions that matched no in-flight request of the current phase; should stay 0. */
    public long strayCompletions() {
        return completions.strayCompletions();
    }

    /** True when this CycleIo's ring has an SQPOLL poller thread. */
    public boolean sqpoll() {
        return ring.sqpoll();
    }

    /** The setup flags the kernel accepted for this ring, as names. */
    public String setupFlags() {
        return ring.uring().setupFlagNames();
    }

    /**
     * Frees the ring. Nothing is in flight between phases by construction; should a phase have
     * been aborted by an exception, its operations are cancelled and awaited first. Does not
     * close the exchanges' fds.
     */
    @Override
    public void close() {
        if (!markClosed()) {
            return;
        }
        try {
            // Only the submitter may enter a SINGLE_ISSUER ring; from any other thread, closing
            // the fd lets the kernel cancel what is left.
            if (ring.onSubmitterThread()) {
                if (requests.pendingExchanges + requests.pendingLinks + requests.pendingCancels > 0) {
                    cancels.cancelInFlight();
                }
                cancels.cancelMultishots();
            }
        } finally {
            ring.close();
        }
    }
}
