package org.ringplc.runtime.task;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.ringplc.lang.program.VariableAccessor;
import org.ringplc.runtime.DriverStatus;
import org.ringplc.runtime.ForceInfo;
import org.ringplc.runtime.MonitorSubscription;
import org.ringplc.runtime.PlcRuntime;
import org.ringplc.runtime.RuntimeOptions;
import org.ringplc.runtime.RuntimeStatus;
import org.ringplc.runtime.TaskStatus;
import org.ringplc.runtime.ValueRejectedException;
import org.ringplc.runtime.VariableValue;
import org.ringplc.runtime.drivers.Drivers;
import org.ringplc.runtime.drivers.ImageDriver;
import org.ringplc.runtime.force.AuditLog;
import org.ringplc.runtime.force.Command;
import org.ringplc.runtime.force.ForceTable;
import org.ringplc.runtime.image.ImageBinding;
import org.ringplc.runtime.image.Leaf;
import org.ringplc.runtime.image.Values;
import org.ringplc.runtime.monitor.SnapshotSubscription;
import org.ringplc.runtime.monitor.Snapshots;
import org.ringplc.runtime.project.DriverConfig;
import org.ringplc.runtime.project.IoBackend;
import org.ringplc.runtime.project.LoadedProject;
import org.ringplc.runtime.project.ProjectException;
import org.ringplc.runtime.task.LiveProject.LiveTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running PLC: one {@link ScanTask} per task, their I/O and drivers, the force list and
 * audit log, and the snapshots monitoring reads. Every public method may be called from any
 * thread and none touches a program variable: writes and forces are validated here, recorded,
 * and queued to the scan thread that owns the variable (for a global, to every task, since every
 * task must hold a forced global); values shown come from the published snapshots.
 */
