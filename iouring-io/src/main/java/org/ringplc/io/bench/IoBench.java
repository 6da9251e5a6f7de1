package org.ringplc.io.bench;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.ringplc.io.CycleIo;
import org.ringplc.io.CycleIoFactory;
import org.ringplc.io.Exchange;
import org.ringplc.io.ExchangeStatus;
import org.ringplc.io.NativeFiles;
import org.ringplc.io.Phase;
import org.ringplc.io.sys.LibC;

/**
 * The {@code bench io} measurement (PRODUCT.md §1): the cost of one scan cycle's I/O for a back
 * end and N request/response exchanges per cycle, on loopback UDP so it needs no hardware.
 *
 * <p>Workload per cycle, like a task polling N remote I/O devices: the OUTPUT phase sends one
 * 32-byte request on each of N connected UDP sockets, the INPUT phase waits with N blocking
 * RECVs for the answers. The answering peers are {@link EchoPeers} in a child JVM, so their work
 * is neither on the scan thread's CPU account nor competing with it inside one process; an
 * answer must carry the cycle's number, so a late answer counts as a failed exchange.
 *
 * <p>Figures: CPU time per cycle of the scan thread (user + kernel: what io_uring saves), of
 * io_uring's kernel worker threads in this process ({@code iou-wrk-*}, work punted off the scan
 * thread, which is CPU too), system calls per cycle on the scan thread ({@link
 * CycleIo#lastPhaseSyscalls()} of both phases) and the wall time of the two phases as p50/p99,
 * which includes the peers' answer time.
 *
 * <p>Runs on the calling thread; allocates only before and after the measured loop.
 */
public final class IoBench {

    private static final int DATAGRAM_BYTES = 32;
    // No phase should come near this; it only bounds a broken run (a dead peer process).
    private static final long PHASE_DEADLINE_NANOS = 100_000_000L;
    // A JVM starts within a second or two even on a loaded 2-core machine.
    private static final long PEERS_EXIT_WAIT_SECONDS = 5;

