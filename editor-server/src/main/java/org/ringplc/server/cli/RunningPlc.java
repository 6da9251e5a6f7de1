package org.ringplc.server.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ringplc.runtime.PlcRuntime;
import org.ringplc.runtime.RuntimeOptions;
import org.ringplc.runtime.RuntimeStatus;
import org.ringplc.runtime.Runtimes;
import org.ringplc.runtime.project.LoadedProject;
import org.ringplc.runtime.project.ProjectConfig;
import org.ringplc.runtime.project.ProjectException;
import org.ringplc.runtime.DeployMode;
import org.ringplc.runtime.DeployReport;
import org.ringplc.runtime.task.ScanRuntime;
import org.ringplc.server.api.Authenticator;
import org.ringplc.server.api.BootVersion;
import org.ringplc.server.api.Deployer;
import org.ringplc.server.api.ProjectWorkspace;
import org.ringplc.server.api.ServerOptions;
import org.ringplc.server.api.WebServer;

/**
 * What {@code ringplc run} starts, as one closeable thing: the project's runtime, the web server
 * around it and, for demo projects with {@code simulation.plant}, the simulated plant as a second
 * runtime in the same process (no web server of its own). Separate from {@link RunCommand} so
 * tests can start and stop it without signals.
 *
 * <p>Everything started is closed again if a later step fails, so a failed start leaves no
 * socket bound and no scan thread running.
 */
final class RunningPlc implements AutoCloseable {
    /** Where a project directory keeps its runtime files (the audit log); hidden from source globs. */
    static final String STATE_DIR = ".ringplc";
    /** Under the state directory: one new directory per uploaded project. */
    static final String DEPLOY_DIR = "deploys";

    private final LoadedProject project;
    private final PlcRuntime runtime;
    private final PlcRuntime plant;
    private final WebServer web;
    private final String url;

    private RunningPlc(LoadedProject project, PlcRuntime runtime, PlcRuntime plant, WebServer web, String url) {
        this.project = project;
        this.runtime = runtime;
        this.plant = plant;
        this.web = web;
        this.url = url;
    }

    /**
     * Loads, compiles and starts everything, printing diagnostics to {@code err} and the start-up
     * lines to {@code out}.
     *
     * @param port null for the project's {@code web.port}
     * @param bind null for the project's {@code web.bind}
     * @throws CliException with the exit code of the first thing that failed
     */
    static RunningPlc start(Path path, Integer port, String bind, Authenticator auth, PrintWriter out, PrintWriter err) {
        return start(path, port, bind, auth, ServerOptions.defaults(), out, err);
    }

    /**
     * @param options HTTPS for the web server; the audit log is added here from the started runtime
     */
    static RunningPlc start(Path path, Integer port, String bind, Authenticator auth, ServerOptions options,
                            PrintWriter out, PrintWriter err) {
        return start(path, false, port, bind, auth, options, out, err);
    }

    /**
     * @param sources run the sources in {@code path} even when a deployed version was recorded as
     *                the boot version; without it the boot version runs, as on a PLC after a
     *                power cycle
     */
    static RunningPlc start(Path path, boolean sources, Integer port, String bind, Authenticator auth,
                            ServerOptions options, PrintWriter out, PrintWriter err) {
        Path home = isProjectDirectory(path) ? path.toAbsolutePath().normalize() : null;
        Path deploys = home == null ? null : home.resolve(STATE_DIR).resolve(DEPLOY_DIR);
        BootVersion boot = bootVersion(path, deploys, sources, out);
        LoadedProject project;
        if (boot == null) {
            project = load(path, err);
        } else {
            try {
                project = load(boot.projectDirectory(deploys), err);
            } catch (CliException e) {
                throw new CliException(e.exitCode(), "the deployed version " + boot.describe() + " does not start: "
                        + e.getMessage() + "; 'ringplc run --sources " + path + "' runs the sources instead");
            }
        }
        String bindAddress = bind != null ? bind : project.config().web().bind();
        int webPort = port != null ? port : project.config().web().port();
        if (webPort < 0 || webPort > 65535) {
            throw new CliException(ExitCodes.USAGE, "--port " + webPort + ": not a TCP port (0-65535)");
        }

        PlcRuntime runtime = null;
        PlcRuntime plant = null;
        WebServer web = null;
        try {
            ProjectConfig cfg = project.config();
            if (cfg.simulation() != null && cfg.simulation().plant() != null) {
                // The plant first: the controller's first output datagram then finds its peer
                // listening, and the error counters the operator sees start at zero.
                LoadedProject plantProject = load(cfg.simulation().plant(), err);
                plant = startRuntime(plantProject, "plant " + plantProject.name() + ": ", stateDirectory(plantProject));
                out.println("ringplc: simulated plant " + plantProject.name() + " running in-process ("
                        + cfg.simulation().plant() + ")");
            }
            // Audit log, retain file and users stay in the project directory whichever version runs.
            runtime = startRuntime(project, "", home == null ? null : home.resolve(STATE_DIR));
            PlcRuntime started = runtime;
            ServerOptions serverOptions = started instanceof ScanRuntime scan
                    ? options.withAuditLog(scan.audit()) : options;
            if (deploys != null) {
                serverOptions = serverOptions.withDeploy(deployer(started), deploys);
            }
            web = new WebServer(runtime, auth, new ProjectWorkspace(home, project, deploys, boot), serverOptions);
            int bound;
            try {
                bound = web.start(bindAddress, webPort);
            } catch (RuntimeException e) {
                throw new CliException(ExitCodes.START_FAILED, "cannot serve the web UI on " + bindAddress + ":" + webPort
                        + ": " + rootMessage(e) + (webPort != 0 ? " (is another ringplc running? try --port)" : ""));
            }
            String url = web.scheme() + "://" + urlHost(bindAddress) + ":" + bound + "/?token=" + auth.loginToken();
            RunningPlc running = new RunningPlc(project, runtime, plant, web, url);
            out.println("ringplc: " + project.name() + " running, open " + url);
            RuntimeStatus s = runtime.status();
            out.println("ringplc: I/O backend: " + s.ioBackend()
                    + (s.ioBackendReason() == null || s.ioBackendReason().isBlank() ? "" : " (" + s.ioBackendReason() + ")"));
            if (auth.isOneTime()) {
                out.println("ringplc: the token in the URL logs in once; use --token or RINGPLC_TOKEN for scripts");
            }
            auth.users().ifPresent(store -> {
                int n = store.users().size();
                out.println("ringplc: password logins: " + (n == 0 ? "no users yet (ringplc user add NAME --role ROLE --users "
                        + store.file() + ")" : CheckCommand.count(n, "user") + " in " + store.file()));
            });
            if (!isLoopback(bindAddress)) {
                err.println("ringplc: warning: listening on " + bindAddress
                        + ", reachable from the network; anyone with the token controls this PLC");
            }
            out.flush();
            return running;
        } catch (RuntimeException e) {
            closeQuietly(web);
            closeQuietly(plant);
            closeQuietly(runtime);
            throw e;
        }
    }

