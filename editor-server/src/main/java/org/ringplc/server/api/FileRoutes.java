package org.ringplc.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The editor's view of the project directory: {@code GET /api/files} lists the editable files,
 * {@code GET /api/files/{path}} returns one ({@code {"path", "text"}}) and
 * {@code PUT /api/files/{path}} with {@code {"text": "..."}} saves one. Saving changes only the
 * files on disk; the running program changes when the project is deployed. Reading sources is for
 * every logged-in user, saving needs the engineer role like deploying. {@link ProjectFiles} keeps
 * every path inside the project.
 */
final class FileRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(FileRoutes.class);
    private static final String SAVE_EXAMPLE = "{\"text\": \"PROGRAM Main ... END_PROGRAM\"}";

    private FileRoutes() {
    }

    /** The body of {@code GET /api/files}. */
    record Listing(boolean editable, String reason, List<ProjectFiles.Entry> files) {
    }

    /** One file's text. */
    record FileText(String path, String text) {
    }

    /** The answer to a save. */
    record Saved(String path, int bytes, boolean created) {
    }

    static void install(Javalin app, ProjectWorkspace workspace) {
        app.get("/api/files", ctx -> {
            if (workspace == null || workspace.directory() == null) {
                ctx.json(new Listing(false, noDirectory(), List.of()));
                return;
            }
            ctx.json(new Listing(true, null, files(workspace).list()));
        }, Role.VIEWER);

        app.get("/api/files/<path>", ctx -> {
            String path = ctx.pathParam("path");
            ctx.json(new FileText(path, files(workspace).read(path)));
        }, Role.VIEWER);

        app.put("/api/files/<path>", ctx -> {
            String path = ctx.pathParam("path");
            String text = text(ctx);
            boolean created = files(workspace).write(path, text);
            LOG.info("{} saved {} ({} characters)", AccessGuard.principal(ctx).name(), path, text.length());
            ctx.json(new Saved(path, text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, created));
        }, Role.ENGINEER);
    }

    private static String text(Context ctx) {
        JsonNode t = JsonBody.parse(ctx, SAVE_EXAMPLE).node().get("text");
        if (t == null || !t.isTextual()) {
            throw ApiException.badRequest("field 'text' must be the whole file as a string; expected e.g. " + SAVE_EXAMPLE);
        }
        return t.textValue();
    }

    private static ProjectFiles files(ProjectWorkspace workspace) {
        if (workspace == null || workspace.directory() == null) {
            throw new ApiException(404, noDirectory());
        }
        return new ProjectFiles(workspace.directory());
    }

    private static String noDirectory() {
        return "this PLC was started from loose source files, not a project directory with project.yaml; "
                + "there are no project files to edit";
    }
}
