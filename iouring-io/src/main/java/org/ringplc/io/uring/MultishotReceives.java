package org.ringplc.io.uring;

import java.util.Arrays;
import org.ringplc.io.Errno;
import org.ringplc.io.Exchange;
import org.ringplc.io.Phase;
import org.ringplc.io.sys.ExchangeTable;

/**
 * The RECV_LATEST exchanges of one {@link UringCycleIo}: each one's {@link LatestReceive}
 * (buffer group and multishot state), and what a phase does with them: arm the multishot
 * receive, re-arm it after a backlog used up its buffers, cancel an arm left on an fd that
 * {@code setFd} replaced, take its CQEs, and report the newest datagram at the end of the phase.
 *
 * <p>It is a class of its own because a multishot receive does not follow the phase's rules: it
 * is armed once and stays in the kernel across phases, its CQEs arrive whenever datagrams do and
 * carry the arm's epoch instead of the phase's generation, a blocking one that got nothing ends
 * its phase as TIMEOUT without a cancel, and its outcome is decided only after the phase's wait.
 * {@link LatestReceive} keeps one exchange's state; this class keeps the set and the phase logic.
 *
 * <p>Threading: scan thread only. Allocation: at registration and when the ring is replaced.
 */
final class MultishotReceives {

    /** The buffer group RECV_LATEST support is probed with; exchange ids (group ids) stay below it. */
    private static final int PROBE_GROUP = 0xffff;

    private final ExchangeTable table;
    private final PhaseRequests requests;
    // By exchange id: the multishot state (null for other ops), and where the exchange's region
    // starts in its buffer (the copy target of the newest datagram).
    private LatestReceive[] latest = new LatestReceive[8];
    private int[] regionStart = new int[8];
    private int[] ids = new int[0];

    MultishotReceives(ExchangeTable table, PhaseRequests requests) {
        this.table = table;
        this.requests = requests;
    }

    /**
     * True when {@code uring} accepts a provided-buffer ring (Linux 5.19+); tried with a ring
     * registered and unregistered again.
     */
    static boolean acceptsBufferRing(Uring uring) {
        LatestReceive probe = new LatestReceive(PROBE_GROUP, 1);
        if (probe.register(uring) < 0) {
            return false;
        }
        uring.unregisterBufferRing(PROBE_GROUP);
        return true;
    }

    /**
     * The multishot state of a RECV_LATEST exchange about to be registered as {@code groupId},
     * with its buffer ring registered on {@code uring}; a kernel that refuses the buffer ring
     * refuses the exchange with an UnsupportedOperationException naming the errno.
     */
    LatestReceive open(int groupId, int capacity, Uring uring) {
        if (groupId >= PROBE_GROUP) {
            throw new IllegalStateException("RECV_LATEST exchanges need ids below " + PROBE_GROUP);
        }
        LatestReceive receive = new LatestReceive(groupId, capacity);
        int res = receive.register(uring);
        if (res < 0) {
            throw new UnsupportedOperationException("RECV_LATEST needs io_uring provided-buffer rings (Linux 6.0+): "
                    + "io_uring_register(PBUF_RING) failed: " + Errno.name(-res) + "; register RECV exchanges instead");
        }
        return receive;
    }

    /** Records exchange {@code id} once the table registered it; {@code receive} null for other ops. */
    void registered(int id, Exchange exchange, LatestReceive receive) {
        if (id >= latest.length) {
            int capacity = latest.length * 2;
            latest = Arrays.copyOf(latest, capacity);
            regionStart = Arrays.copyOf(regionStart, capacity);
        }
        latest[id] = receive;
        regionStart[id] = exchange.buffer().position();
        if (receive != null) {
            ids = Arrays.copyOf(ids, ids.length + 1);
            ids[ids.length - 1] = id;
        }
    }

    /** Number of RECV_LATEST exchanges. */
    int count() {
        return ids.length;
    }

    /** True when exchange {@code id} is a RECV_LATEST one. */
    boolean has(int id) {
        return latest[id] != null;
    }

    /**
     * The io_uring ring was replaced: every receive gets fresh buffer memory (the old ring's
     * kernel teardown is asynchronous) registered on {@code uring}, and will be armed again.
     */
    void reallocateOn(Uring uring) {
        for (int id : ids) {
            LatestReceive l = latest[id];
            l.allocate();
            int res = l.register(uring);
            if (res < 0) {
                throw new IllegalStateException("cannot register the provided buffers of exchange " + id
                        + " on the new io_uring ring: " + Errno.name(-res));
            }
        }
    }

    /**
     * Start of a phase: cancels the multishot receives left on an fd that setFd replaced,
     * whatever their phase, and resets the per-phase re-arm budget.
     */
    void cancelOldArms(SubmissionQueue sq) {
        for (int id : ids) {
            LatestReceive l = latest[id];
            l.rearms = 0;
            if (l.cancelOld) {
                l.cancelPosition = sq.prepare(Abi.OP_ASYNC_CANCEL, 0, -1,
                        UserData.encode(id, UserData.KIND_MULTISHOT, l.oldEpoch), 0, 0L, 0,
                        requests.userData(id, UserData.KIND_CANCEL));
                l.cancelGeneration = requests.generation;
                l.cancelOld = false;
                requests.pendingCancels++;
            }
        }
    }

