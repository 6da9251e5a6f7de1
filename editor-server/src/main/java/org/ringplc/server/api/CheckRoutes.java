package org.ringplc.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ringplc.lang.diag.Diagnostic;
import org.ringplc.lang.diag.Severity;
import org.ringplc.runtime.project.LoadedProject;
import org.ringplc.runtime.project.ProjectException;
import org.ringplc.runtime.project.ProjectLoader;

/**
 * {@code POST /api/check}: compiles the project as the editor has it, unsaved changes included,
 * and answers with the real compiler's diagnostics for the editor to show inline. The body is
 * {@code {"files": {"src/main.st": "text", ...}}}; files not given are taken from disk.
 *
 * <p>The project is copied to a temporary directory with the edits laid over it and loaded from
 * there exactly as {@code ringplc check} would load it (project.yaml, source globs, tasks), so
 * what the editor shows is what a deploy would report. Nothing is written to the project and the
 * running program is not touched. File names in the answer are project-relative, as in the editor.
 *
 * <p>One compilation at a time: the editor debounces typing, and on a small controller the scan
 * threads must keep their cores.
 */
final class CheckRoutes {
    private static final String EXAMPLE = "{\"files\": {\"src/main.st\": \"PROGRAM Main ... END_PROGRAM\"}}";
    /** A browser waits this long for another user's check before it is told to try again. */
    private static final long WAIT_SECONDS = 10;
    private static final Semaphore ONE_AT_A_TIME = new Semaphore(1);

    private CheckRoutes() {
    }

    /**
     * The answer.
     *
     * @param ok       no errors (warnings allowed)
     * @param problems project-level problems that have no source position (bad project.yaml, no sources)
     */
    record CheckReport(boolean ok, int errors, int warnings, List<DiagnosticJson> diagnostics, List<String> problems) {
    }

    static void install(Javalin app, ProjectWorkspace workspace) {
        app.post("/api/check", ctx -> {
            if (workspace == null || workspace.directory() == null) {
                throw new ApiException(404, "this PLC was started from loose source files, not a project directory;"
                        + " use 'ringplc check' on the files instead");
            }
            Map<String, String> edits = edits(JsonBody.parse(ctx, EXAMPLE));
            if (!ONE_AT_A_TIME.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new ApiException(503, "the compiler is busy with another check; try again in a moment");
            }
            try {
                ctx.json(check(workspace.directory(), edits));
            } finally {
                ONE_AT_A_TIME.release();
            }
        }, Role.VIEWER);
    }

    private static Map<String, String> edits(JsonBody body) {
        JsonNode files = body.node().get("files");
        Map<String, String> out = new LinkedHashMap<>();
        if (files == null || files.isNull()) {
            return out;
        }
        if (!files.isObject()) {
            throw ApiException.badRequest("field 'files' must be an object of path: text; expected e.g. " + EXAMPLE);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw ApiException.badRequest("files[\"" + e.getKey() + "\"] must be the file's text as a string");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }

    static CheckReport check(Path projectDir, Map<String, String> edits) throws IOException {
        ProjectFiles real = new ProjectFiles(projectDir);
        Path tmp = Files.createTempDirectory("ringplc-check-");
        try {
            Path root = tmp.toRealPath();
            for (ProjectFiles.Entry e : real.list()) {
                copy(root, e.path(), real.read(e.path()));
            }
            for (Map.Entry<String, String> e : edits.entrySet()) {
                real.resolve(e.getKey()); // the same rules as saving: no way out of the project
                if (e.getValue().getBytes(StandardCharsets.UTF_8).length > ProjectFiles.MAX_BYTES) {
                    throw ApiException.badRequest(e.getKey() + " is larger than " + ProjectFiles.MAX_BYTES + " bytes");
                }
                copy(root, e.getKey(), e.getValue());
            }
            LoadedProject loaded;
            try {
                loaded = ProjectLoader.load(List.of(root));
            } catch (ProjectException e) {
                List<String> problems = e.problems().stream().map(p -> p.replace(root + "/", "")).toList();
                return new CheckReport(false, problems.size(), 0, List.of(), problems);
            }
            List<DiagnosticJson> out = new ArrayList<>();
            int errors = 0;
            for (Diagnostic d : loaded.diagnostics()) {
                if (d.severity() == Severity.ERROR) {
                    errors++;
                }
                // The same shape as the deploy report's diagnostics (with the formatted text of 'check').
                out.add(DiagnosticJson.of(d, root, loaded.sources()));
            }
            return new CheckReport(errors == 0, errors, out.size() - errors, out, List.of());
        } finally {
            deleteTree(tmp);
        }
    }

    private static void copy(Path root, String relative, String text) throws IOException {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
