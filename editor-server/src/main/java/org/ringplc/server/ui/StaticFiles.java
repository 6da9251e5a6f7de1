package org.ringplc.server.ui;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A fixed set of classpath files served over HTTP, each read once at start: no request path ever
 * reaches the class loader, and a file missing from the build fails the start instead of the first
 * request.
 */
final class StaticFiles {
    /**
     * Only this origin's own scripts, styles and sockets, so even a variable value that slipped into
     * a page as markup could not run code.
     */
    private static final String PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'; form-action 'self'";

    private StaticFiles() {
    }

    /**
     * Serves the files of a page with its Content-Security-Policy and a same-origin referrer.
     *
     * @param files URL path -> class path resource
     */
    static void servePage(Javalin app, Map<String, String> files) {
        serve(app, files, true);
    }

    /**
     * Serves scripts and styles that pages load; the policy is the loading page's, so they carry none.
     *
     * @param files URL path -> class path resource
     */
    static void serveAssets(Javalin app, Map<String, String> files) {
        serve(app, files, false);
    }

    private static void serve(Javalin app, Map<String, String> files, boolean page) {
        for (Map.Entry<String, String> e : files.entrySet()) {
            byte[] content = load(e.getValue());
            String type = contentType(e.getValue());
            app.get(e.getKey(), ctx -> {
                if (page) {
                    ctx.header("Content-Security-Policy", PAGE_POLICY);
                }
                ctx.header("X-Content-Type-Options", "nosniff");
                if (page) {
                    ctx.header("Referrer-Policy", "same-origin");
                }
                // Revalidated every time: after an upgrade no browser keeps an old script against the new API.
                ctx.header("Cache-Control", "no-cache");
                ctx.contentType(type).result(content);
            });
        }
    }

    private static byte[] load(String resource) {
        try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath; the build is broken");
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
