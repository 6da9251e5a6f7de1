package org.ringplc.server.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.nio.file.Files;
import org.ringplc.server.api.Authenticator;
import org.ringplc.server.api.ServerOptions;
import org.ringplc.server.api.TlsConfig;
import org.ringplc.server.api.UserStore;
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
 * <p>A project directory to which a version was deployed starts that version, the boot version
 * ({@link org.ringplc.server.api.BootVersion}); {@code --sources} runs the directory's sources.
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

    @Option(names = "--sources",
            description = "run the sources in PROJECT even when a deployed version is recorded as the boot version")
    boolean sources;

    @Option(names = "--port", paramLabel = "PORT", description = "TCP port of the web UI (default: web.port of project.yaml, else 8080)")
    Integer port;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "address to listen on (default: web.bind, else 127.0.0.1)")
    String bind;

    @Option(names = "--token", paramLabel = "TOKEN", description = "fixed access token (default: RINGPLC_TOKEN, else a random one-time token)")
    String token;

    @Option(names = "--users", paramLabel = "FILE",
            description = "users who log in with a password (default: PROJECT/.ringplc/users.yaml; see 'ringplc user add')")
    Path users;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "serve HTTPS with this PEM certificate chain (with --tls-key)")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "the PEM (PKCS#8) private key of --tls-cert")
    Path tlsKey;

    @Option(names = "--tls-keystore", paramLabel = "P12",
            description = "serve HTTPS with this PKCS#12 keystore (password: RINGPLC_TLS_PASSWORD)")
    Path tlsKeystore;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Authenticator auth = authenticator(token, environment);
        Path usersFile = users != null ? users : defaultUsersFile(project);
        if (usersFile != null) {
            try {
                auth = auth.withUsers(new UserStore(usersFile));
            } catch (UserStore.InvalidFile e) {
                throw new CliException(ExitCodes.PROJECT_ERRORS, e.getMessage() + "; nothing started");
            }
        }
        ServerOptions options = ServerOptions.defaults().withTls(tls(tlsCert, tlsKey, tlsKeystore, environment));
        RunningPlc plc = RunningPlc.start(project, sources, port, bind, auth, options, out, err);
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

    /**
     * {@code DIR/.ringplc/users.yaml} for a project directory, beside the audit log; null for loose
     * source files, which have no place of their own (give {@code --users}).
     */
    static Path defaultUsersFile(Path project) {
        if (project == null || !Files.isDirectory(project)) {
            return null;
        }
        return project.resolve(RunningPlc.STATE_DIR).resolve(USERS_FILE);
    }

    static final String USERS_FILE = "users.yaml";

    /** The TLS options, checked for a complete pair; null for plain HTTP. */
    static TlsConfig tls(Path cert, Path key, Path keystore, Function<String, String> env) {
        if (keystore != null) {
            if (cert != null || key != null) {
                throw new CliException(ExitCodes.USAGE, "give either --tls-keystore or --tls-cert with --tls-key, not both");
            }
            String pw = env.apply("RINGPLC_TLS_PASSWORD");
            return TlsConfig.pkcs12(keystore, pw == null ? new char[0] : pw.toCharArray());
        }
        if (cert == null && key == null) {
            return null;
        }
        if (cert == null || key == null) {
            throw new CliException(ExitCodes.USAGE, "--tls-cert and --tls-key go together");
        }
        return TlsConfig.pem(cert, key);
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
