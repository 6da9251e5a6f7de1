package org.ringplc.runtime.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ringplc.runtime.RuntimeOptions;
import org.ringplc.runtime.Runtimes;
import org.ringplc.runtime.project.Durations;
import org.ringplc.runtime.project.LoadedProject;
import org.ringplc.runtime.project.ProjectException;
import org.ringplc.runtime.project.ProjectLoader;
import org.ringplc.runtime.task.CycleSamples;
import org.ringplc.runtime.task.RealtimeThreads;
import org.ringplc.runtime.task.ScanRuntime;
import org.ringplc.runtime.task.ScanTask;

/**
 * {@code ringplc bench cycle}: runs a compiled Structured Text program on a real task, exactly as
 * {@code ringplc run} does (same scan loop, real-time scheduling where permitted, no I/O drivers),
 * and measures what a control engineer asks of a soft PLC: how late each cycle starts after its
 * absolute start time (wake-up latency), how long it runs, whether any period was missed, what it
 * allocates and what CPU it takes while idle between cycles.
 *
 * <p>Wake-up latency is the same quantity {@code cyclictest} measures for a C thread (start time
 * minus the programmed absolute time), so the two can be compared side by side at the same
 * interval. Allocation is the scan thread's own counter (HotSpot's per-thread allocated bytes);
 * CPU is the scan thread's CPU time over the wall time of the run.
 */
public final class CycleBench {
    /** The program run when none is given, shipped as a resource. */
    static final String DEFAULT_PROGRAM = "CycleBench.st";
    /** Warm-up before measuring: class loading and JIT compilation of the program and loop. */
    private static final long WARMUP_NANOS = 1_000_000_000L;
    /** How often the sample ring is drained: well within its 8192 cycles even at 100 us. */
    private static final long DRAIN_NANOS = 200_000_000L;

    private CycleBench() {
    }

    /**
     * @param intervalNanos the task period
     * @param seconds       how long to measure (after a one-second warm-up)
     * @param program       an ST file with one PROGRAM, or null for the built-in program
     * @param spinNanos     the task's spin window (0: sleep until the start time)
     * @param cpu           the CPU to pin the scan thread to, or -1
     * @param priority      IEC priority of the task (0 highest)
     * @param realtime      ask for SCHED_FIFO, affinity, timer slack and mlockall
     */
    public record Options(long intervalNanos, double seconds, Path program, long spinNanos, int cpu, int priority,
                          boolean realtime) {
        public static Options defaults() {
            return new Options(1_000_000L, 10, null, 0, -1, 0, true);
        }
    }

    /**
     * The figures, microseconds unless named otherwise.
     *
     * @param program           the PROGRAM measured
     * @param cycles            cycles measured
     * @param wakeupP50Us       median wake-up latency
     * @param wakeupP99Us       99th percentile
     * @param wakeupP999Us      99.9th percentile
     * @param wakeupMaxUs       the largest
     * @param execP99Us         99th percentile of the cycle's execution time (I/O and programs)
     * @param overruns          periods missed during the measurement
     * @param allocBytesPerCycle scan-thread bytes allocated per cycle
     * @param cpuPercent        scan-thread CPU time over wall time
     * @param processCpuPercent whole-process CPU time over wall time (JIT, GC, this measurement)
     * @param scheduling        what the scan thread got: "SCHED_FIFO 80", or "SCHED_OTHER (...)"
     */
    public record Result(String program, long cycles, double wakeupP50Us, double wakeupP99Us, double wakeupP999Us,
                         double wakeupMaxUs, double execP99Us, long overruns, double allocBytesPerCycle,
                         double cpuPercent, double processCpuPercent, String scheduling) {

        /** The lines of PRODUCT.md's benchmark output: {@code name: value unit}, then a summary. */
        public List<String> lines(Options o) {
            return List.of(
                    line("cycle.wakeup_p50_us", wakeupP50Us, "us"),
                    line("cycle.wakeup_p99_us", wakeupP99Us, "us"),
                    line("cycle.wakeup_p999_us", wakeupP999Us, "us"),
                    line("cycle.wakeup_max_us", wakeupMaxUs, "us"),
                    line("cycle.exec_p99_us", execP99Us, "us"),
                    "cycle.overruns: " + overruns + " cycles",
                    line("cycle.alloc_bytes_per_cycle", allocBytesPerCycle, "bytes"),
                    line("cycle.cpu_percent", cpuPercent, "%"),
                    line("cycle.process_cpu_percent", processCpuPercent, "%"),
                    "cycle.cycles: " + cycles + " cycles",
                    String.format(Locale.ROOT, "bench cycle: %s every %s for %.0f s, %d cycles, %s: wake-up p50 %.1f us,"
                                    + " p99 %.1f us, max %.1f us; exec p99 %.1f us; %d overruns; %.1f B/cycle; %.2f%% CPU",
                            program, Durations.format(o.intervalNanos()), o.seconds(), cycles, scheduling, wakeupP50Us,
                            wakeupP99Us, wakeupMaxUs, execP99Us, overruns, allocBytesPerCycle, cpuPercent));
        }

        private static String line(String name, double v, String unit) {
            return String.format(Locale.ROOT, "%s: %.1f %s", name, v, unit);
        }
    }

