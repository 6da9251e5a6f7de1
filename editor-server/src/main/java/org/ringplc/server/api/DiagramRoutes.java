package org.ringplc.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.Javalin;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.ringplc.runtime.PlcRuntime;
import org.ringplc.runtime.VariableValue;
import org.ringplc.runtime.project.LoadedProject;
import org.ringplc.runtime.project.TaskPlan;

/**
 * The online view of graphical POUs: {@code GET /api/diagrams} lists the program instances whose
 * POU is drawn (LD, FBD or SFC in a PLCopen XML source), and {@code GET /api/diagrams/{instance}}
 * returns the drawing of one ({@link PlcOpenDiagrams}) together with its {@code bindings}: for
 * every variable reference the drawing shows (a contact's variable, a block instance's pins, a
 * step's {@code X}), the full monitor path, its type and, for a located variable, its address. The
 * browser subscribes to those paths on the monitor socket and computes the power flow from them,
 * and forces through the ordinary force API, so the diagram sees exactly what the monitor tree sees.
 *
 * <p>Binding keys are the references as written in the drawing, lower-cased (ST is
 * case-insensitive): {@code "startpb"}, {@code "parttimer.q"}, {@code "fill.x"}. A reference that
 * is not a variable of the instance nor a global (a literal, an expression) has no binding; the
 * page shows its text.
 *
 * <p>Edge contacts: the compiler evaluates a {@code P}/{@code N} contact through a hidden
 * {@code R_TRIG}/{@code F_TRIG} named after the contact ({@code _contact31_r}); when the instance
 * has it, its {@code Q} is bound under the key {@code "#edge31"}, so the page lights the contact in
 * the cycle of the edge exactly as the program saw it.
 */
