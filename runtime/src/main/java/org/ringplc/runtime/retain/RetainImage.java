package org.ringplc.runtime.retain;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import org.ringplc.lang.program.TextAccessor;
import org.ringplc.lang.program.VariableAccessor;
import org.ringplc.runtime.image.Leaf;

/**
 * The RETAIN and PERSISTENT variables of one task, copied by its scan thread into a preallocated
 * buffer at a cycle boundary, so that the retain writer thread can save values that belong to one
 * cycle without ever touching a live variable and without the scan thread doing file I/O.
 *
 * <p>Hand-over protocol, one buffer and two counters: the writer raises {@code requested}; the
 * scan thread, at the end of its next cycle, copies every value and then publishes
 * {@code captured = requested} with a release store; the writer's acquire load of {@code captured}
 * makes the copied values visible to it. The scan thread only copies again after a new request,
 * which the writer makes only after it has read the buffer, so the two never use the buffer at
 * the same time. Stop and fault also capture (the final values), once the task is stopped the
 * buffer stays as it is.
 */
public final class RetainImage {
    private static final VarHandle REQUESTED;
    private static final VarHandle CAPTURED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            REQUESTED = l.findVarHandle(RetainImage.class, "requested", long.class);
            CAPTURED = l.findVarHandle(RetainImage.class, "captured", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final List<Leaf> leaves;
    private final VariableAccessor[] access;
    private final boolean[] text;
    private final long[] raw;
    private final String[] texts;
    @SuppressWarnings("unused")
    private long requested;
    @SuppressWarnings("unused")
    private long captured;
    /** Captures done, also those of stop and fault; scan thread writes, any thread reads (opaque). */
    private volatile long captures;

    /** @param leaves the retained leaves this task owns */
    public RetainImage(List<Leaf> leaves) {
        this.leaves = List.copyOf(leaves);
        int n = leaves.size();
        access = new VariableAccessor[n];
        text = new boolean[n];
        raw = new long[n];
        texts = new String[n];
        for (int i = 0; i < n; i++) {
            access[i] = leaves.get(i).descriptor().access();
            text[i] = leaves.get(i).isText();
        }
    }

    public List<Leaf> leaves() {
        return leaves;
    }

    /** End of a cycle: copies the values when the writer asked for them. Scan thread only; no allocation. */
    public void captureIfRequested() {
        long r = (long) REQUESTED.getAcquire(this);
        if (r != (long) CAPTURED.getOpaque(this)) {
            copy();
            // memory_order_release: the writer that sees this count sees the copied values
            CAPTURED.setRelease(this, r);
        }
    }

    /**
     * Copies the values whatever was asked: the task stops or faults, or it has not started
     * (called by the thread that owns the variables, before or after the scan thread runs).
     */
    public void captureNow() {
        long r = (long) REQUESTED.getAcquire(this);
        copy();
        CAPTURED.setRelease(this, r);
    }

    private void copy() {
        for (int i = 0; i < raw.length; i++) {
            if (text[i]) {
                texts[i] = ((TextAccessor) access[i]).getText();
            } else {
                raw[i] = access[i].get();
            }
        }
        captures = captures + 1;
    }

    /** Writer: asks for a capture; returns the number to wait for with {@link #isCaptured}. */
    public long request() {
        return (long) REQUESTED.getAndAdd(this, 1L) + 1;
    }

    /** Writer: true once the capture asked for with {@code ticket} (or a later one) is done. */
    public boolean isCaptured(long ticket) {
        return (long) CAPTURED.getAcquire(this) >= ticket;
    }

    /** Captures so far. */
    public long captures() {
        return captures;
    }

    /**
     * Writer: the raw value of leaf {@code i} of the last capture. Valid after {@link #isCaptured}
     * returned true, or after the task stopped.
     */
    public long raw(int i) {
        return raw[i];
    }

    /** Writer: the text of leaf {@code i} (STRING/WSTRING), else null. */
    public String text(int i) {
        return texts[i];
    }
}
