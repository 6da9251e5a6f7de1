package org.ringplc.runtime.task;

import java.util.ArrayList;
import java.util.List;
import org.ringplc.lang.program.CompiledProject;
import org.ringplc.lang.program.IoAddress;
import org.ringplc.lang.program.ProgramInstance;
import org.ringplc.lang.program.RuntimeEnvironment;
import org.ringplc.lang.program.TaskClock;
import org.ringplc.lang.program.VariableAccessor;
import org.ringplc.lang.program.VariableDescriptor;
import org.ringplc.runtime.image.Leaf;
import org.ringplc.runtime.image.ProcessImage;
import org.ringplc.runtime.image.VariableTable;
import org.ringplc.runtime.project.DriverConfig;
import org.ringplc.runtime.project.LoadedProject;
import org.ringplc.runtime.project.ProjectException;
import org.ringplc.runtime.project.TaskPlan;
import org.ringplc.runtime.project.UdpDriverConfig;

/**
 * A loaded project brought to life: the VAR_GLOBAL instance, every program instance with the
 * clock of its task, the table of all variables and a process image large enough for every located
 * variable and driver. Both the offline {@code Simulation} and the real runtime start from here.
 */
public final class LiveProject {

    /**
     * One task's live part.
     *
     * @param index         position among the tasks
     * @param plan          the resolved task
     * @param clock         the clock its programs read
     * @param instances     program instances in execution order
     * @param instanceNames their names, parallel to {@code instances}
     */
    public record LiveTask(int index, TaskPlan plan, TaskClock clock, ProgramInstance[] instances,
                           String[] instanceNames) {
    }

    private final LoadedProject project;
    private final List<LiveTask> tasks;
    private final VariableTable variables;
    private final ProcessImage image;
    private final Object globals;

    private LiveProject(LoadedProject project, List<LiveTask> tasks, VariableTable variables, ProcessImage image,
                        Object globals) {
        this.globals = globals;
        this.project = project;
        this.tasks = tasks;
        this.variables = variables;
        this.image = image;
    }

    /** Creates every instance with its initial values; the project must compile without errors. */
    public static LiveProject instantiate(LoadedProject project) throws ProjectException {
        return instantiate(project, null);
    }

    /**
     * Creates every instance with its initial values, on the given task clocks (an online change
     * keeps the running tasks' clocks, so the new instances' timers see the same time).
     *
     * @param clocks one clock per task of {@code project}, or null for new clocks
     */
    public static LiveProject instantiate(LoadedProject project, List<TaskClock> clocks) throws ProjectException {
        project.requireRunnable();
        CompiledProject compiled = project.compile().project();
        List<TaskPlan> plans = project.tasks();
        if (clocks == null) {
            clocks = new ArrayList<>();
            for (int i = 0; i < plans.size(); i++) {
                clocks.add(new TaskClock());
            }
        } else if (clocks.size() != plans.size()) {
            throw new IllegalArgumentException(clocks.size() + " clocks for " + plans.size() + " tasks");
        }
        VariableTable.Builder table = new VariableTable.Builder();
        List<LiveTask> tasks = new ArrayList<>();
        Object globals;
        try {
            // globals live with the first task's clock: FBs declared as globals read that time
            globals = compiled.instantiateGlobals(clocks.isEmpty() ? new TaskClock() : clocks.get(0));
            if (globals != null) {
                for (VariableDescriptor d : compiled.globalVariables(globals)) {
                    table.add(d, -1);
                }
            }
            for (int t = 0; t < plans.size(); t++) {
                TaskPlan plan = plans.get(t);
                ProgramInstance[] instances = new ProgramInstance[plan.programs().size()];
                String[] names = new String[instances.length];
                for (int i = 0; i < instances.length; i++) {
                    TaskPlan.Instance inst = plan.programs().get(i);
                    instances[i] = inst.type().instantiate(new RuntimeEnvironment(clocks.get(t), globals));
                    names[i] = inst.name();
                    for (VariableDescriptor d : inst.type().variables(instances[i])) {
                        table.add(d.prefixed(inst.name()), t);
                    }
                }
                tasks.add(new LiveTask(t, plan, clocks.get(t), instances, names));
            }
        } catch (RuntimeException | LinkageError e) {
            throw new ProjectException("cannot create the program instances: " + Faults.describe(e)
                    + (Faults.location(e) == null ? "" : " at " + Faults.location(e)));
        }
        VariableTable variables = table.build();
        return new LiveProject(project, List.copyOf(tasks), variables, sizeImage(variables, plans), globals);
    }

    private static ProcessImage sizeImage(VariableTable variables, List<TaskPlan> plans) {
        int[] size = new int[IoAddress.Area.values().length];
        for (Leaf l : variables.leaves()) {
            IoAddress a = l.descriptor().address();
            if (a != null) {
                size[a.area().ordinal()] = Math.max(size[a.area().ordinal()], a.byteOffset() + a.size().bytes);
            }
        }
        for (TaskPlan p : plans) {
            for (DriverConfig d : p.drivers()) {
                if (d instanceof UdpDriverConfig u) {
                    if (u.inputs() != null) {
                        size[IoAddress.Area.I.ordinal()] = Math.max(size[IoAddress.Area.I.ordinal()], u.inputs().end());
                    }
                    if (u.outputs() != null) {
                        size[IoAddress.Area.Q.ordinal()] = Math.max(size[IoAddress.Area.Q.ordinal()], u.outputs().end());
                    }
                }
                for (IoAddress.Area area : IoAddress.Area.values()) {
                    size[area.ordinal()] = Math.max(size[area.ordinal()], d.imageEnd(area));
                }
            }
        }
        return new ProcessImage(size[0], size[1], size[2]);
    }

    public LoadedProject project() {
        return project;
    }

    public List<LiveTask> tasks() {
        return tasks;
    }

    public VariableTable variables() {
        return variables;
    }

    public ProcessImage image() {
        return image;
    }

    /** The instance holding the VAR_GLOBALs, or null. */
    public Object globals() {
        return globals;
    }

    /** The accessor of every variable leaf, by leaf index (for force tables). */
    public VariableAccessor[] accessors() {
        return variables.leaves().stream().map(l -> l.descriptor().access()).toArray(VariableAccessor[]::new);
    }

    /**
     * The leaves task {@code t} owns: its instances' variables, and the globals for the first task.
     */
    public List<Leaf> leavesOf(int t) {
        return variables.leaves().stream().filter(l -> l.scanTask() == t).toList();
    }

    /** The located leaves of task {@code t} that are read from the image (%I and %M). */
    public List<Leaf> locatedInputs(int t) {
        return leavesOf(t).stream().filter(l -> l.descriptor().address() != null
                && l.descriptor().address().area() != IoAddress.Area.Q).toList();
    }

    /** The located leaves of task {@code t} that are written to the image (%Q and %M). */
    public List<Leaf> locatedOutputs(int t) {
        return leavesOf(t).stream().filter(l -> l.descriptor().address() != null
                && l.descriptor().address().area() != IoAddress.Area.I).toList();
    }

    /** The located %Q leaves of task {@code t}: what goes to 0/FALSE when the task stops or faults. */
    public List<Leaf> physicalOutputs(int t) {
        return leavesOf(t).stream().filter(l -> l.descriptor().address() != null
                && l.descriptor().address().area() == IoAddress.Area.Q).toList();
    }
}
