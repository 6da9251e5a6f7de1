package org.ringplc.io.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
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
    void theFallbackNeedsOneSystemCallPerExchange() throws IOException {
        IoBench.Figures figures = IoBench.run(Backend.FALLBACK, 4, 300);

        assertEquals("fallback", figures.backend());
        assertEquals(0, figures.failedExchanges());
        assertEquals(8.0, figures.syscallsPerCycle());
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
