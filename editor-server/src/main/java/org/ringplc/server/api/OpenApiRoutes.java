package org.ringplc.server.api;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /api/openapi.json}: the OpenAPI 3 description of this API, written by hand in
 * {@code src/main/resources/api/openapi.json} (what each call means and who may make it is the
 * point, and no annotation processor knows that). A test compares it with the routes the server
 * registers, in both directions and with each route's role, so it cannot fall behind the code.
 */
final class OpenApiRoutes {
    static final String RESOURCE = "/api/openapi.json";

    private OpenApiRoutes() {
    }

    static void install(Javalin app) {
        byte[] document = load();
        app.get("/api/openapi.json", ctx -> ctx.contentType("application/json").result(document), Role.VIEWER);
    }

    static byte[] load() {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath; the build is broken");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
