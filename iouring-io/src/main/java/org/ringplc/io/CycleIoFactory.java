package org.ringplc.io;

import java.io.IOException;
import java.util.Locale;
import org.ringplc.io.fallback.BlockingCycleIo;

/**
 * Opens the {@link CycleIo} of one task with the back end the configuration asks for.
 */
public final class CycleIoFactory {

    /** The {@code io.backend} choice of project.yaml. */
    public enum Backend {
        /** io_uring when the kernel allows it, else the fallback, with the reason recorded. */
        AUTO,
        /** io_uring or fail: for installations that rely on its latency. */
        IOURING,
        /** Plain syscalls, always available. */
        FALLBACK;

        /** Parses "auto", "iouring" or "fallback" (any case). */
        public static Backend parse(String text) {
            switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "auto": return AUTO;
                case "iouring": case "io_uring": return IOURING;
                case "fallback": return FALLBACK;
                default:
                    throw new IllegalArgumentException("unknown I/O backend \"" + text
                            + "\" (known: auto, iouring, fallback)");
            }
        }
    }

    private CycleIoFactory() {
    }

    /** Opens a CycleIo; only {@link Backend#IOURING} can fail, when io_uring is unavailable. */
    public static CycleIo open(Backend choice) throws IOException {
        switch (choice) {
            case FALLBACK:
                return new BlockingCycleIo("chosen by configuration (backend: fallback)");
            case IOURING:
                throw new IOException("io_uring backend requested but not available: not yet built");
            default:
                return new BlockingCycleIo("io_uring backend not built yet");
        }
    }
}
