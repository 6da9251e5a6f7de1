package org.ringplc.runtime.task;

import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.ringplc.lang.program.ProgramInstance;
import org.ringplc.lang.program.TaskClock;
import org.ringplc.lang.program.VariableAccessor;
import org.ringplc.runtime.DeployReport;
import org.ringplc.runtime.ForceInfo;
import org.ringplc.runtime.ValueRejectedException;
import org.ringplc.runtime.force.AuditLog;
import org.ringplc.runtime.force.Command;
import org.ringplc.runtime.force.ForceTable;
import org.ringplc.runtime.image.Leaf;
import org.ringplc.runtime.image.Values;
import org.ringplc.runtime.monitor.Snapshots;
import org.ringplc.runtime.monitor.TraceRecorder;
import org.ringplc.runtime.project.LoadedProject;
import org.ringplc.runtime.project.ProjectException;
import org.ringplc.runtime.task.LiveProject.LiveTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deploy without stopping (IEC 61131-3 "online change"): the new project is instantiated on the
 * running tasks' clocks off the scan threads, forces are carried over by path, traces rebound,
 * and each task gets a {@link Swap} that its scan thread installs at its next cycle
 * boundary, carrying the state over ({@link OnlineChange} has the compatibility rules and the
 * transfer). Kept apart from {@link ScanRuntime}, which owns the state this replaces, so that the
 * runtime's public face and this one procedure each read top to bottom.
 */
final class OnlineDeploy {
    private static final Logger LOG = LoggerFactory.getLogger(ScanRuntime.class);

    /**
     * The outcome: on success the new project with what the web side reads of it and the forces
     * now in effect; on failure or refusal only the report ({@code live} null, nothing changed or,
     * after a partial failure, as the report says).
     */
    record Result(DeployReport report, LiveProject live, Snapshots snapshots, List<Queue<Command>> queues,
                  Map<Integer, ForceInfo> forces) {
        static Result failed(DeployReport report) {
            return new Result(report, null, null, null, null);
        }
    }

    private OnlineDeploy() {
    }

