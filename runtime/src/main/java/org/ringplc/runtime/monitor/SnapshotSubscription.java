package org.ringplc.runtime.monitor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ringplc.runtime.MonitorSubscription;
import org.ringplc.runtime.image.Leaf;
import org.ringplc.runtime.image.Values;

/**
 * A monitoring client's view of a set of variables: each {@link #poll()} copies the newest
 * published snapshot of the tasks involved and turns it into JSON-ready values on the caller's
 * thread. The frame's cycle number is the first involved task's.
 */
public final class SnapshotSubscription implements MonitorSubscription {
    private final Snapshots snapshots;
    private final List<Leaf> leaves;
    private final int[] tasks;
    private final long[] seen;
    private volatile boolean closed;

    public SnapshotSubscription(Snapshots snapshots, List<Leaf> leaves) {
        this.snapshots = snapshots;
        this.leaves = List.copyOf(leaves);
        this.tasks = leaves.stream().mapToInt(Leaf::scanTask).distinct().sorted().toArray();
        this.seen = new long[snapshots.tasks()];
        java.util.Arrays.fill(seen, -1);
    }

    @Override
    public Frame poll() {
        if (closed || tasks.length == 0) {
            return null;
        }
        boolean fresh = false;
        for (int t : tasks) {
            if (snapshots.buffer(t).latestSequence() > seen[t]) {
                fresh = true;
            }
        }
        if (!fresh) {
            return null;
        }
        Snapshots.Reading r = snapshots.read(leaves);
        for (int t : tasks) {
            if (r.sequences()[t] < 0) {
                return null;
            }
            seen[t] = r.sequences()[t];
        }
        long cycle = r.cycles()[tasks[0]];
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < leaves.size(); i++) {
            values.put(leaves.get(i).path(), Values.toJson(leaves.get(i), r.raw()[i], r.text()[i]));
        }
        return new Frame(cycle, values);
    }

    @Override
    public void close() {
        closed = true;
    }
}