    /** The figures of one (back end, N) run. */
    public record Figures(String backend, int exchanges, int cycles, double cpuNsPerCycle, double syscallsPerCycle,
            double p50Us, double p99Us, int failedExchanges, double workerCpuNsPerCycle) {

        /** Figures without io_uring worker CPU (the fallback has none). */
        public Figures(String backend, int exchanges, int cycles, double cpuNsPerCycle, double syscallsPerCycle,
                double p50Us, double p99Us, int failedExchanges) {
            this(backend, exchanges, cycles, cpuNsPerCycle, syscallsPerCycle, p50Us, p99Us, failedExchanges, 0);
        }

        /** The figure lines, {@code name: value unit}, as {@code ringplc bench io} prints them. */
        public List<String> lines() {
            String prefix = "io." + backend + ".n" + exchanges + ".";
            List<String> lines = new ArrayList<>();
            lines.add(prefix + "cpu_ns_per_cycle: " + Math.round(cpuNsPerCycle) + " ns");
            lines.add(prefix + "syscalls_per_cycle: " + format(syscallsPerCycle) + " syscalls");
            lines.add(prefix + "p50_us: " + format(p50Us) + " us");
            lines.add(prefix + "p99_us: " + format(p99Us) + " us");
            if (workerCpuNsPerCycle > 0) {
                lines.add(prefix + "worker_cpu_ns_per_cycle: " + Math.round(workerCpuNsPerCycle) + " ns");
            }
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
     * {@code exchanges} requests and answers on {@code backend} (IOURING or FALLBACK).
     *
     * @throws IOException when the back end, the sockets or the peer process cannot be opened
     */
    public static Figures run(CycleIoFactory.Backend backend, int exchanges, int cycles) throws IOException {
        if (backend == CycleIoFactory.Backend.AUTO) {
            throw new IllegalArgumentException("benchmark a concrete back end: IOURING or FALLBACK");
        }
        return run(() -> CycleIoFactory.open(backend), exchanges, cycles);
    }

    /** Opens the {@link CycleIo} to measure; lets tests and profiling runs pick ring setups. */
    @FunctionalInterface
    public interface Opener {
        CycleIo open() throws IOException;
    }

    /** {@link #run(CycleIoFactory.Backend, int, int)} on a CycleIo that {@code opener} makes. */
    public static Figures run(Opener opener, int exchanges, int cycles) throws IOException {
        int[] fds = new int[exchanges];
        try (Peers peers = Peers.start(exchanges); CycleIo io = opener.open()) {
            int[] sends = new int[exchanges];
            int[] receives = new int[exchanges];
            ByteBuffer[] requests = new ByteBuffer[exchanges];
            ByteBuffer[] answers = new ByteBuffer[exchanges];
            for (int i = 0; i < exchanges; i++) {
                fds[i] = NativeFiles.openUdpSocket("127.0.0.1", 0);
                NativeFiles.connect(fds[i], "127.0.0.1", peers.port(i));
                requests[i] = ByteBuffer.allocateDirect(DATAGRAM_BYTES);
                answers[i] = ByteBuffer.allocateDirect(DATAGRAM_BYTES);
                sends[i] = io.register(new Exchange(Phase.OUTPUT, Exchange.Op.SEND, fds[i], requests[i], -1, false));
                receives[i] = io.register(new Exchange(Phase.INPUT, Exchange.Op.RECV, fds[i], answers[i], -1, false));
            }
            Workload workload = new Workload(io, fds, sends, receives, requests, answers);
            workload.cycles(Math.max(500, cycles / 10), null);
            long[] wall = new long[cycles];
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long workersBefore = ioWorkerCpuNanos();
            long cpuBefore = threads.getCurrentThreadCpuTime();
            long[] totals = workload.cycles(cycles, wall);
            long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
            long workers = ioWorkerCpuNanos() - workersBefore;
            Arrays.sort(wall);
            return new Figures(io.backend(), exchanges, cycles, (double) cpu / cycles, (double) totals[0] / cycles,
                    percentile(wall, 0.50) / 1e3, percentile(wall, 0.99) / 1e3, (int) totals[1],
                    (double) Math.max(0, workers) / cycles);
        } finally {
            for (int fd : fds) {
                if (fd > 0) {
                    NativeFiles.close(fd);
                }
            }
        }
    }

    /** The measured loop's state, kept in fields so the loop allocates nothing. */
    private static final class Workload {
        private final CycleIo io;
        private final int[] sends;
        private final int[] receives;
        private final ByteBuffer[] requests;
        private final ByteBuffer[] answers;
        private final int[] fds;
        private final ByteBuffer scratch = ByteBuffer.allocateDirect(DATAGRAM_BYTES);
        private final long scratchAddress = Pointer.nativeValue(Native.getDirectBufferPointer(scratch));
        private long sequence;

        Workload(CycleIo io, int[] fds, int[] sends, int[] receives, ByteBuffer[] requests, ByteBuffer[] answers) {
            this.io = io;
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
                io.runPhase(Phase.OUTPUT, start + PHASE_DEADLINE_NANOS);
                syscalls += io.lastPhaseSyscalls();
                io.runPhase(Phase.INPUT, System.nanoTime() + PHASE_DEADLINE_NANOS);
                syscalls += io.lastPhaseSyscalls();
                if (wall != null) {
                    wall[cycle] = System.nanoTime() - start;
                }
                boolean stale = false;
                for (int i = 0; i < sends.length; i++) {
                    failed += io.status(sends[i]) == ExchangeStatus.OK ? 0 : 1;
                    boolean answered = io.status(receives[i]) == ExchangeStatus.OK
                            && io.result(receives[i]) == DATAGRAM_BYTES && answers[i].getLong(0) == number;
                    failed += answered ? 0 : 1;
                    stale |= !answered;
                }
                if (stale) {
                    drainLateAnswers();
                }
            }
            return new long[] {syscalls, failed};
        }

        /**
         * An answer that missed its phase's deadline (the peer process was descheduled) would
         * otherwise be received one cycle late in every following cycle; drops what is queued.
         */
        private void drainLateAnswers() {
            for (int fd : fds) {
                while (LibC.recv(fd, scratchAddress, DATAGRAM_BYTES, LibC.MSG_DONTWAIT) >= 0) {
                    // Discarded: only answers to the next cycle's requests count.
                }
            }
        }
    }

    /**
     * CPU time of this process's io_uring kernel threads ({@code iou-wrk-*} workers that run
     * requests punted off the submitter, {@code iou-sqp-*} pollers), from each thread's
     * {@code schedstat} (nanoseconds on CPU). 0 where /proc cannot tell. A worker that exits
     * during the run takes its time with it; io-wq keeps idle workers for seconds, longer than
     * a run.
     */
    static long ioWorkerCpuNanos() {
        long total = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    String comm = Files.readString(task.resolve("comm"), StandardCharsets.US_ASCII).trim();
                    if (comm.startsWith("iou-")) {
                        String schedstat = Files.readString(task.resolve("schedstat"), StandardCharsets.US_ASCII);
                        total += Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
                    }
                } catch (IOException | RuntimeException e) {
                    // The thread exited between listing and reading: its time is lost either way.
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return total;
    }

    /** The child JVM running {@link EchoPeers}; closing it closes its stdin, which ends it. */
    private static final class Peers implements AutoCloseable {
        private final Process process;
        private final int[] ports;

        private Peers(Process process, int[] ports) {
            this.process = process;
            this.ports = ports;
        }

        static Peers start(int n) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            // The peers need only this module's classes; the CLI's and surefire's class paths
            // both contain them, but the code source is the one place certain to.
            String classPath = classPathOf(EchoPeers.class);
            // Small heap, C1 only, serial GC: a quick start and little CPU taken from the bench.
            Process process = new ProcessBuilder(java, "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-cp", classPath, EchoPeers.class.getName(), Integer.toString(n))
                    .redirectErrorStream(true)
                    .start();
            try {
                BufferedReader out = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
                String line = out.readLine();
                if (line == null || !line.startsWith(EchoPeers.PORTS + " ")) {
                    StringBuilder rest = new StringBuilder(line == null ? "" : line);
                    for (String more = out.readLine(); more != null && rest.length() < 4000; more = out.readLine()) {
                        rest.append('\n').append(more);
                    }
                    throw new IOException("the echo peer process did not start: " + rest);
                }
                int[] ports = Arrays.stream(line.substring(EchoPeers.PORTS.length() + 1).split(","))
                        .mapToInt(Integer::parseInt).toArray();
                if (ports.length != n) {
                    throw new IOException("the echo peer process opened " + ports.length + " of " + n + " sockets");
                }
                return new Peers(process, ports);
            } catch (IOException | RuntimeException e) {
                process.destroyForcibly();
                throw e;
            }
        }

        private static String classPathOf(Class<?> type) {
            try {
                return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            } catch (URISyntaxException | RuntimeException e) {
                return System.getProperty("java.class.path");
            }
        }

        int port(int i) {
            return ports[i];
        }

        @Override
        public void close() {
            try {
                process.getOutputStream().close();
                if (!process.waitFor(PEERS_EXIT_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (IOException e) {
                process.destroyForcibly();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
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