final class DiagramRoutes {
    /** A plain variable reference: {@code a}, {@code fb.Q}, {@code arr[3].x}; anything else is an expression or a literal. */
    private static final Pattern REFERENCE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\s*(\\.[A-Za-z_][A-Za-z0-9_]*|\\[[0-9, ]+\\]))*");

    private final PlcRuntime runtime;
    private final ProjectWorkspace workspace;
    private volatile Cached cached;

    private record Cached(LoadedProject project, PlcOpenDiagrams diagrams) {
    }

    /** One entry of {@code GET /api/diagrams}. */
    record DiagramEntry(String instance, String pou, String task, List<String> languages) {
    }

    /**
     * The answer to {@code GET /api/diagrams/{instance}}.
     *
     * @param bindings reference as written, lower-cased → where its live value is
     */
    record Diagram(String instance, String pou, String pouType, String file, List<PlcOpenDiagrams.Body> bodies,
                   Map<String, Binding> bindings) {
    }

    /** Where a reference's live value is: the monitor path, its type, its {@code AT} address if located. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Binding(String path, String type, String address) {
    }

    private DiagramRoutes(PlcRuntime runtime, ProjectWorkspace workspace) {
        this.runtime = runtime;
        this.workspace = workspace;
    }

    static void install(Javalin app, PlcRuntime runtime, ProjectWorkspace workspace) {
        DiagramRoutes routes = new DiagramRoutes(runtime, workspace);
        app.get("/api/diagrams", ctx -> ctx.json(routes.list()), Role.VIEWER);
        app.get("/api/diagrams/{instance}", ctx -> ctx.json(routes.diagram(ctx.pathParam("instance"))), Role.VIEWER);
    }

    List<DiagramEntry> list() {
        if (workspace == null) {
            return List.of();
        }
        PlcOpenDiagrams d = diagrams();
        List<DiagramEntry> out = new ArrayList<>();
        for (TaskPlan t : workspace.project().tasks()) {
            for (TaskPlan.Instance i : t.programs()) {
                PlcOpenDiagrams.Pou pou = d.pou(i.type().name());
                if (pou != null) {
                    Set<String> languages = new LinkedHashSet<>();
                    pou.bodies().forEach(b -> languages.add(b.language()));
                    out.add(new DiagramEntry(i.name(), pou.name(), t.name(), List.copyOf(languages)));
                }
            }
        }
        return out;
    }

    Diagram diagram(String instance) {
        if (workspace == null) {
            throw new ApiException(404, "this PLC runs without its project sources, so there are no diagrams to show");
        }
        TaskPlan.Instance found = null;
        for (TaskPlan t : workspace.project().tasks()) {
            for (TaskPlan.Instance i : t.programs()) {
                if (i.name().equalsIgnoreCase(instance)) {
                    found = i;
                }
            }
        }
        if (found == null) {
            throw new ApiException(404, "no program instance '" + instance + "'; GET /api/diagrams lists those with a diagram");
        }
        PlcOpenDiagrams.Pou pou = diagrams().pou(found.type().name());
        if (pou == null) {
            throw new ApiException(404, "program instance '" + found.name() + "' runs " + found.type().name()
                    + ", which has no LD, FBD or SFC body (it is Structured Text: see it in the editor)");
        }
        return new Diagram(found.name(), pou.name(), pou.pouType(), relative(pou.file()), pou.bodies(),
                bindings(found.name(), pou));
    }

    /**
     * A source's name as the editor lists it: relative to the directory of the project that runs
     * (a deploy directory when a deployed version runs; its files have the same relative names as
     * the sources), with '/'.
     */
    private String relative(String file) {
        java.nio.file.Path running = workspace.project().config().directory();
        java.nio.file.Path f = java.nio.file.Path.of(file).toAbsolutePath().normalize();
        for (java.nio.file.Path dir : java.util.Arrays.asList(
                running == null ? null : running.toAbsolutePath().normalize(), workspace.directory())) {
            if (dir != null && f.startsWith(dir)) {
                return dir.relativize(f).toString().replace('\\', '/');
            }
        }
        return file;
    }

    private PlcOpenDiagrams diagrams() {
        LoadedProject project = workspace.project();
        Cached c = cached;
        if (c == null || c.project() != project) {
            try {
                c = new Cached(project, PlcOpenDiagrams.read(project.sources()));
            } catch (IllegalArgumentException e) {
                throw new ApiException(500, e.getMessage());
            }
            cached = c;
        }
        return c.diagrams();
    }

    private Map<String, Binding> bindings(String instance, PlcOpenDiagrams.Pou pou) {
        Map<String, VariableValue> byPath = new HashMap<>();
        for (VariableValue v : runtime.variables("")) {
            byPath.put(v.path().toLowerCase(Locale.ROOT), v);
        }
        Map<String, Binding> out = new LinkedHashMap<>();
        for (PlcOpenDiagrams.Body body : pou.bodies()) {
            for (PlcOpenDiagrams.Item e : body.elements()) {
                for (String ref : references(e)) {
                    String key = ref.toLowerCase(Locale.ROOT).replace(" ", "");
                    if (out.containsKey(key) || !REFERENCE.matcher(key).matches()) {
                        continue;
                    }
                    Binding b = resolve(instance, key, byPath);
                    if (b != null) {
                        out.put(key, b);
                    }
                }
                if (body.language().equals("SFC")) {
                    sfcFlags(instance, pou, e, byPath, out);
                }
                if (e.kind().equals("contact") && e.attrs().containsKey("edge")) {
                    String suffix = e.attrs().get("edge").equals("falling") ? "_f" : "_r";
                    Binding b = resolve(instance, "_contact" + e.id() + suffix + ".q", byPath);
                    if (b != null) {
                        out.put("#edge" + e.id(), b);
                    }
                }
            }
        }
        return out;
    }

    /**
     * The SFC flags the compiler keeps for an element: per line of an action block, the action's
     * {@code Q} and {@code A} under {@code "#action<block>_<line>.q"} / {@code ".a"} (line from 0
     * in file order), from the action's variable ({@code Drive.Q}) or, for an inline body, the
     * hidden one the importer names {@code _inline<block>_<action localId>}; per transition, the
     * hidden BOOL {@code _cond<localId>} under {@code "#cond<localId>"}, in which the compiled
     * program keeps the transition's condition (whatever its kind: inline ST, named, wired), the
     * only source of the transition's colour. Keyed by element so the page finds them without
     * knowing the naming.
     */
    private void sfcFlags(String instance, PlcOpenDiagrams.Pou pou, PlcOpenDiagrams.Item e,
                          Map<String, VariableValue> byPath, Map<String, Binding> out) {
        if (e.kind().equals("transition")) {
            Binding b = hidden(instance, pou, "_cond" + e.id(), "", byPath);
            if (b != null && b.type().equalsIgnoreCase("BOOL")) {
                out.put("#cond" + e.id(), b);
            }
            return;
        }
        if (!e.kind().equals("actionBlock")) {
            return;
        }
        List<PlcOpenDiagrams.Action> actions = e.actions();
        for (int line = 0; line < actions.size(); line++) {
            PlcOpenDiagrams.Action a = actions.get(line);
            for (String flag : List.of("q", "a")) {
                Binding b;
                if (a.name() != null) {
                    b = resolve(instance, a.name().toLowerCase(Locale.ROOT).strip() + "." + flag, byPath);
                } else if (a.inline() != null && a.localId() != null) {
                    // without a localId the importer numbers inline actions across the whole chart;
                    // rather than redo that count here such a line stays unlit (editors write one)
                    b = hidden(instance, pou, "_inline" + e.id() + "_" + a.localId(), "." + flag, byPath);
                } else {
                    b = null;
                }
                if (b != null && b.type().equalsIgnoreCase("BOOL")) {
                    out.put("#action" + e.id() + "_" + line + "." + flag, b);
                }
            }
        }
    }

    /**
     * A variable the importer added to the instance's POU under {@code base}: like the importer,
     * skips the names the POU declares itself ({@code base_2}, {@code base_3}, ...), so a user's
     * own {@code _cond7} is never shown as the compiler's.
     */
    private Binding hidden(String instance, PlcOpenDiagrams.Pou pou, String base, String member,
                           Map<String, VariableValue> byPath) {
        PlcOpenDiagrams.Interface declared = diagrams().declarations(pou.name());
        String name = base.toLowerCase(Locale.ROOT);
        // bounded by the POU's own names: each clash moves past one of them
        for (int i = 2; declared != null && declared.variables().containsKey(name); i++) {
            name = base.toLowerCase(Locale.ROOT) + "_" + i;
        }
        VariableValue v = byPath.get(instance.toLowerCase(Locale.ROOT) + "." + name + member);
        return v == null ? null : new Binding(v.path(), v.type(), v.address());
    }

    /** What an element reads or shows, as written in the drawing. */
    private static List<String> references(PlcOpenDiagrams.Item e) {
        List<String> refs = new ArrayList<>();
        switch (e.kind()) {
            case "contact", "coil", "inVariable", "outVariable", "inOutVariable" -> {
                if (e.text() != null) {
                    refs.add(e.text());
                }
            }
            case "block" -> {
                if (e.instance() != null) {
                    e.inputs().forEach(p -> refs.add(e.instance() + "." + p.name()));
                    e.outputs().forEach(p -> refs.add(e.instance() + "." + p.name()));
                }
            }
            case "step" -> {
                refs.add(e.text() + ".X");
                refs.add(e.text() + ".T");
            }
            // a transition's value is the compiler's flag of its condition (#cond<localId>), whatever
            // the condition reads; the page never computes it from the variables
            case "actionBlock" -> e.actions().forEach(a -> {
                if (a.name() != null) {
                    refs.add(a.name());
                }
            });
            default -> {
            }
        }
        return refs;
    }

    /** The instance's own variable first, as the compiler resolves names; then a global of that name. */
    private static Binding resolve(String instance, String key, Map<String, VariableValue> byPath) {
        for (String candidate : List.of(instance.toLowerCase(Locale.ROOT) + "." + key, key)) {
            VariableValue v = byPath.get(candidate);
            if (v != null) {
                return new Binding(v.path(), v.type(), v.address());
            }
        }
        return null;
    }
}
