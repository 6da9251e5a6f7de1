package org.ringplc.server.api;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.security.RouteRole;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Decides who a request is and whether it may proceed, PRODUCT.md §5: authentication on every
 * {@code /api} call and on the monitor socket, role checks per route, and the same-origin checks
 * that keep another web site from using a logged-in browser's cookie.
 *
 * <p>Why the cross-site checks only apply to cookie authentication: a browser attaches the cookie
 * to requests that any page triggers, but it never invents an {@code Authorization} header for a
 * cross-origin request without a CORS preflight, which this server never grants.
 */
final class AccessGuard {
    /** The request attribute that holds the {@link Principal} once authenticated. */
    static final String PRINCIPAL = "ringplc.principal";

    /** Calls that work without authentication: they are how one gets authenticated. */
    private static final Set<String> PUBLIC_PATHS = Set.of("/api/login", "/api/logout");

    private final Authenticator auth;

    AccessGuard(Authenticator auth) {
        this.auth = auth;
    }

    /** Before-handler of {@code /api/*}. */
    void authenticate(Context ctx) {
        if (PUBLIC_PATHS.contains(ctx.path()) || ctx.method() == HandlerType.OPTIONS) {
            return;
        }
        Optional<Principal> bearer = bearer(ctx);
        if (bearer.isPresent()) {
            ctx.attribute(PRINCIPAL, bearer.get());
            return;
        }
        Principal p = auth.session(ctx.cookie(Authenticator.COOKIE)).orElseThrow(() -> ApiException.unauthorized(
                "not logged in: open the URL printed by 'ringplc run' or send 'Authorization: Bearer TOKEN'"));
        if (isStateChanging(ctx.method())) {
            requireSameOrigin(ctx);
        }
        ctx.attribute(PRINCIPAL, p);
    }

    /** Before-matched handler: the role the matched route asks for. */
    void authorize(Context ctx) {
        Principal p = ctx.attribute(PRINCIPAL);
        if (p == null) {
            return; // a public route
        }
        for (RouteRole r : ctx.routeRoles()) {
            if (r instanceof Role required && !p.role().includes(required)) {
                throw ApiException.forbidden(ctx.method() + " " + ctx.endpointHandlerPath() + " requires the "
                        + required.label() + " role; " + p.name() + " has the " + p.role().label() + " role");
            }
        }
    }

    /**
     * Before the monitor socket is upgraded. A browser always sends {@code Origin} on a WebSocket
     * handshake and the same-origin policy does not protect sockets, so a cookie-authenticated
     * handshake must come from this server's own page; a foreign Origin is refused in every case.
     */
    Principal authenticateUpgrade(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin != null && !sameOrigin(origin, ctx)) {
            throw ApiException.forbidden("WebSocket from a foreign origin refused: " + origin);
        }
        Optional<Principal> bearer = bearer(ctx);
        if (bearer.isPresent()) {
            return bearer.get();
        }
        Principal p = auth.session(ctx.cookie(Authenticator.COOKIE))
                .orElseThrow(() -> ApiException.unauthorized("not logged in"));
        if (origin == null) {
            throw ApiException.forbidden("a cookie-authenticated WebSocket needs an Origin header");
        }
        return p;
    }

    /**
     * The principal of the request's {@code Authorization: Bearer} header, or empty when it has none.
     * A wrong token counts as a failed login from the client's address, on the API and on the
     * monitor socket alike (both are doors for guessing it), and an address in its back-off is
     * refused before the token is even compared.
     */
    private Optional<Principal> bearer(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization == null) {
            return Optional.empty();
        }
        if (LoginRoutes.throttled(ctx, auth)) {
            throw new ApiException(429, "too many failed logins from " + ctx.ip() + "; try again in "
                    + ctx.header("Retry-After") + " s");
        }
        Optional<Principal> bearer = auth.bearer(authorization);
        if (bearer.isEmpty()) {
            LoginRoutes.failed(ctx, auth);
            throw ApiException.unauthorized("the Bearer token is not valid");
        }
        return bearer;
    }

    static Principal principal(Context ctx) {
        Principal p = ctx.attribute(PRINCIPAL);
        if (p == null) {
            throw ApiException.unauthorized("not logged in");
        }
        return p;
    }

    private static boolean isStateChanging(HandlerType m) {
        return m != HandlerType.GET && m != HandlerType.HEAD && m != HandlerType.OPTIONS;
    }

    /**
     * Origin first (browsers send it on every cross-origin request and on same-origin POSTs), then
     * Referer; with neither, a custom header that a cross-site form cannot set and a cross-site
     * script cannot set without a preflight.
     */
    static void requireSameOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin != null && !origin.equals("null")) {
            if (!sameOrigin(origin, ctx)) {
                throw ApiException.forbidden("cross-site request refused (Origin " + origin + ")");
            }
            return;
        }
        String referer = ctx.header("Referer");
        if (referer != null) {
            if (!sameOrigin(referer, ctx)) {
                throw ApiException.forbidden("cross-site request refused (Referer does not match this server)");
            }
            return;
        }
        if (ctx.header("X-Requested-With") == null) {
            throw ApiException.forbidden("state-changing calls with a session cookie need an Origin, Referer "
                    + "or X-Requested-With header");
        }
    }

    /** Whether the scheme/host/port of {@code url} is this server as the request's Host names it. */
    static boolean sameOrigin(String url, Context ctx) {
        String host = ctx.header("Host");
        if (host == null) {
            return false;
        }
        try {
            URI u = URI.create(url.strip());
            if (u.getScheme() == null || u.getHost() == null) {
                return false;
            }
            String scheme = u.getScheme().toLowerCase(Locale.ROOT);
            int port = u.getPort() != -1 ? u.getPort() : scheme.equals("https") ? 443 : 80;
            URI h = URI.create("//" + host.strip());
            if (h.getHost() == null) {
                return false;
            }
            int hostPort = h.getPort() != -1 ? h.getPort() : scheme.equals("https") ? 443 : 80;
            return u.getHost().equalsIgnoreCase(h.getHost()) && port == hostPort;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
