package org.ringplc.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.Javalin;
import java.util.ArrayList;
import java.util.List;
import org.ringplc.runtime.PlcRuntime;
import org.ringplc.runtime.VariableValue;

/**
 * {@code GET /api/variables?prefix=P} and the one-shot {@code POST /api/write}. A write is queued
 * and applied by the scan thread at the start of the next cycle (PRODUCT.md §3); the answer only
 * says it was accepted.
 *
 * <p>Each variable row carries, beyond PRODUCT.md's {@code {path, type, value, forced}}, the
 * {@code address} of a located variable ({@code "%QX0.1"}), so the page can ask before it writes
 * or forces a physical output, and the {@code kind} of its declaration (INPUT, OUTPUT, IN_OUT,
 * LOCAL, TEMP, GLOBAL, EXTERNAL), both as the runtime reports them. Unlocated variables have no
 * {@code address} field. The variables the PLCopen importer adds to drawn POUs are left
 * out unless {@code ?generated=true} asks for them.
 */
final class VariableRoutes {
    private static final String WRITE_EXAMPLE = "{\"path\": \"Main.setpoint\", \"value\": 42}";

    private VariableRoutes() {
    }

    static void install(Javalin app, PlcRuntime runtime, ProjectWorkspace workspace) {
        app.get("/api/variables", ctx -> {
            String prefix = ctx.queryParam("prefix");
            List<VariableValue> values = runtime.variables(prefix == null ? "" : prefix.strip());
            GeneratedVariables generated = GeneratedVariables.of(workspace);
            boolean withGenerated = "true".equalsIgnoreCase(ctx.queryParam("generated"));
            List<Row> rows = new ArrayList<>(values.size());
            for (VariableValue v : values) {
                boolean g = generated != null && generated.isGenerated(v.path());
                if (g && !withGenerated) {
                    continue;
                }
                rows.add(new Row(v.path(), v.type(), v.value(), v.forced(), v.address(), v.kind(), g ? Boolean.TRUE : null));
            }
            ctx.json(rows);
        }, Role.VIEWER);

        app.post("/api/write", ctx -> {
            JsonBody body = JsonBody.parse(ctx, WRITE_EXAMPLE);
            String path = body.requireText("path");
            Object value = body.requireValue("value");
            runtime.write(path, value, AccessGuard.principal(ctx).name());
            ctx.json(new Accepted(path, value));
        }, Role.OPERATOR);
    }

    /**
     * One row of the variables list; {@code address} only for located variables, {@code kind} when
     * the runtime knows the declaration, {@code generated}
     * only for the PLCopen importer's hidden variables, listed with {@code ?generated=true}
     * ({@link GeneratedVariables}).
     */
    record Row(String path, String type, @JsonInclude(JsonInclude.Include.ALWAYS) Object value, boolean forced,
               @JsonInclude(JsonInclude.Include.NON_NULL) String address,
               @JsonInclude(JsonInclude.Include.NON_NULL) String kind,
               @JsonInclude(JsonInclude.Include.NON_NULL) Boolean generated) {
    }

    /** The answer to a write: what was queued. */
    record Accepted(String path, Object value) {
    }
}
