package org.ringplc.server.ui;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Serves the browser page from {@code src/main/resources/web/}: a fixed list of files read once at
 * start, so no request path ever reaches the class loader and nothing needs a build step or a CDN
 * (controllers often have no internet). The page itself is public; everything it shows comes from
 * the authenticated API.
 *
 * <p>The Content-Security-Policy allows only this origin's own scripts, styles and sockets, so
 * even a variable value that slipped into the page as markup could not run code.
 */
public final class UiRoutes {
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'; form-action 'self'";

    private static final Map<String, String> FILES = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/app.js", "app.js",
            "/login.js", "login.js",
            "/app.css", "app.css");

    private UiRoutes() {
    }

    public static void install(Javalin app) {
        for (Map.Entry<String, String> e : FILES.entrySet()) {
            byte[] content = load(e.getValue());
            String type = contentType(e.getValue());
            app.get(e.getKey(), ctx -> {
                ctx.header("Content-Security-Policy", CSP);
                ctx.header("X-Content-Type-Options", "nosniff");
                ctx.header("Referrer-Policy", "same-origin");
                ctx.header("Cache-Control", "no-cache");
                ctx.contentType(type).result(content);
            });
        }
    }

    private static byte[] load(String name) {
        try (InputStream in = UiRoutes.class.getResourceAsStream("/web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("web/" + name + " is missing from the classpath; the build is broken");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String contentType(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        return "text/css; charset=utf-8";
    }
}
