package org.ringplc.runtime.task;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.ringplc.lang.program.IoAddress;
import org.ringplc.lang.program.ProgramInstance;
import org.ringplc.lang.program.RuntimeEnvironment;
import org.ringplc.lang.program.TaskClock;
import org.ringplc.lang.program.TextAccessor;
import org.ringplc.lang.program.VariableAccessor;
import org.ringplc.runtime.image.Leaf;
import org.ringplc.runtime.image.ProcessImage;
import org.ringplc.runtime.project.DriverConfig;
import org.ringplc.runtime.project.LoadedProject;
import org.ringplc.runtime.project.TaskPlan;

/**
 * The online change of IEC 61131-3 runtimes (CODESYS "online change"): new versions of the
 * programs replace the running ones at a cycle boundary and carry over their state. This class
 * decides whether a change can be done online and prepares, off the scan thread, the plan each
 * task's scan thread then executes in one go at the start of a cycle.
 *
 * <p>State carried: every elementary variable whose path and type are unchanged (the variable
 * table's leaves), and the hidden state of function block instances that the descriptors do not
 * show (a TON's start time and running flag, an R_TRIG's memory, an SFC's internals): the object
 * graphs of the old and new instances are walked together and every non-final primitive or String
 * field with the same name and Java type in classes of the same name is copied. The leaf pass runs
 * after the field pass and is authoritative: a variable whose declared type changed (TIME to LINT,
 * both a Java long) gets its new initial value back.
 */
final class OnlineChange {

    private OnlineChange() {
    }

    /**
     * Why {@code next} cannot replace {@code running} online, or null when it can: the tasks
     * (names, order, intervals, priorities, CPUs, watchdogs) and the I/O drivers must be the same,
     * and the new located variables must fit the running process image.
     */
    static String incompatibility(LoadedProject running, LoadedProject next, ProcessImage image, LiveProject nextLive) {
        List<TaskPlan> a = running.tasks();
        List<TaskPlan> b = next.tasks();
        if (a.size() != b.size()) {
            return "the number of tasks changes from " + a.size() + " to " + b.size() + " (tasks: "
                    + names(a) + " -> " + names(b) + ")";
        }
        for (int i = 0; i < a.size(); i++) {
            TaskPlan x = a.get(i);
            TaskPlan y = b.get(i);
            String t = "task " + x.name();
            if (!x.name().equalsIgnoreCase(y.name())) {
                return "task " + (i + 1) + " is " + x.name() + " in the running project and " + y.name() + " in the new one";
            }
            // the scan thread's tick is fixed when it starts; another trigger is fine (the
            // generation carries its accessor), a switch between event and cyclic is not
            if (x.isEvent() != y.isEvent()) {
                return t + (x.isEvent() ? ": changes from an event task to a cyclic one" : ": changes from a cyclic task to an event one");
            }
            if (x.intervalNanos() != y.intervalNanos()) {
                return t + ": the interval changes from " + micros(x.intervalNanos()) + " to " + micros(y.intervalNanos());
            }
            if (x.priority() != y.priority()) {
                return t + ": the priority changes from " + x.priority() + " to " + y.priority();
            }
            if (x.cpu() != y.cpu() || x.spinNanos() != y.spinNanos()) {
                return t + ": the CPU or spin window changes";
            }
            if (!Objects.equals(x.watchdog(), y.watchdog())) {
                return t + ": the watchdog changes";
            }
            if (!sameDrivers(x.drivers(), y.drivers())) {
                return t + ": its I/O drivers change";
            }
        }
        if (running.config().io().backend() != next.config().io().backend()) {
            return "io.backend changes from " + running.config().io().backend() + " to " + next.config().io().backend();
        }
        // the tasks' rings are created once with or without the poller thread
        if (!running.config().io().sqpoll().equals(next.config().io().sqpoll())) {
            return "io.sqpoll changes from " + running.config().io().sqpoll() + " to " + next.config().io().sqpoll();
        }
        for (IoAddress.Area area : IoAddress.Area.values()) {
            int have = image.area(area).length;
            int need = nextLive.image().area(area).length;
            if (need > have) {
                return "the %" + area + " image grows from " + have + " to " + need + " bytes (a located variable"
                        + " beyond the running image)";
            }
        }
        return null;
    }

    private static String names(List<TaskPlan> plans) {
        return String.join(", ", plans.stream().map(TaskPlan::name).toList());
    }

    private static String micros(long nanos) {
        return nanos % 1_000_000 == 0 ? nanos / 1_000_000 + " ms" : nanos / 1_000 + " us";
    }

