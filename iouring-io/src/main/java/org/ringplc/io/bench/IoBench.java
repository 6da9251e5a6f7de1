package org.ringplc.io.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.ringplc.io.CycleIo;
import org.ringplc.io.CycleIoFactory;
import org.ringplc.io.Exchange;
import org.ringplc.io.ExchangeStatus;
import org.ringplc.io.NativeFiles;
import org.ringplc.io.Phase;

/**
 * The {@code bench io} measurement (PRODUCT.md §1): the cost of one scan cycle's I/O for a back
 * end and N exchanges per phase, on loopback UDP so it needs no hardware.
 *
 * <p>Workload per cycle, like a task with N UDP process-image peers: the OUTPUT phase sends one
 * 32-byte datagram on each of N connected socket pairs, the INPUT phase receives them with N
 * non-blocking RECVs. Figures: thread CPU time per cycle (user + kernel, what io_uring saves),
 * system calls per cycle ({@link CycleIo#lastPhaseSyscalls()} of both phases), and the wall time
 * of the two phases as p50/p99. Loopback delivery is synchronous, so every receive finds its
 * datagram and no phase waits for a deadline.
 *
 * <p>Runs on the calling thread; allocates only before and after the measured loop.
 */
public final class IoBench {

    private static final int DATAGRAM_BYTES = 32;
    // No phase should come near this; it only bounds a broken run.
    private static final long PHASE_DEADLINE_NANOS = 100_000_000L;

    /** The figures of one (back end, N) run. */
    public record Figures(String backend, int exchanges, int cycles, double cpuNsPerCycle, double syscallsPerCycle,
            double p50Us, double p99Us, int failedExchanges) {

        /** The figure lines, {@code name: value unit}, as {@code ringplc bench io} prints them. */
        public List<String> lines() {
            String prefix = "io." + backend + ".n" + exchanges + ".";
            List<String> lines = new ArrayList<>();
            lines.add(prefix + "cpu_ns_per_cycle: " + Math.round(cpuNsPerCycle) + " ns");
            lines.add(prefix + "syscalls_per_cycle: " + format(syscallsPerCycle) + " syscalls");
            lines.add(prefix + "p50_us: " + format(p50Us) + " us");
            lines.add(prefix + "p99_us: " + format(p99Us) + " us");
            if (failedExchanges > 0) {
                lines.add(prefix + "failed_exchanges: " + failedExchanges + " exchanges");
            }
            return lines;
        }

        private static String format(double value) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
    }

    private IoBench() {
    }

    /**
     * Measures {@code cycles} cycles (after a warm-up of a tenth as many, at least 500) of
     * {@code exchanges} sends and receives on {@code backend} (IOURING or FALLBACK).
     *
     * @throws IOException when the back end or the sockets cannot be opened
     */
    public static Figures run(CycleIoFactory.Backend backend, int exchanges, int cycles) throws IOException {
        if (backend == CycleIoFactory.Backend.AUTO) {
            throw new IllegalArgumentException("benchmark a concrete back end: IOURING or FALLBACK");
        }
        int[] fds = new int[2 * exchanges];
        try (CycleIo io = CycleIoFactory.open(backend)) {
            int[] sends = new int[exchanges];
            int[] receives = new int[exchanges];
            for (int i = 0; i < exchanges; i++) {
                int a = NativeFiles.openUdpSocket("127.0.0.1", 0);
                fds[2 * i] = a;
                int b = NativeFiles.openUdpSocket("127.0.0.1", 0);
                fds[2 * i + 1] = b;
                NativeFiles.connect(a, "127.0.0.1", NativeFiles.localPort(b));
                NativeFiles.connect(b, "127.0.0.1", NativeFiles.localPort(a));
                sends[i] = io.register(new Exchange(Phase.OUTPUT, Exchange.Op.SEND, a,
                        ByteBuffer.allocateDirect(DATAGRAM_BYTES), -1, false));
                receives[i] = io.register(new Exchange(Phase.INPUT, Exchange.Op.RECV, b,
                        ByteBuffer.allocateDirect(DATAGRAM_BYTES), -1, true));
            }
            measure(io, sends, receives, Math.max(500, cycles / 10), null);
            long[] wall = new long[cycles];
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long cpuBefore = threads.getCurrentThreadCpuTime();
            long[] totals = measure(io, sends, receives, cycles, wall);
            long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
            Arrays.sort(wall);
            return new Figures(io.backend(), exchanges, cycles, (double) cpu / cycles, (double) totals[0] / cycles,
                    percentile(wall, 0.50) / 1e3, percentile(wall, 0.99) / 1e3, (int) totals[1]);
        } finally {
            for (int fd : fds) {
                if (fd > 0) {
                    NativeFiles.close(fd);
                }
            }
        }
    }

    /** Runs the cycles; returns {syscalls, failed exchanges}; records each cycle's wall time if asked. */
    private static long[] measure(CycleIo io, int[] sends, int[] receives, int cycles, long[] wall) {
        long syscalls = 0;
        long failed = 0;
        for (int cycle = 0; cycle < cycles; cycle++) {
            long start = System.nanoTime();
            io.runPhase(Phase.OUTPUT, start + PHASE_DEADLINE_NANOS);
            syscalls += io.lastPhaseSyscalls();
            io.runPhase(Phase.INPUT, System.nanoTime() + PHASE_DEADLINE_NANOS);
            syscalls += io.lastPhaseSyscalls();
            if (wall != null) {
                wall[cycle] = System.nanoTime() - start;
            }
            for (int i = 0; i < sends.length; i++) {
                failed += io.status(sends[i]) == ExchangeStatus.OK ? 0 : 1;
                failed += io.status(receives[i]) == ExchangeStatus.OK ? 0 : 1;
            }
        }
        return new long[] {syscalls, failed};
    }

    private static double percentile(long[] sorted, double p) {
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, index)];
    }

    /**
     * Prints the figures for both back ends and N = 1, 8, 32 (or {@code --exchanges 1,4}
     * {@code --cycles 20000}); a back end that cannot run prints why instead of figures.
     */
    public static void main(String[] args) throws IOException {
        int[] counts = {1, 8, 32};
        int cycles = 20_000;
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--exchanges")) {
                counts = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
            } else if (args[i].equals("--cycles")) {
                cycles = Integer.parseInt(args[i + 1]);
            } else {
                throw new IllegalArgumentException("unknown option " + args[i] + " (known: --exchanges, --cycles)");
            }
        }
        int printed = 0;
        for (CycleIoFactory.Backend backend : List.of(CycleIoFactory.Backend.IOURING, CycleIoFactory.Backend.FALLBACK)) {
            for (int n : counts) {
                try {
                    Figures figures = run(backend, n, cycles);
                    figures.lines().forEach(System.out::println);
                    printed++;
                } catch (IOException e) {
                    System.out.println("io." + backend.name().toLowerCase(Locale.ROOT) + ".n" + n
                            + ": unavailable (" + e.getMessage() + ")");
                }
            }
        }
        System.out.println("bench io: " + printed + " runs of " + cycles + " cycles");
    }
}
