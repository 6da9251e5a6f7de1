package org.ringplc.server.api;

import io.javalin.Javalin;
import java.util.List;

/**
 * {@code GET /api/project}: the project's name, and its tasks with their program instances in
 * execution order, the upper levels of the monitoring tree (task → program instance → members).
 * {@code editable} says whether the editor can browse the project's files.
 */
final class ProjectRoutes {
    private ProjectRoutes() {
    }

    static void install(Javalin app, ProjectWorkspace workspace) {
        app.get("/api/project", ctx -> {
            if (workspace == null) {
                ctx.json(new VariableCatalog.ProjectView(null, List.of(), false));
                return;
            }
            ctx.json(workspace.catalog().view(workspace.directory() != null));
        }, Role.VIEWER);
    }
}
