package org.ringplc.runtime.task;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.ringplc.runtime.ForceInfo;
import org.ringplc.runtime.ValueRejectedException;
import org.ringplc.runtime.force.AuditLog;
import org.ringplc.runtime.force.Command;
import org.ringplc.runtime.image.Leaf;
import org.ringplc.runtime.image.Values;
import org.ringplc.runtime.monitor.Snapshots;

/**
 * The web side of writing and forcing (PRODUCT.md §3, forcing semantics): validates a request,
 * records it in the force list and the audit log, and queues a {@link Command} to the scan
 * thread that owns the variable (for a global, to every task, since every task must hold a forced
 * global). Nothing here touches a program variable or a lock the scan thread takes: the queues are
 * lock-free, and the scan thread applies the commands at step 3 of its next cycle
 * ({@link org.ringplc.runtime.force.ForceTable}).
 *
 * <p>Not thread-safe on its own: every method is called with the {@link ScanRuntime}'s lock held,
 * which also keeps the force list in step with the view a deploy replaces.
 */
final class Requests {
    private final AuditLog audit;
    /** The forces in effect by leaf index, in the order they were set. */
    private final Map<Integer, ForceInfo> forces = new LinkedHashMap<>();

    Requests(AuditLog audit) {
        this.audit = audit;
    }

    /** The forces by leaf index, for an online change to carry over and replace. */
    Map<Integer, ForceInfo> byLeaf() {
        return forces;
    }

    boolean any() {
        return !forces.isEmpty();
    }

    /** True while the leaf {@code index} of the current view is forced. */
    boolean isForced(int index) {
        return forces.containsKey(index);
    }

    /** True while a variable of this path is forced (for a view a deploy has just replaced). */
    boolean isForcedPath(String path) {
        for (ForceInfo f : forces.values()) {
            if (f.path().equalsIgnoreCase(path)) {
                return true;
            }
        }
        return false;
    }

    List<ForceInfo> list() {
        return List.copyOf(forces.values());
    }

    /** Forgets every force (a restart clears them); returns how many there were. */
    int clear() {
        int n = forces.size();
        forces.clear();
        return n;
    }

    /** Replaces the force list by what an online change carried over. */
    void replace(Map<Integer, ForceInfo> carried) {
        forces.clear();
        forces.putAll(carried);
    }

    void write(ScanRuntime.View v, String path, Object value, String who) throws ValueRejectedException {
        Leaf leaf = Values.resolve(v.live().variables(), path);
        Values.Parsed p = Values.parse(leaf, value);
        ForceInfo f = forces.get(leaf.index());
        if (f != null) {
            throw new ValueRejectedException(leaf.path() + " is forced to " + f.value()
                    + "; change the force or unforce it first");
        }
        // the old value is read before the request is queued: the scan thread may apply it at once
        Object old = current(v, leaf);
        v.queues().get(leaf.scanTask()).add(new Command(Command.Kind.WRITE, leaf.index(), p.raw(), p.text()));
        audit.record(new AuditLog.Entry(Instant.now(), who, "write", leaf.path(), old,
                Values.toJson(leaf, p.raw(), p.text()), null));
    }

    void force(ScanRuntime.View v, String path, Object value, String who) throws ValueRejectedException {
        Leaf leaf = Values.resolve(v.live().variables(), path);
        Values.Parsed p = Values.parse(leaf, value);
        Object json = Values.toJson(leaf, p.raw(), p.text());
        ForceInfo old = forces.remove(leaf.index());
        Object oldValue = old != null ? old.value() : current(v, leaf);
        Command c = new Command(Command.Kind.FORCE, leaf.index(), p.raw(), p.text());
        queuesOf(v, leaf).forEach(q -> q.add(c));
        forces.put(leaf.index(), new ForceInfo(leaf.path(), json, who, Instant.now()));
        audit.record(new AuditLog.Entry(Instant.now(), who, "force", leaf.path(), oldValue, json,
                old != null ? "replaces an earlier force" : null));
    }

    void unforce(ScanRuntime.View v, String path, String who) throws ValueRejectedException {
        Leaf leaf = Values.resolve(v.live().variables(), path);
        ForceInfo f = forces.remove(leaf.index());
        if (f == null) {
            throw new ValueRejectedException(leaf.path() + " is not forced");
        }
        Command c = new Command(Command.Kind.UNFORCE, leaf.index(), 0, null);
        queuesOf(v, leaf).forEach(q -> q.add(c));
        audit.record(new AuditLog.Entry(Instant.now(), who, "unforce", leaf.path(), f.value(), null,
                "the variable keeps its value until the program or a write changes it"));
    }

    void unforceAll(ScanRuntime.View v, String who) {
        Command c = new Command(Command.Kind.UNFORCE_ALL, -1, 0, null);
        v.queues().forEach(q -> q.add(c));
        for (ForceInfo f : forces.values()) {
            audit.record(new AuditLog.Entry(Instant.now(), who, "unforce-all", f.path(), f.value(), null, null));
        }
        forces.clear();
    }

    private static List<Queue<Command>> queuesOf(ScanRuntime.View v, Leaf leaf) {
        return leaf.isGlobal() ? v.queues() : List.of(v.queues().get(leaf.owner()));
    }

    private static Object current(ScanRuntime.View v, Leaf leaf) {
        Snapshots.Reading r = v.snapshots().read(List.of(leaf));
        return Values.toJson(leaf, r.raw()[0], r.text()[0]);
    }
}
