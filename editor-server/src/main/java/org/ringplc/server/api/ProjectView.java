package org.ringplc.server.api;

import java.util.ArrayList;
import java.util.List;
import org.ringplc.runtime.project.LoadedProject;
import org.ringplc.runtime.project.TaskPlan;

/**
 * The body of {@code GET /api/project}: the upper levels of the monitoring tree, which program
 * instances each task runs in execution order. The leaves below them, with their addresses and
 * declaration sections, come from {@code GET /api/variables} (the runtime's own rows).
 *
 * @param editable whether the editor can browse the project's files
 * @param deployed the deployed version that runs, null when the project directory's sources run
 */
record ProjectView(String name, List<TaskView> tasks, boolean editable, ProjectWorkspace.Deployed deployed) {

    /**
     * One task: its period (0 for an event task), the BOOL global whose rising edge runs an event
     * task (null for a cyclic one), and its program instances in execution order.
     */
    record TaskView(String name, long intervalUs, String trigger, int priority, List<InstanceView> programs) {
    }

    /** {@code PROGRAM instance : program} of a task. */
    record InstanceView(String instance, String program) {
    }

    static ProjectView of(LoadedProject project, boolean editable, ProjectWorkspace.Deployed deployed) {
        List<TaskView> tasks = new ArrayList<>();
        for (TaskPlan t : project.tasks()) {
            List<InstanceView> programs = new ArrayList<>();
            for (TaskPlan.Instance i : t.programs()) {
                programs.add(new InstanceView(i.name(), i.type().name()));
            }
            tasks.add(new TaskView(t.name(), t.intervalNanos() / 1000, t.single(), t.priority(), List.copyOf(programs)));
        }
        return new ProjectView(project.name(), List.copyOf(tasks), editable, deployed);
    }
}