    /**
     * The boot version to start, or null for the sources; says which on {@code out} when there is
     * a deployed version, since the sources in the directory are then not what runs (or not what
     * would run after a restart without {@code --sources}).
     */
    private static BootVersion bootVersion(Path path, Path deploys, boolean sources, PrintWriter out) {
        if (deploys == null) {
            return null;
        }
        BootVersion boot;
        try {
            boot = BootVersion.read(deploys).orElse(null);
        } catch (BootVersion.InvalidRecord e) {
            if (sources) {
                out.println("ringplc: running the sources in " + path + " (--sources); the boot record is unusable: "
                        + e.getMessage());
                return null;
            }
            // Starting something else than was deployed, silently, is worse on a machine than not starting.
            throw new CliException(ExitCodes.PROJECT_ERRORS, e.getMessage() + "; nothing started ('ringplc run --sources "
                    + path + "' runs the sources, a new deploy records a new version)");
        }
        if (boot == null) {
            return null;
        }
        if (sources) {
            out.println("ringplc: running the sources in " + path + " (--sources); the deployed version "
                    + boot.describe() + " stays the boot version, 'ringplc run " + path + "' starts it");
            return null;
        }
        out.println("ringplc: starting deployed version " + boot.describe() + "; the sources in " + path
                + " are not what runs ('ringplc run --sources " + path + "' runs them)");
        return boot;
    }

    private static boolean isProjectDirectory(Path path) {
        return Files.isDirectory(path) && Files.isRegularFile(path.resolve("project.yaml"));
    }


    private static LoadedProject load(Path path, PrintWriter err) {
        return CheckCommand.loadWithoutErrors(List.of(path), err, path + ": ", "nothing started");
    }

    /** {@code PROJECT/.ringplc} for a project directory, else null (loose files keep no state). */
    private static Path stateDirectory(LoadedProject project) {
        Path dir = project.config().directory();
        return dir != null && Files.isDirectory(dir) ? dir.resolve(STATE_DIR) : null;
    }

    /** The runtime's own deploy: online change at a cycle boundary, or stop and start. */
    static Deployer deployer(PlcRuntime runtime) {
        return (next, online, user) -> {
            DeployReport r = runtime.deploy(next, online ? DeployMode.ONLINE : DeployMode.RESTART, user);
            return new Deployer.Outcome(r.outcome().name(), r.succeeded(), r.message(), r.added(), r.dropped(),
                    r.reset(), r.forcesDropped(), r.firstCycle());
        };
    }

    private static PlcRuntime startRuntime(LoadedProject project, String what, Path stateDir) {
        RuntimeOptions options = RuntimeOptions.defaults();
        if (stateDir != null) {
            options = options.withStateDirectory(stateDir);
        }
        try {
            return Runtimes.start(project, options);
        } catch (ProjectException e) {
            throw new CliException(ExitCodes.START_FAILED, what + "cannot start " + project.name() + ": " + e.getMessage());
        }
    }

    String url() {
        return url;
    }

    int port() {
        return web.port();
    }

    PlcRuntime runtime() {
        return runtime;
    }

    LoadedProject project() {
        return project;
    }

    /** Web first (no new commands), then the PLC (outputs to safe values), then the plant. */
    @Override
    public void close() {
        closeQuietly(web);
        closeQuietly(runtime);
        closeQuietly(plant);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            // shutting down: the remaining parts must still be closed
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** A wildcard bind is opened from this machine as loopback; an IPv6 literal needs brackets. */
    static String urlHost(String bind) {
        if (bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]")) {
            return "127.0.0.1";
        }
        return bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
    }

    private static boolean isLoopback(String bind) {
        try {
            return InetAddress.getByName(bind.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
