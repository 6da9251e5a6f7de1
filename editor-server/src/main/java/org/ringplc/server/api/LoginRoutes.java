package org.ringplc.server.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turning the access token or a user's password into a browser session: the start-up URL
 * {@code /?token=T} (answered with a redirect to {@code /} so the token leaves the address bar and
 * the history), the login forms of the page ({@code POST /api/login} with {@code {"token": T}} or
 * {@code {"user": U, "password": P}}), {@code POST /api/logout} and {@code GET /api/me}.
 *
 * <p>Every failed login counts against the client address in the {@link LoginThrottle}; past its
 * free attempts the next one is answered 429 with {@code Retry-After} before anything is checked.
 *
 * <p>The cookie is HttpOnly (page scripts never see it) and SameSite=Strict (no other site's page
 * makes the browser send it); it has no Max-Age, so it ends with the browser session, and the
 * server ends it earlier by the limits in {@link Authenticator}.
 */
final class LoginRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(LoginRoutes.class);
    private static final String LOGIN_EXAMPLE = "{\"token\": \"...\"} or {\"user\": \"alice\", \"password\": \"...\"}";

    private LoginRoutes() {
    }

    static void install(Javalin app, Authenticator auth) {
        install(app, auth, ServerOptions.defaults());
    }

    /** @param options where logins and failed logins are recorded in the audit log */
    static void install(Javalin app, Authenticator auth, ServerOptions options) {
        app.before("/", ctx -> {
            String token = ctx.queryParam("token");
            if (token == null || ctx.method() != io.javalin.http.HandlerType.GET) {
                return;
            }
            if (throttled(ctx, auth)) {
                ctx.redirect("/#login-throttled", HttpStatus.SEE_OTHER);
                ctx.skipRemainingHandlers();
                return;
            }
            Optional<String> session = auth.login(token);
            if (session.isPresent()) {
                auth.throttle().success(ctx.ip());
                UserRoutes.recordLogin(options, ctx, auth.session(session.get()).map(Principal::name).orElse("token"), true);
                setCookie(ctx, session.get());
                LOG.info("browser session started from the login URL ({})", ctx.ip());
                ctx.redirect("/", HttpStatus.SEE_OTHER);
            } else {
                LoginRoutes.failed(ctx, auth);
                UserRoutes.recordLogin(options, ctx, "token", false);
                LOG.warn("login URL with an invalid or used token from {}", ctx.ip());
                ctx.redirect("/#login-failed", HttpStatus.SEE_OTHER);
            }
            ctx.skipRemainingHandlers();
        });

        app.post("/api/login", ctx -> {
            // A login form on another site must not be able to log this browser in either.
            AccessGuard.requireSameOrigin(ctx);
            JsonBody body = JsonBody.parse(ctx, LOGIN_EXAMPLE);
            if (throttled(ctx, auth)) {
                throw new ApiException(429, "too many failed logins from " + ctx.ip() + "; try again in "
                        + ctx.header("Retry-After") + " s");
            }
            String session;
            try {
                session = body.node().has("user") ? userLogin(ctx, auth, body) : tokenLogin(ctx, auth, body);
            } catch (ApiException e) {
                if (e.status() == 401) {
                    UserRoutes.recordLogin(options, ctx, body.node().has("user") ? body.node().path("user").asText() : "token",
                            false);
                }
                throw e;
            }
            auth.throttle().success(ctx.ip());
            setCookie(ctx, session);
            Principal p = auth.session(session).orElseThrow();
            UserRoutes.recordLogin(options, ctx, p.name(), true);
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

    private static String tokenLogin(Context ctx, Authenticator auth, JsonBody body) {
        String token = body.requireText("token");
        return auth.login(token).orElseThrow(() -> {
            LoginRoutes.failed(ctx, auth);
            LOG.warn("login with an invalid or used token from {}", ctx.ip());
            return ApiException.unauthorized(auth.isOneTime()
                    ? "the token is wrong or was used already (the start-up token logs in once); "
                            + "restart with --token T or RINGPLC_TOKEN for a token that keeps working"
                    : "the token is wrong");
        });
    }

    private static String userLogin(Context ctx, Authenticator auth, JsonBody body) {
        String user = body.requireText("user");
        // Not stripped: leading or trailing spaces may be part of a password.
        com.fasterxml.jackson.databind.JsonNode pw = body.node().get("password");
        if (pw == null || !pw.isTextual() || pw.textValue().isEmpty()) {
            throw ApiException.badRequest("missing field 'password'; expected e.g. " + LOGIN_EXAMPLE);
        }
        char[] password = pw.textValue().toCharArray();
        try {
            return auth.loginUser(user, password).orElseThrow(() -> {
                LoginRoutes.failed(ctx, auth);
                LOG.warn("failed password login for '{}' from {}", user, ctx.ip());
                return ApiException.unauthorized(auth.users().isEmpty()
                        ? "this box has no users file; log in with the token printed by 'ringplc run', "
                                + "or add users with 'ringplc user add NAME --role ROLE'"
                        : "wrong user name or password");
            });
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
    }

    /** Counts a failed login of the request's address; says so in the log once, when its back-off starts. */
    static void failed(Context ctx, Authenticator auth) {
        if (auth.throttle().failure(ctx.ip())) {
            LOG.warn("{} failed logins from {}: further attempts from there wait, doubling from {} s up to {} min",
                    LoginThrottle.FREE_FAILURES, ctx.ip(), LoginThrottle.FIRST_DELAY.toSeconds(),
                    LoginThrottle.MAX_DELAY.toMinutes());
        }
    }

    /** True (with Retry-After set) when the client address has to wait before its next login. */
    static boolean throttled(Context ctx, Authenticator auth) {
        long wait = auth.throttle().secondsToWait(ctx.ip());
        if (wait == 0) {
            return false;
        }
        ctx.header("Retry-After", Long.toString(wait));
        LOG.debug("login attempt from {} refused: {} s left of its back-off", ctx.ip(), wait);
        return true;
    }

    private static void setCookie(Context ctx, String sessionId) {
        String secure = "https".equalsIgnoreCase(ctx.scheme()) ? "; Secure" : "";
        ctx.header("Set-Cookie", Authenticator.COOKIE + "=" + sessionId + "; Path=/; HttpOnly; SameSite=Strict" + secure);
    }
}
