package org.ringplc.runtime.task;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ringplc.lang.program.VariableDescriptor;
import org.ringplc.runtime.DeployMode;
import org.ringplc.runtime.DeployReport;
import org.ringplc.runtime.DriverStatus;
import org.ringplc.runtime.ForceInfo;
import org.ringplc.runtime.MonitorSubscription;
import org.ringplc.runtime.PlcRuntime;
import org.ringplc.runtime.RuntimeOptions;
import org.ringplc.runtime.RuntimeStatus;
import org.ringplc.runtime.TaskStatus;
import org.ringplc.runtime.TraceHandle;
import org.ringplc.runtime.ValueRejectedException;
import org.ringplc.runtime.VariableValue;
import org.ringplc.runtime.force.AuditLog;
import org.ringplc.runtime.force.Command;
import org.ringplc.runtime.image.Leaf;
import org.ringplc.runtime.image.Values;
import org.ringplc.runtime.monitor.Snapshots;
import org.ringplc.runtime.project.IoBackend;
import org.ringplc.runtime.project.LoadedProject;
import org.ringplc.runtime.project.ProjectException;
import org.ringplc.runtime.project.RetainConfig;
import org.ringplc.runtime.retain.RetainStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running PLC: one {@link ScanTask} per task, their I/O and drivers, the force list and
 * audit log, and the snapshots monitoring reads. Every public method may be called from any
 * thread and none touches a program variable: writes and forces are validated here, recorded,
 * and queued to the scan thread that owns the variable (for a global, to every task, since every
 * task must hold a forced global); values shown come from the published snapshots.
 *
 * <p>The project running can be replaced by {@link #deploy}: online (the scan threads install
 * the new programs at a cycle boundary, see {@link OnlineChange}) or by a restart. What the web
 * side reads (the variable table, snapshots, request queues) is one immutable {@code View} that a
 * deploy replaces as a whole; monitor subscriptions follow it by path.
 *
 * <p>The tasks themselves are in a {@link TaskGroup}, and a restart's steps and fall-back in
 * {@link RestartDeploy}; this class decides when to launch, start, stop and halt them.
 */
