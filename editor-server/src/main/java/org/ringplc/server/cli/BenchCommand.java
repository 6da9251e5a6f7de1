package org.ringplc.server.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.ringplc.io.CycleIoFactory;
import org.ringplc.io.bench.IoBench;
import org.ringplc.io.bench.PeerSet;
import org.ringplc.io.bench.RemotePeers;
import org.ringplc.lang.bench.StBench;
import org.ringplc.runtime.bench.CycleBench;
import org.ringplc.runtime.project.Durations;
import org.ringplc.runtime.project.ProjectException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ringplc bench st|io|cycle}: the benchmarks of PRODUCT.md §1, each printing one
 * {@code name: value unit} line per figure and a one-line summary last. The measurements live with
 * what they measure ({@link StBench} in the language module, {@link IoBench} in iouring-io,
 * {@link CycleBench} in the runtime); this command only parses options and prints.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Benchmarks: st (compiled ST per cycle), io (I/O cost per cycle), cycle (scan-cycle jitter).",
        subcommands = {BenchCommand.St.class, BenchCommand.Io.class, BenchCommand.Cycle.class, BenchWebCommand.class,
                BenchIoPeersCommand.class})
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CliException(ExitCodes.USAGE, "bench: say st, io or cycle");
    }

    @Command(name = "io", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "CPU time, system calls and latency of one cycle's I/O, io_uring against plain syscalls, "
                    + "for N UDP request/response exchanges with echo peers (a child process on loopback, or "
                    + "'bench io-peers' on another machine with --peers); variants interleaved per N, the "
                    + "fallback / io_uring verdict last.")
    static final class Io implements Callable<Integer> {
        @Option(names = "--n", split = ",", paramLabel = "N", defaultValue = "1,8,32",
                description = "exchanges per cycle (default: ${DEFAULT-VALUE})")
        List<Integer> counts;

        @Option(names = "--cycles", paramLabel = "N", defaultValue = "20000", description = "measured cycles (default: ${DEFAULT-VALUE})")
        int cycles;

        @Option(names = "--backend", split = ",", paramLabel = "B", defaultValue = "iouring,fallback",
                description = "iouring, fallback or both (default: ${DEFAULT-VALUE})")
        List<String> backends;

        @Option(names = "--multishot", description = "also receive the answers with RECV_LATEST: io_uring one multishot "
                + "receive per socket armed once (io.iouring_multishot.*), the fallback a drain (io.fallback_latest.*)")
        boolean multishot;

        @Option(names = "--sqpoll", description = "also measure io_uring with a kernel SQPOLL poller thread "
                + "(io.iouring_sqpoll.*, with the poller's CPU, which the verdict counts too)")
        boolean sqpoll;

        @Option(names = "--sqpoll-idle", paramLabel = "MS", defaultValue = "0",
                description = "how long the poller spins after the last request, ms (default: 0 = the kernel's 1 s)")
        int sqpollIdle;

        @Option(names = "--peers", paramLabel = "HOST:PORT", description = "echo peers already running on another "
                + "machine ('ringplc bench io-peers --port PORT' there), instead of a child process on loopback")
        String peers;

        @Spec
        CommandSpec spec;

        /** One measured setup: figures labelled {@code label}. */
        private record Variant(String label, CycleIoFactory.Backend backend, CycleIoFactory.Options options,
                               boolean receiveLatest) {
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            if (cycles < 1 || counts.stream().anyMatch(n -> n < 1 || n > 1024)) {
                throw new CliException(ExitCodes.USAGE, "--cycles must be at least 1 and --n between 1 and 1024");
            }
            if (sqpollIdle < 0) {
                throw new CliException(ExitCodes.USAGE, "--sqpoll-idle must be 0 (the kernel's default) or more");
            }
            List<Variant> variants = new ArrayList<>();
            for (String b : backends) {
                CycleIoFactory.Backend backend;
                try {
                    backend = CycleIoFactory.Backend.parse(b);
                } catch (IllegalArgumentException e) {
                    throw new CliException(ExitCodes.USAGE, "--backend " + b + ": use iouring or fallback");
                }
                if (backend == CycleIoFactory.Backend.AUTO) {
                    throw new CliException(ExitCodes.USAGE, "--backend auto: name the back end to measure, iouring or fallback");
                }
                String name = backend.name().toLowerCase(Locale.ROOT);
                variants.add(new Variant(name, backend, CycleIoFactory.Options.DEFAULT, false));
                if (multishot) {
                    String label = backend == CycleIoFactory.Backend.IOURING ? "iouring_multishot" : "fallback_latest";
                    variants.add(new Variant(label, backend, CycleIoFactory.Options.DEFAULT, true));
                }
                if (sqpoll && backend == CycleIoFactory.Backend.IOURING) {
                    variants.add(new Variant("iouring_sqpoll", backend, CycleIoFactory.Options.sqpoll(sqpollIdle), false));
                }
            }
            if (sqpoll && variants.stream().noneMatch(v -> v.backend() == CycleIoFactory.Backend.IOURING)) {
                throw new CliException(ExitCodes.USAGE, "--sqpoll measures io_uring: add iouring to --backend");
            }
            PeerSet.Source peerSource = peerSource();
            List<IoBench.Figures> figures = new ArrayList<>();
            // interleaved per N, so that a load change on the machine hits every variant alike
            for (int n : counts) {
                for (Variant v : variants) {
                    try {
                        IoBench.Figures f = IoBench.run(v.backend(), v.options(), n, cycles, v.receiveLatest(),
                                peerSource);
                        f.lines().forEach(out::println);
                        figures.add(f);
                    } catch (IOException e) {
                        // Printed instead of figures: a box without io_uring still benchmarks its fallback.
                        spec.commandLine().getErr().println("ringplc: bench io: " + v.label() + " n" + n
                                + " unavailable: " + e.getMessage());
                    }
                }
            }
            out.println(IoBench.summary(figures));
            return figures.isEmpty() ? ExitCodes.START_FAILED : ExitCodes.OK;
        }

        private PeerSet.Source peerSource() {
            if (peers == null) {
                return PeerSet.Source.CHILD_PROCESS;
            }
            int colon = peers.lastIndexOf(':');
            int port = -1;
            try {
                port = colon > 0 ? Integer.parseInt(peers.substring(colon + 1)) : -1;
            } catch (NumberFormatException e) {
                // reported below with the rest of what is wrong
            }
            if (port < 1 || port > 65_535) {
                throw new CliException(ExitCodes.USAGE, "--peers " + peers
                        + ": write HOST:PORT, the address and first port of 'ringplc bench io-peers' (e.g. 192.168.1.20:7400)");
            }
            return RemotePeers.at(peers.substring(0, colon), port);
        }
    }

    @Command(name = "cycle", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "Runs an ST program on a real task as 'run' does and measures wake-up latency, "
                    + "execution time, overruns, allocation and CPU.")
    static final class Cycle implements Callable<Integer> {
        @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1ms", description = "task period (default: ${DEFAULT-VALUE})")
        String interval;

        @Option(names = "--seconds", paramLabel = "S", defaultValue = "30", description = "measured time after a 1 s warm-up (default: ${DEFAULT-VALUE})")
        double seconds;

        @Option(names = "--program", paramLabel = "FILE.st", description = "a file with one PROGRAM (default: a built-in mixed program)")
        Path program;

        @Option(names = "--spin", paramLabel = "DURATION", description = "spin this long before each start instead of sleeping")
        String spin;

        @Option(names = "--cpu", paramLabel = "N", defaultValue = "-1", description = "pin the scan thread to this CPU")
        int cpu;

        @Option(names = "--priority", paramLabel = "P", defaultValue = "0", description = "IEC task priority, 0 highest")
        int priority;

        @Option(names = "--no-realtime", description = "ordinary thread scheduling (no SCHED_FIFO, affinity, mlockall)")
        boolean noRealtime;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException, InterruptedException {
            if (seconds <= 0) {
                throw new CliException(ExitCodes.USAGE, "--seconds must be positive");
            }
            CycleBench.Options o = new CycleBench.Options(nanos("--interval", interval), seconds, program,
                    spin == null ? 0 : nanos("--spin", spin), cpu, priority, !noRealtime);
            CycleBench.Result r;
            try {
                r = CycleBench.run(o);
            } catch (ProjectException e) {
                throw new CliException(ExitCodes.PROJECT_ERRORS, "bench cycle: " + e.getMessage());
            }
            r.lines(o).forEach(spec.commandLine().getOut()::println);
            return ExitCodes.OK;
        }

        private static long nanos(String option, String text) {
            long n;
            try {
                n = Durations.parseNanos(text);
            } catch (RuntimeException e) {
                n = -1;
            }
            if (n <= 0) {
                throw new CliException(ExitCodes.USAGE, option + " " + text + ": not a duration (write 1ms, 500us)");
            }
            return n;
        }
    }

    @Command(name = "st", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "Nanoseconds per cycle of compiled ST programs (default: the programs of ../shared/bench).")
    static final class St implements Callable<Integer> {
        @Parameters(arity = "0..*", paramLabel = "FILE.st", description = "programs to measure (default: ../shared/bench/*.st beside the repository)")
        List<Path> files;

        @Option(names = "--warmup-ms", paramLabel = "MS", description = "JIT warm-up per program (default: 1500)")
        Long warmupMs;

        @Option(names = "--rounds", paramLabel = "N", description = "timed rounds per program; the figure is their median (default: 7)")
        Integer rounds;

        @Option(names = "--round-ms", paramLabel = "MS", description = "length of one round (default: 200)")
        Long roundMs;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            List<Path> programs = files == null || files.isEmpty() ? defaultPrograms() : files;
            for (Path p : programs) {
                if (!Files.isRegularFile(p)) {
                    throw new CliException(ExitCodes.USAGE, p + ": no such file");
                }
            }
            StBench.Settings d = StBench.Settings.DEFAULT;
            StBench.Settings settings = new StBench.Settings(
                    warmupMs == null ? d.warmupNanos() : positive("--warmup-ms", warmupMs) * 1_000_000L,
                    rounds == null ? d.rounds() : (int) positive("--rounds", rounds),
                    roundMs == null ? d.roundNanos() : positive("--round-ms", roundMs) * 1_000_000L);
            PrintWriter out = spec.commandLine().getOut();
            try (PrintStream lines = LineForwarder.to(out)) {
                StBench.run(programs, settings, lines);
            } catch (IllegalArgumentException e) {
                // StBench's refusal of a file that does not compile, with its diagnostics
                throw new CliException(ExitCodes.PROJECT_ERRORS, "bench st: " + e.getMessage());
            }
            return ExitCodes.OK;
        }

        private static long positive(String option, long value) {
            if (value < 1) {
                throw new CliException(ExitCodes.USAGE, option + " must be at least 1");
            }
            return value;
        }
    }

    /**
     * {@code shared/bench/*.st} beside the repository: the launcher's repository is found from
     * where this class was loaded ({@code REPO/editor-server/target/classes}), so the command works
     * from any directory; {@code RINGPLC_HOME} names the repository explicitly.
     */
    static List<Path> defaultPrograms() throws IOException {
        Path bench = benchDirectory();
        if (bench == null) {
            throw new CliException(ExitCodes.USAGE, "no benchmark programs found (looked for ../shared/bench beside the "
                    + "repository); give .st files as arguments");
        }
        try (Stream<Path> s = Files.list(bench)) {
            List<Path> files = s.filter(p -> p.getFileName().toString().endsWith(".st")).sorted().toList();
            if (files.isEmpty()) {
                throw new CliException(ExitCodes.USAGE, bench + " has no .st files; give .st files as arguments");
            }
            return files;
        }
    }

    static Path benchDirectory() {
        List<Path> roots = new ArrayList<>();
        String home = System.getenv("RINGPLC_HOME");
        if (home != null && !home.isBlank()) {
            roots.add(Path.of(home));
        }
        try {
            Path classes = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // REPO/editor-server/target/classes (the launcher) or REPO/editor-server/target/*.jar
            Path repo = classes.getParent() == null ? null : classes.getParent().getParent();
            if (repo != null && repo.getParent() != null) {
                roots.add(repo.getParent());
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // no code source: fall back to the working directory
        }
        roots.add(Path.of("").toAbsolutePath());
        for (Path root : roots) {
            Path candidate = root.toAbsolutePath().normalize().resolveSibling("shared").resolve("bench");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** A PrintStream whose lines go to a PrintWriter as they are printed (StBench reports as it goes). */
    static final class LineForwarder extends java.io.OutputStream {
        private final PrintWriter to;
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        private LineForwarder(PrintWriter to) {
            this.to = to;
        }

        static PrintStream to(PrintWriter out) {
            return new PrintStream(new LineForwarder(out), true, java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        public void write(int b) {
            if (b == '\n') {
                flushLine();
            } else if (b != '\r') {
                line.write(b);
            }
        }

        @Override
        public void close() {
            if (line.size() > 0) {
                flushLine();
            }
            to.flush();
        }

        private void flushLine() {
            to.println(line.toString(java.nio.charset.StandardCharsets.UTF_8));
            to.flush();
            line.reset();
        }
    }
}
