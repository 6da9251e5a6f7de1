package org.ringplc.io.uring;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.util.Arrays;
import org.ringplc.io.CycleIo;
import org.ringplc.io.Errno;
import org.ringplc.io.ErrnoException;
import org.ringplc.io.Exchange;
import org.ringplc.io.Phase;
import org.ringplc.io.sys.ExchangeTable;
import org.ringplc.io.sys.LibC;
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
 * <p>Non-blocking inputs: a RECV carries MSG_DONTWAIT. A READ has no such flag that works on
 * every file (RWF_NOWAIT fails with EOPNOTSUPP on sysfs, procfs and pipes), and io_uring waits
 * even on an O_NONBLOCK pipe; so a non-blocking READ is chained (IOSQE_IO_LINK) to a
 * LINK_TIMEOUT of zero: a read that cannot complete at once is cancelled and reports NO_DATA.
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

    // Small rings cost a few KiB of locked memory; 16 exchanges per phase before a regrow.
    private static final int MIN_RING_ENTRIES = 16;
    private static final int SQES_PER_EXCHANGE = 3;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    // While waiting for cancellations, wake up this often to re-check the ring; cancellations
    // complete within microseconds, this only bounds a lost wakeup.
    private static final long CANCEL_WAIT_SLICE_NANOS = 100_000_000L;
    // Native scratch: io_uring_getevents_arg (24 bytes), its timespec (16), a zero timespec (16).
    private static final int WAIT_TIMESPEC = Abi.GETEVENTS_ARG_SIZE;
    private static final int ZERO_TIMESPEC = WAIT_TIMESPEC + 16;
    private static final int SCRATCH_SIZE = ZERO_TIMESPEC + 16;

    private final String reason;
    private Uring ring;
    private boolean[] inFlight = new boolean[8];
    private boolean[] cancelRequested = new boolean[8];
    private boolean[] linked = new boolean[8];
    private int[] sqePosition = new int[8];
    private int[] linkPosition = new int[8];
    // RECV_LATEST exchanges: their multishot state (null for other ops), and where the
    // exchange's region starts in its buffer (the copy target).
    private LatestReceive[] latest = new LatestReceive[8];
    private int[] regionStart = new int[8];
    private int[] latestIds = new int[0];
    private int waitingLatest;
    // RECV_LATEST support: 0 unknown, 1 yes, -1 no; the buffer group the probe registers.
    private int latestSupport;
    private static final int PROBE_GROUP = 0xffff;
    private final Memory scratch = new Memory(SCRATCH_SIZE);
    private final long scratchAddress = Pointer.nativeValue(scratch);
    private int generation;
    // CQEs still owed by the kernel in this phase, by kind.
    private int pendingExchanges;
    private int pendingLinks;
    private int pendingCancels;
    private int pendingBarrier;
    private long cqOverflows;
    private long strayCompletions;
    private int lastOverflowCounter;
    private Thread submitter;
    private final RingFactory ringFactory;

    /** Creates rings of a given size; the three setups differ only in this. */
    @FunctionalInterface
    private interface RingFactory {
        Uring open(int entries) throws ErrnoException;
    }

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

    private UringCycleIo(String reason, RingFactory ringFactory) throws ErrnoException {
        this.ringFactory = ringFactory;
        this.ring = openRing(MIN_RING_ENTRIES);
        this.reason = reason + " (setup flags " + ring.setupFlagNames() + ")";
        scratch.clear();
        scratch.setLong(Abi.GETEVENTS_ARG_TS, scratchAddress + WAIT_TIMESPEC);
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
            int groupId = table.size();
            if (groupId >= PROBE_GROUP) {
                throw new IllegalStateException("RECV_LATEST exchanges need ids below " + PROBE_GROUP);
            }
            multishot = new LatestReceive(groupId, exchange.buffer().remaining());
            int res = multishot.register(ring);
            if (res < 0) {
                throw new UnsupportedOperationException("RECV_LATEST needs io_uring provided-buffer rings (Linux 6.0+): "
                        + "io_uring_register(PBUF_RING) failed: " + Errno.name(-res) + "; register RECV exchanges instead");
            }
        }
        int id = table.register(exchange);
        if (id >= inFlight.length) {
            int capacity = inFlight.length * 2;
            inFlight = Arrays.copyOf(inFlight, capacity);
            cancelRequested = Arrays.copyOf(cancelRequested, capacity);
            linked = Arrays.copyOf(linked, capacity);
            sqePosition = Arrays.copyOf(sqePosition, capacity);
            linkPosition = Arrays.copyOf(linkPosition, capacity);
            latest = Arrays.copyOf(latest, capacity);
            regionStart = Arrays.copyOf(regionStart, capacity);
        }
        linked[id] = exchange.op() == Exchange.Op.READ && exchange.nonBlocking();
        latest[id] = multishot;
        regionStart[id] = exchange.buffer().position();
        if (multishot != null) {
            latestIds = Arrays.copyOf(latestIds, latestIds.length + 1);
            latestIds[latestIds.length - 1] = id;
        }
        int needed = ringEntriesNeeded();
        if (ring.submissionQueue().entries() < needed) {
            // Between phases nothing is in flight, so the ring can be replaced by a larger one.
            try {
                replaceRing(openRing(needed));
            } catch (ErrnoException e) {
                throw new IllegalStateException("cannot grow the io_uring ring to " + needed + " entries: "
                        + e.getMessage(), e);
            }
        }
        return id;
    }

    /**
     * SQ entries so that neither queue can overflow: per phase an exchange uses at most three
     * SQEs and CQEs (itself, a link timeout, a cancel); a multishot receive adds an arm or a
     * re-arm per round, a cancel of an arm on an old fd, and between two reaps up to one CQE per
     * provided buffer plus its ending one. The CQ has twice the SQ's entries.
     */
    private int ringEntriesNeeded() {
        int perPhase = SQES_PER_EXCHANGE * table.maxPerPhase();
        int multishot = latestIds.length;
        // + 1: the SQPOLL barrier NOP of a phase with RECV_LATEST exchanges.
        int sq = perPhase + 1 + (2 + LatestReceive.MAX_REARMS_PER_PHASE) * multishot;
        int cq = perPhase + 1 + (LatestReceive.BUFFERS + 2) * multishot;
        return Math.max(MIN_RING_ENTRIES, Math.max(sq, (cq + 1) / 2));
    }

    /**
     * Replaces the ring (larger, or for a new scan thread); nothing of this CycleIo is in flight
     * on the old one but armed multishot receives, which closing it cancels. Those get fresh
     * buffer memory on the new ring, because the old ring's teardown in the kernel is
     * asynchronous. Allocates: at registration and once per restart, never per cycle.
     */
    private void replaceRing(Uring fresh) {
        ring.close();
        ring = fresh;
        lastOverflowCounter = 0;
        for (int id : latestIds) {
            LatestReceive l = latest[id];
            l.allocate();
            int res = l.register(ring);
            if (res < 0) {
                throw new IllegalStateException("cannot register the provided buffers of exchange " + id
                        + " on the new io_uring ring: " + Errno.name(-res));
            }
        }
    }

    /**
     * Submits every exchange of {@code phase} and waits until all completed or the deadline;
     * then cancels the rest and waits for them. Scan thread only.
     */
    @Override
    public void runPhase(Phase phase, long deadlineNanos) {
        checkOpen();
        syscalls = 0;
        int n = table.count(phase);
        if (n == 0) {
            return;
        }
        followScanThread();
        if (ring.enable()) {
            syscalls++;
        }
        generation = (generation + 1) & 0xffff;
        pendingExchanges = 0;
        pendingLinks = 0;
        pendingCancels = 0;
        waitingLatest = 0;
        pendingBarrier = 0;
        // 1. one SQE per exchange (two for a non-blocking READ; none for an armed RECV_LATEST),
        // one release of the tail
        SubmissionQueue sq = ring.submissionQueue();
        cancelOldArms(sq);
        boolean latestHere = false;
        for (int i = 0; i < n; i++) {
            int id = table.id(phase, i);
            if (!table.enabled(id)) {
                continue;
            }
            if (latest[id] != null) {
                prepareLatest(sq, id);
                latestHere = true;
            } else {
                prepare(sq, id);
            }
        }
        if (latestHere && ring.sqpoll()) {
            // The poller receives datagrams in its own task work; a NOP after this phase's SQEs
            // completes only after the poller ran the task work queued before it, so the phase
            // sees every datagram that had reached the socket when it started.
            sq.prepare(Abi.OP_NOP, 0, -1, 0L, 0, 0L, 0, UserData.encode(0, UserData.KIND_BARRIER, generation));
            pendingBarrier = 1;
        }
        sq.publish();
        if (ring.sqpoll()) {
            waitPolled(phase, deadlineNanos);
        } else {
            submitAndWait(phase, deadlineNanos, latestHere);
        }
        // 3. cancel what the deadline left in flight and wait until the kernel let go of it
        if (pendingExchanges + pendingLinks + pendingCancels + pendingBarrier > 0) {
            cancelInFlight();
        }
        if (latestHere) {
            finishLatest(phase);
        }
        checkOverflow();
    }

    /**
     * A RECV_LATEST exchange in its phase: armed once (again after the multishot ended), then it
     * waits, if blocking, only when nothing arrived since its previous phase.
     */
    private void prepareLatest(SubmissionQueue sq, int id) {
        LatestReceive l = latest[id];
        if (!l.armed) {
            arm(sq, id);
        }
        l.waiting = !table.nonBlocking(id) && l.latestBuffer < 0 && l.latestError == 0;
        if (l.waiting) {
            waitingLatest++;
        }
    }

    private void arm(SubmissionQueue sq, int id) {
        LatestReceive l = latest[id];
        l.epoch = (l.epoch + 1) & 0xffff;
        // len 0: each datagram takes a whole provided buffer; no MSG_DONTWAIT, it waits in poll.
        l.armPosition = sq.prepare(Abi.OP_RECV, Abi.IOSQE_BUFFER_SELECT, Abi.RECV_MULTISHOT, table.fd(id), 0L, 0, 0L,
                0, UserData.encode(id, UserData.KIND_MULTISHOT, l.epoch), l.groupId);
        l.armGeneration = generation;
        l.armed = true;
    }

    /** Cancels the multishot receives left on an fd that setFd replaced, whatever their phase. */
    private void cancelOldArms(SubmissionQueue sq) {
        for (int id : latestIds) {
            LatestReceive l = latest[id];
            l.rearms = 0;
            if (l.cancelOld) {
                l.cancelPosition = sq.prepare(Abi.OP_ASYNC_CANCEL, 0, -1,
                        UserData.encode(id, UserData.KIND_MULTISHOT, l.oldEpoch), 0, 0L, 0,
                        UserData.encode(id, UserData.KIND_CANCEL, generation));
                l.cancelGeneration = generation;
                l.cancelOld = false;
                pendingCancels++;
            }
        }
    }

    /**
     * Re-arms multishot receives that ended (ENOBUFS: more datagrams than free buffers between
     * two reaps) so a waiting exchange still sees the newest; bounded per phase.
     */
    private boolean rearmEnded() {
        SubmissionQueue sq = null;
        for (int id : latestIds) {
            LatestReceive l = latest[id];
            if (!l.armed && (l.starved || l.waiting) && l.latestError == 0 && table.enabled(id)
                    && l.rearms < LatestReceive.MAX_REARMS_PER_PHASE) {
                sq = ring.submissionQueue();
                l.rearms++;
                l.starved = false;
                arm(sq, id);
            }
        }
        if (sq != null) {
            sq.publish();
            return true;
        }
        return false;
    }

    /** Reports each RECV_LATEST exchange of {@code phase}: the newest datagram, an error, NO_DATA or TIMEOUT. */
    private void finishLatest(Phase phase) {
        int n = table.count(phase);
        for (int i = 0; i < n; i++) {
            int id = table.id(phase, i);
            LatestReceive l = latest[id];
            if (l == null || !table.enabled(id)) {
                continue;
            }
            l.waiting = false;
            int copied = l.takeLatest(table.exchange(id).buffer(), regionStart[id], table.length(id));
            if (copied >= 0) {
                table.complete(id, copied);
            } else if (l.latestError != 0) {
                table.complete(id, l.latestError);
                l.latestError = 0;
            } else if (table.nonBlocking(id)) {
                table.complete(id, -Errno.EAGAIN);
            } else {
                // Nothing to cancel: the receive stays armed for the next phase.
                table.timedOut(id);
            }
        }
        waitingLatest = 0;
    }

    /**
     * 2. Submits the published SQEs and waits for all of them, bounded by the deadline; normally
     * one call. Each round either reaps completions or ends at the deadline (an EINTR is retried).
     */
    private void submitAndWait(Phase phase, long deadlineNanos, boolean latestHere) {
        SubmissionQueue sq = ring.submissionQueue();
        // RECV_LATEST: even with nothing to wait for, enter once, because with DEFER_TASKRUN the
        // receives of datagrams that arrived since the last phase run only inside an enter.
        boolean mustEnter = latestHere;
        while (pendingExchanges + pendingLinks + pendingCancels + waitingLatest > 0 || mustEnter) {
            long remaining = deadlineNanos - System.nanoTime();
            int toSubmit = sq.unsubmitted();
            if (remaining <= 0 && toSubmit == 0 && !mustEnter) {
                break;
            }
            mustEnter = false;
            int res = enterAndWait(toSubmit, pendingExchanges + pendingLinks + pendingCancels + waitingLatest,
                    Math.max(remaining, 0));
            if (res < 0 && !retryable(-res)) {
                failUnsubmitted(phase, -res);
            }
            reap();
            // A multishot that ran out of buffers left datagrams in the socket: re-armed, it
            // receives them in one more enter, so the phase still reports the newest.
            mustEnter |= rearmEnded();
        }
    }

    /**
     * 2, SQPOLL: the poller submits what was published; completions that are already there are
     * reaped without a syscall, and only waiting for the rest takes an io_uring_enter (which also
     * wakes a poller that went to sleep).
     */
    private void waitPolled(Phase phase, long deadlineNanos) {
        reap();
        while (pendingExchanges + pendingLinks + pendingCancels + waitingLatest + pendingBarrier > 0) {
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            rearmEnded();
            int res = enterAndWait(0, pendingExchanges + pendingLinks + pendingCancels + waitingLatest + pendingBarrier,
                    remaining);
            if (res < 0 && !retryable(-res)) {
                // With SQPOLL an enter error says nothing about the SQEs, which the poller owns:
                // the ring itself is broken, and waiting on would only spin.
                throw new IllegalStateException("io_uring_enter failed on an SQPOLL ring in phase " + phase + ": "
                        + Errno.name(-res));
            }
            reap();
        }
        // The poller receives apart from the phases: a multishot that ran out of buffers is
        // re-armed now, so it drains the socket while the programs run.
        rearmEnded();
        // A phase that did not wait (only non-blocking multishot receives) has not woken a
        // sleeping poller for its SQEs yet.
        wakePollerFor(ring.submissionQueue());
    }

    /**
     * SQPOLL: SQEs published while the poller sleeps (it does after its idle time) sit there
     * until an enter wakes it; a phase that will not wait (only non-blocking multishot receives,
     * already satisfied) must wake it itself. One syscall, only when the poller sleeps.
     */
    private void wakePollerFor(SubmissionQueue sq) {
        if (sq.unsubmitted() > 0 && ring.pollerNeedsWakeup()) {
            syscalls++;
            ring.enter(0, 0, Abi.ENTER_SQ_WAKEUP, 0L, 0);
        }
    }

    /**
     * A SINGLE_ISSUER ring accepts submissions only from the thread that enabled it, but a task
     * restarted after a stop or fault scans on a new thread. Nothing is in flight between
     * phases, so the ring is then replaced by a fresh one that the new thread enables; this
     * allocates, once per restart, never per cycle.
     */
    private void followScanThread() {
        Thread current = Thread.currentThread();
        if (current == submitter) {
            return;
        }
        if (submitter != null && (ring.setupFlags() & Abi.SETUP_SINGLE_ISSUER) != 0) {
            try {
                replaceRing(openRing(ring.submissionQueue().entries()));
            } catch (ErrnoException e) {
                throw new IllegalStateException("cannot re-create the io_uring ring for scan thread "
                        + current.getName() + ": " + e.getMessage(), e);
            }
        }
        submitter = current;
    }

    private Uring openRing(int entries) throws ErrnoException {
        return ringFactory.open(entries);
    }

    private void prepare(SubmissionQueue sq, int id) {
        long userData = UserData.encode(id, UserData.KIND_EXCHANGE, generation);
        int fd = table.fd(id);
        long address = table.address(id);
        int length = table.length(id);
        byte op = table.op(id);
        int position;
        if (op == ExchangeTable.RECV) {
            position = sq.prepare(Abi.OP_RECV, 0, fd, address, length, 0L,
                    table.nonBlocking(id) ? LibC.MSG_DONTWAIT : 0, userData);
        } else if (op == ExchangeTable.SEND) {
            position = sq.prepare(Abi.OP_SEND, 0, fd, address, length, 0L, LibC.MSG_NOSIGNAL, userData);
        } else {
            // off = -1 means "the file position" (IORING_FEAT_RW_CUR_POS, Linux 5.6+).
            position = sq.prepare(op == ExchangeTable.READ ? Abi.OP_READ : Abi.OP_WRITE,
                    linked[id] ? Abi.IOSQE_IO_LINK : 0, fd, address, length, table.fileOffset(id), 0, userData);
            if (linked[id]) {
                linkPosition[id] = sq.prepare(Abi.OP_LINK_TIMEOUT, 0, -1, scratchAddress + ZERO_TIMESPEC, 1, 0L, 0,
                        UserData.encode(id, UserData.KIND_LINK_TIMEOUT, generation));
                pendingLinks++;
            }
        }
        sqePosition[id] = position;
        inFlight[id] = true;
        cancelRequested[id] = false;
        pendingExchanges++;
    }

    /** io_uring_enter that submits {@code toSubmit} and waits for {@code minComplete} or the timeout. */
    private int enterAndWait(int toSubmit, int minComplete, long timeoutNanos) {
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

    /** Errors of io_uring_enter after which waiting again is right. */
    private static boolean retryable(int errno) {
        // EINTR: a signal; ETIME: the wait timed out; EAGAIN/EBUSY: CQ overflow backlog, which
        // the next GETEVENTS enter flushes once we have reaped.
        return errno == Errno.EINTR || errno == Errno.ETIME || errno == Errno.EAGAIN || errno == Errno.EBUSY;
    }

    /**
     * io_uring_enter failed hard: withdraws the SQEs the kernel did not take and fails their
     * exchanges with the errno, so nothing of this phase survives into the next one.
     */
    private void failUnsubmitted(Phase phase, int errno) {
        SubmissionQueue sq = ring.submissionQueue();
        int n = table.count(phase);
        for (int i = 0; i < n; i++) {
            int id = table.id(phase, i);
            if (inFlight[id] && sq.unsubmittedFrom(sqePosition[id])) {
                inFlight[id] = false;
                pendingExchanges--;
                table.complete(id, -errno);
                // A link timeout sits right after its READ, so it was not taken either.
                if (linked[id]) {
                    pendingLinks--;
                }
            }
        }
        for (int id : latestIds) {
            LatestReceive l = latest[id];
            if (l.armed && l.armGeneration == generation && sq.unsubmittedFrom(l.armPosition)) {
                l.armed = false;
            }
            if (l.cancelGeneration == generation && sq.unsubmittedFrom(l.cancelPosition)) {
                l.cancelGeneration = -1;
                l.cancelOld = true;
                pendingCancels--;
            }
        }
        sq.rewindUnsubmitted();
    }

    /** Reads every available CQE and records its outcome. */
    private void reap() {
        CompletionQueue cq = ring.completionQueue();
        int head = cq.head();
        int tail = cq.tail();
        try {
            while (head != tail) {
                long userData = cq.userData(head);
                int res = cq.result(head);
                int flags = cq.flags(head);
                head++;
                int slot = UserData.slot(userData);
                int kind = UserData.kind(userData);
                if (kind == UserData.KIND_MULTISHOT) {
                    multishotCompleted(slot, UserData.generation(userData), res, flags);
                } else if (UserData.generation(userData) != generation || slot < 0 || slot >= table.size()) {
                    strayCompletions++;
                } else if (kind == UserData.KIND_BARRIER) {
                    pendingBarrier = 0;
                } else if (kind == UserData.KIND_LINK_TIMEOUT) {
                    pendingLinks--;
                } else if (kind == UserData.KIND_CANCEL) {
                    pendingCancels--;
                } else if (inFlight[slot]) {
                    inFlight[slot] = false;
                    pendingExchanges--;
                    completeExchange(slot, res);
                } else {
                    strayCompletions++;
                }
            }
        } finally {
            cq.advanceTo(head);
        }
    }

    /**
     * One CQE of a multishot receive: a datagram in a provided buffer (kept if newest), or the
     * end of the multishot (no F_MORE): ENOBUFS and ECANCELED only need a re-arm, other errors
     * (ECONNREFUSED) are the exchange's outcome.
     */
    private void multishotCompleted(int slot, int epoch, int res, int flags) {
        LatestReceive l = slot >= 0 && slot < table.size() ? latest[slot] : null;
        if (l == null) {
            strayCompletions++;
            return;
        }
        int bid = (flags & Abi.CQE_F_BUFFER) != 0 ? flags >>> Abi.CQE_BUFFER_SHIFT : -1;
        if (epoch != l.epoch) {
            // An arm on an fd the exchange left: its data is not for us, its buffer is.
            l.recycle(bid);
            return;
        }
        if ((flags & Abi.CQE_F_MORE) == 0) {
            l.armed = false;
        }
        if (res >= 0) {
            if (bid < 0) {
                return;
            }
            l.received(bid, res);
        } else if (res == -Errno.ENOBUFS) {
            l.starved = true;
            return;
        } else if (res == -Errno.ECANCELED) {
            return;
        } else {
            l.latestError = res;
        }
        if (l.waiting) {
            l.waiting = false;
            waitingLatest--;
        }
    }

    private void completeExchange(int id, int res) {
        boolean interrupted = res == -Errno.ECANCELED || res == -Errno.EINTR;
        if (interrupted && cancelRequested[id]) {
            table.timedOut(id);
        } else if (interrupted && linked[id]) {
            // The zero link timeout cut a read that could not complete at once.
            table.complete(id, -Errno.EAGAIN);
        } else {
            table.complete(id, res);
        }
    }

    /**
     * Cancels every exchange still in flight and waits for their completions (and those of the
     * cancel requests and link timeouts), however long the kernel takes: returning earlier would
     * hand the driver a buffer the kernel may still write.
     */
    private void cancelInFlight() {
        SubmissionQueue sq = ring.submissionQueue();
        int n = table.size();
        for (int id = 0; id < n; id++) {
            if (inFlight[id] && !cancelRequested[id]) {
                // Room is guaranteed: the ring has 3 x the largest phase and the exchanges were consumed.
                sq.prepare(Abi.OP_ASYNC_CANCEL, 0, -1, UserData.encode(id, UserData.KIND_EXCHANGE, generation), 0, 0L,
                        0, UserData.encode(id, UserData.KIND_CANCEL, generation));
                cancelRequested[id] = true;
                pendingCancels++;
            }
        }
        sq.publish();
        // The barrier NOP (SQPOLL) cannot be cancelled, but completes as soon as the poller gets to it.
        while (pendingExchanges + pendingLinks + pendingCancels + pendingBarrier > 0) {
            enterAndWait(sq.unsubmitted(), pendingExchanges + pendingLinks + pendingCancels + pendingBarrier,
                    CANCEL_WAIT_SLICE_NANOS);
            reap();
        }
    }

    /**
     * At close, on the scan thread: cancels the armed multishot receives and waits (a bounded
     * while) for their last completions, so the kernel is done with their buffers before the
     * ring goes. From another thread, closing the ring fd cancels them and the buffers are
     * left to the garbage collector.
     */
    private void cancelMultishots() {
        SubmissionQueue sq = ring.submissionQueue();
        int armed = 0;
        generation = (generation + 1) & 0xffff;
        pendingCancels = 0;
        for (int id : latestIds) {
            LatestReceive l = latest[id];
            if (l.armed) {
                sq.prepare(Abi.OP_ASYNC_CANCEL, 0, -1, UserData.encode(id, UserData.KIND_MULTISHOT, l.epoch), 0, 0L, 0,
                        UserData.encode(id, UserData.KIND_CANCEL, generation));
                pendingCancels++;
                armed++;
            }
        }
        if (armed == 0) {
            return;
        }
        sq.publish();
        for (int round = 0; round < 10 && (pendingCancels > 0 || anyArmed()); round++) {
            enterAndWait(sq.unsubmitted(), 1, CANCEL_WAIT_SLICE_NANOS);
            reap();
        }
    }

    private boolean anyArmed() {
        for (int id : latestIds) {
            if (latest[id].armed) {
                return true;
            }
        }
        return false;
    }

    private void checkOverflow() {
        CompletionQueue cq = ring.completionQueue();
        int counter = cq.overflow();
        boolean flagged = (ring.submissionQueue().flags() & Abi.SQ_CQ_OVERFLOW) != 0;
        if (counter != lastOverflowCounter || flagged) {
            cqOverflows += Math.max(1, counter - lastOverflowCounter);
            lastOverflowCounter = counter;
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
        LatestReceive l = latest[id];
        if (l != null) {
            l.dropLatest();
            if (l.armed) {
                l.cancelOld = true;
                l.oldEpoch = l.epoch;
                l.armed = false;
            }
        }
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
            latestSupport = kernelAtLeast(6, 0) && probeBufferRing() ? 1 : -1;
        }
        return latestSupport > 0;
    }

    private boolean probeBufferRing() {
        LatestReceive probe = new LatestReceive(PROBE_GROUP, 1);
        if (probe.register(ring) < 0) {
            return false;
        }
        ring.unregisterBufferRing(PROBE_GROUP);
        return true;
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
        return cqOverflows;
    }

    /** Completions that matched no in-flight request of the current phase; should stay 0. */
    public long strayCompletions() {
        return strayCompletions;
    }

    /** True when this CycleIo's ring has an SQPOLL poller thread. */
    public boolean sqpoll() {
        return ring.sqpoll();
    }

    /** The setup flags the kernel accepted for this ring, as names. */
    public String setupFlags() {
        return ring.setupFlagNames();
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
            if (Thread.currentThread() == submitter) {
                if (pendingExchanges + pendingLinks + pendingCancels > 0) {
                    cancelInFlight();
                }
                cancelMultishots();
            }
        } finally {
            ring.close();
            scratch.close();
        }
    }
}
