package org.ringplc.io.uring;

import org.ringplc.io.Errno;
import org.ringplc.io.sys.ExchangeTable;

/**
 * Reads the CQEs available and hands each to what it completes: an exchange's own request (its
 * outcome goes to the table), a link timeout, a cancel or the SQPOLL barrier (a counter of
 * {@link PhaseRequests} goes down), or a multishot receive ({@link MultishotReceives}).
 *
 * <p>It is a class of its own because it is the one place where user_data is decoded, and where
 * a completion that matches nothing in flight is caught: every phase waits for all of its
 * requests, so a CQE of another generation or for a request not in flight means an invariant
 * broke, and is counted as a stray instead of becoming a wrong status.
 *
 * <p>Threading: scan thread only; no allocation.
 */
final class CompletionDispatch {

    private final ScanThreadRing ring;
    private final ExchangeTable table;
    private final PhaseRequests requests;
    private final MultishotReceives multishots;
    private long strayCompletions;

    CompletionDispatch(ScanThreadRing ring, ExchangeTable table, PhaseRequests requests, MultishotReceives multishots) {
        this.ring = ring;
        this.table = table;
        this.requests = requests;
        this.multishots = multishots;
    }

    /** Reads every available CQE and records its outcome. */
    void reap() {
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
                    // Its generation field is the arm's epoch, checked by the receive itself.
                    if (!multishots.completed(slot, UserData.generation(userData), res, flags)) {
                        strayCompletions++;
                    }
                } else if (UserData.generation(userData) != requests.generation || slot < 0 || slot >= table.size()) {
                    strayCompletions++;
                } else if (kind == UserData.KIND_BARRIER) {
                    requests.pendingBarrier = 0;
                } else if (kind == UserData.KIND_LINK_TIMEOUT || kind == UserData.KIND_POLL) {
                    requests.pendingLinks--;
                } else if (kind == UserData.KIND_CANCEL) {
                    requests.pendingCancels--;
                } else if (requests.inFlight[slot]) {
                    requests.inFlight[slot] = false;
                    requests.pendingExchanges--;
                    completeExchange(slot, res);
                } else {
                    strayCompletions++;
                }
            }
        } finally {
            // Released even if handling a CQE threw, so the kernel never sees consumed CQEs as unread.
            cq.advanceTo(head);
        }
    }

    private void completeExchange(int id, int res) {
        boolean interrupted = res == -Errno.ECANCELED || res == -Errno.EINTR;
        if (interrupted && requests.cancelRequested[id]) {
            table.timedOut(id);
        } else if (interrupted && requests.linked[id]) {
            // The zero link timeout cut the poll of a read that had nothing to read, and the
            // chain's READ with it: nothing was consumed.
            table.complete(id, -Errno.EAGAIN);
        } else {
            table.complete(id, res);
        }
    }

    /** Completions that matched no in-flight request of the current phase; should stay 0. */
    long strayCompletions() {
        return strayCompletions;
    }
}
