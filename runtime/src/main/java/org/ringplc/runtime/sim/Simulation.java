package org.ringplc.runtime.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ringplc.lang.program.ProgramInstance;
import org.ringplc.lang.program.VariableAccessor;
import org.ringplc.runtime.ValueRejectedException;
import org.ringplc.runtime.image.Leaf;
import org.ringplc.runtime.image.Values;
import org.ringplc.runtime.project.LoadedProject;
import org.ringplc.runtime.project.ProjectException;
import org.ringplc.runtime.task.Faults;
import org.ringplc.runtime.task.LiveProject;
import org.ringplc.runtime.task.LiveProject.LiveTask;

/**
 * An offline run of a project on a virtual clock (PRODUCT.md §1, {@code ringplc sim}): no I/O,
 * no threads, no sleeping. Cycle k runs at virtual time (k-1) × the cycle time, and every task
 * clock reads that time during the cycle, so a TON with PT := T#50ms at 10 ms cycles sees
 * Q = TRUE first in cycle 6.
 *
 * <p>The cycle time is the interval of the fastest task, or the override. With one task the
 * override replaces its interval. With several tasks each keeps its own interval and runs in the
 * cycles whose virtual time has reached its next due time (so a 20 ms task runs every other cycle
 * of a 10 ms base), higher priority (lower number) first. Located variables are plain variables
 * here: nothing copies the process image, so a {@code set} on an input stays until the program
 * changes it.
 *
 * <p>Event tasks (SINGLE) have no interval and do not set the cycle time. Their trigger is
 * sampled at the end of every cycle, after all tasks due in it ran; a rising edge seen at the end
 * of cycle k runs the event task once in cycle k+1, in priority order with the cyclic tasks due
 * then. The previous sample starts FALSE (like an R_TRIG), so a trigger that is TRUE after the
 * first cycle runs the task in the second.
 *
 * <p>Not thread-safe: one caller drives it, like a test or the CLI.
 */
public final class Simulation {
    private final LiveProject live;
    private final long cycleNanos;
    private final long[] interval;
    private final long[] nextDue;
    private final List<LiveTask> order;
    /** Per task: the trigger of an event task, null for a cyclic one. */
    private final VariableAccessor[] trigger;
    /** Per event task: the trigger at the end of the previous cycle. */
    private final boolean[] lastTrigger;
    /** Per event task: a rising edge was seen, the task runs in the next cycle. */
    private final boolean[] edge;
    /** Per task: how many times it ran. */
    private final long[] executions;
    private long cycles;

    private Simulation(LiveProject live, long cycleNanos, long[] interval) {
        this.live = live;
        this.cycleNanos = cycleNanos;
        this.interval = interval;
        this.nextDue = new long[interval.length];
        this.order = new ArrayList<>(live.tasks());
        this.order.sort(Comparator.comparingInt(t -> t.plan().priority()));
        this.trigger = new VariableAccessor[interval.length];
        for (LiveTask t : live.tasks()) {
            if (t.plan().isEvent()) {
                trigger[t.index()] = live.variables().find(t.plan().single()).descriptor().access();
            }
        }
        this.lastTrigger = new boolean[interval.length];
        this.edge = new boolean[interval.length];
        this.executions = new long[interval.length];
    }

    /** A simulation at the project's own task intervals. */
    public static Simulation create(LoadedProject project) throws ProjectException {
        return create(project, null);
    }

    /**
     * @param cycleTime the cycle time, or null for the fastest task's interval
     * @throws ProjectException when the project has errors or its instances cannot be created
     */
    public static Simulation create(LoadedProject project, Duration cycleTime) throws ProjectException {
        LiveProject live = LiveProject.instantiate(project);
        if (cycleTime != null && (cycleTime.isNegative() || cycleTime.isZero())) {
            throw new ProjectException("the cycle time must be positive, got " + cycleTime);
        }
        long[] interval = live.tasks().stream().mapToLong(t -> t.plan().intervalNanos()).toArray();
        long base;
        if (cycleTime != null) {
            base = cycleTime.toNanos();
            if (interval.length == 1 && interval[0] > 0) {
                interval[0] = base;
            }
        } else {
            // event tasks have interval 0 and no say in the cycle time
            base = java.util.Arrays.stream(interval).filter(v -> v > 0).min().orElse(10_000_000L);
        }
        return new Simulation(live, base, interval);
    }

