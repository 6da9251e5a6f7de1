package org.ringplc.io.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ringplc.io.CycleIoFactory;
import org.ringplc.io.CycleIoFactory.Backend;
import org.ringplc.io.uring.Uring;

class IoBenchTest {

    @Test
    void ioUringNeedsOneSystemCallPerPhaseWhateverTheNumberOfExchanges() throws IOException {
        assumeTrue(Uring.isAvailable(), Uring.reason());
        IoBench.Figures figures = IoBench.run(Backend.IOURING, 4, 300);

        assertEquals("iouring", figures.backend());
        assertEquals(0, figures.failedExchanges());
        assertEquals(2.0, figures.syscallsPerCycle());
        assertTrue(figures.p50Us() > 0 && figures.p50Us() <= figures.p99Us(), figures.toString());
        assertTrue(figures.cpuNsPerCycle() > 0, figures.toString());
    }

    @Test
    void anSqpollRunReportsThePollerThreadsCpuApartFromTheScanThreads() throws IOException {
        assumeTrue(Uring.isAvailable(), Uring.reason());
        IoBench.Figures figures = IoBench.run(Backend.IOURING, CycleIoFactory.Options.sqpoll(1), 4, 300);

        assertEquals("iouring_sqpoll", figures.backend());
        assertEquals(0, figures.failedExchanges());
        // Submission needs no syscall; at most one wait per phase.
        assertTrue(figures.syscallsPerCycle() <= 2.0, figures.toString());
        assertTrue(figures.sqpollCpuNsPerCycle() > 0, "the poller's CPU is measured: " + figures);
        assertTrue(figures.lines().stream().anyMatch(l -> l.startsWith("io.iouring_sqpoll.n4.sqpoll_cpu_ns_per_cycle: ")),
                figures.lines().toString());
    }

    @Test
    void multishotReceivesAnswerEveryCycleWithOneSystemCallPerPhase() throws IOException {
        assumeTrue(Uring.isAvailable(), Uring.reason());
        IoBench.Figures figures = IoBench.run(Backend.IOURING, CycleIoFactory.Options.DEFAULT, 4, 300, true);

        assertEquals("iouring_multishot", figures.backend());
        assertEquals(0, figures.failedExchanges(), figures.toString());
        assertEquals(2.0, figures.syscallsPerCycle(), figures.toString());
    }

    @Test
    void theFallbackRunsTheReceiveLatestWorkloadTooAndSaysSo() throws IOException {
        IoBench.Figures figures = IoBench.run(Backend.FALLBACK, CycleIoFactory.Options.DEFAULT, 2, 200, true);

        assertEquals("fallback_latest", figures.backend());
        assertEquals(0, figures.failedExchanges(), figures.toString());
        // 2 sends, and per answer at least the receive that gets it and the one that finds the socket empty.
        assertTrue(figures.syscallsPerCycle() >= 6.0, figures.toString());
    }

    @Test
    void theSummaryGivesTheRatioPerNAndSaysWhenOnlySqpollReachesTheTarget() {
        List<IoBench.Figures> figures = List.of(
                new IoBench.Figures("iouring", 32, 1000, 50_000, 2, 100, 200, 0),
                new IoBench.Figures("iouring_sqpoll", 32, 1000, 20_000, 2, 100, 200, 0, 0, 150_000),
                new IoBench.Figures("fallback", 32, 1000, 80_000, 96, 150, 250, 0));

        assertEquals("bench io: scan-thread CPU, fallback / io_uring: iouring n32 1.60x [2x target NOT met];"
                + " iouring_sqpoll n32 4.00x (0.47x counting the SQPOLL thread) [2x target met with SQPOLL only]",
                IoBench.summary(figures));
    }

    @Test
    void theSummarySetsMultishotAgainstTheFallbacksDrainWhenBothWereMeasured() {
        List<IoBench.Figures> figures = List.of(
                new IoBench.Figures("iouring_multishot", 32, 1000, 70_000, 2, 100, 200, 0),
                new IoBench.Figures("fallback", 32, 1000, 146_000, 112, 150, 250, 0),
                new IoBench.Figures("fallback_latest", 32, 1000, 138_600, 140, 150, 250, 0),
                new IoBench.Figures("iouring_multishot", 8, 1000, 30_000, 2, 100, 200, 0),
                new IoBench.Figures("fallback", 8, 1000, 39_000, 27, 150, 250, 0));

        assertEquals("bench io: scan-thread CPU, fallback / io_uring: iouring_multishot n32 1.98x vs fallback_latest"
                + " [2x target NOT met]; iouring_multishot n8 1.30x", IoBench.summary(figures));
    }

    @Test
    void theFallbackNeedsAtLeastOneSystemCallPerExchange() throws IOException {
        IoBench.Figures figures = IoBench.run(Backend.FALLBACK, 4, 300);

        assertEquals("fallback", figures.backend());
        assertEquals(0, figures.failedExchanges());
        // 4 sends, 4 receives, and more: a receive tried before its answer came is retried after a ppoll.
        assertTrue(figures.syscallsPerCycle() >= 8.0, figures.toString());
    }

    @Test
    void theEchoPeersRunInAnotherProcessAndExitWithTheBench() throws Exception {
        long before = ProcessHandle.current().children().count();
        IoBench.Figures figures = IoBench.run(Backend.FALLBACK, 2, 100);

        assertEquals(0, figures.failedExchanges(), "every answer carries its cycle's number");
        assertEquals(before, ProcessHandle.current().children().filter(ProcessHandle::isAlive).count(),
                "the peer process ends when the run ends");
    }

    @Test
    void figuresPrintWorkerCpuAndFailuresOnlyWhenThereAreAny() {
        IoBench.Figures figures = new IoBench.Figures("iouring", 1, 1000, 1000, 2.0, 10, 20, 3, 150.4);

        assertTrue(figures.lines().contains("io.iouring.n1.worker_cpu_ns_per_cycle: 150 ns"), figures.lines().toString());
        assertTrue(figures.lines().contains("io.iouring.n1.failed_exchanges: 3 exchanges"), figures.lines().toString());
    }

    @Test
    void figuresPrintAsNameValueUnitLines() {
        IoBench.Figures figures = new IoBench.Figures("iouring", 8, 1000, 1234.4, 2.0, 10.5, 20.25, 0);

        assertEquals(List.of(
                "io.iouring.n8.cpu_ns_per_cycle: 1234 ns",
                "io.iouring.n8.syscalls_per_cycle: 2.00 syscalls",
                "io.iouring.n8.p50_us: 10.50 us",
                "io.iouring.n8.p99_us: 20.25 us"), figures.lines());
    }
}
