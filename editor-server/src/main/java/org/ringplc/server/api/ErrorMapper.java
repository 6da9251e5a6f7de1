package org.ringplc.server.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.ringplc.runtime.ValueRejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps every failure of a request to one JSON error shape. Nothing thrown by a handler reaches the
 * client as a stack trace: expected refusals keep their message, anything else becomes a 500 whose
 * details go to the server log only.
 */
final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    private ErrorMapper() {
    }

    static void install(Javalin app) {
        app.exception(ApiException.class, (e, ctx) -> render(ctx, e.status(), e.getMessage()));
        app.exception(ValueRejectedException.class, (e, ctx) -> render(ctx, 400, e.getMessage()));
        app.exception(HttpResponseException.class, (e, ctx) -> {
            if (e.getStatus() == 404) {
                notFound(ctx);
            } else {
                render(ctx, e.getStatus(), e.getMessage());
            }
        });
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            render(ctx, 500, "internal error while handling " + ctx.method() + " " + ctx.path()
                    + "; the server log has the details");
        });
        // only when nothing was rendered: a handler's own 404 ("no program instance 'X'") keeps its message
        app.error(404, ctx -> {
            if (ctx.result() == null) {
                notFound(ctx);
            }
        });
    }

    private static void notFound(Context ctx) {
        if (ctx.path().startsWith("/api")) {
            render(ctx, 404, "no such API call: " + ctx.method() + " " + ctx.path());
        } else {
            ctx.status(404).contentType("text/plain; charset=utf-8").result("Not found");
        }
    }

    static void render(Context ctx, int status, String message) {
        ctx.status(status).json(new ErrorBody(message == null || message.isBlank() ? "request refused" : message));
    }
}
