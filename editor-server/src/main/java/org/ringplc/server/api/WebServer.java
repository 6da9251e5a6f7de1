package org.ringplc.server.api;

import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.ringplc.runtime.PlcRuntime;
import org.ringplc.server.ui.IdeAssets;
import org.ringplc.server.ui.UiRoutes;

/**
 * The web edge of a running PLC: the JSON API of PRODUCT.md §4, the monitor socket and the
 * browser page, around one {@link PlcRuntime}. It only ever talks to the runtime through that
 * interface, whose calls never block a scan thread, so a slow or hostile client costs web threads,
 * never cycle time.
 *
 * <pre>
 * try (WebServer web = new WebServer(runtime, Authenticator.fixed("secret"))) {
 *     int port = web.start("127.0.0.1", 0);
 * }
 * </pre>
 */
public final class WebServer implements AutoCloseable {
    /**
     * Enough for a few browsers and scripts at once; Jetty's default of 200 threads would only
     * compete with the scan threads on a small controller. Jetty needs a few for its selectors.
     */
    private static final int MAX_THREADS = 16;
    private static final int MIN_THREADS = 4;

    private final PlcRuntime runtime;
    private final Authenticator auth;
    private final ScheduledExecutorService monitorScheduler;
    private final ProjectWorkspace workspace;
    private final ServerOptions options;
    private final List<RouteInfo> routes = new CopyOnWriteArrayList<>();
    private Javalin app;

    /** A server without project files: no editor, no tree levels or addresses from declarations. */
    public WebServer(PlcRuntime runtime, Authenticator auth) {
        this(runtime, auth, null);
    }

    /**
     * @param workspace the project the runtime runs (its directory for the editor, its declarations
     *                  for the monitoring tree), or null when there is none
     */
    public WebServer(PlcRuntime runtime, Authenticator auth, ProjectWorkspace workspace) {
        this(runtime, auth, workspace, ServerOptions.defaults());
    }

    /** @param options HTTPS and the audit log, see {@link ServerOptions} */
    public WebServer(PlcRuntime runtime, Authenticator auth, ProjectWorkspace workspace, ServerOptions options) {
        this.options = options;
        this.runtime = runtime;
        this.auth = auth;
        this.workspace = workspace;
        this.monitorScheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ringplc-monitor");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Binds and starts serving.
     *
     * @param bind the address to listen on ({@code 127.0.0.1} unless the user asked otherwise)
     * @param port the TCP port, 0 for any free one (tests)
     * @return the port actually bound
     */
    public synchronized int start(String bind, int port) {
        if (app != null) {
            throw new IllegalStateException("already started");
        }
        QueuedThreadPool pool = new QueuedThreadPool(MAX_THREADS, MIN_THREADS);
        pool.setName("ringplc-web");
        pool.setDaemon(true);
        Javalin a = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.jsonMapper(new JavalinJackson(Json.mapper(), false));
            config.jetty.threadPool = pool;
            config.http.defaultContentType = "application/json";
            config.events.handlerAdded(info -> RouteInfo.record(info, routes));
            if (options.tls() != null) {
                HttpsConnector.install(config, options.tls(), bind, port);
            }
        });
        AccessGuard guard = new AccessGuard(auth);
        ErrorMapper.install(a);
        a.before("/api/*", guard::authenticate);
        a.beforeMatched(guard::authorize);
        a.after("/api/*", ctx -> ctx.header("Cache-Control", "no-store"));
        LoginRoutes.install(a, auth, options);
        StatusRoutes.install(a, runtime);
        VariableRoutes.install(a, runtime, workspace);
        ProjectRoutes.install(a, workspace);
        FileRoutes.install(a, workspace);
        CheckRoutes.install(a, workspace);
        TraceRoutes.install(a, runtime);
        ForceRoutes.install(a, runtime);
        PlcRoutes.install(a, runtime, options);
        AuditRoutes.install(a, options.audit());
        UserRoutes.install(a, auth, options);
        DeployRoutes.install(a, options.deployer(), options.deployDirectory(), workspace);
        OpenApiRoutes.install(a);
        MonitorRoutes.install(a, runtime, guard, monitorScheduler);
        UiRoutes.install(a);
        IdeAssets.install(a);
        DiagramRoutes.install(a, runtime, workspace);
        a.start(bind, port);
        app = a;
        return a.port();
    }

    /** Every HTTP route registered, in registration order (the API description and the tests check them). */
    public List<RouteInfo> routes() {
        return List.copyOf(routes);
    }

    /** {@code https} when serving TLS, else {@code http}. */
    public String scheme() {
        return options.tls() != null ? "https" : "http";
    }

    /** The bound port; only after {@link #start}. */
    public synchronized int port() {
        if (app == null) {
            throw new IllegalStateException("not started");
        }
        return app.port();
    }

    /** Stops serving; the runtime is the caller's and keeps running. */
    @Override
    public synchronized void close() {
        monitorScheduler.shutdownNow();
        if (app != null) {
            app.stop();
            app = null;
        }
    }
}
