package org.ringplc.io;

import java.io.IOException;
import java.util.Locale;
import java.util.function.Supplier;
import org.ringplc.io.fallback.BlockingCycleIo;
import org.ringplc.io.uring.Uring;
import org.ringplc.io.uring.UringCycleIo;

/**
 * Opens the {@link CycleIo} of one task with the back end the configuration asks for, and
 * records why that back end runs ({@link CycleIo#backendReason()}), because "why is this box on
 * the fallback?" must be answerable from the status page.
 *
 * <p>io_uring can be switched off without touching a project, for tests and for kernels whose
 * io_uring misbehaves: system property {@value #FORCE_FALLBACK_PROPERTY}{@code =true} or
 * environment variable {@value #FORCE_FALLBACK_ENV}{@code =1}. It then counts as unavailable:
 * {@code auto} falls back, {@code iouring} fails.
 */
public final class CycleIoFactory {

    /** System property that makes io_uring count as unavailable. */
    public static final String FORCE_FALLBACK_PROPERTY = "ringplc.io.forceFallback";
    /** Environment variable that makes io_uring count as unavailable. */
    public static final String FORCE_FALLBACK_ENV = "RINGPLC_IO_FORCE_FALLBACK";

    /** The {@code io.backend} choice of project.yaml. */
    public enum Backend {
        /** io_uring when the kernel allows it, else the fallback, with the reason recorded. */
        AUTO,
        /** io_uring or fail: for installations that rely on its latency. */
        IOURING,
        /** Plain syscalls, always available. */
        FALLBACK;

        /** Parses "auto", "iouring" (or "io_uring") or "fallback", in any case. */
        public static Backend parse(String text) {
            switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "auto":
                    return AUTO;
                case "iouring":
                case "io_uring":
                    return IOURING;
                case "fallback":
                    return FALLBACK;
                default:
                    throw new IllegalArgumentException("unknown I/O backend \"" + text
                            + "\" (known: auto, iouring, fallback)");
            }
        }
    }

    /**
     * io_uring setup choices beyond the back end ({@code io.sqpoll} and friends in project.yaml);
     * ignored by the fallback.
     *
     * @param sqpoll           a kernel thread polls the submission queue ({@code IORING_SETUP_SQPOLL}):
     *                         no system call to submit, but that thread spins on a CPU for
     *                         {@code sqpollIdleMillis} after each phase, i.e. all the time when
     *                         cycles are shorter; worth it only with a core to spare
     * @param sqpollIdleMillis how long the poller spins before sleeping; 0 = the kernel's default (1 s)
     * @param sqpollCpu        CPU to pin the poller to, -1 = anywhere
     */
    public record Options(boolean sqpoll, int sqpollIdleMillis, int sqpollCpu) {

        /** The default setup: no poller thread. */
        public static final Options DEFAULT = new Options(false, 0, -1);

        public Options {
            if (sqpollIdleMillis < 0) {
                throw new IllegalArgumentException("sqpollIdleMillis must be 0 or more, not " + sqpollIdleMillis);
            }
            if (sqpollCpu < -1) {
                throw new IllegalArgumentException("sqpollCpu must be a CPU number or -1, not " + sqpollCpu);
            }
        }

        /** SQPOLL with the given idle time, the poller unpinned. */
        public static Options sqpoll(int idleMillis) {
            return new Options(true, idleMillis, -1);
        }
    }

    private CycleIoFactory() {
    }

    /**
     * Opens a CycleIo. Only {@link Backend#IOURING} can fail, with a message that says why
     * io_uring is unavailable ("io_uring_setup failed: EPERM (kernel.io_uring_disabled=2)").
     */
    public static CycleIo open(Backend choice) throws IOException {
        return open(choice, Options.DEFAULT, CycleIoFactory::probe);
    }

    /**
     * {@link #open(Backend)} with io_uring setup options. With {@code options.sqpoll()} and a
     * kernel that refuses SQPOLL, {@code auto} falls back to a ring without it (reason says so)
     * and {@code iouring} fails.
     */
    public static CycleIo open(Backend choice, Options options) throws IOException {
        return open(choice, options, CycleIoFactory::probe);
    }

    /** {@link #open(Backend)} with the io_uring probe supplied, so tests can simulate a refusal. */
    static CycleIo open(Backend choice, Supplier<Uring.Probe> probe) throws IOException {
        return open(choice, Options.DEFAULT, probe);
    }

    static CycleIo open(Backend choice, Options options, Supplier<Uring.Probe> probe) throws IOException {
        if (choice == Backend.FALLBACK) {
            return new BlockingCycleIo("chosen by configuration (backend: fallback)");
        }
        Uring.Probe result = probe.get();
        if (!result.available()) {
            if (choice == Backend.IOURING) {
                throw new IOException("backend iouring requested, but io_uring is unavailable: " + result.reason());
            }
            return new BlockingCycleIo("io_uring unavailable: " + result.reason());
        }
        String reason = choice == Backend.AUTO
                ? "auto: " + result.reason()
                : "chosen by configuration (backend: iouring); " + result.reason();
        if (options.sqpoll()) {
            try {
                return UringCycleIo.withSqpoll(reason + "; SQPOLL requested (idle " + options.sqpollIdleMillis()
                        + " ms" + (options.sqpollCpu() >= 0 ? ", cpu " + options.sqpollCpu() : "") + ")",
                        options.sqpollIdleMillis(), options.sqpollCpu());
            } catch (ErrnoException e) {
                if (choice == Backend.IOURING) {
                    throw new IOException("backend iouring with sqpoll requested, but the SQPOLL ring could not be "
                            + "created: " + e.getMessage(), e);
                }
                reason = reason + "; SQPOLL refused (" + e.getMessage() + ")";
            }
        }
        try {
            return new UringCycleIo(reason);
        } catch (ErrnoException e) {
            if (choice == Backend.IOURING) {
                throw new IOException("backend iouring requested, but the ring could not be created: "
                        + e.getMessage(), e);
            }
            return new BlockingCycleIo("io_uring ring setup failed: " + e.getMessage());
        }
    }

    /** The process-wide io_uring probe, unless io_uring is switched off by property or environment. */
    static Uring.Probe probe() {
        String property = System.getProperty(FORCE_FALLBACK_PROPERTY, "");
        if (isTrue(property)) {
            return new Uring.Probe(false, "disabled by system property " + FORCE_FALLBACK_PROPERTY + "=" + property, 0);
        }
        String env = System.getenv(FORCE_FALLBACK_ENV);
        if (env != null && isTrue(env)) {
            return new Uring.Probe(false, "disabled by environment " + FORCE_FALLBACK_ENV + "=" + env, 0);
        }
        return Uring.probe();
    }

    private static boolean isTrue(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        return v.equals("1") || v.equals("true") || v.equals("yes");
    }
}
