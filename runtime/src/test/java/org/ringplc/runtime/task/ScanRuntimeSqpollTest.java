package org.ringplc.runtime.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ringplc.io.CycleIo;
import org.ringplc.io.CycleIoFactory;
import org.ringplc.runtime.RuntimeStatus;

/**
 * {@link ScanRuntimeTest} on io_uring rings with a submission-queue poller ({@code io.sqpoll}),
 * with a short idle time so that the poller falls asleep between the 10 ms cycles of the aux task
 * and the wake-up path runs too. {@code backend: iouring}, so that a refused SQPOLL fails the start
 * instead of quietly running on a plain ring; skipped where this kernel refuses SQPOLL rings.
 */
class ScanRuntimeSqpollTest extends ScanRuntimeTest {

    @BeforeAll
    static void kernelAcceptsSqpoll() {
        String refusal = null;
        try (CycleIo io = CycleIoFactory.open(CycleIoFactory.Backend.IOURING, CycleIoFactory.Options.sqpoll(2))) {
            assertTrue(io.backendReason().contains("SQPOLL"), io.backendReason());
        } catch (IOException e) {
            refusal = e.getMessage();
        }
        assumeTrue(refusal == null, "no SQPOLL io_uring here: " + refusal);
    }

    @Override
    protected String backend() {
        return "iouring";
    }

    @Override
    protected String ioOptions() {
        return "  sqpoll: {idle: 2ms}\n";
    }

    @Test
    void theStatusSaysTheRingHasAPoller() throws Exception {
        start();
        exchange(21, true, out -> out == 42);
        RuntimeStatus s = rt.status();
        assertEquals("iouring", s.ioBackend());
        assertTrue(s.ioBackendReason().contains("SQPOLL requested (idle 2 ms)"), s.ioBackendReason());
        assertTrue(s.ioBackendReason().contains("SQPOLL") && !s.ioBackendReason().contains("refused"),
                s.ioBackendReason());
        System.out.println("I/O backend: " + s.ioBackend() + " (" + s.ioBackendReason() + ")");
    }
}
