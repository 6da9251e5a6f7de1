package org.ringplc.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ringplc.runtime.ValueRejectedException;
import org.ringplc.runtime.project.Durations;
import org.ringplc.runtime.project.LoadedProject;
import org.ringplc.runtime.project.ProjectException;
import org.ringplc.runtime.sim.PlcFaultException;
import org.ringplc.runtime.sim.Simulation;
import org.ringplc.server.api.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ringplc sim PATH... --cycles N}: run the programs offline on a virtual clock (no I/O, no
 * sleeping) and print the final values, PRODUCT.md §1. Values print as IEC literals
 * ({@code Main.t = T#1s500ms}) or, with {@code --json}, as one JSON object in the API's value
 * formats.
 *
 * <p>Everything the user typed is checked before the first cycle runs (every {@code --set} and
 * {@code --watch}), so a typo costs nothing and exits 2; a fault of the PLC program exits 3 with
 * its ST file and line.
 */
@Command(name = "sim", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Run the program(s) offline for N cycles on a virtual clock and print the final values.")
final class SimCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "a project directory or .st/.xml files")
    List<Path> paths;

    @Option(names = "--cycles", required = true, paramLabel = "N", description = "number of cycles to run")
    long cycles;

    @Option(names = "--cycle-time", paramLabel = "DURATION",
            description = "virtual time per cycle (10ms, T#10ms, 500us); default: the fastest task's interval")
    String cycleTime;

    @Option(names = "--set", paramLabel = "PATH=VALUE",
            description = "set a variable before the first cycle (IEC literal or JSON value); repeatable")
    List<String> sets = new ArrayList<>();

    @Option(names = "--watch", paramLabel = "PATH",
            description = "print only this variable (an FB, struct or array prints all its members); repeatable")
    List<String> watches = new ArrayList<>();

    @Option(names = "--json", description = "print one JSON object {path: value}")
    boolean json;

    @Spec
    CommandSpec spec;

    /** {@code "path": value}, one per line, as jq and most people print JSON. */
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter().withSeparators(
            Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (cycles < 0) {
            throw new CliException(ExitCodes.USAGE, "--cycles must be 0 or more, got " + cycles);
        }
        Duration cycle = parseCycleTime();

        LoadedProject project = CheckCommand.loadWithoutErrors(paths, err, "", "nothing simulated");
        Simulation sim;
        try {
            sim = Simulation.create(project, cycle);
        } catch (ProjectException e) {
            throw new CliException(ExitCodes.PROJECT_ERRORS, e.getMessage());
        }

        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new CliException(ExitCodes.USAGE, "--set " + s + ": expected PATH=VALUE, e.g. --set Main.speed=42");
            }
            try {
                sim.set(s.substring(0, eq).strip(), s.substring(eq + 1).strip());
            } catch (ValueRejectedException e) {
                throw new CliException(ExitCodes.USAGE, "--set " + s + ": " + e.getMessage());
            }
        }
        for (String w : watches) {
            try {
                sim.values(List.of(w));
            } catch (ValueRejectedException e) {
                throw new CliException(ExitCodes.USAGE, "--watch " + w + ": " + e.getMessage());
            }
        }

        try {
            sim.run(cycles);
        } catch (PlcFaultException e) {
            throw new CliException(ExitCodes.PLC_FAULT, "PLC fault: " + e.getMessage());
        }

        try {
            if (json) {
                Map<String, Object> values = sim.values(watches);
                out.println(Json.mapper().writer(PRETTY).writeValueAsString(values));
            } else {
                for (Map.Entry<String, String> e : sim.literals(watches).entrySet()) {
                    out.println(e.getKey() + " = " + e.getValue());
                }
            }
        } catch (ValueRejectedException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("values from the runtime are always JSON-ready", e);
        }
        return ExitCodes.OK;
    }

    private Duration parseCycleTime() {
        if (cycleTime == null) {
            return null;
        }
        long nanos = Durations.parseNanos(cycleTime);
        if (nanos <= 0) {
            throw new CliException(ExitCodes.USAGE, "--cycle-time " + cycleTime
                    + ": not a positive duration (write 10ms, T#10ms, 500us or 1s)");
        }
        return Duration.ofNanos(nanos);
    }
}
