package org.ringplc.server.api;

import io.javalin.Javalin;
import org.ringplc.runtime.PlcRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/plc/start} and {@code /api/plc/stop}: the run state of all tasks. Stopping takes
 * effect at a cycle boundary and drives outputs to their safe values; both answer with the status
 * after the change.
 */
final class PlcRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(PlcRoutes.class);

    private PlcRoutes() {
    }

    static void install(Javalin app, PlcRuntime runtime) {
        app.post("/api/plc/start", ctx -> {
            LOG.info("PLC start requested by {}", AccessGuard.principal(ctx).name());
            runtime.start();
            ctx.json(runtime.status());
        }, Role.ENGINEER);
        app.post("/api/plc/stop", ctx -> {
            LOG.info("PLC stop requested by {}", AccessGuard.principal(ctx).name());
            runtime.stop();
            ctx.json(runtime.status());
        }, Role.ENGINEER);
    }
}