    /** Runs the benchmark and prints its lines to {@code out}. */
    public static Result run(Options o, PrintStream out) throws ProjectException, IOException, InterruptedException {
        Result r = run(o);
        r.lines(o).forEach(out::println);
        return r;
    }

    /** Runs the benchmark. */
    public static Result run(Options o) throws ProjectException, IOException, InterruptedException {
        Path dir = Files.createTempDirectory("ringplc-bench-cycle");
        try {
            String source = o.program() == null ? builtIn() : Files.readString(o.program());
            Matcher m = Pattern.compile("(?im)^\\s*PROGRAM\\s+([A-Za-z_][A-Za-z0-9_]*)").matcher(source);
            if (!m.find()) {
                throw new ProjectException((o.program() == null ? DEFAULT_PROGRAM : o.program()) + ": no PROGRAM to run");
            }
            String name = m.group(1);
            Files.createDirectories(dir.resolve("src"));
            Files.writeString(dir.resolve("src/bench.st"), source);
            Files.writeString(dir.resolve("project.yaml"), "name: bench-cycle\ntasks:\n  - {name: bench, interval: "
                    + o.intervalNanos() / 1_000 + "us, priority: " + o.priority()
                    + (o.cpu() >= 0 ? ", cpu: " + o.cpu() : "")
                    + (o.spinNanos() > 0 ? ", spin: " + o.spinNanos() / 1_000 + "us" : "")
                    + ", programs: [" + name + "]}\n");
            LoadedProject project = ProjectLoader.load(List.of(dir));
            project.requireRunnable();
            try (ScanRuntime rt = (ScanRuntime) Runtimes.start(project,
                    RuntimeOptions.defaults().withRealtime(o.realtime()))) {
                return measure(rt, name, o);
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String builtIn() throws IOException {
        try (InputStream in = CycleBench.class.getResourceAsStream(DEFAULT_PROGRAM)) {
            if (in == null) {
                throw new IOException("the built-in benchmark program " + DEFAULT_PROGRAM + " is missing from the jar");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static Result measure(ScanRuntime rt, String name, Options o) throws InterruptedException {
        ScanTask task = rt.tasks().get(0);
        Thread scan = task.thread();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Thread.sleep(WARMUP_NANOS / 1_000_000);

        long cycles0 = task.cycles();
        long overruns0 = task.status().overruns();
        long alloc0 = threads.getThreadAllocatedBytes(scan.getId());
        long cpu0 = threads.getThreadCpuTime(scan.getId());
        long proc0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        long taken = task.samples().copy().total();
        long[] wake = new long[1024];
        long[] exec = new long[1024];
        int n = 0;
        long end = wall0 + (long) (o.seconds() * 1e9);
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            Thread.sleep(Math.max(1, Math.min(DRAIN_NANOS, end - now) / 1_000_000));
            CycleSamples.Copy c = task.samples().copy();
            int fresh = (int) Math.min(c.total() - taken, c.wakeupNanos().length);
            int from = c.wakeupNanos().length - fresh;
            if (n + fresh > wake.length) {
                wake = Arrays.copyOf(wake, Math.max(wake.length * 2, n + fresh));
                exec = Arrays.copyOf(exec, wake.length);
            }
            System.arraycopy(c.wakeupNanos(), from, wake, n, fresh);
            System.arraycopy(c.execNanos(), from, exec, n, fresh);
            n += fresh;
            taken = c.total();
        }
        long wall = System.nanoTime() - wall0;
        long cycles = task.cycles() - cycles0;
        long alloc = threads.getThreadAllocatedBytes(scan.getId()) - alloc0;
        long cpu = threads.getThreadCpuTime(scan.getId()) - cpu0;
        long proc = os.getProcessCpuTime() - proc0;
        long overruns = task.status().overruns() - overruns0;
        wake = Arrays.copyOf(wake, n);
        exec = Arrays.copyOf(exec, n);
        RealtimeThreads.Outcome rto = task.realtimeOutcome();
        String scheduling = rto == null ? "SCHED_OTHER (real-time off)"
                : rto.fifoPriority() > 0 ? "SCHED_FIFO " + rto.fifoPriority() + (rto.cpu() >= 0 ? " on CPU " + rto.cpu() : "")
                : "SCHED_OTHER (" + String.join("; ", rto.refusals()) + ")";
        return new Result(name, cycles, us(CycleSamples.Copy.quantile(wake, 0.5)), us(CycleSamples.Copy.quantile(wake, 0.99)),
                us(CycleSamples.Copy.quantile(wake, 0.999)), us(CycleSamples.Copy.quantile(wake, 1.0)),
                us(CycleSamples.Copy.quantile(exec, 0.99)), overruns, cycles == 0 ? 0 : (double) alloc / cycles,
                100.0 * cpu / wall, 100.0 * proc / wall, scheduling);
    }

    private static double us(long nanos) {
        return nanos / 1_000.0;
    }

    /**
     * {@code java ... CycleBench [--interval 1ms] [--seconds 10] [--program FILE.st] [--spin 50us]
     * [--cpu N] [--priority P] [--no-realtime]}.
     */
    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        try {
            run(o, System.out);
        } catch (ProjectException e) {
            System.err.println("bench cycle: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Parses the command-line options of {@code ringplc bench cycle}. */
    public static Options parse(String... args) {
        Options d = Options.defaults();
        long interval = d.intervalNanos();
        double seconds = d.seconds();
        Path program = null;
        long spin = 0;
        int cpu = -1;
        int priority = 0;
        boolean realtime = true;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--interval" -> interval = duration(a, value(args, ++i, a));
                case "--seconds" -> seconds = Double.parseDouble(value(args, ++i, a));
                case "--program" -> program = Path.of(value(args, ++i, a));
                case "--spin" -> spin = duration(a, value(args, ++i, a));
                case "--cpu" -> cpu = Integer.parseInt(value(args, ++i, a));
                case "--priority" -> priority = Integer.parseInt(value(args, ++i, a));
                case "--no-realtime" -> realtime = false;
                default -> throw new IllegalArgumentException("unknown option " + a + " (known: --interval, --seconds,"
                        + " --program, --spin, --cpu, --priority, --no-realtime)");
            }
        }
        if (seconds <= 0) {
            throw new IllegalArgumentException("--seconds must be positive");
        }
        return new Options(interval, seconds, program, spin, cpu, priority, realtime);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static long duration(String option, String text) {
        long n = Durations.parseNanos(text);
        if (n <= 0) {
            throw new IllegalArgumentException(option + ": \"" + text + "\" is not a duration (write 1ms, 500us)");
        }
        return n;
    }
}
