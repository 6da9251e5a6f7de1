package org.ringplc.io.uring;

import org.ringplc.io.Errno;
import org.ringplc.io.Phase;
import org.ringplc.io.sys.ExchangeTable;

/**
 * Step 2 of a phase: submits what {@link PhaseSubmission} published and waits until every
 * request completed or the deadline passed, in the common case with ONE
 * {@code io_uring_enter(to_submit, min_complete, GETEVENTS|EXT_ARG)} whose timeout is the
 * deadline. Receives with data waiting, sends and file I/O complete inside that call; blocking
 * receives are poll-armed by the kernel and complete when data arrives. What is left at the
 * deadline is {@link CancelRound}'s.
 *
 * <p>On an SQPOLL ring the poller submits; completions already there are reaped without a
 * syscall, and only waiting for the rest takes an enter.
 *
 * <p>It is a class of its own because the wait loops carry the kernel-facing rules that keep a
 * phase at one syscall: when an enter is needed even with nothing to wait for, which errors are
 * retried, when a multishot receive is re-armed, and how SQEs are withdrawn after a failed enter.
 *
 * <p>Threading: scan thread only; no allocation.
 */
final class PhaseWait {

    private final ScanThreadRing ring;
    private final ExchangeTable table;
    private final PhaseRequests requests;
    private final MultishotReceives multishots;
    private final CompletionDispatch completions;

    PhaseWait(ScanThreadRing ring, ExchangeTable table, PhaseRequests requests, MultishotReceives multishots,
            CompletionDispatch completions) {
        this.ring = ring;
        this.table = table;
        this.requests = requests;
        this.multishots = multishots;
        this.completions = completions;
    }

    /**
     * Submits the published SQEs and waits for all of them, bounded by the deadline; normally
     * one call. Each round either reaps completions or ends at the deadline (an EINTR is retried).
     */
    void submitAndWait(Phase phase, long deadlineNanos, boolean latestHere) {
        SubmissionQueue sq = ring.submissionQueue();
        // RECV_LATEST: even with nothing to wait for, enter once, because with DEFER_TASKRUN the
        // receives of datagrams that arrived since the last phase run only inside an enter.
        boolean mustEnter = latestHere;
        // awaited() includes the SQPOLL barrier, which is always 0 on the rings that come here.
        while (requests.awaited() > 0 || mustEnter) {
            long remaining = deadlineNanos - System.nanoTime();
            int toSubmit = sq.unsubmitted();
            if (remaining <= 0 && toSubmit == 0 && !mustEnter) {
                break;
            }
            mustEnter = false;
            int res = ring.enterAndWait(toSubmit, requests.awaited(), Math.max(remaining, 0));
            if (res < 0 && !retryable(-res)) {
                failUnsubmitted(phase, sq, -res);
            }
            completions.reap();
            // A multishot that ran out of buffers left datagrams in the socket: re-armed, it
            // receives them in one more enter, so the phase still reports the newest.
            mustEnter |= multishots.rearmEnded(sq);
        }
    }

    /**
     * SQPOLL: the poller submits what was published; completions that are already there are
     * reaped without a syscall, and only waiting for the rest takes an io_uring_enter (which also
     * wakes a poller that went to sleep).
     */
    void waitPolled(Phase phase, long deadlineNanos) {
        SubmissionQueue sq = ring.submissionQueue();
        completions.reap();
        while (requests.awaited() > 0) {
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            multishots.rearmEnded(sq);
            int res = ring.enterAndWait(0, requests.awaited(), remaining);
            if (res < 0 && !retryable(-res)) {
                // With SQPOLL an enter error says nothing about the SQEs, which the poller owns:
                // the ring itself is broken, and waiting on would only spin.
                throw new IllegalStateException("io_uring_enter failed on an SQPOLL ring in phase " + phase + ": "
                        + Errno.name(-res));
            }
            completions.reap();
        }
        // The poller receives apart from the phases: a multishot that ran out of buffers is
        // re-armed now, so it drains the socket while the programs run.
        multishots.rearmEnded(sq);
        // A phase that did not wait (only non-blocking multishot receives) has not woken a
        // sleeping poller for its SQEs yet.
        ring.wakePollerForUnsubmitted();
    }

    /** Errors of io_uring_enter after which waiting again is right. */
    private static boolean retryable(int errno) {
        // EINTR: a signal; ETIME: the wait timed out; EAGAIN/EBUSY: CQ overflow backlog, which
        // the next GETEVENTS enter flushes once we have reaped.
        return errno == Errno.EINTR || errno == Errno.ETIME || errno == Errno.EAGAIN || errno == Errno.EBUSY;
    }

    /**
     * io_uring_enter failed hard: withdraws the SQEs the kernel did not take and fails their
     * exchanges with the errno, so nothing of this phase survives into the next one. Sound only
     * without SQPOLL: no other thread consumes this SQ.
     */
    private void failUnsubmitted(Phase phase, SubmissionQueue sq, int errno) {
        int n = table.count(phase);
        for (int i = 0; i < n; i++) {
            int id = table.id(phase, i);
            if (requests.inFlight[id] && sq.unsubmittedFrom(requests.sqePosition[id])) {
                requests.inFlight[id] = false;
                requests.pendingExchanges--;
                table.complete(id, -errno);
                // The chain of a non-blocking READ (poll, link timeout, READ) starts at sqePosition,
                // so none of it was taken.
                if (requests.linked[id]) {
                    requests.pendingLinks -= 2;
                }
            }
        }
        multishots.withdrawUnsubmitted(sq);
        sq.rewindUnsubmitted();
    }
}
