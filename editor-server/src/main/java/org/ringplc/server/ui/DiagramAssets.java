package org.ringplc.server.ui;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The online diagram page ({@code /ladder.html}): LD, FBD and SFC bodies drawn from the project's
 * PLCopen sources and lit by live values, from {@code src/main/resources/web/}. A page of its own
 * beside the main one, reached from its Diagrams tab, with the same rules as {@link UiRoutes}: a
 * fixed list of files read once at start, and a Content-Security-Policy that allows only this
 * origin's scripts, styles and sockets.
 */
public final class DiagramAssets {
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'; form-action 'self'";

    private static final Map<String, String> FILES = Map.of(
            "/ladder.html", "ladder.html",
            "/ladder.js", "ladder.js",
            "/ladder.css", "ladder.css");

    private DiagramAssets() {
    }

    public static void install(Javalin app) {
        for (Map.Entry<String, String> e : FILES.entrySet()) {
            byte[] content = load(e.getValue());
            String type = e.getValue().endsWith(".html") ? "text/html; charset=utf-8"
                    : e.getValue().endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
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
        try (InputStream in = DiagramAssets.class.getResourceAsStream("/web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("web/" + name + " is missing from the classpath; the build is broken");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
