package org.ringplc.server.api;

import io.javalin.Javalin;
import org.ringplc.runtime.PlcRuntime;

/**
 * Forcing, PRODUCT.md §3: {@code POST /api/force}, {@code /api/unforce}, {@code /api/unforce-all}
 * and the list {@code GET /api/forces}. Forces change how the machine behaves until someone undoes
 * them, so setting and removing one needs the engineer role; watching the list does not.
 */
final class ForceRoutes {
    private static final String FORCE_EXAMPLE = "{\"path\": \"Tank.fillValve\", \"value\": true}";
    private static final String UNFORCE_EXAMPLE = "{\"path\": \"Tank.fillValve\"}";

    private ForceRoutes() {
    }

    static void install(Javalin app, PlcRuntime runtime) {
        app.get("/api/forces", ctx -> ctx.json(runtime.forces().stream().map(ForceEntry::of).toList()), Role.VIEWER);

        app.post("/api/force", ctx -> {
            JsonBody body = JsonBody.parse(ctx, FORCE_EXAMPLE);
            String path = body.requireText("path");
            Object value = body.requireValue("value");
            runtime.force(path, value, AccessGuard.principal(ctx).name());
            ctx.json(runtime.forces().stream().map(ForceEntry::of).toList());
        }, Role.ENGINEER);

        app.post("/api/unforce", ctx -> {
            String path = JsonBody.parse(ctx, UNFORCE_EXAMPLE).requireText("path");
            runtime.unforce(path, AccessGuard.principal(ctx).name());
            ctx.json(runtime.forces().stream().map(ForceEntry::of).toList());
        }, Role.ENGINEER);

        app.post("/api/unforce-all", ctx -> {
            runtime.unforceAll(AccessGuard.principal(ctx).name());
            ctx.json(runtime.forces().stream().map(ForceEntry::of).toList());
        }, Role.ENGINEER);
    }
}
