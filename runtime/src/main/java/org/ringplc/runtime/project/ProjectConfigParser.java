package org.ringplc.runtime.project;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.ringplc.runtime.project.UdpDriverConfig.Endpoint;
import org.ringplc.runtime.project.UdpDriverConfig.ImageRange;
import org.ringplc.runtime.project.YamlTree.Entry;
import org.ringplc.runtime.project.YamlTree.ListNode;
import org.ringplc.runtime.project.YamlTree.MapNode;
import org.ringplc.runtime.project.YamlTree.Node;
import org.ringplc.runtime.project.YamlTree.ScalarNode;

/**
 * Turns the tree of a {@code project.yaml} into a {@link ProjectConfig}, checking every key. Each
 * problem is reported as {@code file:line: key.path: what is wrong}, all of them at once so that a
 * person fixes the file in one go; unknown keys are rejected with the list of the known ones, since
 * a misspelt optional key would otherwise be silently ignored.
 */
final class ProjectConfigParser extends YamlValidator {
    /** UDP payload limit (65535 - 8 UDP - 20 IPv4) minus the 12-byte process-image header. */
    static final int MAX_UDP_IMAGE = 65_507 - 12;
    /** io.sqpoll.idle limit: a minute already means "never sleeps" at any cycle time a PLC task has. */
    static final long MAX_SQPOLL_IDLE_NANOS = 60_000_000_000L;

    private final Path directory;

    private ProjectConfigParser(String file, Path directory) {
        // task intervals and watchdogs are in milliseconds
        super(file, new ArrayList<>(), " is not a duration (write 10ms, T#10ms or 1s)");
        this.directory = directory;
    }

    /**
     * @param file      {@code project.yaml} as messages name it
     * @param directory the project directory
     * @param text      the file's text
     */
    static ProjectConfig parse(String file, Path directory, String text) throws ProjectException {
        ProjectConfigParser p = new ProjectConfigParser(file, directory);
        ProjectConfig config = p.project(YamlTree.read(file, text));
        if (!p.problems.isEmpty()) {
            throw new ProjectException(p.problems);
        }
        return config;
    }

    private ProjectConfig project(Node root) {
        MapNode map = map(root, "(top level)");
        if (map == null) {
            return null;
        }
        known(map, "", "name", "sources", "tasks", "io", "web", "simulation", "retain");
        Path fileName = directory.toAbsolutePath().normalize().getFileName();
        String name = string(map, "", "name", fileName == null ? "project" : fileName.toString());
        List<String> sources = sources(map.entries().get("sources"));
        List<TaskConfig> tasks = tasks(map.entries().get("tasks"));
        IoConfig io = io(map.entries().get("io"), tasks);
        WebConfig web = web(map.entries().get("web"));
        SimulationConfig sim = simulation(map.entries().get("simulation"));
        RetainConfig retain = retain(map.entries().get("retain"));
        return new ProjectConfig(name, directory, file, sources, tasks, io, web, sim, retain);
    }

    private List<String> sources(Entry e) {
        if (e == null) {
            return List.of("src/**/*.st", "src/**/*.xml");
        }
        List<String> globs = new ArrayList<>();
        ListNode list = listOrSingle(e.value(), "sources");
        if (list == null) {
            return globs;
        }
        for (int i = 0; i < list.items().size(); i++) {
            Node item = list.items().get(i);
            String key = "sources[" + i + "]";
            if (item instanceof ScalarNode s && s.value() instanceof String g && !g.isBlank()) {
                if (g.startsWith("/") || g.contains("..")) {
                    problem(item, key, quote(s) + " must be a glob relative to the project directory");
                } else {
                    globs.add(g);
                }
            } else {
                problem(item, key, "expected a glob such as src/*.st");
            }
        }
        if (list.items().isEmpty()) {
            problem(e.value(), "sources", "needs at least one glob such as src/*.st");
        }
        return globs;
    }

