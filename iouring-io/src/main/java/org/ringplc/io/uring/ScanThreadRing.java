package org.ringplc.io.uring;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import org.ringplc.io.Errno;
import org.ringplc.io.ErrnoException;

/**
 * The io_uring ring of one {@link UringCycleIo}, and every system call made on it during a
 * phase.
 *
 * <p>It is a class of its own because the ring is not fixed for the CycleIo's life: a larger one
 * replaces it when registrations outgrow it, and a fresh one when phases come from a new thread,
 * since a SINGLE_ISSUER ring refuses submissions from any thread but the one that enabled it.
 * The other classes of a phase therefore ask here for the current queues instead of keeping
 * them. Routing the enable, the enters and the poller wake-ups through here also keeps the
 * phase's system-call count in one place, and the CQ overflow watch with the ring it watches.
 *
 * <p>No allocation per phase: the getevents argument and the timespecs live in native memory
 * allocated once, and {@link Uring#enter} takes primitives.
 *
 * <p>Threading: the scan thread, except {@link #close}, which runs once the scan thread stopped.
 */
final class ScanThreadRing {

    // Small rings cost a few KiB of locked memory; 16 exchanges per phase before a regrow.
    private static final int MIN_ENTRIES = 16;
    // Per phase an exchange uses at most itself and a cancel, plus, for a non-blocking READ, the
    // poll and the link timeout before it.
    private static final int SQES_PER_EXCHANGE = 4;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    // Native scratch: io_uring_getevents_arg (24 bytes), its timespec (16), a zero timespec (16).
    private static final int WAIT_TIMESPEC = Abi.GETEVENTS_ARG_SIZE;
    private static final int ZERO_TIMESPEC = WAIT_TIMESPEC + 16;
    private static final int SCRATCH_SIZE = ZERO_TIMESPEC + 16;

    /** Creates rings of a given size; the setups (flags, SQPOLL) differ only in this. */
    @FunctionalInterface
    interface Factory {
        Uring open(int entries) throws ErrnoException;
    }

    private final Factory factory;
    private final MultishotReceives multishots;
    private final Memory scratch = new Memory(SCRATCH_SIZE);
    private final long scratchAddress = Pointer.nativeValue(scratch);
    private Uring ring;
    private Thread submitter;
    private int syscalls;
    private long cqOverflows;
    private int lastOverflowCounter;

    /** Creates the smallest ring now, so a refused io_uring shows at startup. */
    ScanThreadRing(Factory factory, MultishotReceives multishots) throws ErrnoException {
        this.factory = factory;
        this.multishots = multishots;
        this.ring = factory.open(MIN_ENTRIES);
        scratch.clear();
        scratch.setLong(Abi.GETEVENTS_ARG_TS, scratchAddress + WAIT_TIMESPEC);
    }

    /**
     * SQ entries so that neither queue can overflow: per phase an exchange uses at most three
     * SQEs and CQEs (itself, a link timeout, a cancel); a multishot receive adds an arm or a
     * re-arm per round, a cancel of an arm on an old fd, and between two reaps up to one CQE per
     * provided buffer plus its ending one. The CQ has twice the SQ's entries.
     */
    static int entriesFor(int maxPerPhase, int multishotReceives) {
        int perPhase = SQES_PER_EXCHANGE * maxPerPhase;
        // + 1: the SQPOLL barrier NOP of a phase with RECV_LATEST exchanges.
        int sq = perPhase + 1 + (2 + LatestReceive.MAX_REARMS_PER_PHASE) * multishotReceives;
        int cq = perPhase + 1 + (LatestReceive.BUFFERS + 2) * multishotReceives;
        return Math.max(MIN_ENTRIES, Math.max(sq, (cq + 1) / 2));
    }

    /** The current ring; it changes at {@link #growTo} and {@link #followScanThread}. */
    Uring uring() {
        return ring;
    }

    SubmissionQueue submissionQueue() {
        return ring.submissionQueue();
    }

    CompletionQueue completionQueue() {
        return ring.completionQueue();
    }

    boolean sqpoll() {
        return ring.sqpoll();
    }

    /** Address of a zero timespec in native memory that lives as long as this object. */
    long zeroTimespec() {
        return scratchAddress + ZERO_TIMESPEC;
    }

    /** Between phases: replaces the ring by one of {@code entries} if it is smaller. */
    void growTo(int entries) {
        if (ring.submissionQueue().entries() < entries) {
            // Between phases nothing is in flight, so the ring can be replaced by a larger one.
            try {
                replace(factory.open(entries));
            } catch (ErrnoException e) {
                throw new IllegalStateException("cannot grow the io_uring ring to " + entries + " entries: "
                        + e.getMessage(), e);
            }
        }
    }

