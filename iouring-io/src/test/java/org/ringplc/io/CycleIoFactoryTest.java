package org.ringplc.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.ringplc.io.CycleIoFactory.Backend;
import org.ringplc.io.uring.Uring;

class CycleIoFactoryTest {

    private static final Uring.Probe REFUSED =
            new Uring.Probe(false, "io_uring_setup failed: EPERM (kernel.io_uring_disabled=2)", 0);

    @Test
    void autoFallsBackWithTheReasonWhenIoUringIsRefused() throws IOException {
        try (CycleIo io = CycleIoFactory.open(Backend.AUTO, () -> REFUSED)) {
            assertEquals("fallback", io.backend());
            assertEquals("io_uring unavailable: io_uring_setup failed: EPERM (kernel.io_uring_disabled=2)",
                    io.backendReason());
        }
    }

    @Test
    void iouringFailsWithTheReasonWhenRefused() {
        IOException e = assertThrows(IOException.class, () -> CycleIoFactory.open(Backend.IOURING, () -> REFUSED));
        assertTrue(e.getMessage().contains("EPERM (kernel.io_uring_disabled=2)"), e.getMessage());
    }

    @Test
    void fallbackIsChosenByConfigurationWithoutProbing() throws IOException {
        try (CycleIo io = CycleIoFactory.open(Backend.FALLBACK, () -> {
            throw new AssertionError("must not probe");
        })) {
            assertEquals("fallback", io.backend());
            assertTrue(io.backendReason().contains("backend: fallback"), io.backendReason());
        }
    }

    @Test
    void autoUsesIoUringWhenTheKernelAllowsIt() throws IOException {
        assumeTrue(Uring.isAvailable(), Uring.reason());
        try (CycleIo io = CycleIoFactory.open(Backend.AUTO)) {
            assertEquals("iouring", io.backend());
            assertTrue(io.backendReason().startsWith("auto: io_uring available"), io.backendReason());
        }
    }

    @Test
    void theSystemPropertyForcesTheFallback() throws IOException {
        String old = System.getProperty(CycleIoFactory.FORCE_FALLBACK_PROPERTY);
        System.setProperty(CycleIoFactory.FORCE_FALLBACK_PROPERTY, "true");
        try (CycleIo io = CycleIoFactory.open(Backend.AUTO)) {
            assertEquals("fallback", io.backend());
            assertTrue(io.backendReason().contains("disabled by system property ringplc.io.forceFallback=true"),
                    io.backendReason());
            assertThrows(IOException.class, () -> CycleIoFactory.open(Backend.IOURING));
        } finally {
            if (old == null) {
                System.clearProperty(CycleIoFactory.FORCE_FALLBACK_PROPERTY);
            } else {
                System.setProperty(CycleIoFactory.FORCE_FALLBACK_PROPERTY, old);
            }
        }
    }

    @Test
    void backendNamesParseAsInProjectYaml() {
        assertEquals(Backend.AUTO, Backend.parse("auto"));
        assertEquals(Backend.IOURING, Backend.parse("IOURING"));
        assertEquals(Backend.IOURING, Backend.parse("io_uring"));
        assertEquals(Backend.FALLBACK, Backend.parse(" fallback "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backend.parse("epoll"));
        assertEquals("unknown I/O backend \"epoll\" (known: auto, iouring, fallback)", e.getMessage());
    }
}
