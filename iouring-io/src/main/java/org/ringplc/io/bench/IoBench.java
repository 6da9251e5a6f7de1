package org.ringplc.io.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.ringplc.io.CycleIo;
import org.ringplc.io.CycleIoFactory;
import org.ringplc.io.Exchange;
import org.ringplc.io.NativeFiles;
import org.ringplc.io.Phase;
import org.ringplc.io.uring.UringCycleIo;

/**
 * The {@code bench io} measurement (PRODUCT.md §1): the cost of one scan cycle's I/O for a back
 * end and N request/response exchanges per cycle, on loopback UDP so it needs no hardware.
 *
 * <p>Workload per cycle, like a task polling N remote I/O devices: the OUTPUT phase sends one
 * 32-byte request on each of N connected UDP sockets, the INPUT phase waits with N blocking
 * RECVs for the answers ({@link BenchWorkload}). The answering peers are {@link EchoPeers}, by
 * default in a child JVM on loopback ({@link ChildPeerProcess}), so their user-space work is
 * neither on the scan thread's CPU account nor competing with it inside one process; or on
 * another machine ({@link RemotePeers}), where the kernel's delivery of each request into the
 * peer's socket is off this machine too, as with real devices. An answer must carry the cycle's
 * number, so a late answer counts as a failed exchange.
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

    static final int DATAGRAM_BYTES = 32;
    // No phase should come near this; it only bounds a broken run (a dead peer process).
    static final long PHASE_DEADLINE_NANOS = 100_000_000L;

    /**
     * The figures of one (back end, N) run. {@code backend} is "iouring", "iouring_sqpoll" or
     * "fallback"; the CPU of io_uring's kernel threads is reported apart from the scan thread's,
     * so a setup that moves work off the scan thread cannot look cheaper than it is.
     *
     * @param cpuNsPerCycle        the scan thread's CPU (user + kernel) per cycle
     * @param workerCpuNsPerCycle  CPU of {@code iou-wrk-*} threads (punted requests) per cycle
     * @param sqpollCpuNsPerCycle  CPU of the {@code iou-sqp-*} poller thread (SQPOLL only) per cycle
     */
    public record Figures(String backend, int exchanges, int cycles, double cpuNsPerCycle, double syscallsPerCycle,
            double p50Us, double p99Us, int failedExchanges, double workerCpuNsPerCycle, double sqpollCpuNsPerCycle) {

        /** Figures without a poller thread. */
        public Figures(String backend, int exchanges, int cycles, double cpuNsPerCycle, double syscallsPerCycle,
                double p50Us, double p99Us, int failedExchanges, double workerCpuNsPerCycle) {
            this(backend, exchanges, cycles, cpuNsPerCycle, syscallsPerCycle, p50Us, p99Us, failedExchanges,
                    workerCpuNsPerCycle, 0);
        }

        /** Figures without io_uring worker CPU (the fallback has none). */
        public Figures(String backend, int exchanges, int cycles, double cpuNsPerCycle, double syscallsPerCycle,
                double p50Us, double p99Us, int failedExchanges) {
            this(backend, exchanges, cycles, cpuNsPerCycle, syscallsPerCycle, p50Us, p99Us, failedExchanges, 0, 0);
        }

        /** Scan thread plus io_uring's kernel threads: the CPU the run cost this process per cycle. */
        public double totalCpuNsPerCycle() {
            return cpuNsPerCycle + workerCpuNsPerCycle + sqpollCpuNsPerCycle;
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
            if (sqpollCpuNsPerCycle > 0 || backend.endsWith("sqpoll")) {
                lines.add(prefix + "sqpoll_cpu_ns_per_cycle: " + Math.round(sqpollCpuNsPerCycle) + " ns");
                lines.add(prefix + "total_cpu_ns_per_cycle: " + Math.round(totalCpuNsPerCycle()) + " ns");
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
        return run(backend, CycleIoFactory.Options.DEFAULT, exchanges, cycles);
    }

    /**
     * {@link #run(CycleIoFactory.Backend, int, int)} with io_uring setup options; with
     * {@code options.sqpoll()} the figures are labelled {@code iouring_sqpoll} and carry the
     * poller thread's CPU. The options must be honoured: a ring without the poller fails the run.
     */
    public static Figures run(CycleIoFactory.Backend backend, CycleIoFactory.Options options, int exchanges,
            int cycles) throws IOException {
        if (backend == CycleIoFactory.Backend.AUTO) {
            throw new IllegalArgumentException("benchmark a concrete back end: IOURING or FALLBACK");
        }
        return run(() -> CycleIoFactory.open(backend, options), exchanges, cycles);
    }

    /**
     * {@link #run(CycleIoFactory.Backend, CycleIoFactory.Options, int, int)} with the answers
     * received by {@link Exchange.Op#RECV_LATEST} exchanges instead of RECV (io_uring: multishot
     * receives armed once); labelled {@code <backend>_multishot} for io_uring, {@code fallback_latest}
     * for the fallback (which then drains each socket until EAGAIN: one more receive per exchange).
     */
    public static Figures run(CycleIoFactory.Backend backend, CycleIoFactory.Options options, int exchanges,
            int cycles, boolean receiveLatest) throws IOException {
        if (backend == CycleIoFactory.Backend.AUTO) {
            throw new IllegalArgumentException("benchmark a concrete back end: IOURING or FALLBACK");
        }
        return run(backend, options, exchanges, cycles, receiveLatest, PeerSet.Source.CHILD_PROCESS);
    }

    /**
     * {@link #run(CycleIoFactory.Backend, CycleIoFactory.Options, int, int, boolean)} against the
     * peers {@code peers} makes: {@link PeerSet.Source#CHILD_PROCESS}, or {@link RemotePeers#at}
     * for peers on another machine.
     */
    public static Figures run(CycleIoFactory.Backend backend, CycleIoFactory.Options options, int exchanges,
            int cycles, boolean receiveLatest, PeerSet.Source peers) throws IOException {
        if (backend == CycleIoFactory.Backend.AUTO) {
            throw new IllegalArgumentException("benchmark a concrete back end: IOURING or FALLBACK");
        }
        return run(() -> CycleIoFactory.open(backend, options), peers, exchanges, cycles, receiveLatest);
    }

    /** Opens the {@link CycleIo} to measure; lets tests and profiling runs pick ring setups. */
    @FunctionalInterface
    public interface Opener {
        CycleIo open() throws IOException;
    }

    /** {@link #run(CycleIoFactory.Backend, int, int)} on a CycleIo that {@code opener} makes. */
    public static Figures run(Opener opener, int exchanges, int cycles) throws IOException {
        return run(opener, exchanges, cycles, false);
    }

    /** {@link #run(Opener, int, int)}, the answers received with RECV_LATEST if {@code receiveLatest}. */
    public static Figures run(Opener opener, int exchanges, int cycles, boolean receiveLatest) throws IOException {
        return run(opener, PeerSet.Source.CHILD_PROCESS, exchanges, cycles, receiveLatest);
    }

    /** The measurement itself: {@code exchanges} sockets connected to the peers, warm-up, measured cycles. */
    static Figures run(Opener opener, PeerSet.Source peerSource, int exchanges, int cycles, boolean receiveLatest)
            throws IOException {
        Exchange.Op receive = receiveLatest ? Exchange.Op.RECV_LATEST : Exchange.Op.RECV;
        int[] fds = new int[exchanges];
        try (PeerSet peers = peerSource.open(exchanges); CycleIo io = opener.open()) {
            // Loopback peers: bind there too. Remote ones: any local address the route picks.
            String local = peers.loopback() ? "127.0.0.1" : "0.0.0.0";
            int[] sends = new int[exchanges];
            int[] receives = new int[exchanges];
            ByteBuffer[] requests = new ByteBuffer[exchanges];
            ByteBuffer[] answers = new ByteBuffer[exchanges];
            for (int i = 0; i < exchanges; i++) {
                fds[i] = NativeFiles.openUdpSocket(local, 0);
                NativeFiles.connect(fds[i], peers.host(), peers.port(i));
                requests[i] = ByteBuffer.allocateDirect(DATAGRAM_BYTES);
                answers[i] = ByteBuffer.allocateDirect(DATAGRAM_BYTES);
                sends[i] = io.register(new Exchange(Phase.OUTPUT, Exchange.Op.SEND, fds[i], requests[i], -1, false));
                receives[i] = io.register(new Exchange(Phase.INPUT, receive, fds[i], answers[i], -1, false));
            }
            BenchWorkload workload = new BenchWorkload(io, fds, sends, receives, requests, answers, receiveLatest);
            workload.cycles(Math.max(500, cycles / 10), null);
            long[] wall = new long[cycles];
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long workersBefore = ioThreadCpuNanos(WORKER_PREFIX);
            long pollerBefore = ioThreadCpuNanos(POLLER_PREFIX);
            long cpuBefore = threads.getCurrentThreadCpuTime();
            long[] totals = workload.cycles(cycles, wall);
            long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
            long workers = ioThreadCpuNanos(WORKER_PREFIX) - workersBefore;
            long poller = ioThreadCpuNanos(POLLER_PREFIX) - pollerBefore;
            Arrays.sort(wall);
            boolean sqpoll = io instanceof UringCycleIo uring && uring.sqpoll();
            String label = (sqpoll ? "iouring_sqpoll" : io.backend())
                    + (!receiveLatest ? "" : io instanceof UringCycleIo ? "_multishot" : "_latest");
            return new Figures(label, exchanges, cycles, (double) cpu / cycles,
                    (double) totals[0] / cycles, percentile(wall, 0.50) / 1e3, percentile(wall, 0.99) / 1e3,
                    (int) totals[1], (double) Math.max(0, workers) / cycles, (double) Math.max(0, poller) / cycles);
        } finally {
            for (int fd : fds) {
                if (fd > 0) {
                    NativeFiles.close(fd);
                }
            }
        }
    }

    /** Thread name prefix of io_uring's io-wq workers (requests punted off the submitter). */
    static final String WORKER_PREFIX = "iou-wrk-";
    /** Thread name prefix of an SQPOLL ring's poller thread. */
    static final String POLLER_PREFIX = "iou-sqp-";

    /**
     * CPU time of this process's io_uring kernel threads whose name starts with {@code prefix}
     * ({@link #WORKER_PREFIX}, {@link #POLLER_PREFIX}), from each thread's {@code schedstat}
     * (nanoseconds on CPU). 0 where /proc cannot tell. A thread that exits during the run takes
     * its time with it; io-wq keeps idle workers for seconds, longer than a run, and a poller
     * lives as long as its ring.
     */
    static long ioThreadCpuNanos(String prefix) {
        long total = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    String comm = Files.readString(task.resolve("comm"), StandardCharsets.US_ASCII).trim();
                    if (comm.startsWith(prefix)) {
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

    private static double percentile(long[] sorted, double p) {
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, index)];
    }

    /**
     * The one-line verdict on the target "at N = 32, at least 2x less scan-thread CPU per cycle
     * than the fallback": for each N measured on both, fallback CPU divided by io_uring's, for the
     * plain ring and, when measured, for SQPOLL (whose ratio is shown with the poller's CPU
     * counted too, because that CPU is spent all the same). A multishot (RECV_LATEST) figure is
     * set against the fallback's RECV_LATEST drain when that was measured, the same work on both
     * sides, and says so.
     */
    public static String summary(List<Figures> figures) {
        StringBuilder line = new StringBuilder("bench io: scan-thread CPU, fallback / io_uring:");
        boolean any = false;
        for (Figures ring : figures) {
            if (!ring.backend().startsWith("iouring") || ring.cpuNsPerCycle() <= 0) {
                continue;
            }
            boolean multishot = ring.backend().endsWith("_multishot");
            Figures fallback = multishot ? find(figures, "fallback_latest", ring.exchanges()) : null;
            boolean sameWork = fallback != null;
            fallback = sameWork ? fallback : find(figures, "fallback", ring.exchanges());
            if (fallback == null) {
                continue;
            }
            any = true;
            double ratio = fallback.cpuNsPerCycle() / ring.cpuNsPerCycle();
            line.append(' ').append(ring.backend()).append(" n").append(ring.exchanges()).append(' ')
                    .append(String.format(Locale.ROOT, "%.2fx", ratio));
            if (sameWork) {
                line.append(" vs fallback_latest");
            }
            if (ring.sqpollCpuNsPerCycle() > 0) {
                line.append(String.format(Locale.ROOT, " (%.2fx counting the SQPOLL thread)",
                        fallback.cpuNsPerCycle() / ring.totalCpuNsPerCycle()));
            }
            if (ring.exchanges() == 32) {
                line.append(ratio >= 2 ? " [2x target met" : " [2x target NOT met")
                        .append(ring.backend().endsWith("sqpoll") ? " with SQPOLL only]" : "]");
            }
            line.append(';');
        }
        if (!any) {
            return "bench io: no N measured on both io_uring and the fallback";
        }
        return line.substring(0, line.length() - 1);
    }

    private static Figures find(List<Figures> figures, String backend, int exchanges) {
        for (Figures f : figures) {
            if (f.backend().equals(backend) && f.exchanges() == exchanges && f.cpuNsPerCycle() > 0) {
                return f;
            }
        }
        return null;
    }

    /**
     * Prints the figures for both back ends and N = 1, 8, 32, then {@link #summary}. Options:
     * {@code --exchanges 1,4}, {@code --cycles 20000}, {@code --sqpoll} (also measure io_uring
     * with an SQPOLL poller thread), {@code --sqpoll-idle MS} (the poller's idle time, default
     * 0 = the kernel's 1 s), {@code --peers HOST:PORT} (peers of {@code ringplc bench io-peers}
     * on another machine instead of a child process). A back end that cannot run prints why instead of figures.
     */
    public static void main(String[] args) throws IOException {
        int[] counts = {1, 8, 32};
        int cycles = 20_000;
        boolean sqpoll = false;
        boolean multishot = false;
        int sqpollIdle = 0;
        PeerSet.Source peers = PeerSet.Source.CHILD_PROCESS;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--sqpoll")) {
                sqpoll = true;
                continue;
            }
            if (option.equals("--multishot")) {
                multishot = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + option + " needs a value");
            }
            String value = args[++i];
            if (option.equals("--exchanges")) {
                counts = Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray();
            } else if (option.equals("--cycles")) {
                cycles = Integer.parseInt(value);
            } else if (option.equals("--sqpoll-idle")) {
                sqpollIdle = Integer.parseInt(value);
            } else if (option.equals("--peers")) {
                int colon = value.lastIndexOf(':');
                peers = RemotePeers.at(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
            } else {
                throw new IllegalArgumentException("unknown option " + option
                        + " (known: --exchanges, --cycles, --sqpoll, --sqpoll-idle, --multishot, --peers HOST:PORT)");
            }
        }
        List<String> labels = new ArrayList<>(List.of("iouring"));
        List<CycleIoFactory.Options> options = new ArrayList<>(List.of(CycleIoFactory.Options.DEFAULT));
        if (multishot) {
            labels.add("iouring_multishot");
            options.add(CycleIoFactory.Options.DEFAULT);
        }
        if (sqpoll) {
            labels.add("iouring_sqpoll");
            options.add(CycleIoFactory.Options.sqpoll(sqpollIdle));
        }
        labels.add("fallback");
        options.add(CycleIoFactory.Options.DEFAULT);
        List<Figures> all = new ArrayList<>();
        for (int n : counts) {
            for (int k = 0; k < labels.size(); k++) {
                CycleIoFactory.Backend backend = labels.get(k).equals("fallback")
                        ? CycleIoFactory.Backend.FALLBACK : CycleIoFactory.Backend.IOURING;
                try {
                    Figures figures = run(backend, options.get(k), n, cycles, labels.get(k).endsWith("multishot"),
                            peers);
                    figures.lines().forEach(System.out::println);
                    all.add(figures);
                } catch (IOException e) {
                    System.out.println("io." + labels.get(k) + ".n" + n + ": unavailable (" + e.getMessage() + ")");
                }
            }
        }
        System.out.println(summary(all));
    }
}