    /** The virtual time between two cycles. */
    public long cycleTimeNanos() {
        return cycleNanos;
    }

    /** Cycles run so far. */
    public long cycles() {
        return cycles;
    }

    /** The live project (instances, variable table) for tools that need more than paths. */
    public LiveProject live() {
        return live;
    }

    /**
     * Sets a variable now (before the first cycle when called before {@link #run}).
     *
     * @param value a JSON value or an IEC literal string of the variable's type
     * @throws ValueRejectedException for an unknown path or a value that does not fit; nothing is set
     */
    public void set(String path, Object value) throws ValueRejectedException {
        Leaf leaf = Values.resolve(live.variables(), path);
        Values.apply(leaf, Values.parse(leaf, value));
    }

    /**
     * Runs {@code n} more cycles.
     *
     * @throws PlcFaultException at the first runtime fault; the cycle counter includes the faulted cycle
     */
    public void run(long n) throws PlcFaultException {
        for (long k = 0; k < n; k++) {
            long now = cycles * cycleNanos;
            cycles++;
            for (LiveTask t : order) {
                int i = t.index();
                if (trigger[i] != null) {
                    if (!edge[i]) {
                        continue;
                    }
                    edge[i] = false;
                } else if (now < nextDue[i]) {
                    continue;
                } else {
                    // due times advance by whole periods past now: a slow task never runs twice in a cycle
                    nextDue[i] += ((now - nextDue[i]) / interval[i] + 1) * interval[i];
                }
                t.clock().set(now);
                ProgramInstance[] programs = t.instances();
                for (int p = 0; p < programs.length; p++) {
                    try {
                        programs[p].run();
                    } catch (Throwable e) {
                        throw new PlcFaultException(t.plan().name(), t.instanceNames()[p], Faults.location(e),
                                Faults.describe(e), cycles, e);
                    }
                }
                executions[i]++;
            }
            sampleTriggers();
        }
    }

    /** The end of a cycle: a rising edge of an event task's trigger runs it in the next cycle. */
    private void sampleTriggers() {
        for (int i = 0; i < trigger.length; i++) {
            if (trigger[i] != null) {
                boolean level = trigger[i].get() != 0;
                if (level && !lastTrigger[i]) {
                    edge[i] = true;
                }
                lastTrigger[i] = level;
            }
        }
    }

    /** How many times task {@code name} (any case) has run its programs so far. */
    public long executions(String name) {
        for (LiveTask t : live.tasks()) {
            if (t.plan().name().equalsIgnoreCase(name)) {
                return executions[t.index()];
            }
        }
        throw new IllegalArgumentException("no task named " + name);
    }

    /**
     * The current values, path as declared → JSON-ready value, in table order (globals first, then
     * each instance's variables in declaration order) or in the order of {@code watch}.
     *
     * @param watch the paths wanted; empty for every variable
     * @throws ValueRejectedException for an unknown path
     */
    public Map<String, Object> values(List<String> watch) throws ValueRejectedException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Leaf l : select(watch)) {
            out.put(l.path(), Values.readJson(l));
        }
        return out;
    }

    /** Like {@link #values} but every value as an IEC literal ({@code TRUE}, {@code T#1s}, {@code 16#FF}). */
    public Map<String, String> literals(List<String> watch) throws ValueRejectedException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Leaf l : select(watch)) {
            var d = l.descriptor();
            String text = l.isText() ? ((org.ringplc.lang.program.TextAccessor) d.access()).getText() : null;
            out.put(l.path(), Values.toLiteral(l, l.isText() ? 0 : d.access().get(), text));
        }
        return out;
    }

    private List<Leaf> select(List<String> watch) throws ValueRejectedException {
        return Values.select(live.variables(), watch);
    }
}
