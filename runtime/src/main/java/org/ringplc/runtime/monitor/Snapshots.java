package org.ringplc.runtime.monitor;

import java.util.ArrayList;
import java.util.List;
import org.ringplc.runtime.image.Leaf;
import org.ringplc.runtime.image.VariableTable;

/**
 * The snapshot buffers of all tasks and where each variable sits in them: a leaf is published
 * by the task that owns it (globals by the first task).
 */
public final class Snapshots {
    private final VariableTable table;
    private final SnapshotBuffer[] buffers;
    private final int[] slotOf;

    public Snapshots(VariableTable table, int tasks) {
        this.table = table;
        this.buffers = new SnapshotBuffer[tasks];
        this.slotOf = new int[table.size()];
        for (int t = 0; t < tasks; t++) {
            List<Leaf> mine = new ArrayList<>();
            for (Leaf l : table.leaves()) {
                if (l.scanTask() == t) {
                    slotOf[l.index()] = mine.size();
                    mine.add(l);
                }
            }
            buffers[t] = new SnapshotBuffer(mine);
        }
    }

    public VariableTable table() {
        return table;
    }

    /** The buffer task {@code t}'s scan thread publishes to. */
    public SnapshotBuffer buffer(int t) {
        return buffers[t];
    }

    public int tasks() {
        return buffers.length;
    }

    /** The position of leaf {@code leaf} in its task's buffer. */
    public int slotOf(int leaf) {
        return slotOf[leaf];
    }

    /**
     * Reads the newest published values of {@code leaves}.
     *
     * @return parallel raw values and texts; entries of tasks that published nothing yet are 0/null
     */
    public Reading read(List<Leaf> leaves) {
        long[] raw = new long[leaves.size()];
        String[] text = new String[leaves.size()];
        long[] cycles = new long[buffers.length];
        long[] sequences = new long[buffers.length];
        java.util.Arrays.fill(sequences, -1);
        for (int t = 0; t < buffers.length; t++) {
            List<Integer> positions = new ArrayList<>();
            for (int i = 0; i < leaves.size(); i++) {
                if (leaves.get(i).scanTask() == t) {
                    positions.add(i);
                }
            }
            if (positions.isEmpty()) {
                continue;
            }
            int[] idx = new int[positions.size()];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = slotOf[leaves.get(positions.get(i)).index()];
            }
            long[] r = new long[idx.length];
            String[] s = new String[idx.length];
            long[] cycle = new long[1];
            sequences[t] = buffers[t].read(idx, r, s, cycle);
            cycles[t] = cycle[0];
            for (int i = 0; i < idx.length; i++) {
                raw[positions.get(i)] = r[i];
                text[positions.get(i)] = s[i];
            }
        }
        return new Reading(raw, text, cycles, sequences);
    }

    /**
     * Values read from the buffers.
     *
     * @param raw    raw values parallel to the leaves asked for
     * @param text   texts of STRING/WSTRING leaves, else null
     * @param cycles    per task, the cycle count the values come from
     * @param sequences per task, the publication number read (-1: nothing read)
     */
    public record Reading(long[] raw, String[] text, long[] cycles, long[] sequences) {
    }
}
