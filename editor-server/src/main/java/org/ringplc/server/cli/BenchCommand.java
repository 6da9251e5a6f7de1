package org.ringplc.server.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ringplc bench st|io|cycle}: the benchmarks of PRODUCT.md §1. They are not part of this
 * build yet; the command says so plainly and exits 2 rather than printing figures it did not
 * measure.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Benchmarks (st, io, cycle); not available in this build yet.")
final class BenchCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "ARGS", description = "st, io or cycle, then their options")
    List<String> args;

    @Override
    public Integer call() {
        throw new CliException(ExitCodes.USAGE, "bench: not yet available in this build");
    }
}
