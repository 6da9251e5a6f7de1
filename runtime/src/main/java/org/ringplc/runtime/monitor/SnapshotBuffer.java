package org.ringplc.runtime.monitor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import org.ringplc.lang.program.TextAccessor;
import org.ringplc.lang.program.VariableAccessor;
import org.ringplc.runtime.image.Leaf;

/**
 * The per-cycle values of one task's variables, published by its scan thread and read by any
 * number of monitoring threads (PRODUCT.md §3 step 7). Three slots: the scan thread fills the slot
 * after the newest one and publishes it with one release store of its index, so it never waits
 * for a reader, never locks and never allocates. A reader copies the newest slot and checks the
 * slot's stamp before and after (a seqlock per slot): a slot is only refilled two cycles after it
 * was published, so a reader practically always gets a consistent copy at the first try, and a
 * torn copy is detected and retried, never returned.
 */
public final class SnapshotBuffer {
    private static final VarHandle STAMP = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle LATEST;
    /** Stamp of a slot being written. */
    private static final long WRITING = -1;
    /** Stamp of a slot never written. */
    private static final long NEVER = -2;
    /** Reader attempts before giving up for this poll: only a reader stalled for whole cycles retries. */
    private static final int READ_ATTEMPTS = 8;

    static {
        try {
            LATEST = MethodHandles.lookup().findVarHandle(SnapshotBuffer.class, "latest", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final VariableAccessor[] access;
    private final boolean[] text;
    private final long[][] raw = new long[3][];
    private final String[][] texts = new String[3][];
    /**
     * Publication number of each slot (1, 2, ...; a stop publishes too, so it is not the cycle
     * count); {@link #WRITING} while being filled, {@link #NEVER} before.
     */
    private final long[] stamps = {NEVER, NEVER, NEVER};
    /** The task's cycle count at each slot's publication. */
    private final long[] cycleOf = new long[3];
    /** Publications so far. Writer only. */
    private long sequence;
    /** Index of the newest published slot, -1 before the first publication. */
    @SuppressWarnings("unused")
    private volatile int latest = -1;

    /** @param leaves the variables of this buffer, in slot order */
    public SnapshotBuffer(List<Leaf> leaves) {
        int n = leaves.size();
        access = new VariableAccessor[n];
        text = new boolean[n];
        for (int i = 0; i < n; i++) {
            access[i] = leaves.get(i).descriptor().access();
            text[i] = leaves.get(i).isText();
        }
        for (int s = 0; s < 3; s++) {
            raw[s] = new long[n];
            texts[s] = new String[n];
        }
    }

    public int size() {
        return access.length;
    }

    /**
     * Copies every variable and publishes the copy as cycle {@code cycle} (0 for the initial values,
     * then the cycle count). Only the thread that owns the variables (the scan thread, or the
     * constructing thread before the scan thread starts).
     */
    public void publish(long cycle) {
        int last = (int) LATEST.getOpaque(this);
        int slot = last < 0 ? 0 : (last + 1) % 3;
        // seqlock write side: mark the slot, make the mark visible before any data store
        // (a StoreStore fence, C11 release ordering the other way round), fill, then release the stamp
        STAMP.setOpaque(stamps, slot, WRITING);
        VarHandle.storeStoreFence();
        long[] r = raw[slot];
        String[] t = texts[slot];
        for (int i = 0; i < r.length; i++) {
            if (text[i]) {
                t[i] = ((TextAccessor) access[i]).getText();
            } else {
                r[i] = access[i].get();
            }
        }
        cycleOf[slot] = cycle;
        STAMP.setRelease(stamps, slot, ++sequence);
        // memory_order_release: a reader that sees the new index sees the slot's data and stamp
        LATEST.setRelease(this, slot);
    }

    /** The publication number of the newest publication, -1 when none. Any thread. */
    public long latestSequence() {
        int s = (int) LATEST.getAcquire(this);
        if (s < 0) {
            return -1;
        }
        long c = (long) STAMP.getAcquire(stamps, s);
        return c < 0 ? -1 : c;
    }

    /**
     * Copies the values at {@code indices} of the newest publication into {@code rawOut} and
     * {@code textOut} (same positions as {@code indices}). Any thread; never blocks the writer.
     *
     * @param cycleOut receives the task's cycle count of the copied publication at index 0
     * @return the publication number of the copy, or -1 when nothing was published or no
     *         consistent copy could be taken (the caller simply tries again at its next poll)
     */
    public long read(int[] indices, long[] rawOut, String[] textOut, long[] cycleOut) {
        for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
            int s = (int) LATEST.getAcquire(this);
            if (s < 0) {
                return -1;
            }
            // memory_order_acquire: the data loads below cannot move before this stamp load
            long before = (long) STAMP.getAcquire(stamps, s);
            if (before < 0) {
                continue;
            }
            long[] r = raw[s];
            String[] t = texts[s];
            cycleOut[0] = cycleOf[s];
            for (int i = 0; i < indices.length; i++) {
                int k = indices[i];
                rawOut[i] = r[k];
                textOut[i] = text[k] ? t[k] : null;
            }
            // LoadLoad: the data loads above complete before the stamp is read again
            VarHandle.acquireFence();
            long after = (long) STAMP.getOpaque(stamps, s);
            if (after == before) {
                return before;
            }
        }
        return -1;
    }
}
