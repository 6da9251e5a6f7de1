package org.ringplc.server.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import org.ringplc.server.bench.WebBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ringplc bench web}: the cost of browsers watching a PLC, measured by {@link WebBench}:
 * the scan task's p99 execution time with nobody watching and with monitor sockets subscribed to
 * every variable of a generated program. Figures on standard output, progress on standard error.
 */
@Command(name = "web", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Task p99 execution time with and without monitor clients (web UI load).")
final class BenchWebCommand implements Callable<Integer> {
    @Option(names = "--variables", paramLabel = "N", defaultValue = "1000", description = "variables of the generated program (default: ${DEFAULT-VALUE})")
    int variables;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "5", description = "monitor sockets, each subscribed to every variable (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--rate", paramLabel = "HZ", defaultValue = "20", description = "frames per second per socket, 1 to 50 (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "2ms", description = "task period (default: ${DEFAULT-VALUE})")
    String interval;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "16", description = "measured time, half idle and half watched (default: ${DEFAULT-VALUE})")
    double seconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (variables < 1 || clients < 1 || rate < 1 || rate > 50 || seconds <= 0) {
            throw new CliException(ExitCodes.USAGE, "bench web: --variables, --clients and --seconds must be positive, --rate 1..50");
        }
        WebBench.Figures f = WebBench.run(new WebBench.Options(variables, clients, rate, interval, seconds), new PrintStream(
                new java.io.FileOutputStream(java.io.FileDescriptor.err), true));
        f.lines().forEach(spec.commandLine().getOut()::println);
        return ExitCodes.OK;
    }
}
