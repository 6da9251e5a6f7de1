package org.ringplc.server.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.ringplc.server.api.Authenticator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ringplc run PROJECT}: compile, start the tasks and their I/O, serve the web UI and API
 * until SIGINT or SIGTERM, then stop cleanly (web first, then the tasks, whose outputs go to their
 * safe values). PRODUCT.md §1 and §5.
 *
 * <p>The access token is {@code --token}, else {@code RINGPLC_TOKEN}, else a random one-time
 * login token printed in the URL.
 */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Compile and run a project with its web UI and API.")
final class RunCommand implements Callable<Integer> {
    /** Where the environment is read; a test may replace it. */
    static Function<String, String> environment = System::getenv;

    @Parameters(index = "0", paramLabel = "PROJECT", description = "a project directory (with project.yaml) or an .st file")
    Path project;

    @Option(names = "--port", paramLabel = "PORT", description = "TCP port of the web UI (default: web.port of project.yaml, else 8080)")
    Integer port;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "address to listen on (default: web.bind, else 127.0.0.1)")
    String bind;

    @Option(names = "--token", paramLabel = "TOKEN", description = "fixed access token (default: RINGPLC_TOKEN, else a random one-time token)")
    String token;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RunningPlc plc = RunningPlc.start(project, port, bind, authenticator(token, environment), out, err);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            err.println("ringplc: stopping " + plc.project().name());
            err.flush();
            plc.close();
            stopped.countDown();
        }, "ringplc-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        // The JVM runs the hook on SIGINT/SIGTERM and exits when it returns; this thread only waits.
        stopped.await();
        return ExitCodes.OK;
    }

    /** {@code --token}, else the environment's RINGPLC_TOKEN, else a random one-time token. */
    static Authenticator authenticator(String token, Function<String, String> env) {
        if (token != null) {
            if (token.isBlank()) {
                throw new CliException(ExitCodes.USAGE, "--token must not be empty");
            }
            return Authenticator.fixed(token);
        }
        String fromEnv = env.apply("RINGPLC_TOKEN");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Authenticator.fixed(fromEnv.strip());
        }
        return Authenticator.oneTime();
    }
}
