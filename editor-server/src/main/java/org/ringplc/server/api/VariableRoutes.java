package org.ringplc.server.api;

import io.javalin.Javalin;
import org.ringplc.runtime.PlcRuntime;

/**
 * {@code GET /api/variables?prefix=P} and the one-shot {@code POST /api/write}. A write is queued
 * and applied by the scan thread at the start of the next cycle (PRODUCT.md §3); the answer only
 * says it was accepted.
 */
final class VariableRoutes {
    private static final String WRITE_EXAMPLE = "{\"path\": \"Main.setpoint\", \"value\": 42}";

    private VariableRoutes() {
    }

    static void install(Javalin app, PlcRuntime runtime) {
        app.get("/api/variables", ctx -> {
            String prefix = ctx.queryParam("prefix");
            ctx.json(runtime.variables(prefix == null ? "" : prefix.strip()));
        }, Role.VIEWER);

        app.post("/api/write", ctx -> {
            JsonBody body = JsonBody.parse(ctx, WRITE_EXAMPLE);
            String path = body.requireText("path");
            Object value = body.requireValue("value");
            runtime.write(path, value, AccessGuard.principal(ctx).name());
            ctx.json(new Accepted(path, value));
        }, Role.OPERATOR);
    }

    /** The answer to a write: what was queued. */
    record Accepted(String path, Object value) {
    }
}
