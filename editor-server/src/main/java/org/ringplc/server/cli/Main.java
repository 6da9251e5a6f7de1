package org.ringplc.server.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code ringplc} command line, PRODUCT.md §1: {@code run}, {@code check}, {@code sim},
 * {@code bench}. The launcher script at the repository root runs this class.
 *
 * <p>Every outcome is an exit code of {@link ExitCodes} and a message a person can act on; a bug
 * in ringplc prints {@code ringplc: internal error: ...} and its stack trace only with
 * {@code --debug}.
 */
@Command(name = "ringplc", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "IEC 61131-3 soft-PLC: Structured Text compiled to JVM bytecode, io_uring I/O, browser UI.",
        subcommands = {RunCommand.class, CheckCommand.class, SimCommand.class, BenchCommand.class, DeployCommand.class, UserCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "print stack traces of internal errors")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = execute(args, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs one command line in-process and returns its exit code (tests call this). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        boolean debug = Arrays.asList(args).contains("--debug");
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> report(e, debug, err));
        try {
            return cl.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The one place a failed command becomes a message and an exit code. */
    static int report(Exception e, boolean debug, PrintWriter err) {
        if (e instanceof CliException c) {
            err.println("ringplc: " + c.getMessage());
            return c.exitCode();
        }
        err.println("ringplc: internal error: " + e);
        if (debug) {
            e.printStackTrace(err);
        } else {
            err.println("ringplc: run again with --debug for the stack trace, and please report it");
        }
        return ExitCodes.INTERNAL_ERROR;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CliException(ExitCodes.USAGE, "a command is needed: run, check, sim, deploy, bench or user");
    }

    /** The version of the build, from the jar manifest when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"ringplc " + (v == null ? "0.1.0-SNAPSHOT" : v)};
        }
    }
}