public final class ScanRuntime implements PlcRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(ScanRuntime.class);

    private final LiveProject live;
    private final String user;
    private final List<ScanTask> tasks = new ArrayList<>();
    private final List<Queue<Command>> queues = new ArrayList<>();
    private final Snapshots snapshots;
    private final AuditLog audit;
    /** The forces in effect by leaf index, in the order they were set. Guarded by {@code this}. */
    private final Map<Integer, ForceInfo> forces = new LinkedHashMap<>();
    private java.util.concurrent.ScheduledExecutorService supervisor;
    private String ioBackend = "none";
    private String ioBackendReason = "no I/O drivers configured";
    private boolean closed;

    private ScanRuntime(LiveProject live, AuditLog audit, String user) {
        this.live = live;
        this.audit = audit;
        this.user = user;
        this.snapshots = new Snapshots(live.variables(), live.tasks().size());
    }

    /** See {@link org.ringplc.runtime.Runtimes#start}. */
    public static ScanRuntime start(LoadedProject project, RuntimeOptions options) throws ProjectException {
        LiveProject live = LiveProject.instantiate(project);
        AuditLog audit;
        try {
            audit = new AuditLog(options.stateDirectory());
        } catch (IOException e) {
            throw new ProjectException("cannot open the audit log in " + options.stateDirectory() + ": " + e.getMessage());
        }
        ScanRuntime rt = new ScanRuntime(live, audit, options.user() == null ? "system" : options.user());
        try {
            rt.build(options.ioBackend() != null ? options.ioBackend() : project.config().io().backend());
        } catch (ProjectException | RuntimeException e) {
            // tasks opened before the failing one end their threads and close their sockets
            rt.close();
            throw e;
        }
        LOG.info("{}: starting {} task(s); forces are cleared by a restart", project.name(), rt.tasks.size());
        audit.record(new AuditLog.Entry(Instant.now(), rt.user, "restart", null, null, null,
                "runtime started: forces cleared by restart"));
        rt.supervisor = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ringplc-supervisor");
            t.setDaemon(true);
            return t;
        });
        rt.supervisor.scheduleAtFixedRate(new TaskSupervisor(project.name(), rt.tasks), TaskSupervisor.PERIOD_MILLIS,
                TaskSupervisor.PERIOD_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        rt.start();
        return rt;
    }

    private void build(IoBackend backend) throws ProjectException {
        long epoch = System.nanoTime();
        VariableAccessor[] access = live.variables().leaves().stream().map(l -> l.descriptor().access())
                .toArray(VariableAccessor[]::new);
        for (LiveTask t : live.tasks()) {
            List<ImageDriver> taskDrivers = new ArrayList<>();
            for (DriverConfig dc : t.plan().drivers()) {
                taskDrivers.add(Drivers.create(dc, t.plan().name()));
            }
            Queue<Command> queue = new ConcurrentLinkedQueue<>();
            queues.add(queue);
            int i = t.index();
            // initial values, published by this thread before the scan thread exists
            snapshots.buffer(i).publish(0);
            ScanTask task = new ScanTask(t, backend, live.image(), taskDrivers,
                    ImageBinding.of(live.locatedInputs(i), live.image()),
                    ImageBinding.of(live.locatedOutputs(i), live.image()),
                    ImageBinding.of(live.physicalOutputs(i), live.image()),
                    new ForceTable(access, queue), snapshots.buffer(i), epoch);
            tasks.add(task);
            task.open();
            if (ioBackend.equals("none") && !task.ioBackend().equals("none")) {
                ioBackend = task.ioBackend();
                ioBackendReason = task.ioBackendReason();
            }
        }
    }

    /** The live project, for tools and tests. */
    public LiveProject live() {
        return live;
    }

    /** The scan tasks in project order (timing samples for benchmarks, state). */
    public List<ScanTask> tasks() {
        return List.copyOf(tasks);
    }

    /** The audit log. */
    public AuditLog audit() {
        return audit;
    }

    @Override
    public RuntimeStatus status() {
        List<TaskStatus> ts = tasks.stream().map(ScanTask::status).toList();
        String state = ts.stream().anyMatch(t -> t.state().equals("FAULT")) ? "FAULT"
                : ts.stream().anyMatch(t -> t.state().equals("RUN")) ? "RUN" : "STOP";
        List<DriverStatus> ds = tasks.stream().flatMap(t -> t.driverStatus().stream()).toList();
        boolean forced;
        synchronized (this) {
            forced = !forces.isEmpty();
        }
        return new RuntimeStatus(state, live.project().name(), ts, forced, ioBackend, ioBackendReason, ds);
    }

    @Override
    public List<VariableValue> variables(String prefix) {
        List<Leaf> leaves = live.variables().withPrefix(prefix);
        Snapshots.Reading r = snapshots.read(leaves);
        List<VariableValue> out = new ArrayList<>(leaves.size());
        synchronized (this) {
            for (int i = 0; i < leaves.size(); i++) {
                Leaf l = leaves.get(i);
                out.add(new VariableValue(l.path(), l.descriptor().typeName(), Values.toJson(l, r.raw()[i], r.text()[i]),
                        forces.containsKey(l.index())));
            }
        }
        return out;
    }

    @Override
    public void write(String path, Object value, String who) throws ValueRejectedException {
        Leaf leaf = Values.resolve(live.variables(), path);
        Values.Parsed v = Values.parse(leaf, value);
        synchronized (this) {
            ForceInfo f = forces.get(leaf.index());
            if (f != null) {
                throw new ValueRejectedException(leaf.path() + " is forced to " + f.value()
                        + "; change the force or unforce it first");
            }
            // the old value is read before the request is queued: the scan thread may apply it at once
            Object old = current(leaf);
            queues.get(leaf.scanTask()).add(new Command(Command.Kind.WRITE, leaf.index(), v.raw(), v.text()));
            audit.record(new AuditLog.Entry(Instant.now(), who, "write", leaf.path(), old,
                    Values.toJson(leaf, v.raw(), v.text()), null));
        }
    }

    @Override
    public void force(String path, Object value, String who) throws ValueRejectedException {
        Leaf leaf = Values.resolve(live.variables(), path);
        Values.Parsed v = Values.parse(leaf, value);
        Object json = Values.toJson(leaf, v.raw(), v.text());
        synchronized (this) {
            ForceInfo old = forces.remove(leaf.index());
            Object oldValue = old != null ? old.value() : current(leaf);
            Command c = new Command(Command.Kind.FORCE, leaf.index(), v.raw(), v.text());
            queuesOf(leaf).forEach(q -> q.add(c));
            forces.put(leaf.index(), new ForceInfo(leaf.path(), json, who, Instant.now()));
            audit.record(new AuditLog.Entry(Instant.now(), who, "force", leaf.path(), oldValue, json,
                    old != null ? "replaces an earlier force" : null));
        }
    }

    @Override
    public void unforce(String path, String who) throws ValueRejectedException {
        Leaf leaf = Values.resolve(live.variables(), path);
        synchronized (this) {
            ForceInfo f = forces.remove(leaf.index());
            if (f == null) {
                throw new ValueRejectedException(leaf.path() + " is not forced");
            }
            Command c = new Command(Command.Kind.UNFORCE, leaf.index(), 0, null);
            queuesOf(leaf).forEach(q -> q.add(c));
            audit.record(new AuditLog.Entry(Instant.now(), who, "unforce", leaf.path(), f.value(), null,
                    "the variable keeps its value until the program or a write changes it"));
        }
    }

    @Override
    public void unforceAll(String who) {
        synchronized (this) {
            Command c = new Command(Command.Kind.UNFORCE_ALL, -1, 0, null);
            queues.forEach(q -> q.add(c));
            for (ForceInfo f : forces.values()) {
                audit.record(new AuditLog.Entry(Instant.now(), who, "unforce-all", f.path(), f.value(), null, null));
            }
            forces.clear();
        }
    }

    @Override
    public synchronized List<ForceInfo> forces() {
        return List.copyOf(forces.values());
    }

    @Override
    public MonitorSubscription monitor(List<String> paths) throws ValueRejectedException {
        return new SnapshotSubscription(snapshots, Values.select(live.variables(), paths));
    }

    @Override
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("the runtime is closed");
        }
        tasks.forEach(ScanTask::start);
    }

    @Override
    public synchronized void stop() {
        for (ScanTask t : tasks) {
            if (!t.stop()) {
                LOG.error("task {} did not stop within {} ms: a program is stuck in a loop", t.name(),
                        TaskPolicy.STOP_TIMEOUT_MILLIS);
            }
        }
    }

    /** Records a start or stop requested by {@code who} and does it. */
    public void startBy(String who) {
        audit.record(new AuditLog.Entry(Instant.now(), who, "start", null, null, null, null));
        start();
    }

    public void stopBy(String who) {
        audit.record(new AuditLog.Entry(Instant.now(), who, "stop", null, null, null, null));
        stop();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (supervisor != null) {
            supervisor.shutdownNow();
        }
        for (ScanTask t : tasks) {
            if (!t.shutdown()) {
                LOG.error("task {} did not end within {} ms: a program is stuck in a loop", t.name(),
                        TaskPolicy.STOP_TIMEOUT_MILLIS);
            }
        }
        audit.close();
        LOG.info("{}: runtime closed", live.project().name());
    }

    private List<Queue<Command>> queuesOf(Leaf leaf) {
        return leaf.isGlobal() ? queues : List.of(queues.get(leaf.owner()));
    }

    private Object current(Leaf leaf) {
        Snapshots.Reading r = snapshots.read(List.of(leaf));
        return Values.toJson(leaf, r.raw()[0], r.text()[0]);
    }
}
