package org.ringplc.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ringplc.runtime.PlcRuntime;
import org.ringplc.runtime.TraceHandle;

/**
 * Traces for the trend view: every cycle of a few variables, recorded by the scan thread into a
 * ring, read by the page a batch at a time. Unlike the monitor socket, which samples the newest
 * snapshot at the socket's rate, a trace misses no cycle, so a pulse of one cycle shows.
 *
 * <ul>
 *   <li>{@code POST /api/trace} {@code {"paths": [...], "capacity": 0}} starts one and answers
 *       {@code {id, paths, task, capacity}}; the runtime refuses more than
 *       {@link PlcRuntime#MAX_TRACE_VARIABLES} paths, STRINGs and paths of different tasks (400);</li>
 *   <li>{@code GET /api/trace/{id}?since=N} answers the rows after cycle N
 *       ({@code {paths, epochMillis, samples: [{cycle, timeNanos, values}], lastCycle, lost}});</li>
 *   <li>{@code DELETE /api/trace/{id}} stops it.</li>
 * </ul>
 *
 * <p>Recording costs the scan thread a little every cycle, so traces are few
 * ({@value #MAX_TRACES}) and one not read for {@value #IDLE_MILLIS} ms (a closed tab) is stopped
 * at the next trace request of anyone. A trace belongs to the user who started it.
 */
final class TraceRoutes {
    static final int MAX_TRACES = 8;
    static final long IDLE_MILLIS = 60_000;
    private static final String EXAMPLE = "{\"paths\": [\"Main.level\", \"Main.valve\"]}";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PlcRuntime runtime;
    private final Map<String, Trace> traces = new ConcurrentHashMap<>();

    private TraceRoutes(PlcRuntime runtime) {
        this.runtime = runtime;
    }

    /** A started trace, its owner and when it was last read. */
    private static final class Trace {
        final TraceHandle handle;
        final String owner;
        volatile long lastUsed = System.currentTimeMillis();

        Trace(TraceHandle handle, String owner) {
            this.handle = handle;
            this.owner = owner;
        }
    }

    /** The answer to starting a trace. */
    record Created(String id, List<String> paths, String task, int capacity) {
    }

    static void install(Javalin app, PlcRuntime runtime) {
        TraceRoutes routes = new TraceRoutes(runtime);
        app.post("/api/trace", ctx -> {
            routes.sweep();
            JsonBody body = JsonBody.parse(ctx, EXAMPLE);
            JsonNode p = body.node().get("paths");
            if (p == null || !p.isArray() || p.isEmpty()) {
                throw ApiException.badRequest("field 'paths' must be a non-empty array of variable paths; expected e.g. " + EXAMPLE);
            }
            List<String> paths = new ArrayList<>();
            for (JsonNode n : p) {
                if (!n.isTextual() || n.asText().isBlank()) {
                    throw ApiException.badRequest("every entry of 'paths' must be a variable path string");
                }
                paths.add(n.asText().strip());
            }
            JsonNode c = body.node().get("capacity");
            int capacity = c == null || c.isNull() ? 0 : c.asInt();
            if (routes.traces.size() >= MAX_TRACES) {
                throw new ApiException(503, "already " + MAX_TRACES + " traces running; close a trend elsewhere or try again in a minute");
            }
            TraceHandle h;
            try {
                h = runtime.trace(paths, capacity);
            } catch (UnsupportedOperationException e) {
                throw new ApiException(501, "this runtime cannot trace; trends use the monitor socket instead");
            }
            String id = HexFormat.of().formatHex(bytes());
            routes.traces.put(id, new Trace(h, AccessGuard.principal(ctx).name()));
            ctx.json(new Created(id, h.paths(), h.task(), h.capacity()));
        }, Role.VIEWER);

        app.get("/api/trace/{id}", ctx -> {
            routes.sweep();
            Trace t = routes.owned(ctx.pathParam("id"), AccessGuard.principal(ctx).name());
            long since = 0;
            String s = ctx.queryParam("since");
            if (s != null && !s.isBlank()) {
                try {
                    since = Long.parseLong(s.strip());
                } catch (NumberFormatException e) {
                    throw ApiException.badRequest("'since' must be a cycle number, not " + s);
                }
            }
            t.lastUsed = System.currentTimeMillis();
            ctx.json(t.handle.read(since));
        }, Role.VIEWER);

        app.delete("/api/trace/{id}", ctx -> {
            String id = ctx.pathParam("id");
            routes.owned(id, AccessGuard.principal(ctx).name());
            Trace t = routes.traces.remove(id);
            if (t != null) {
                t.handle.close();
            }
            ctx.status(204);
        }, Role.VIEWER);
    }

    private static byte[] bytes() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return b;
    }

    private Trace owned(String id, String user) {
        Trace t = traces.get(id);
        if (t == null || !t.owner.equals(user)) {
            throw new ApiException(404, "no trace " + id + " (it was stopped, or not read for "
                    + IDLE_MILLIS / 1000 + " s); start a new one");
        }
        return t;
    }

    /** Stops traces nobody has read for a while: their page is gone. */
    private void sweep() {
        long now = System.currentTimeMillis();
        traces.entrySet().removeIf(e -> {
            if (now - e.getValue().lastUsed > IDLE_MILLIS) {
                e.getValue().handle.close();
                return true;
            }
            return false;
        });
    }
}
