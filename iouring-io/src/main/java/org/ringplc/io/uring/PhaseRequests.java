package org.ringplc.io.uring;

import java.util.Arrays;

/**
 * What the current phase has handed to the kernel and what the kernel still owes it: per
 * exchange, whether its request is in flight, whether we asked to cancel it and where its SQE
 * sits in submission order; per kind of request, the CQEs still to come; and the phase's
 * generation, which every request of the phase carries in its user_data.
 *
 * <p>It is a class of its own because submitting ({@link PhaseSubmission}), reaping
 * ({@link CompletionDispatch}), waiting ({@link PhaseWait}) and cancelling ({@link CancelRound})
 * all move the same counters, and a phase may end only when they are back to zero: a CQE still
 * owed means a buffer the kernel may still write.
 *
 * <p>Threading: scan thread only. The fields are plain and package-private because the phase's
 * classes read and write them on the hot path and never hand them to another thread.
 */
final class PhaseRequests {

    boolean[] inFlight = new boolean[8];
    /** An ASYNC_CANCEL was sent for the exchange's request in this phase: ECANCELED is then a timeout. */
    boolean[] cancelRequested = new boolean[8];
    /** A non-blocking READ, chained to a zero LINK_TIMEOUT; fixed at registration. */
    boolean[] linked = new boolean[8];
    /** Position of the exchange's SQE in submission order, to withdraw it if the enter failed. */
    int[] sqePosition = new int[8];

    /** Tags the phase's requests; a completion of another generation is a stray (16 bits, as in UserData). */
    int generation;
    // CQEs still owed by the kernel in this phase, by kind.
    int pendingExchanges;
    int pendingLinks;
    int pendingCancels;
    /** 1 while the SQPOLL barrier NOP of the phase has not completed. */
    int pendingBarrier;
    /** Blocking RECV_LATEST exchanges of the phase that have seen no datagram yet. */
    int waitingLatest;

    /** Records a newly registered exchange; allocates when the arrays must grow, never per phase. */
    void registered(int id, boolean linkedRead) {
        if (id >= inFlight.length) {
            int capacity = inFlight.length * 2;
            inFlight = Arrays.copyOf(inFlight, capacity);
            cancelRequested = Arrays.copyOf(cancelRequested, capacity);
            linked = Arrays.copyOf(linked, capacity);
            sqePosition = Arrays.copyOf(sqePosition, capacity);
        }
        linked[id] = linkedRead;
    }

    /** Starts a phase: a new generation, nothing owed. */
    void begin() {
        generation = (generation + 1) & 0xffff;
        pendingExchanges = 0;
        pendingLinks = 0;
        pendingCancels = 0;
        waitingLatest = 0;
        pendingBarrier = 0;
    }

    /**
     * CQEs the kernel still owes for requests we submitted: while this is above zero, a buffer
     * of the phase may still be in the kernel's hands.
     */
    int owed() {
        return pendingExchanges + pendingLinks + pendingCancels + pendingBarrier;
    }

    /** What a waiting enter waits for: the owed CQEs plus a first datagram per waiting RECV_LATEST. */
    int awaited() {
        return owed() + waitingLatest;
    }

    /** user_data for a request of this phase. */
    long userData(int id, int kind) {
        return UserData.encode(id, kind, generation);
    }
}
