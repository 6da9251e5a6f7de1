package org.ringplc.server.api;

import io.javalin.Javalin;
import java.time.Instant;
import org.ringplc.runtime.PlcRuntime;
import org.ringplc.runtime.force.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/plc/start} and {@code /api/plc/stop}: the run state of all tasks. Stopping takes
 * effect at a cycle boundary and drives outputs to their safe values; both answer with the status
 * after the change. Both are recorded in the audit log with the user who asked (PRODUCT.md §3).
 */
final class PlcRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(PlcRoutes.class);

    private PlcRoutes() {
    }

    static void install(Javalin app, PlcRuntime runtime) {
        install(app, runtime, ServerOptions.defaults());
    }

    /** @param options where start and stop are recorded with the user who asked */
    static void install(Javalin app, PlcRuntime runtime, ServerOptions options) {
        app.post("/api/plc/start", ctx -> {
            String who = AccessGuard.principal(ctx).name();
            LOG.info("PLC start requested by {}", who);
            options.record(new AuditLog.Entry(Instant.now(), who, "start", null, null, null, null));
            runtime.start();
            ctx.json(runtime.status());
        }, Role.ENGINEER);
        app.post("/api/plc/stop", ctx -> {
            String who = AccessGuard.principal(ctx).name();
            LOG.info("PLC stop requested by {}", who);
            options.record(new AuditLog.Entry(Instant.now(), who, "stop", null, null, null, null));
            runtime.stop();
            ctx.json(runtime.status());
        }, Role.ENGINEER);
    }
}
