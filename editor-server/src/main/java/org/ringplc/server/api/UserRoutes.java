package org.ringplc.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Arrays;
import org.ringplc.runtime.force.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * User management for administrators (PRODUCT.md §5, "admin: everything + users"):
 * {@code GET /api/users}, {@code PUT /api/users/{name}} with {@code {"role": "operator",
 * "password": "..."}} (the password is needed for a new user and optional otherwise) and
 * {@code DELETE /api/users/{name}}. They change the same users file as {@code ringplc user}, and
 * every change is recorded in the audit log. The token stays an administrator whatever happens to
 * the users, so no change here can lock the box's owner out.
 */
final class UserRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(UserRoutes.class);
    private static final String EXAMPLE = "{\"role\": \"operator\", \"password\": \"at least 8 characters\"}";

    private UserRoutes() {
    }

    /** A user as the API lists them: never the hash. */
    record UserView(String name, String role) {
    }

    static void install(Javalin app, Authenticator auth, ServerOptions options) {
        app.get("/api/users", ctx -> ctx.json(store(auth).users().stream()
                .map(u -> new UserView(u.name(), u.role().label())).toList()), Role.ADMIN);

        app.put("/api/users/{name}", ctx -> {
            UserStore store = store(auth);
            String name = ctx.pathParam("name");
            JsonBody body = JsonBody.parse(ctx, EXAMPLE);
            Role role = Role.parse(body.requireText("role")).orElseThrow(() -> ApiException.badRequest(
                    "role '" + body.node().get("role").asText() + "' is not a role; use viewer, operator, engineer or admin"));
            JsonNode pw = body.node().get("password");
            if (pw != null && !pw.isNull() && !pw.isTextual()) {
                throw ApiException.badRequest("field 'password' must be a string; expected e.g. " + EXAMPLE);
            }
            Role before = store.find(name).map(UserStore.User::role).orElse(null);
            String by = AccessGuard.principal(ctx).name();
            if (pw == null || pw.isNull()) {
                if (before == null) {
                    throw ApiException.badRequest("user " + name + " does not exist; a new user needs a 'password'");
                }
                store.setRole(name, role);
            } else {
                char[] password = pw.textValue().toCharArray();
                try {
                    store.put(name, role, password);
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest(e.getMessage());
                } finally {
                    Arrays.fill(password, '\0');
                }
            }
            String what = before == null ? "user-add" : "user-change";
            options.record(new AuditLog.Entry(Instant.now(), by, what, null, before == null ? null : before.label(),
                    role.label(), "user " + name + (pw == null || pw.isNull() ? "" : ", password set")));
            LOG.info("{} by {}: {} is {}", what, by, name, role.label());
            ctx.status(before == null ? 201 : 200).json(new UserView(store.find(name).orElseThrow().name(), role.label()));
        }, Role.ADMIN);

        app.delete("/api/users/{name}", ctx -> {
            UserStore store = store(auth);
            String name = ctx.pathParam("name");
            Role before = store.find(name).map(UserStore.User::role).orElseThrow(
                    () -> new ApiException(404, "no user " + name));
            store.remove(name);
            String by = AccessGuard.principal(ctx).name();
            options.record(new AuditLog.Entry(Instant.now(), by, "user-remove", null, before.label(), null, "user " + name));
            LOG.info("user-remove by {}: {}", by, name);
            ctx.status(204);
        }, Role.ADMIN);
    }

    private static UserStore store(Authenticator auth) {
        return auth.users().orElseThrow(() -> new ApiException(409, "this box has no users file (it was started from "
                + "loose source files without --users); users cannot be managed here"));
    }

    /**
     * Records a login or a failed one. A failed login's name is whatever the client sent, so it is
     * kept only when it is a well-formed user name.
     */
    static void recordLogin(ServerOptions options, Context ctx, String who, boolean ok) {
        String name = who;
        if (!ok && !"token".equals(who)) {
            try {
                UserStore.checkName(who);
            } catch (IllegalArgumentException e) {
                name = "(not a user name)";
            }
        }
        options.record(new AuditLog.Entry(Instant.now(), name, ok ? "login" : "login-failed", null, null, null,
                "from " + ctx.ip()));
    }
}