    /**
     * A RECV_LATEST exchange in its phase: armed once (again after the multishot ended), then it
     * waits, if blocking, only when nothing arrived since its previous phase.
     */
    void prepare(SubmissionQueue sq, int id) {
        LatestReceive l = latest[id];
        if (!l.armed) {
            arm(sq, id);
        }
        l.waiting = !table.nonBlocking(id) && l.latestBuffer < 0 && l.latestError == 0;
        if (l.waiting) {
            requests.waitingLatest++;
        }
    }

    private void arm(SubmissionQueue sq, int id) {
        LatestReceive l = latest[id];
        l.epoch = (l.epoch + 1) & 0xffff;
        // len 0: each datagram takes a whole provided buffer; no MSG_DONTWAIT, it waits in poll.
        l.armPosition = sq.prepare(Abi.OP_RECV, Abi.IOSQE_BUFFER_SELECT, Abi.RECV_MULTISHOT, table.fd(id), 0L, 0, 0L,
                0, UserData.encode(id, UserData.KIND_MULTISHOT, l.epoch), l.groupId);
        l.armGeneration = requests.generation;
        l.armed = true;
    }

    /**
     * Re-arms multishot receives that ended (ENOBUFS: more datagrams than free buffers between
     * two reaps) so a waiting exchange still sees the newest; bounded per phase. Publishes the
     * re-arms; true when there were any.
     */
    boolean rearmEnded(SubmissionQueue sq) {
        boolean any = false;
        for (int id : ids) {
            LatestReceive l = latest[id];
            if (!l.armed && (l.starved || l.waiting) && l.latestError == 0 && table.enabled(id)
                    && l.rearms < LatestReceive.MAX_REARMS_PER_PHASE) {
                l.rearms++;
                l.starved = false;
                arm(sq, id);
                any = true;
            }
        }
        if (any) {
            sq.publish();
        }
        return any;
    }

    /**
     * One CQE of a multishot receive: a datagram in a provided buffer (kept if newest), or the
     * end of the multishot (no F_MORE): ENOBUFS and ECANCELED only need a re-arm, other errors
     * (ECONNREFUSED) are the exchange's outcome. False when the slot is no RECV_LATEST exchange.
     */
    boolean completed(int slot, int epoch, int res, int flags) {
        LatestReceive l = slot >= 0 && slot < table.size() ? latest[slot] : null;
        if (l == null) {
            return false;
        }
        int bid = (flags & Abi.CQE_F_BUFFER) != 0 ? flags >>> Abi.CQE_BUFFER_SHIFT : -1;
        if (epoch != l.epoch) {
            // An arm on an fd the exchange left: its data is not for us, its buffer is.
            l.recycle(bid);
            return true;
        }
        if ((flags & Abi.CQE_F_MORE) == 0) {
            l.armed = false;
        }
        if (res >= 0) {
            if (bid < 0) {
                return true;
            }
            l.received(bid, res);
        } else if (res == -Errno.ENOBUFS) {
            l.starved = true;
            return true;
        } else if (res == -Errno.ECANCELED) {
            return true;
        } else {
            l.latestError = res;
        }
        if (l.waiting) {
            l.waiting = false;
            requests.waitingLatest--;
        }
        return true;
    }

    /** Reports each RECV_LATEST exchange of {@code phase}: the newest datagram, an error, NO_DATA or TIMEOUT. */
    void finish(Phase phase) {
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
        requests.waitingLatest = 0;
    }

    /**
     * io_uring_enter failed before the kernel took them: forgets this phase's arms and old-arm
     * cancels that are still in the SQ (the caller rewinds it); an old arm will be cancelled
     * again at the next phase.
     */
    void withdrawUnsubmitted(SubmissionQueue sq) {
        for (int id : ids) {
            LatestReceive l = latest[id];
            if (l.armed && l.armGeneration == requests.generation && sq.unsubmittedFrom(l.armPosition)) {
                l.armed = false;
            }
            if (l.cancelGeneration == requests.generation && sq.unsubmittedFrom(l.cancelPosition)) {
                l.cancelGeneration = -1;
                l.cancelOld = true;
                requests.pendingCancels--;
            }
        }
    }

    /**
     * Exchange {@code id} moved to another fd: what the old fd received and not yet reported is
     * dropped; its multishot receive is cancelled at the next phase and a new one armed.
     */
    void moved(int id) {
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

    /** Prepares an ASYNC_CANCEL of every armed multishot receive (at close); returns how many. */
    int cancelArmed(SubmissionQueue sq) {
        int armed = 0;
        for (int id : ids) {
            LatestReceive l = latest[id];
            if (l.armed) {
                sq.prepare(Abi.OP_ASYNC_CANCEL, 0, -1, UserData.encode(id, UserData.KIND_MULTISHOT, l.epoch), 0, 0L, 0,
                        requests.userData(id, UserData.KIND_CANCEL));
                requests.pendingCancels++;
                armed++;
            }
        }
        return armed;
    }

    /** True while any multishot receive is still in the kernel. */
    boolean anyArmed() {
        for (int id : ids) {
            if (latest[id].armed) {
                return true;
            }
        }
        return false;
    }
}