    /**
     * A SINGLE_ISSUER ring accepts submissions only from the thread that enabled it, but a task
     * restarted after a stop or fault scans on a new thread. Nothing is in flight between
     * phases, so the ring is then replaced by a fresh one that the new thread enables; this
     * allocates, once per restart, never per cycle.
     */
    void followScanThread() {
        Thread current = Thread.currentThread();
        if (current == submitter) {
            return;
        }
        if (submitter != null && (ring.setupFlags() & Abi.SETUP_SINGLE_ISSUER) != 0) {
            try {
                replace(factory.open(ring.submissionQueue().entries()));
            } catch (ErrnoException e) {
                throw new IllegalStateException("cannot re-create the io_uring ring for scan thread "
                        + current.getName() + ": " + e.getMessage(), e);
            }
        }
        submitter = current;
    }

    /** True on the thread that runs the phases (the only one that may enter a SINGLE_ISSUER ring). */
    boolean onSubmitterThread() {
        return Thread.currentThread() == submitter;
    }

    /**
     * Replaces the ring (larger, or for a new scan thread); nothing of the CycleIo is in flight
     * on the old one but armed multishot receives, which closing it cancels. Those get fresh
     * buffer memory on the new ring, because the old ring's teardown in the kernel is
     * asynchronous. Allocates: at registration and once per restart, never per cycle.
     */
    private void replace(Uring fresh) {
        ring.close();
        ring = fresh;
        lastOverflowCounter = 0;
        multishots.reallocateOn(ring);
    }

    /** Starts counting the system calls of a phase. */
    void startCounting() {
        syscalls = 0;
    }

    /** System calls since {@link #startCounting}. */
    int syscalls() {
        return syscalls;
    }

    /** Enables a ring created R_DISABLED, on the thread that will submit (one syscall, once). */
    void enable() {
        if (ring.enable()) {
            syscalls++;
        }
    }

    /** io_uring_enter that submits {@code toSubmit} and waits for {@code minComplete} or the timeout. */
    int enterAndWait(int toSubmit, int minComplete, long timeoutNanos) {
        // Plain stores into our own native memory; the syscall reads them.
        scratch.setLong(WAIT_TIMESPEC, timeoutNanos / NANOS_PER_SECOND);
        scratch.setLong(WAIT_TIMESPEC + 8, timeoutNanos % NANOS_PER_SECOND);
        syscalls++;
        int flags = Abi.ENTER_GETEVENTS | Abi.ENTER_EXT_ARG;
        if (ring.sqpoll()) {
            // to_submit is ignored with SQPOLL; a sleeping poller must be woken to see the SQEs.
            flags |= ring.pollerNeedsWakeup() ? Abi.ENTER_SQ_WAKEUP : 0;
        }
        int res = ring.enter(toSubmit, minComplete, flags, scratchAddress, Abi.GETEVENTS_ARG_SIZE);
        if (res == -Errno.EEXIST) {
            throw new IllegalStateException("io_uring ring entered by two threads at once "
                    + "(IORING_SETUP_SINGLE_ISSUER); a CycleIo belongs to one scan thread");
        }
        return res;
    }

    /**
     * SQPOLL: SQEs published while the poller sleeps (it does after its idle time) sit there
     * until an enter wakes it; a phase that will not wait (only non-blocking multishot receives,
     * already satisfied) must wake it itself. One syscall, only when the poller sleeps.
     */
    void wakePollerForUnsubmitted() {
        if (ring.submissionQueue().unsubmitted() > 0 && ring.pollerNeedsWakeup()) {
            syscalls++;
            ring.enter(0, 0, Abi.ENTER_SQ_WAKEUP, 0L, 0);
        }
    }

    /** Counts a CQ overflow if the kernel's counter moved or it flags one; end of each phase. */
    void checkOverflow() {
        CompletionQueue cq = ring.completionQueue();
        int counter = cq.overflow();
        boolean flagged = (ring.submissionQueue().flags() & Abi.SQ_CQ_OVERFLOW) != 0;
        if (counter != lastOverflowCounter || flagged) {
            cqOverflows += Math.max(1, counter - lastOverflowCounter);
            lastOverflowCounter = counter;
        }
    }

    long cqOverflows() {
        return cqOverflows;
    }

    /** Closes the ring (the kernel cancels what is left on it) and frees the scratch memory. */
    void close() {
        try {
            ring.close();
        } finally {
            scratch.close();
        }
    }
}