    /** Drivers compared by every setting but the line they are written on. */
    private static boolean sameDrivers(List<DriverConfig> a, List<DriverConfig> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!settings(a.get(i)).equals(settings(b.get(i)))) {
                return false;
            }
        }
        return true;
    }

    private static List<Object> settings(DriverConfig d) {
        List<Object> out = new ArrayList<>();
        out.add(d.getClass());
        if (d.getClass().isRecord()) {
            for (RecordComponent c : d.getClass().getRecordComponents()) {
                if (c.getName().equals("line")) {
                    continue;
                }
                try {
                    out.add(c.getAccessor().invoke(d));
                } catch (ReflectiveOperationException e) {
                    out.add(d);
                }
            }
        } else {
            out.add(d);
        }
        return out;
    }

    /**
     * The variables the change adds, drops and resets, and per new leaf what to do.
     *
     * @param source   per new leaf index, the old leaf it takes its value from, or null
     * @param added    new paths
     * @param dropped  old paths that are gone
     * @param reset    paths whose type changed
     */
    record LeafMatch(Leaf[] source, List<String> added, List<String> dropped, List<String> reset) {
    }

    static LeafMatch match(List<Leaf> oldLeaves, List<Leaf> newLeaves) {
        Map<String, Leaf> old = new HashMap<>();
        for (Leaf l : oldLeaves) {
            old.putIfAbsent(key(l.path()), l);
        }
        Leaf[] source = new Leaf[newLeaves.size()];
        List<String> added = new ArrayList<>();
        List<String> reset = new ArrayList<>();
        Map<String, Boolean> seen = new HashMap<>();
        for (Leaf n : newLeaves) {
            Leaf o = old.get(key(n.path()));
            seen.put(key(n.path()), true);
            if (o == null) {
                added.add(n.path());
            } else if (!sameType(o, n)) {
                reset.add(n.path() + " (" + o.descriptor().typeName() + " -> " + n.descriptor().typeName() + ")");
            } else {
                source[n.index()] = o;
            }
        }
        List<String> dropped = new ArrayList<>();
        for (Leaf o : oldLeaves) {
            if (!seen.containsKey(key(o.path()))) {
                dropped.add(o.path());
            }
        }
        return new LeafMatch(source, added, dropped, reset);
    }

    static boolean sameType(Leaf a, Leaf b) {
        return a.descriptor().type() == b.descriptor().type()
                && a.descriptor().typeName().equalsIgnoreCase(b.descriptor().typeName());
    }

    static String key(String path) {
        return path.toLowerCase(Locale.ROOT);
    }

    /**
     * The state transfer one task's scan thread runs at the cycle boundary: hidden fields first,
     * then the matched leaves, then the leaves that start afresh get their initial values back.
     * Built off the scan thread: it reads only structure (which objects exist), never values of
     * the running instances.
     */
    static final class Transfer implements Runnable {
        private final List<FieldCopy> fields = new ArrayList<>();
        private final List<VariableAccessor> from = new ArrayList<>();
        private final List<VariableAccessor> to = new ArrayList<>();
        private final List<VariableAccessor> resetTo = new ArrayList<>();
        private final List<Long> resetRaw = new ArrayList<>();
        private final List<String> resetText = new ArrayList<>();
        private final Runnable before;
        private final Runnable after;

        /**
         * @param before run first on the scan thread (drains requests queued for the old generation)
         * @param after  run last (rebinds traces)
         */
        Transfer(Runnable before, Runnable after) {
            this.before = before;
            this.after = after;
        }

        /** Pairs the object graphs of an old and a new instance; {@code skip} are objects not to enter. */
        void objects(Object oldRoot, Object newRoot, IdentityHashMap<Object, Boolean> skip) {
            walk(oldRoot, newRoot, skip, new IdentityHashMap<>());
        }

        /** A leaf whose value the new generation takes from the old one. */
        void leaf(Leaf oldLeaf, Leaf newLeaf) {
            VariableAccessor s = oldLeaf.descriptor().access();
            VariableAccessor d = newLeaf.descriptor().access();
            // first calls link the accessors: done here rather than in the swap cycle (values unused)
            if (s instanceof TextAccessor st && d instanceof TextAccessor dt) {
                st.getText();
                dt.getText();
            } else {
                s.get();
                d.get();
            }
            from.add(s);
            to.add(d);
        }

        /** A leaf that starts from its initial value (read now, the new instance being untouched). */
        void fresh(Leaf newLeaf) {
            VariableAccessor a = newLeaf.descriptor().access();
            resetTo.add(a);
            if (newLeaf.isText()) {
                resetRaw.add(0L);
                resetText.add(((TextAccessor) a).getText());
            } else {
                resetRaw.add(a.get());
                resetText.add(null);
            }
        }

        int fieldCount() {
            return fields.size();
        }

        @Override
        public void run() {
            before.run();
            for (FieldCopy f : fields) {
                f.copy();
            }
            for (int i = 0; i < from.size(); i++) {
                VariableAccessor s = from.get(i);
                VariableAccessor d = to.get(i);
                if (s instanceof TextAccessor st) {
                    ((TextAccessor) d).setText(st.getText());
                } else {
                    d.set(s.get());
                }
            }
            for (int i = 0; i < resetTo.size(); i++) {
                VariableAccessor a = resetTo.get(i);
                if (resetText.get(i) != null) {
                    ((TextAccessor) a).setText(resetText.get(i));
                } else {
                    a.set(resetRaw.get(i));
                }
            }
            after.run();
        }

        private void walk(Object o, Object n, IdentityHashMap<Object, Boolean> skip, IdentityHashMap<Object, Boolean> seen) {
            if (o == null || n == null || o == n || skip.containsKey(o) || skip.containsKey(n) || seen.put(n, true) != null) {
                return;
            }
            Class<?> oc = o.getClass();
            Class<?> nc = n.getClass();
            if (oc.isArray() || nc.isArray()) {
                if (oc.isArray() && nc.isArray() && !oc.getComponentType().isPrimitive()
                        && !nc.getComponentType().isPrimitive()) {
                    Object[] oa = (Object[]) o;
                    Object[] na = (Object[]) n;
                    if (oa.length == na.length) {
                        for (int i = 0; i < oa.length; i++) {
                            walk(oa[i], na[i], skip, seen);
                        }
                    }
                }
                // arrays of elementary values: their elements are leaves, matched by path
                return;
            }
            if (!enterable(oc) || !oc.getName().equals(nc.getName())) {
                return;
            }
            for (Class<?> c = nc; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field nf : c.getDeclaredFields()) {
                    if (Modifier.isStatic(nf.getModifiers()) || nf.isSynthetic()) {
                        continue;
                    }
                    Field of = field(oc, nf.getName());
                    if (of == null || Modifier.isStatic(of.getModifiers())) {
                        continue;
                    }
                    Class<?> t = nf.getType();
                    if (t.isPrimitive() || t == String.class) {
                        if (of.getType() == t && !Modifier.isFinal(nf.getModifiers())) {
                            of.setAccessible(true);
                            nf.setAccessible(true);
                            try {
                                // the reflective accessors are made on first use: make them here,
                                // not in the scan thread's swap cycle (the values read are unused)
                                of.get(o);
                                nf.get(n);
                            } catch (IllegalAccessException e) {
                                continue;
                            }
                            fields.add(new FieldCopy(o, of, n, nf));
                        }
                    } else if (t != TaskClock.class && t != RuntimeEnvironment.class) {
                        try {
                            of.setAccessible(true);
                            nf.setAccessible(true);
                            // structure only: FB, struct and array references are set once at construction
                            walk(of.get(o), nf.get(n), skip, seen);
                        } catch (ReflectiveOperationException | RuntimeException e) {
                            // a field that cannot be read keeps its new initial value
                        }
                    }
                }
            }
        }

        /** Generated classes and Java function blocks: anything not from the JDK itself. */
        private static boolean enterable(Class<?> c) {
            return c.getClassLoader() != null && c != TaskClock.class && c != RuntimeEnvironment.class
                    && !c.getName().startsWith("org.ringplc.runtime.");
        }

        private static Field field(Class<?> c, String name) {
            for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
                try {
                    return k.getDeclaredField(name);
                } catch (NoSuchFieldException e) {
                    // look in the superclass
                }
            }
            return null;
        }
    }

    /** One field copied from an old object to its new counterpart, without boxing. */
    private record FieldCopy(Object from, Field fromField, Object to, Field toField) {
        void copy() {
            try {
                Class<?> t = toField.getType();
                if (t == boolean.class) {
                    toField.setBoolean(to, fromField.getBoolean(from));
                } else if (t == byte.class) {
                    toField.setByte(to, fromField.getByte(from));
                } else if (t == short.class) {
                    toField.setShort(to, fromField.getShort(from));
                } else if (t == char.class) {
                    toField.setChar(to, fromField.getChar(from));
                } else if (t == int.class) {
                    toField.setInt(to, fromField.getInt(from));
                } else if (t == long.class) {
                    toField.setLong(to, fromField.getLong(from));
                } else if (t == float.class) {
                    toField.setFloat(to, fromField.getFloat(from));
                } else if (t == double.class) {
                    toField.setDouble(to, fromField.getDouble(from));
                } else {
                    toField.set(to, fromField.get(from));
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot carry " + toField + " over: " + e.getMessage(), e);
            }
        }
    }

    /** The program instances of a task by instance name (lower case). */
    static Map<String, ProgramInstance> byName(LiveProject.LiveTask t) {
        Map<String, ProgramInstance> m = new HashMap<>();
        for (int i = 0; i < t.instances().length; i++) {
            m.put(key(t.instanceNames()[i]), t.instances()[i]);
        }
        return m;
    }
}