public final class ScanRuntime implements PlcRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(ScanRuntime.class);

    /**
     * What the web side reads, replaced as a whole by a deploy.
     *
     * @param live       the running project
     * @param snapshots  its snapshot buffers
     * @param queues     per task, where write and force requests go
     * @param generation 0, then +1 per deploy
     */
    record View(LiveProject live, Snapshots snapshots, List<Queue<Command>> queues, long generation) {
    }

    private final RuntimeOptions options;
    private final String user;
    private final AuditLog audit;
    private volatile View view;
    /** The scan tasks of the running project; emptied by a halt, filled again by a launch. */
    private final TaskGroup group = new TaskGroup();
    /** The force list and the write/force requests. Guarded by {@code this}. */
    private final Requests requests;
    private RetainStore retain;
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private boolean closed;

    private ScanRuntime(RuntimeOptions options, AuditLog audit) {
        this.options = options;
        this.audit = audit;
        this.requests = new Requests(audit);
        this.user = options.user() == null ? "system" : options.user();
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
        ScanRuntime rt = new ScanRuntime(options, audit);
        if (options.realtime()) {
            String refused = RealtimeThreads.lockMemory();
            if (refused != null) {
                rt.warnings.add(refused);
                LOG.warn("{}: {}", project.name(), refused);
            }
        }
        try {
            rt.launch(live);
        } catch (ProjectException | RuntimeException e) {
            // tasks opened before the failing one end their threads and close their sockets
            rt.close();
            throw e;
        }
        LOG.info("{}: starting {} task(s); forces are cleared by a restart", project.name(), rt.group.size());
        audit.record(new AuditLog.Entry(Instant.now(), rt.user, "restart", null, null, null,
                "runtime started: forces cleared by restart"));
        rt.start();
        return rt;
    }

    /**
     * Restores retained values, opens the tasks and their I/O, starts the supervisor and the retain
     * writer; the tasks stay stopped. Caller holds this (or is the factory).
     */
    void launch(LiveProject live) throws ProjectException {
        RetainConfig rc = live.project().config().retain();
        retain = new RetainStore(live.project().name(), rc.resolve(options.stateDirectory()), rc.intervalNanos(),
                group::retainSources);
        // before the first cycle and before the initial values are published
        retain.restore(live.variables());
        if (retain.status().warning() != null) {
            warnings.add(retain.status().warning());
        }
        IoBackend backend = options.ioBackend() != null ? options.ioBackend() : live.project().config().io().backend();
        Snapshots snapshots = new Snapshots(live.variables(), live.tasks().size());
        List<Queue<Command>> queues = new ArrayList<>();
        // published before the tasks open: their queues join it one by one
        view = new View(live, snapshots, queues, view == null ? 0 : view.generation() + 1);
        group.open(live, snapshots, queues, backend, options.realtime());
        warnings.addAll(group.realtimeRefusals(live.project().name()));
        group.supervise(live.project().name());
        retain.start();
    }

    /** The live project, for tools and tests. */
    public LiveProject live() {
        return view.live();
    }

    /** The scan tasks in project order (timing samples for benchmarks, state). */
    public List<ScanTask> tasks() {
        return List.copyOf(group.tasks());
    }

    /** The audit log. */
    public AuditLog audit() {
        return audit;
    }

    /** The retain store (file, status, an immediate save). */
    public RetainStore retain() {
        return retain;
    }

    @Override
    public RuntimeStatus status() {
        List<TaskStatus> ts = group.status();
        String state = ts.stream().anyMatch(t -> t.state().equals("FAULT")) ? "FAULT"
                : ts.stream().anyMatch(t -> t.state().equals("RUN")) ? "RUN" : "STOP";
        List<DriverStatus> ds = group.driverStatus();
        boolean forced;
        synchronized (this) {
            forced = requests.any();
        }
        return new RuntimeStatus(state, view.live().project().name(), ts, forced, group.ioBackend(),
                group.ioBackendReason(), ds, retain == null ? null : retain.status(), List.copyOf(warnings));
    }

    @Override
    public List<VariableValue> variables(String prefix) {
        View v = view;
        List<Leaf> leaves = v.live().variables().withPrefix(prefix);
        Snapshots.Reading r = v.snapshots().read(leaves);
        List<VariableValue> out = new ArrayList<>(leaves.size());
        synchronized (this) {
            boolean current = v == view;
            for (int i = 0; i < leaves.size(); i++) {
                Leaf l = leaves.get(i);
                VariableDescriptor d = l.descriptor();
                out.add(new VariableValue(l.path(), d.typeName(), Values.toJson(l, r.raw()[i], r.text()[i]),
                        current ? requests.isForced(l.index()) : requests.isForcedPath(l.path()),
                        d.address() == null ? null : d.address().toString(), d.kind().name()));
            }
        }
        return out;
    }

    @Override
    public synchronized void write(String path, Object value, String who) throws ValueRejectedException {
        requests.write(view, path, value, who);
    }

    @Override
    public synchronized void force(String path, Object value, String who) throws ValueRejectedException {
        requests.force(view, path, value, who);
    }

    @Override
    public synchronized void unforce(String path, String who) throws ValueRejectedException {
        requests.unforce(view, path, who);
    }

    @Override
    public synchronized void unforceAll(String who) {
        requests.unforceAll(view, who);
    }

    @Override
    public synchronized List<ForceInfo> forces() {
        return requests.list();
    }

    @Override
    public MonitorSubscription monitor(List<String> paths) throws ValueRejectedException {
        View v = view;
        // resolving now rejects unknown paths at once
        Values.select(v.live().variables(), paths);
        return new FollowingSubscription(paths, v, () -> view);
    }

    @Override
    public TraceHandle trace(List<String> paths, int capacity) throws ValueRejectedException {
        TaskTrace.checkCount(paths);
        synchronized (this) {
            return TaskTrace.open(Values.select(view.live().variables(), paths), group.tasks(), capacity,
                    group.epochMillis(), group.epoch());
        }
    }

    @Override
    public synchronized DeployReport deploy(LoadedProject next, DeployMode mode, String who) {
        if (closed) {
            return DeployReport.of(DeployReport.Outcome.REFUSED, "the runtime is closed", next.diagnostics());
        }
        if (next.hasErrors()) {
            return DeployReport.of(DeployReport.Outcome.REFUSED, "the project has errors; "
                    + view.live().project().name() + " keeps running unchanged", next.diagnostics());
        }
        return mode == DeployMode.RESTART ? RestartDeploy.run(this, next, who) : online(next, who);
    }

    /** Caller holds this. */
    private DeployReport online(LoadedProject next, String who) {
        View v = view;
        OnlineDeploy.Result r = OnlineDeploy.run(v.live(), next, group.tasks(), requests.byLeaf(), audit, who);
        if (r.live() != null) {
            view = new View(r.live(), r.snapshots(), r.queues(), v.generation() + 1);
            requests.replace(r.forces());
            retain.variables(RetainStore.retained(r.live().variables()).size());
        }
        return r.report();
    }

    /** Forgets what a restart clears, the warnings and every force; returns the number of forces. Caller holds this. */
    int clearForRestart() {
        warnings.clear();
        return requests.clear();
    }

    /** Stops and ends every task, saves the retained values. Caller holds this. */
    void halt() {
        group.unsupervise();
        stop();
        if (retain != null) {
            retain.close();
        }
        group.shutdownAll();
    }

    @Override
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("the runtime is closed");
        }
        group.startAll();
    }

    @Override
    public synchronized void stop() {
        group.stopAll();
        if (retain != null) {
            // the final values, captured by each scan thread as it stopped
            retain.save();
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
        halt();
        group.close();
        audit.close();
        LOG.info("{}: runtime closed", view == null ? "ringplc" : view.live().project().name());
    }
}
