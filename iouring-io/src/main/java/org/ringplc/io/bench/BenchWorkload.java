package org.ringplc.io.bench;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import org.ringplc.io.CycleIo;
import org.ringplc.io.ExchangeStatus;
import org.ringplc.io.Phase;
import org.ringplc.io.sys.LibC;

/**
 * The cycles {@code bench io} measures: OUTPUT sends each request stamped with the cycle's
 * number, INPUT receives the answers, and an answer that does not carry the number counts as a
 * failed exchange. State lives in fields so the measured loop allocates nothing.
 */
final class BenchWorkload {
    private final CycleIo io;
    private final int[] sends;
    private final int[] receives;
    private final ByteBuffer[] requests;
    private final ByteBuffer[] answers;
    private final int[] fds;
    private final boolean receiveLatest;
    private final boolean[] stale;
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(IoBench.DATAGRAM_BYTES);
    private final long scratchAddress = Pointer.nativeValue(Native.getDirectBufferPointer(scratch));
    private long sequence;

    BenchWorkload(CycleIo io, int[] fds, int[] sends, int[] receives, ByteBuffer[] requests, ByteBuffer[] answers,
            boolean receiveLatest) {
        this.io = io;
        this.receiveLatest = receiveLatest;
        this.stale = new boolean[receives.length];
        this.fds = fds;
        this.sends = sends;
        this.receives = receives;
        this.requests = requests;
        this.answers = answers;
    }

    /** Runs the cycles; returns {syscalls, failed exchanges}; records each cycle's wall time if asked. */
    long[] cycles(int cycles, long[] wall) {
        long syscalls = 0;
        long failed = 0;
        for (int cycle = 0; cycle < cycles; cycle++) {
            long number = ++sequence;
            for (ByteBuffer request : requests) {
                request.putLong(0, number);
            }
            long start = System.nanoTime();
            io.runPhase(Phase.OUTPUT, start + IoBench.PHASE_DEADLINE_NANOS);
            syscalls += io.lastPhaseSyscalls();
            io.runPhase(Phase.INPUT, System.nanoTime() + IoBench.PHASE_DEADLINE_NANOS);
            syscalls += io.lastPhaseSyscalls();
            if (wall != null) {
                wall[cycle] = System.nanoTime() - start;
            }
            boolean anyStale = false;
            for (int i = 0; i < sends.length; i++) {
                failed += io.status(sends[i]) == ExchangeStatus.OK ? 0 : 1;
                stale[i] = !answered(i, number);
                failed += stale[i] ? 1 : 0;
                anyStale |= stale[i];
            }
            if (anyStale && receiveLatest) {
                syscalls += catchUp(number);
            } else if (anyStale) {
                drainLateAnswers();
            }
        }
        return new long[] {syscalls, failed};
    }

    private boolean answered(int i, long number) {
        return io.status(receives[i]) == ExchangeStatus.OK && io.result(receives[i]) == IoBench.DATAGRAM_BYTES
                && answers[i].getLong(0) == number;
    }

    /**
     * RECV_LATEST: an answer that came after its phase's deadline is the newest datagram of
     * the next phase, ahead of that cycle's own answer, and would keep the exchange one cycle
     * behind. Waits (a few more INPUT phases of the stale exchanges only) for this cycle's
     * answer; returns the syscalls that took.
     */
    private long catchUp(long number) {
        long syscalls = 0;
        for (int i = 0; i < receives.length; i++) {
            io.setEnabled(receives[i], stale[i]);
        }
        for (int round = 0; round < 3; round++) {
            io.runPhase(Phase.INPUT, System.nanoTime() + IoBench.PHASE_DEADLINE_NANOS);
            syscalls += io.lastPhaseSyscalls();
            boolean anyStale = false;
            for (int i = 0; i < receives.length; i++) {
                if (stale[i] && answered(i, number)) {
                    stale[i] = false;
                    io.setEnabled(receives[i], false);
                }
                anyStale |= stale[i];
            }
            if (!anyStale) {
                break;
            }
        }
        for (int receive : receives) {
            io.setEnabled(receive, true);
        }
        return syscalls;
    }

    /**
     * An answer that missed its phase's deadline (the peer process was descheduled) would
     * otherwise be received one cycle late in every following cycle; drops what is queued.
     */
    private void drainLateAnswers() {
        for (int fd : fds) {
            while (LibC.recv(fd, scratchAddress, IoBench.DATAGRAM_BYTES, LibC.MSG_DONTWAIT) >= 0) {
                // Discarded: only answers to the next cycle's requests count.
            }
        }
    }
}
