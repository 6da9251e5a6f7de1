package org.ringplc.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ringplc.lang.program.CompiledProject;
import org.ringplc.lang.program.IoAddress;
import org.ringplc.lang.program.ProgramInstance;
import org.ringplc.lang.program.RuntimeEnvironment;
import org.ringplc.lang.program.TaskClock;
import org.ringplc.lang.program.VariableDescriptor;
import org.ringplc.runtime.project.LoadedProject;
import org.ringplc.runtime.project.TaskPlan;

/**
 * What the monitoring tree needs to know about a project beyond live values: which program
 * instances each task runs (the tree's upper levels, {@code GET /api/project}) and, per variable,
 * how it is declared: its {@code AT} address and section. The address is what makes the page ask
 * for confirmation before writing or forcing a physical output ({@code %Q}).
 *
 * <p>The compiler's variable descriptors are only handed out for an instance, so the catalog
 * instantiates each program type once, on a web thread, with a clock of its own: the live
 * instances belong to the scan threads and are never touched here. Constructing a program runs
 * only its initialisers, which have no side effects outside the instance.
 */
final class VariableCatalog {
    private final String name;
    private final List<TaskView> tasks;
    private final Map<String, Declaration> byPath;

    private VariableCatalog(String name, List<TaskView> tasks, Map<String, Declaration> byPath) {
        this.name = name;
        this.tasks = tasks;
        this.byPath = byPath;
    }

    /** One task of {@code GET /api/project}: its period and program instances in execution order. */
    record TaskView(String name, long intervalUs, int priority, List<InstanceView> programs) {
    }

    /** {@code PROGRAM instance : program} of a task. */
    record InstanceView(String instance, String program) {
    }

    /**
     * How one leaf is declared.
     *
     * @param address the {@code AT} address ({@code %QX0.1}) or null
     * @param kind    the declaration section (INPUT, OUTPUT, LOCAL, GLOBAL, ...)
     * @param retain  RETAIN or PERSISTENT
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Declaration(String address, String kind, boolean retain) {
        /** A physical output: writing or forcing it moves something in the plant. */
        boolean isOutput() {
            return address != null && address.startsWith("%Q");
        }
    }

    /**
     * The body of {@code GET /api/project}.
     *
     * @param deployed the deployed version that runs, null when the project directory's sources run
     */
    record ProjectView(String name, List<TaskView> tasks, boolean editable, ProjectWorkspace.Deployed deployed) {
    }

    static VariableCatalog of(LoadedProject project) {
        List<TaskView> tasks = new ArrayList<>();
        Map<String, Declaration> byPath = new HashMap<>();
        CompiledProject compiled = project.compile().project();
        Object globals = null;
        if (compiled != null) {
            TaskClock clock = new TaskClock();
            globals = compiled.instantiateGlobals(clock);
            if (globals != null) {
                for (VariableDescriptor d : compiled.globalVariables(globals)) {
                    byPath.put(key(d.path()), declaration(d));
                }
            }
        }
        for (TaskPlan t : project.tasks()) {
            List<InstanceView> programs = new ArrayList<>();
            for (TaskPlan.Instance i : t.programs()) {
                programs.add(new InstanceView(i.name(), i.type().name()));
                ProgramInstance live = i.type().instantiate(new RuntimeEnvironment(new TaskClock(), globals));
                for (VariableDescriptor d : i.type().variables(live)) {
                    byPath.put(key(i.name() + "." + d.path()), declaration(d));
                }
            }
            tasks.add(new TaskView(t.name(), t.intervalNanos() / 1000, t.priority(), List.copyOf(programs)));
        }
        return new VariableCatalog(project.name(), List.copyOf(tasks), Collections.unmodifiableMap(byPath));
    }

    private static Declaration declaration(VariableDescriptor d) {
        IoAddress a = d.address();
        return new Declaration(a == null ? null : a.toString(), d.kind().name(), d.retain());
    }

    /** Paths match case-insensitively, as everywhere in the API (PRODUCT.md §2). */
    private static String key(String path) {
        return path.toLowerCase(Locale.ROOT);
    }

    /** The declaration of {@code path}, or null when the catalog does not know it. */
    Declaration declaration(String path) {
        return byPath.get(key(path));
    }

    ProjectView view(boolean editable, ProjectWorkspace.Deployed deployed) {
        return new ProjectView(name, tasks, editable, deployed);
    }

    int size() {
        return byPath.size();
    }
}
