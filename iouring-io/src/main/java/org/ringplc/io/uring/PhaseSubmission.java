package org.ringplc.io.uring;

import org.ringplc.io.Phase;
import org.ringplc.io.sys.ExchangeTable;
import org.ringplc.io.sys.LibC;

/**
 * Step 1 of a phase: writes its SQEs and publishes them with one release of the SQ tail, so the
 * phase's single io_uring_enter submits them all (on SQPOLL, the poller takes them at once).
 *
 * <p>One SQE per enabled exchange, except a non-blocking READ: it is the chain POLL_ADD(POLLIN)
 * → zero LINK_TIMEOUT → READ. RWF_NOWAIT is EOPNOTSUPP on sysfs, procfs and (before Linux 6.5ish)
 * pipes, and io_uring waits for data even on an O_NONBLOCK fd, so "read what is there, else
 * NO_DATA" is built from a poll that completes inline when the fd is readable and is cut by the
 * zero timeout when it is not (then the READ fails with ECANCELED: NO_DATA, nothing consumed).
 * The timeout sits on the poll rather than on the READ because a READ on a file without NOWAIT
 * support goes to an io-wq worker, where the zero timeout could cancel it with data waiting (seen
 * on Linux 6.1 with SQPOLL and plain rings); a READ that follows a successful poll has no timeout
 * and returns what is there. A non-blocking RECV carries MSG_DONTWAIT. RECV_LATEST exchanges cost no SQE once armed (see {@link MultishotReceives}),
 * and on an SQPOLL ring a phase with them ends with a barrier NOP.
 *
 * <p>It is a class of its own so that what goes into the ring, and why, reads in one place,
 * apart from the waiting and reaping that follow. Room is never checked here: the ring is sized
 * at registration for the largest phase ({@link ScanThreadRing#entriesFor}).
 *
 * <p>Threading: scan thread only; no allocation.
 */
final class PhaseSubmission {

    private final ExchangeTable table;
    private final PhaseRequests requests;
    private final MultishotReceives multishots;
    private final long zeroTimespec;

    /** @param zeroTimespec a zero timespec in native memory, the link timeouts' argument */
    PhaseSubmission(ExchangeTable table, PhaseRequests requests, MultishotReceives multishots, long zeroTimespec) {
        this.table = table;
        this.requests = requests;
        this.multishots = multishots;
        this.zeroTimespec = zeroTimespec;
    }

    /**
     * Prepares and publishes the SQEs of {@code phase}'s enabled exchanges (and any cancel of a
     * multishot left on a replaced fd). Returns whether the phase has RECV_LATEST exchanges.
     */
    boolean publish(Phase phase, SubmissionQueue sq, boolean sqpoll) {
        multishots.cancelOldArms(sq);
        boolean latestHere = false;
        int n = table.count(phase);
        for (int i = 0; i < n; i++) {
            int id = table.id(phase, i);
            if (!table.enabled(id)) {
                continue;
            }
            if (multishots.has(id)) {
                multishots.prepare(sq, id);
                latestHere = true;
            } else {
                prepare(sq, id);
            }
        }
        if (latestHere && sqpoll) {
            // The poller receives datagrams in its own task work; a NOP after this phase's SQEs
            // completes only after the poller ran the task work queued before it, so the phase
            // sees every datagram that had reached the socket when it started.
            sq.prepare(Abi.OP_NOP, 0, -1, 0L, 0, 0L, 0, UserData.encode(0, UserData.KIND_BARRIER, requests.generation));
            requests.pendingBarrier = 1;
        }
        sq.publish();
        return latestHere;
    }

    private void prepare(SubmissionQueue sq, int id) {
        long userData = requests.userData(id, UserData.KIND_EXCHANGE);
        int fd = table.fd(id);
        long address = table.address(id);
        int length = table.length(id);
        byte op = table.op(id);
        boolean linked = requests.linked[id];
        int position;
        if (op == ExchangeTable.RECV) {
            position = sq.prepare(Abi.OP_RECV, 0, fd, address, length, 0L,
                    table.nonBlocking(id) ? LibC.MSG_DONTWAIT : 0, userData);
        } else if (op == ExchangeTable.SEND) {
            position = sq.prepare(Abi.OP_SEND, 0, fd, address, length, 0L, LibC.MSG_NOSIGNAL, userData);
        } else {
            int chainStart = -1;
            if (linked) {
                // The chain's SQEs are consecutive: IOSQE_IO_LINK links each to the next in the ring,
                // and a LINK_TIMEOUT applies to the request right before it.
                chainStart = sq.prepare(Abi.OP_POLL_ADD, Abi.IOSQE_IO_LINK, fd, 0L, 0, 0L, LibC.POLLIN,
                        requests.userData(id, UserData.KIND_POLL));
                sq.prepare(Abi.OP_LINK_TIMEOUT, Abi.IOSQE_IO_LINK, -1, zeroTimespec, 1, 0L, 0,
                        requests.userData(id, UserData.KIND_LINK_TIMEOUT));
                requests.pendingLinks += 2;
            }
            // off = -1 means "the file position" (IORING_FEAT_RW_CUR_POS, Linux 5.6+).
            position = sq.prepare(op == ExchangeTable.READ ? Abi.OP_READ : Abi.OP_WRITE, 0, fd, address, length,
                    table.fileOffset(id), 0, userData);
            position = linked ? chainStart : position;
        }
        requests.sqePosition[id] = position;
        requests.inFlight[id] = true;
        requests.cancelRequested[id] = false;
        requests.pendingExchanges++;
    }
}