    /**
     * Prepares the new generation of every task, installs it at each task's next cycle boundary
     * and reports the outcome. Caller holds the runtime's lock; {@code forces} is only read.
     */
    static Result run(LiveProject old, LoadedProject next, List<ScanTask> tasks, Map<Integer, ForceInfo> forces,
                      AuditLog audit, String who) {
        List<TaskClock> clocks = old.tasks().stream().map(LiveTask::clock).toList();
        LiveProject nl;
        try {
            nl = next.tasks().size() == clocks.size() ? LiveProject.instantiate(next, clocks) : LiveProject.instantiate(next);
        } catch (ProjectException e) {
            return Result.failed(DeployReport.of(DeployReport.Outcome.FAILED, e.getMessage(), next.diagnostics()));
        }
        String why = OnlineChange.incompatibility(old.project(), next, old.image(), nl);
        if (why != null) {
            return Result.failed(DeployReport.of(DeployReport.Outcome.REFUSED, "an online change is not possible: " + why
                    + "; deploy with mode restart to stop and start the new project", next.diagnostics()));
        }
        OnlineChange.LeafMatch match = OnlineChange.match(old.variables().leaves(), nl.variables().leaves());
        int n = nl.tasks().size();
        Snapshots snapshots = new Snapshots(nl.variables(), n);
        List<Queue<Command>> queues = new ArrayList<>();
        List<ForceTable> tables = new ArrayList<>();
        VariableAccessor[] access = nl.accessors();
        for (int t = 0; t < n; t++) {
            Queue<Command> q = new ConcurrentLinkedQueue<>();
            queues.add(q);
            tables.add(new ForceTable(access, q));
        }
        // forces carried over by path; a force whose variable vanished or changed type is dropped
        Map<Integer, ForceInfo> carried = new LinkedHashMap<>();
        List<String> forcesDropped = new ArrayList<>();
        for (ForceInfo f : forces.values()) {
            Leaf nleaf = nl.variables().find(f.path());
            Leaf oleaf = old.variables().find(f.path());
            if (nleaf == null || oleaf == null || !OnlineChange.sameType(oleaf, nleaf)) {
                forcesDropped.add(f.path() + (nleaf == null ? ": the variable is gone" : ": its type changed"));
                continue;
            }
            Values.Parsed p;
            try {
                p = Values.parse(nleaf, f.value());
            } catch (ValueRejectedException e) {
                forcesDropped.add(f.path() + ": " + e.getMessage());
                continue;
            }
            for (int t = 0; t < n; t++) {
                if (nleaf.isGlobal() || nleaf.owner() == t) {
                    tables.get(t).preset(nleaf.index(), p.raw(), p.text());
                }
            }
            carried.put(nleaf.index(), new ForceInfo(nleaf.path(), f.value(), f.user(), f.since()));
        }
        // traces follow their paths; one whose variable vanished stops
        Map<TraceRecorder, List<Leaf>> rebound = new IdentityHashMap<>();
        for (ScanTask st : tasks) {
            for (TraceRecorder r : st.traces()) {
                List<Leaf> ls = new ArrayList<>();
                for (Leaf l : r.leaves()) {
                    Leaf nleaf = nl.variables().find(l.path());
                    if (nleaf == null || !OnlineChange.sameType(l, nleaf) || (!nleaf.isGlobal() && nleaf.owner() != r.task())) {
                        ls = null;
                        break;
                    }
                    ls.add(nleaf);
                }
                if (ls == null) {
                    st.removeTrace(r);
                } else {
                    rebound.put(r, ls);
                }
            }
        }
        Object oldGlobals = old.globals();
        Object newGlobals = nl.globals();
        List<Swap> swaps = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            ScanTask st = tasks.get(t);
            Generation oldGen = st.generation();
            Generation g = Generation.of(nl, t, old.image(), tables.get(t), snapshots);
            List<TraceRecorder> mine = st.traces();
            final int task = t;
            OnlineChange.Transfer transfer = new OnlineChange.Transfer(
                    // requests queued before the change are applied to the old programs, then carried
                    () -> oldGen.forces().applyRequestsAndForces(),
                    () -> {
                        for (TraceRecorder r : mine) {
                            List<Leaf> ls = rebound.get(r);
                            if (ls != null) {
                                r.rebind(ls);
                            }
                        }
                        if (g.retain() != null) {
                            g.retain().captureNow();
                        }
                        snapshots.buffer(task).publish(st.cycles());
                    });
            IdentityHashMap<Object, Boolean> skip = new IdentityHashMap<>();
            if (t != 0) {
                // globals belong to the first task: only its scan thread carries them
                if (oldGlobals != null) {
                    skip.put(oldGlobals, true);
                }
                if (newGlobals != null) {
                    skip.put(newGlobals, true);
                }
            }
            Map<String, ProgramInstance> oldByName = OnlineChange.byName(old.tasks().get(t));
            LiveTask nt = nl.tasks().get(t);
            for (int i = 0; i < nt.instances().length; i++) {
                ProgramInstance o = oldByName.get(OnlineChange.key(nt.instanceNames()[i]));
                if (o != null) {
                    transfer.objects(o, nt.instances()[i], skip);
                }
            }
            if (t == 0 && oldGlobals != null && newGlobals != null) {
                transfer.objects(oldGlobals, newGlobals, new IdentityHashMap<>());
            }
            for (Leaf l : nl.variables().leaves()) {
                if (l.scanTask() != t) {
                    continue;
                }
                Leaf src = match.source()[l.index()];
                if (src != null) {
                    transfer.leaf(src, l);
                } else {
                    transfer.fresh(l);
                }
            }
            swaps.add(new Swap(g, transfer));
        }
        List<Long> firstCycles = new ArrayList<>();
        long longestSwap = 0;
        for (int t = 0; t < n; t++) {
            ScanTask st = tasks.get(t);
            Swap swap = swaps.get(t);
            st.install(swap);
            long timeout = Math.max(TaskPolicy.DEPLOY_TIMEOUT_MILLIS * 1_000_000L, 20 * st.periodNanos());
            boolean done = st.awaitInstalled(swap, timeout);
            if (!done || swap.failure() != null) {
                String cause = !done ? "task " + st.name() + " did not reach a cycle boundary in time"
                        : "task " + st.name() + ": " + Faults.describe(swap.failure());
                String msg = t == 0 ? "the online change failed, nothing changed: " + cause
                        : "the online change failed part way: " + cause + "; tasks "
                        + String.join(", ", tasks.subList(0, t).stream().map(ScanTask::name).toList())
                        + " run the new programs, the others the old ones; deploy again with mode restart";
                LOG.error("{}: {}", old.project().name(), msg);
                audit.record(new AuditLog.Entry(Instant.now(), who, "deploy", null, null, null, msg));
                return Result.failed(DeployReport.of(DeployReport.Outcome.FAILED, msg, next.diagnostics()));
            }
            firstCycles.add(swap.installedAt());
            longestSwap = Math.max(longestSwap, swap.durationNanos());
        }
        String msg = "online change of " + next.name() + ": " + match.added().size() + " variable(s) added, "
                + match.dropped().size() + " dropped, " + match.reset().size() + " reset"
                + (forcesDropped.isEmpty() ? "" : ", " + forcesDropped.size() + " force(s) dropped")
                + "; the state was carried over in " + longestSwap / 1_000 + " us of the first new cycle";
        LOG.info("{}: {}", next.name(), msg);
        audit.record(new AuditLog.Entry(Instant.now(), who, "deploy", null, null, null, msg));
        for (String f : forcesDropped) {
            audit.record(new AuditLog.Entry(Instant.now(), who, "unforce", f.replaceAll(":.*", ""), null, null,
                    "dropped by the online change: " + f));
        }
        return new Result(new DeployReport(DeployReport.Outcome.CHANGED_ONLINE, msg, next.diagnostics(), match.added(),
                match.dropped(), match.reset(), forcesDropped, firstCycles), nl, snapshots, queues, carried);
    }
}
