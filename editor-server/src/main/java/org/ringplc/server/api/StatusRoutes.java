package org.ringplc.server.api;

import io.javalin.Javalin;
import org.ringplc.runtime.PlcRuntime;

/** {@code GET /api/status}: run state, per-task cycle statistics, whether any force is set. */
final class StatusRoutes {
    private StatusRoutes() {
    }

    static void install(Javalin app, PlcRuntime runtime) {
        app.get("/api/status", ctx -> ctx.json(runtime.status()), Role.VIEWER);
    }
}
