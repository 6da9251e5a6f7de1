package org.ringplc.runtime.force;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Queue;
import org.ringplc.lang.program.TextAccessor;
import org.ringplc.lang.program.VariableAccessor;

/**
 * The forces and pending one-shot writes of one task, owned by its scan thread (PRODUCT.md §3,
 * steps 3 and 5). Requests arrive as {@link Command}s through a lock-free queue that any thread
 * may fill; the scan thread drains it at step 3, so the variables are only ever touched by the
 * thread that runs the programs. Everything is preallocated: applying forces and writes allocates
 * nothing.
 */
public final class ForceTable {
    /**
     * Writes applied in one cycle at most: a burst of requests beyond this waits for the next cycle
     * instead of stretching this one (a person clicking or a script writing a recipe of a few
     * hundred values fits in one cycle).
     */
    public static final int MAX_WRITES_PER_CYCLE = 1024;

    /**
     * Requests of any kind taken in one cycle at most. Writes are bounded by the array above, but
     * forcing the same variable again and again queues one request each time: without this bound
     * a script forcing in a tight loop would stretch the cycle by the length of the queue. Same
     * number, same reason as the writes; the rest waits for the next cycle, in order.
     */
    public static final int MAX_REQUESTS_PER_CYCLE = MAX_WRITES_PER_CYCLE;

    private static final VarHandle DROPPED;

    static {
        try {
            DROPPED = MethodHandles.lookup().findVarHandle(ForceTable.class, "droppedWrites", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What happened to a one-shot write, as counted in the status. */
    public enum WriteResult {
        /** The value was set. */
        APPLIED,
        /** The variable is forced, the force wins. */
        DROPPED_FORCED
    }

    private final VariableAccessor[] access;
    private final boolean[] forced;
    private final long[] forcedRaw;
    private final String[] forcedText;
    /** Indices of forced leaves in [0, activeCount), so applying costs O(forces), not O(leaves). */
    private final int[] active;
    private int activeCount;

    private final int[] writeLeaf = new int[MAX_WRITES_PER_CYCLE];
    private final long[] writeRaw = new long[MAX_WRITES_PER_CYCLE];
    private final String[] writeText = new String[MAX_WRITES_PER_CYCLE];
    private int writeCount;

    private final Queue<Command> queue;
    /** Written by the scan thread (opaque), read by status readers. */
    @SuppressWarnings("unused")
    private long droppedWrites;

    /**
     * @param access the accessor of every leaf of the variable table, by leaf index (entries of
     *               leaves this task does not own are never used)
     * @param queue  where requests for this task arrive
     */
    public ForceTable(VariableAccessor[] access, Queue<Command> queue) {
        this.access = access;
        this.forced = new boolean[access.length];
        this.forcedRaw = new long[access.length];
        this.forcedText = new String[access.length];
        this.active = new int[access.length];
        this.queue = queue;
    }

    /**
     * Step 3: takes the queued requests, applies the forces, then the one-shot writes. Scan
     * thread only.
     */
    public void applyRequestsAndForces() {
        Command c;
        // writeCount <= taken, so MAX_REQUESTS_PER_CYCLE also keeps the write arrays in bounds
        for (int taken = 0; taken < MAX_REQUESTS_PER_CYCLE && (c = queue.poll()) != null; taken++) {
            switch (c.kind()) {
                case FORCE -> force(c.leaf(), c.raw(), c.text());
                case UNFORCE -> unforce(c.leaf());
                case UNFORCE_ALL -> unforceAll();
                case WRITE -> {
                    writeLeaf[writeCount] = c.leaf();
                    writeRaw[writeCount] = c.raw();
                    writeText[writeCount] = c.text();
                    writeCount++;
                }
            }
        }
        applyForces();
        for (int i = 0; i < writeCount; i++) {
            write(writeLeaf[i], writeRaw[i], writeText[i]);
            writeText[i] = null;
        }
        writeCount = 0;
    }

    /** Step 5: sets every forced variable to its forced value again. Scan thread only. */
    public void applyForces() {
        for (int i = 0; i < activeCount; i++) {
            int leaf = active[i];
            VariableAccessor a = access[leaf];
            if (forcedText[leaf] != null) {
                ((TextAccessor) a).setText(forcedText[leaf]);
            } else {
                a.set(forcedRaw[leaf]);
            }
        }
    }

    /**
     * Sets a force before the table is handed to its scan thread (an online change carries the
     * forces over into the new generation's table this way).
     */
    public void preset(int leaf, long raw, String text) {
        force(leaf, raw, text);
    }

    /** True while {@code leaf} is forced. Scan thread only. */
    public boolean isForced(int leaf) {
        return forced[leaf];
    }

    /** Number of active forces. Scan thread only. */
    public int count() {
        return activeCount;
    }

    /** One-shot writes dropped because their variable was forced. Any thread. */
    public long droppedWrites() {
        return (long) DROPPED.getOpaque(this);
    }

    private WriteResult write(int leaf, long raw, String text) {
        if (forced[leaf]) {
            DROPPED.setOpaque(this, (long) DROPPED.getOpaque(this) + 1);
            return WriteResult.DROPPED_FORCED;
        }
        if (text != null) {
            ((TextAccessor) access[leaf]).setText(text);
        } else {
            access[leaf].set(raw);
        }
        return WriteResult.APPLIED;
    }

    private void force(int leaf, long raw, String text) {
        forcedRaw[leaf] = raw;
        forcedText[leaf] = text;
        if (!forced[leaf]) {
            forced[leaf] = true;
            active[activeCount++] = leaf;
        }
    }

    private void unforce(int leaf) {
        if (!forced[leaf]) {
            return;
        }
        forced[leaf] = false;
        forcedText[leaf] = null;
        for (int i = 0; i < activeCount; i++) {
            if (active[i] == leaf) {
                // keep the order of the remaining forces: they are applied in the order they were set
                System.arraycopy(active, i + 1, active, i, activeCount - i - 1);
                activeCount--;
                return;
            }
        }
    }

    private void unforceAll() {
        for (int i = 0; i < activeCount; i++) {
            forced[active[i]] = false;
            forcedText[active[i]] = null;
        }
        activeCount = 0;
    }
}
