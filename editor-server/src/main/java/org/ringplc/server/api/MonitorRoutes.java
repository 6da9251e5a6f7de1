package org.ringplc.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.websocket.WsContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.websocket.api.WriteCallback;
import org.ringplc.runtime.MonitorSubscription;
import org.ringplc.runtime.PlcRuntime;
import org.ringplc.runtime.ValueRejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code WS /api/monitor}: live values for the browser. The client sends
 * {@code {"subscribe": [paths], "rateHz": 20}} (again at any time to change the set); the server
 * sends {@code {"cycle": n, "values": {path: value}}}, each frame one consistent cycle, and
 * {@code {"error": "..."}} when a request is refused (the previous subscription then stays).
 *
 * <p>Decimation happens here, not in the runtime: one scheduler thread polls each socket's
 * {@link MonitorSubscription} at the socket's rate. A poll never blocks the scan thread (it reads
 * the last published snapshot) and returns null when no new cycle was published, so a stopped PLC
 * sends nothing. Sends are asynchronous and at most one is in flight per socket: while a slow
 * client has not taken the previous frame, ticks are skipped, and the next frame it gets is the
 * newest cycle rather than a backlog. Every send happens on the scheduler thread, so Jetty never
 * sees two concurrent writes on one socket.
 */
final class MonitorRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(MonitorRoutes.class);

    static final int DEFAULT_RATE_HZ = 10;
    /** A person cannot read faster; the shortest sensible task period is 1 ms anyway. */
    static final int MAX_RATE_HZ = 50;
    /** A page with every variable of a big project stays under this; it bounds frame size. */
    static final int MAX_PATHS = 10_000;
    /** Each socket costs a scheduled poll; a control room has a few screens, not hundreds. */
    static final int MAX_SOCKETS = 64;
    /** Below Jetty's 30 s idle timeout, so a socket on a stopped PLC stays open. */
    private static final long PING_SECONDS = 15;
    private static final String EXAMPLE = "{\"subscribe\": [\"Main.x\"], \"rateHz\": 10}";

    private final PlcRuntime runtime;
    private final ScheduledExecutorService scheduler;
    private final Map<WsContext, Socket> sockets = new ConcurrentHashMap<>();

    private MonitorRoutes(PlcRuntime runtime, ScheduledExecutorService scheduler) {
        this.runtime = runtime;
        this.scheduler = scheduler;
    }

    static void install(Javalin app, PlcRuntime runtime, AccessGuard guard, ScheduledExecutorService scheduler) {
        MonitorRoutes routes = new MonitorRoutes(runtime, scheduler);
        app.wsBeforeUpgrade("/api/monitor", ctx -> {
            Principal p = guard.authenticateUpgrade(ctx);
            if (routes.sockets.size() >= MAX_SOCKETS) {
                throw new ApiException(503, "too many monitor connections (" + MAX_SOCKETS + ")");
            }
            ctx.attribute(AccessGuard.PRINCIPAL, p);
        });
        app.ws("/api/monitor", ws -> {
            ws.onConnect(ctx -> {
                ctx.enableAutomaticPings(PING_SECONDS, TimeUnit.SECONDS);
                routes.sockets.put(ctx, new Socket(ctx));
            });
            ws.onMessage(ctx -> {
                Socket s = routes.sockets.get(ctx);
                if (s != null) {
                    routes.handle(s, ctx.message());
                }
            });
            ws.onClose(ctx -> routes.remove(ctx));
            ws.onError(ctx -> routes.remove(ctx));
        });
    }

    private void remove(WsContext ctx) {
        Socket s = sockets.remove(ctx);
        if (s != null) {
            s.stop();
        }
    }

    private void handle(Socket s, String message) {
        try {
            List<String> paths;
            int rateHz;
            JsonBody body = JsonBody.parse(message, EXAMPLE);
            JsonNode subscribe = body.node().get("subscribe");
            if (subscribe == null || !subscribe.isArray()) {
                throw ApiException.badRequest("field 'subscribe' must be an array of variable paths; expected e.g. " + EXAMPLE);
            }
            if (subscribe.size() > MAX_PATHS) {
                throw ApiException.badRequest("at most " + MAX_PATHS + " paths per subscription, got " + subscribe.size());
            }
            paths = new ArrayList<>(subscribe.size());
            for (JsonNode p : subscribe) {
                if (!p.isTextual() || p.asText().isBlank()) {
                    throw ApiException.badRequest("every entry of 'subscribe' must be a variable path string, not "
                            + JsonBody.describe(p));
                }
                paths.add(p.asText().strip());
            }
            JsonNode rate = body.node().get("rateHz");
            if (rate == null || rate.isNull()) {
                rateHz = DEFAULT_RATE_HZ;
            } else if (!rate.isNumber() || rate.doubleValue() < 1 || rate.doubleValue() > MAX_RATE_HZ) {
                throw ApiException.badRequest("'rateHz' must be a number from 1 to " + MAX_RATE_HZ);
            } else {
                rateHz = (int) Math.round(rate.doubleValue());
            }
            MonitorSubscription sub = runtime.monitor(paths);
            s.replace(sub, rateHz, scheduler);
        } catch (ApiException | ValueRejectedException e) {
            s.sendControl(error(e.getMessage()));
            scheduler.execute(s::tick);
        } catch (RuntimeException e) {
            LOG.error("monitor request failed", e);
            s.sendControl(error("internal error; the server log has the details"));
            scheduler.execute(s::tick);
        }
    }

    private static String error(String message) {
        try {
            return Json.mapper().writeValueAsString(new ErrorBody(message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an ErrorBody always serialises", e);
        }
    }

    /** Stops every socket's sender; the sockets themselves close with the server. */
    void closeAll() {
        sockets.values().forEach(Socket::stop);
        sockets.clear();
    }

    /** One monitor connection: its subscription, its sender schedule and its in-flight flag. */
    private static final class Socket {
        private final WsContext ctx;
        private final AtomicBoolean inFlight = new AtomicBoolean();
        private final Queue<String> control = new ConcurrentLinkedQueue<>();
        private MonitorSubscription subscription; // guarded by this
        private ScheduledFuture<?> schedule; // guarded by this
        private boolean stopped; // guarded by this

        Socket(WsContext ctx) {
            this.ctx = ctx;
        }

        synchronized void replace(MonitorSubscription sub, int rateHz, ScheduledExecutorService scheduler) {
            if (stopped) {
                sub.close();
                return;
            }
            stopSchedule();
            subscription = sub;
            long periodUs = 1_000_000L / rateHz;
            schedule = scheduler.scheduleAtFixedRate(this::tick, 0, periodUs, TimeUnit.MICROSECONDS);
        }

        void sendControl(String text) {
            control.add(text);
        }

        /** Scheduler thread only. */
        void tick() {
            try {
                if (!ctx.session.isOpen() || !inFlight.compareAndSet(false, true)) {
                    return;
                }
                String text = control.poll();
                if (text == null) {
                    text = nextFrame();
                }
                if (text == null) {
                    inFlight.set(false);
                    return;
                }
                ctx.session.getRemote().sendString(text, new WriteCallback() {
                    @Override
                    public void writeSuccess() {
                        inFlight.set(false);
                    }

                    @Override
                    public void writeFailed(Throwable x) {
                        inFlight.set(false);
                    }
                });
            } catch (RuntimeException | JsonProcessingException e) {
                // A failed tick must not cancel the periodic schedule, which an escaping exception would.
                inFlight.set(false);
                LOG.warn("monitor frame not sent: {}", e.toString());
            }
        }

        private String nextFrame() throws JsonProcessingException {
            MonitorSubscription sub;
            synchronized (this) {
                sub = subscription;
            }
            if (sub == null) {
                return null;
            }
            MonitorSubscription.Frame f = sub.poll();
            return f == null ? null : Json.mapper().writeValueAsString(f);
        }

        synchronized void stop() {
            stopped = true;
            stopSchedule();
        }

        private void stopSchedule() {
            if (schedule != null) {
                schedule.cancel(false);
                schedule = null;
            }
            if (subscription != null) {
                subscription.close();
                subscription = null;
            }
        }
    }
}
