package org.ringplc.io.uring;

import org.ringplc.io.sys.ExchangeTable;

/**
 * Step 3 of a phase that reached its deadline with requests in flight: an ASYNC_CANCEL for each
 * of them, and a wait for every CQE still owed, those of the cancelled requests included. Also
 * the cancel of the armed multishot receives at close.
 *
 * <p>It is a class of its own because of why it waits: a phase may return only when the kernel
 * has let go of every buffer of the phase, so that drivers may read and write their buffers
 * freely between phases. Returning once the cancels were submitted would hand a driver a buffer
 * that a receive completing in the meantime may still write. The cancelled receive normally
 * completes inside the cancel's own io_uring_enter, so the round costs one syscall.
 *
 * <p>Threading: scan thread only; no allocation.
 */
final class CancelRound {

    // While waiting for cancellations, wake up this often to re-check the ring; cancellations
    // complete within microseconds, this only bounds a lost wakeup.
    private static final long WAIT_SLICE_NANOS = 100_000_000L;
    // At close, rounds of waiting for the multishot receives' last CQEs: a second at most, as
    // the caller may be shutting down a task that must not hang on a misbehaving kernel.
    private static final int CLOSE_ROUNDS = 10;

    private final ScanThreadRing ring;
    private final ExchangeTable table;
    private final PhaseRequests requests;
    private final MultishotReceives multishots;
    private final CompletionDispatch completions;

    CancelRound(ScanThreadRing ring, ExchangeTable table, PhaseRequests requests, MultishotReceives multishots,
            CompletionDispatch completions) {
        this.ring = ring;
        this.table = table;
        this.requests = requests;
        this.multishots = multishots;
        this.completions = completions;
    }

    /**
     * Cancels every exchange still in flight and waits for their completions (and those of the
     * cancel requests and link timeouts), however long the kernel takes: returning earlier would
     * hand the driver a buffer the kernel may still write.
     */
    void cancelInFlight() {
        SubmissionQueue sq = ring.submissionQueue();
        int n = table.size();
        for (int id = 0; id < n; id++) {
            if (requests.inFlight[id] && !requests.cancelRequested[id]) {
                // Room is guaranteed: the ring has 3 x the largest phase and the exchanges were consumed.
                sq.prepare(Abi.OP_ASYNC_CANCEL, 0, -1, requests.userData(id, UserData.KIND_EXCHANGE), 0, 0L,
                        0, requests.userData(id, UserData.KIND_CANCEL));
                requests.cancelRequested[id] = true;
                requests.pendingCancels++;
            }
        }
        sq.publish();
        // The barrier NOP (SQPOLL) cannot be cancelled, but completes as soon as the poller gets to it.
        while (requests.owed() > 0) {
            ring.enterAndWait(sq.unsubmitted(), requests.owed(), WAIT_SLICE_NANOS);
            completions.reap();
        }
    }

    /**
     * At close, on the scan thread: cancels the armed multishot receives and waits (a bounded
     * while) for their last completions, so the kernel is done with their buffers before the
     * ring goes. From another thread, closing the ring fd cancels them and the buffers are
     * left to the garbage collector.
     */
    void cancelMultishots() {
        SubmissionQueue sq = ring.submissionQueue();
        // A generation of its own, so that nothing of the last phase is taken for these cancels.
        requests.generation = (requests.generation + 1) & 0xffff;
        requests.pendingCancels = 0;
        if (multishots.cancelArmed(sq) == 0) {
            return;
        }
        sq.publish();
        for (int round = 0; round < CLOSE_ROUNDS && (requests.pendingCancels > 0 || multishots.anyArmed()); round++) {
            ring.enterAndWait(sq.unsubmitted(), 1, WAIT_SLICE_NANOS);
            completions.reap();
        }
    }
}
