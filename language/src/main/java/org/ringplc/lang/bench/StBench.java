package org.ringplc.lang.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ringplc.lang.CompileResult;
import org.ringplc.lang.SourceFile;
import org.ringplc.lang.StCompiler;
import org.ringplc.lang.diag.Diagnostic;
import org.ringplc.lang.program.CompiledProject;
import org.ringplc.lang.program.ConfigurationModel;
import org.ringplc.lang.program.ProgramInstance;
import org.ringplc.lang.program.ProgramType;
import org.ringplc.lang.program.RuntimeEnvironment;
import org.ringplc.lang.program.TaskClock;

/**
 * {@code ringplc bench st}: how long one scan of compiled ST takes. Each file is compiled, its
 * program instances created as its CONFIGURATION says (or one per PROGRAM), and cycles run on a
 * virtual clock that advances by the task interval, as in {@code sim}. After a warm-up long
 * enough for the JIT's optimising tier, several timed rounds each run a batch of cycles; the
 * figure is the median ns per cycle over the rounds (the median, because the machine is shared
 * and an unlucky round should not move the figure). Prints one {@code name: value unit} line per
 * figure and a last summary line (PRODUCT.md §1).
 */
public final class StBench {
    /** JIT warm-up per program: C2 compiles the hot loops within about a second on two cores. */
    static final long DEFAULT_WARMUP_NANOS = 1_500_000_000L;
    /** Rounds per program: an odd number so the median is one measured round. */
    static final int DEFAULT_ROUNDS = 7;
    /** Length of one timed round: long against timer resolution, short enough for 4 programs in ~15 s. */
    static final long DEFAULT_ROUND_NANOS = 200_000_000L;

    private StBench() {
    }

    /** The figures of one program. */
    public record Result(String program, double nsPerCycle, double minNsPerCycle, long cycles) {
    }

    /** How long to warm up and measure. */
    public record Settings(long warmupNanos, int rounds, long roundNanos) {
        public static final Settings DEFAULT = new Settings(DEFAULT_WARMUP_NANOS, DEFAULT_ROUNDS, DEFAULT_ROUND_NANOS);
    }

    /**
     * Measures each file and prints its lines to {@code out} as it goes.
     *
     * @throws IllegalArgumentException when a file does not compile (with its diagnostics)
     */
    public static List<Result> run(List<Path> files, Settings settings, PrintStream out) {
        List<Result> results = new ArrayList<>();
        for (Path f : files) {
            Result r = measure(f, settings);
            results.add(r);
            out.printf(Locale.ROOT, "st.%s.ns_per_cycle: %.0f ns%n", r.program(), r.nsPerCycle());
            out.printf(Locale.ROOT, "st.%s.min_ns_per_cycle: %.0f ns%n", r.program(), r.minNsPerCycle());
        }
        out.println(summary(results));
        return results;
    }

    /** {@link #run(List, Settings, PrintStream)} with the default settings on standard output. */
    public static List<Result> run(List<Path> files) {
        return run(files, Settings.DEFAULT, System.out);
    }

    static String summary(List<Result> results) {
        if (results.isEmpty()) {
            return "st.summary: no programs measured";
        }
        double logSum = 0;
        for (Result r : results) {
            logSum += Math.log(r.nsPerCycle());
        }
        return String.format(Locale.ROOT, "st.summary: %d programs, geometric mean %.0f ns per cycle (%s)",
                results.size(), Math.exp(logSum / results.size()),
                results.stream().map(r -> String.format(Locale.ROOT, "%s %.0f", r.program(), r.nsPerCycle()))
                        .collect(Collectors.joining(", ")));
    }

    /** Compiles and measures one file. */
    public static Result measure(Path file, Settings settings) {
        String name = file.getFileName().toString().replaceFirst("\\.(st|xml)$", "");
        Scan scan = new Scan(file);
        long warmEnd = System.nanoTime() + settings.warmupNanos();
        while (System.nanoTime() < warmEnd) {
            scan.cycles(1000);
        }
        // cycles per round from the warm speed, so each round lasts about roundNanos
        long t0 = System.nanoTime();
        scan.cycles(1000);
        double warmNs = Math.max(1, (System.nanoTime() - t0) / 1000.0);
        long batch = Math.max(100, (long) (settings.roundNanos() / warmNs));
        double[] perCycle = new double[settings.rounds()];
        for (int i = 0; i < perCycle.length; i++) {
            long start = System.nanoTime();
            scan.cycles(batch);
            perCycle[i] = (System.nanoTime() - start) / (double) batch;
        }
        Arrays.sort(perCycle);
        return new Result(name, perCycle[perCycle.length / 2], perCycle[0], scan.count);
    }

    /** The program instances of one compiled file and the virtual clock they run on. */
    private static final class Scan {
        private final TaskClock clock = new TaskClock();
        private final ProgramInstance[] instances;
        private final long interval;
        long count;

        Scan(Path file) {
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            CompileResult r = StCompiler.compile(List.of(new SourceFile(file.getFileName().toString(), text)));
            if (r.hasErrors()) {
                throw new IllegalArgumentException(file + " does not compile:\n" + r.diagnostics().stream()
                        .map(Diagnostic::headline).collect(Collectors.joining("\n")));
            }
            CompiledProject p = r.project();
            RuntimeEnvironment env = new RuntimeEnvironment(clock, p.instantiateGlobals(clock));
            List<ProgramInstance> list = new ArrayList<>();
            long iv = 0;
            if (p.configuration().isPresent() && !p.configuration().get().tasks().isEmpty()) {
                ConfigurationModel.Task t = p.configuration().get().tasks().get(0);
                iv = t.intervalNanos();
                for (ConfigurationModel.Instance i : t.programs()) {
                    list.add(p.program(i.programType()).orElseThrow().instantiate(env));
                }
            } else {
                for (ProgramType t : p.programs()) {
                    list.add(t.instantiate(env));
                }
            }
            instances = list.toArray(new ProgramInstance[0]);
            // the default task interval of PRODUCT.md §1 when the sources name none
            interval = iv > 0 ? iv : 10_000_000L;
        }

        void cycles(long n) {
            for (long k = 0; k < n; k++) {
                clock.set(count * interval);
                for (ProgramInstance i : instances) {
                    i.run();
                }
                count++;
            }
        }
    }

    /**
     * {@code StBench [FILE|DIR]... [--rounds N] [--warmup-ms M] [--round-ms R]}; without files, the
     * {@code .st} files of {@code ../shared/bench} (relative to the working directory, which the
     * launcher sets to the repository).
     */
    public static void main(String[] args) throws IOException {
        List<Path> files = new ArrayList<>();
        long warmup = DEFAULT_WARMUP_NANOS;
        int rounds = DEFAULT_ROUNDS;
        long round = DEFAULT_ROUND_NANOS;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--warmup-ms" -> warmup = Long.parseLong(args[++i]) * 1_000_000L;
                case "--round-ms" -> round = Long.parseLong(args[++i]) * 1_000_000L;
                default -> files.addAll(expand(Path.of(args[i])));
            }
        }
        if (files.isEmpty()) {
            files.addAll(expand(Path.of("..", "shared", "bench")));
        }
        run(files, new Settings(warmup, Math.max(1, rounds), round), System.out);
    }

    /** A file, or the sorted {@code .st} files of a directory. */
    static List<Path> expand(Path p) throws IOException {
        if (!Files.isDirectory(p)) {
            return List.of(p);
        }
        try (Stream<Path> s = Files.list(p)) {
            return s.filter(f -> f.toString().endsWith(".st")).sorted().toList();
        }
    }
}
