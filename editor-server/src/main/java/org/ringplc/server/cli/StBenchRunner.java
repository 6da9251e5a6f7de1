package org.ringplc.server.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ringplc.lang.diag.Severity;
import org.ringplc.runtime.project.LoadedProject;
import org.ringplc.runtime.project.ProjectException;
import org.ringplc.runtime.project.ProjectLoader;
import org.ringplc.runtime.sim.PlcFaultException;
import org.ringplc.runtime.sim.Simulation;

/**
 * The measurement of {@code ringplc bench st}: each file is compiled as {@code ringplc sim} would
 * and its cycles are run back to back on the virtual clock (no I/O, no sleeping), so the figure is
 * the cost of the generated code itself. After a warm-up long enough for the JIT to compile the
 * program's hot methods, cycles are run in batches until the measuring time is spent; the figure
 * is wall time over cycles.
 */
final class StBenchRunner {
    /** C2 compiles a method after ~10,000 invocations; a second covers that even for slow programs. */
    static final double WARMUP_SECONDS = 1.0;
    /** Long enough that timer granularity and one GC pause do not matter, short on a shared CI box. */
    static final double DEFAULT_SECONDS = 3.0;
    private static final Pattern PROGRAM = Pattern.compile("(?im)^\\s*PROGRAM\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*(?:\\(\\*.*)?$");

    private StBenchRunner() {
    }

    static int run(List<Path> files, double seconds, PrintWriter out, PrintWriter err) throws java.io.IOException {
        List<String> summary = new ArrayList<>();
        for (Path file : files) {
            LoadedProject project;
            try {
                project = ProjectLoader.load(List.of(file));
            } catch (ProjectException e) {
                throw new CliException(ExitCodes.PROJECT_ERRORS, "bench st: " + e.getMessage());
            }
            if (project.hasErrors()) {
                CheckCommand.printDiagnostics(project, err);
                long errors = project.diagnostics().stream().filter(d -> d.severity() == Severity.ERROR).count();
                throw new CliException(ExitCodes.PROJECT_ERRORS, "bench st: " + file + ": " + CheckCommand.count(errors, "error"));
            }
            String name = programName(file);
            Simulation sim;
            try {
                sim = Simulation.create(project);
                spend(sim, WARMUP_SECONDS);
                long start = System.nanoTime();
                long cycles = spend(sim, seconds);
                double ns = (double) (System.nanoTime() - start) / cycles;
                out.println(String.format(Locale.ROOT, "st.%s.ns_per_cycle: %.0f ns", name, ns));
                out.println("st." + name + ".cycles: " + cycles + " cycles");
                summary.add(String.format(Locale.ROOT, "%s %.0f ns", name, ns));
            } catch (ProjectException e) {
                throw new CliException(ExitCodes.PROJECT_ERRORS, "bench st: " + file + ": " + e.getMessage());
            } catch (PlcFaultException e) {
                throw new CliException(ExitCodes.PLC_FAULT, "bench st: " + file + ": " + e.getMessage());
            }
        }
        out.println(String.format(Locale.ROOT, "bench st: %d program%s, %.1f s each after %.1f s warm-up, virtual clock, "
                + "no I/O: %s", files.size(), files.size() == 1 ? "" : "s", seconds, WARMUP_SECONDS, String.join(", ", summary)));
        return ExitCodes.OK;
    }

    /**
     * Runs batches of cycles until {@code seconds} have passed; returns the cycles run. Batches grow
     * so the clock is read rarely compared with the work measured.
     */
    private static long spend(Simulation sim, double seconds) throws PlcFaultException {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long batch = 1;
        long total = 0;
        do {
            sim.run(batch);
            total += batch;
            if (batch < 1 << 16) {
                batch *= 2;
            }
        } while (System.nanoTime() < end);
        return total;
    }

    /** The PROGRAM declared in the file (the instance lines of a CONFIGURATION do not count), else the file name. */
    static String programName(Path file) throws java.io.IOException {
        Matcher m = PROGRAM.matcher(Files.readString(file));
        if (m.find()) {
            return m.group(1);
        }
        String f = file.getFileName().toString();
        return f.endsWith(".st") ? f.substring(0, f.length() - 3) : f;
    }
}
