package org.ringplc.server.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turning the access token into a browser session: the start-up URL {@code /?token=T} (answered
 * with a redirect to {@code /} so the token leaves the address bar and the history), the login form
 * of the page ({@code POST /api/login {"token": T}}), {@code POST /api/logout} and
 * {@code GET /api/me}.
 *
 * <p>The cookie is HttpOnly (page scripts never see it) and SameSite=Strict (no other site's page
 * makes the browser send it); it has no Max-Age, so it ends with the browser session, and the
 * server ends it earlier by the limits in {@link Authenticator}.
 */
final class LoginRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(LoginRoutes.class);
    private static final String LOGIN_EXAMPLE = "{\"token\": \"...\"}";

    private LoginRoutes() {
    }

    static void install(Javalin app, Authenticator auth) {
        app.before("/", ctx -> {
            String token = ctx.queryParam("token");
            if (token == null || ctx.method() != io.javalin.http.HandlerType.GET) {
                return;
            }
            Optional<String> session = auth.login(token);
            if (session.isPresent()) {
                setCookie(ctx, session.get());
                LOG.info("browser session started from the login URL ({})", ctx.ip());
                ctx.redirect("/", HttpStatus.SEE_OTHER);
            } else {
                LOG.warn("login URL with an invalid or used token from {}", ctx.ip());
                ctx.redirect("/#login-failed", HttpStatus.SEE_OTHER);
            }
            ctx.skipRemainingHandlers();
        });

        app.post("/api/login", ctx -> {
            // A login form on another site must not be able to log this browser in either.
            AccessGuard.requireSameOrigin(ctx);
            String token = JsonBody.parse(ctx, LOGIN_EXAMPLE).requireText("token");
            String session = auth.login(token).orElseThrow(() -> {
                LOG.warn("login with an invalid or used token from {}", ctx.ip());
                return ApiException.unauthorized(auth.isOneTime()
                        ? "the token is wrong or was used already (the start-up token logs in once); "
                                + "restart with --token T or RINGPLC_TOKEN for a token that keeps working"
                        : "the token is wrong");
            });
            setCookie(ctx, session);
            Principal p = auth.session(session).orElseThrow();
            LOG.info("browser session {} started ({})", p.name(), ctx.ip());
            ctx.json(p);
        });

        app.post("/api/logout", ctx -> {
            auth.logout(ctx.cookie(Authenticator.COOKIE));
            ctx.header("Set-Cookie", Authenticator.COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
            ctx.status(204);
        });

        app.get("/api/me", ctx -> ctx.json(AccessGuard.principal(ctx)), Role.VIEWER);
    }

    private static void setCookie(Context ctx, String sessionId) {
        String secure = "https".equalsIgnoreCase(ctx.scheme()) ? "; Secure" : "";
        ctx.header("Set-Cookie", Authenticator.COOKIE + "=" + sessionId + "; Path=/; HttpOnly; SameSite=Strict" + secure);
    }
}