    private List<TaskConfig> tasks(Entry e) {
        List<TaskConfig> tasks = new ArrayList<>();
        if (e == null) {
            return tasks;
        }
        ListNode list = list(e.value(), "tasks");
        if (list == null) {
            return tasks;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.items().size(); i++) {
            String key = "tasks[" + i + "]";
            MapNode m = map(list.items().get(i), key);
            if (m == null) {
                continue;
            }
            known(m, key + ".", "name", "interval", "priority", "programs", "watchdog", "cpu", "spin", "single");
            String name = required(m, key, "name");
            if (name != null && !names.add(name.toLowerCase(Locale.ROOT))) {
                problem(m.entries().get("name").value(), key + ".name", "task \"" + name + "\" is declared twice");
            }
            String single = string(m, key + ".", "single", null);
            if (single != null && !checkName(m.entries().get("single").value(), key + ".single", single)) {
                single = null;
            }
            if (single != null && m.entries().containsKey("interval")) {
                // as in the ST checker: CODESYS would silently ignore the interval, a reader would not
                problem(m.entries().get("interval").value(), key + ".interval",
                        "an event task (single) has no interval; give either single or interval");
            }
            long interval = single != null ? 0 : duration(m, key, "interval", TaskPolicyLimits.DEFAULT_INTERVAL_NANOS);
            if (interval > 0 && interval < TaskPolicyLimits.MIN_INTERVAL_NANOS) {
                problem(m.entries().get("interval").value(), key + ".interval",
                        Durations.format(interval) + " is shorter than the shortest supported interval "
                                + Durations.format(TaskPolicyLimits.MIN_INTERVAL_NANOS));
            }
            int priority = (int) integer(m, key, "priority", 0, 0, 31);
            List<ProgramRef> programs = programs(m, key);
            WatchdogConfig watchdog = watchdog(m.entries().get("watchdog"), key);
            int cpu = (int) integer(m, key, "cpu", -1, 0, 1023);
            long spin = duration(m, key, "spin", 0);
            if (spin > 0 && interval > 0 && spin > interval / 2) {
                problem(m.entries().get("spin").value(), key + ".spin", Durations.format(spin)
                        + " is more than half the interval; the task would spin most of the time");
            }
            tasks.add(new TaskConfig(name, interval, priority, programs, watchdog, m.line(), cpu, Math.max(0, spin), single));
        }
        return tasks;
    }

    private List<ProgramRef> programs(MapNode taskNode, String task) {
        List<ProgramRef> refs = new ArrayList<>();
        String key = task + ".programs";
        Entry e = taskNode.entries().get("programs");
        if (e == null) {
            problem(taskNode, key, "missing; list the program instances this task runs, e.g. programs: [Main]");
            return refs;
        }
        ListNode list = listOrSingle(e.value(), key);
        if (list == null) {
            return refs;
        }
        if (list.items().isEmpty()) {
            problem(e.value(), key, "a task needs at least one program");
        }
        for (int i = 0; i < list.items().size(); i++) {
            Node item = list.items().get(i);
            String k = key + "[" + i + "]";
            if (item instanceof ScalarNode s && s.value() instanceof String name) {
                if (checkName(item, k, name)) {
                    refs.add(new ProgramRef(name, name, item.line(), item.column()));
                }
            } else if (item instanceof MapNode m) {
                known(m, k + ".", "instance", "program");
                String program = required(m, k, "program");
                String instance = string(m, k + ".", "instance", program);
                if (program != null && instance != null && checkName(m, k, program) && checkName(m, k, instance)) {
                    refs.add(new ProgramRef(instance, program, m.line(), m.column()));
                }
            } else {
                problem(item, k, "expected a program name or {instance: NAME, program: TYPE}");
            }
        }
        return refs;
    }

    private WatchdogConfig watchdog(Entry e, String task) {
        if (e == null) {
            return null;
        }
        String key = task + ".watchdog";
        if (e.value() instanceof ScalarNode s && s.value() instanceof String) {
            long t = Durations.parseNanos(s.text());
            if (t <= 0) {
                notADuration(s, key);
                return null;
            }
            return new WatchdogConfig(t, 1);
        }
        MapNode m = map(e.value(), key);
        if (m == null) {
            return null;
        }
        known(m, key + ".", "time", "sensitivity");
        long time = duration(m, key, "time", -1);
        if (time == -1 && !m.entries().containsKey("time")) {
            problem(m, key + ".time", "missing; the longest acceptable cycle execution time, e.g. time: 20ms");
        }
        int sensitivity = (int) integer(m, key, "sensitivity", 1, 1, 1000);
        return time > 0 ? new WatchdogConfig(time, sensitivity) : null;
    }

