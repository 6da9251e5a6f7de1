package org.ringplc.server.api;

import io.javalin.Javalin;
import java.util.List;

/**
 * {@code GET /api/project}: the project's name, and its tasks with their program instances in
 * execution order, the upper levels of the monitoring tree (task → program instance → members).
 * {@code editable} says whether the editor can browse the project's files; {@code deployed} says
 * which deployed version runs (when, by whom, and whether the project directory's sources are
 * still that version), null when the sources run.
 */
final class ProjectRoutes {
    private ProjectRoutes() {
    }

    static void install(Javalin app, ProjectWorkspace workspace) {
        app.get("/api/project", ctx -> {
            if (workspace == null) {
                ctx.json(new ProjectView(null, List.of(), false, null));
                return;
            }
            ctx.json(ProjectView.of(workspace.project(), workspace.directory() != null, workspace.deployed()));
        }, Role.VIEWER);
    }
}