    private IoConfig io(Entry e, List<TaskConfig> tasks) {
        if (e == null) {
            return new IoConfig(IoBackend.AUTO, List.of());
        }
        MapNode m = map(e.value(), "io");
        if (m == null) {
            return new IoConfig(IoBackend.AUTO, List.of());
        }
        known(m, "io.", "backend", "sqpoll", "drivers");
        IoBackend backend = IoBackend.AUTO;
        Entry b = m.entries().get("backend");
        if (b != null) {
            String v = b.value() instanceof ScalarNode s && s.value() instanceof String str ? str : null;
            try {
                backend = IoBackend.valueOf(v == null ? "?" : v.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException bad) {
                problem(b.value(), "io.backend", quote(b.value()) + " is not a backend (auto, iouring or fallback)");
            }
        }
        List<DriverConfig> drivers = new ArrayList<>();
        Entry d = m.entries().get("drivers");
        if (d != null) {
            ListNode list = list(d.value(), "io.drivers");
            Set<String> names = new HashSet<>();
            for (int i = 0; list != null && i < list.items().size(); i++) {
                DriverConfig driver = driver(list.items().get(i), "io.drivers[" + i + "]", i);
                if (driver != null) {
                    if (!names.add(driver.name().toLowerCase(Locale.ROOT))) {
                        problem(list.items().get(i), "io.drivers[" + i + "].name", "driver \"" + driver.name() + "\" is declared twice");
                    }
                    drivers.add(driver);
                }
            }
        }
        return new IoConfig(backend, drivers, sqpoll(m.entries().get("sqpoll")));
    }

    /** {@code io.sqpoll}: {@code false} (default), {@code true}, or {@code {idle: 2ms, cpu: 1}} (on). */
    private SqpollConfig sqpoll(Entry e) {
        if (e == null) {
            return SqpollConfig.OFF;
        }
        if (e.value() instanceof ScalarNode s && s.value() instanceof Boolean on) {
            return on ? SqpollConfig.ON : SqpollConfig.OFF;
        }
        if (!(e.value() instanceof MapNode m)) {
            problem(e.value(), "io.sqpoll", quote(e.value()) + " is not true, false or {idle: 2ms, cpu: 1}");
            return SqpollConfig.OFF;
        }
        known(m, "io.sqpoll.", "idle", "cpu");
        int idle = SqpollConfig.DEFAULT_IDLE_MILLIS;
        long nanos = duration(m, "io.sqpoll", "idle", idle * 1_000_000L);
        if (nanos > 0) {
            Node value = m.entries().containsKey("idle") ? m.entries().get("idle").value() : m;
            if (nanos % 1_000_000L != 0) {
                problem(value, "io.sqpoll.idle", Durations.format(nanos)
                        + " is not a whole number of milliseconds (the kernel counts the poller's idle time in ms)");
            } else if (nanos > MAX_SQPOLL_IDLE_NANOS) {
                problem(value, "io.sqpoll.idle", Durations.format(nanos) + " is longer than "
                        + Durations.format(MAX_SQPOLL_IDLE_NANOS));
            } else {
                idle = (int) (nanos / 1_000_000L);
            }
        }
        int cpu = (int) integer(m, "io.sqpoll", "cpu", -1, 0, 1023);
        return new SqpollConfig(true, idle, cpu);
    }

    private DriverConfig driver(Node node, String key, int index) {
        MapNode m = map(node, key);
        if (m == null) {
            return null;
        }
        String type = required(m, key, "type");
        if (type == null) {
            return null;
        }
        if (IoDriverParser.TYPES.contains(type)) {
            return new IoDriverParser(file, problems).parse(type, m, key, index);
        }
        if (!type.equals("udp")) {
            problem(m.entries().get("type").value(), key + ".type", "\"" + type + "\" is not a driver type (known: udp, "
                    + String.join(", ", IoDriverParser.TYPES) + ")");
            return null;
        }
        known(m, key + ".", "type", "name", "task", "listen", "peer", "inputs", "outputs");
        String name = string(m, key + ".", "name", "udp" + index);
        String task = string(m, key + ".", "task", null);
        Endpoint listen = endpoint(m, key, "listen", true);
        Endpoint peer = endpoint(m, key, "peer", false);
        ImageRange inputs = range(m, key, "inputs");
        ImageRange outputs = range(m, key, "outputs");
        if (inputs == null && outputs == null && !m.entries().containsKey("inputs") && !m.entries().containsKey("outputs")) {
            problem(m, key, "a udp driver needs inputs: {offset, size}, outputs: {offset, size} or both");
        }
        if (outputs != null && peer == null && !m.entries().containsKey("peer")) {
            problem(m, key + ".peer", "missing; outputs need the address output datagrams are sent to, e.g. peer: 127.0.0.1:9601");
        }
        return new UdpDriverConfig(name, task, listen, peer, inputs, outputs, m.line());
    }

    private Endpoint endpoint(MapNode m, String key, String field, boolean required) {
        Entry e = m.entries().get(field);
        String k = key + "." + field;
        if (e == null) {
            if (required) {
                problem(m, k, "missing; write host:port, e.g. 127.0.0.1:9600");
            }
            return null;
        }
        String text = e.value() instanceof ScalarNode s ? s.text() : "";
        int colon = text.lastIndexOf(':');
        if (colon > 0 && colon < text.length() - 1) {
            String host = text.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            try {
                int port = Integer.parseInt(text.substring(colon + 1));
                if (port >= 0 && port <= 65535 && !host.isEmpty()) {
                    return new Endpoint(host, port);
                }
            } catch (NumberFormatException notPort) {
                // reported below
            }
        }
        problem(e.value(), k, quote(e.value()) + " is not host:port (e.g. 127.0.0.1:9600; port 0 picks a free one)");
        return null;
    }

    private ImageRange range(MapNode m, String key, String field) {
        Entry e = m.entries().get(field);
        if (e == null) {
            return null;
        }
        String k = key + "." + field;
        MapNode r = map(e.value(), k);
        if (r == null) {
            return null;
        }
        known(r, k + ".", "offset", "size");
        long offset = integer(r, k, "offset", 0, 0, 65_535);
        long size = r.entries().containsKey("size") ? integer(r, k, "size", 1, 1, MAX_UDP_IMAGE) : -1;
        if (size == -1) {
            problem(r, k + ".size", "missing; the number of image bytes, e.g. size: 16");
            return null;
        }
        return new ImageRange((int) offset, (int) size);
    }

    private WebConfig web(Entry e) {
        if (e == null) {
            return ProjectConfig.DEFAULT_WEB;
        }
        MapNode m = map(e.value(), "web");
        if (m == null) {
            return ProjectConfig.DEFAULT_WEB;
        }
        known(m, "web.", "port", "bind");
        int port = (int) integer(m, "web", "port", ProjectConfig.DEFAULT_WEB.port(), 0, 65535);
        String bind = string(m, "web.", "bind", ProjectConfig.DEFAULT_WEB.bind());
        return new WebConfig(port, bind);
    }

    private RetainConfig retain(Entry e) {
        if (e == null) {
            return RetainConfig.DEFAULT;
        }
        MapNode m = map(e.value(), "retain");
        if (m == null) {
            return RetainConfig.DEFAULT;
        }
        known(m, "retain.", "file", "interval");
        String file = string(m, "retain.", "file", null);
        if (file != null && file.contains("..")) {
            problem(m.entries().get("file").value(), "retain.file", "\"" + file + "\" must not leave the state directory");
            file = null;
        }
        long interval = duration(m, "retain", "interval", RetainConfig.DEFAULT.intervalNanos());
        if (interval > 0 && interval < 10_000_000L) {
            problem(m.entries().get("interval").value(), "retain.interval", Durations.format(interval)
                    + " is shorter than 10ms; every save is a file write and an fsync");
        }
        return new RetainConfig(file, interval > 0 ? interval : RetainConfig.DEFAULT.intervalNanos());
    }

    private SimulationConfig simulation(Entry e) {
        if (e == null) {
            return null;
        }
        MapNode m = map(e.value(), "simulation");
        if (m == null) {
            return null;
        }
        known(m, "simulation.", "plant");
        String plant = required(m, "simulation", "plant");
        if (plant == null) {
            return null;
        }
        Path dir = directory.resolve(plant).normalize();
        if (!Files.isRegularFile(dir.resolve("project.yaml"))) {
            problem(m.entries().get("plant").value(), "simulation.plant",
                    "\"" + plant + "\" is not a project directory (no " + dir.resolve("project.yaml") + ")");
            return null;
        }
        return new SimulationConfig(dir);
    }
}
