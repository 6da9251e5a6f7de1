package org.ringplc.runtime.monitor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import org.ringplc.lang.program.VariableAccessor;
import org.ringplc.runtime.TraceData;
import org.ringplc.runtime.image.Leaf;
import org.ringplc.runtime.image.Values;

/**
 * A trace for trends: the values of a few variables in every cycle of one task, kept in a
 * preallocated ring of the last {@code capacity} cycles. The scan thread writes a row at the end
 * of each cycle (no allocation, no lock) and publishes the row count with a release store; a
 * reader copies the rows it wants and then reads the count again: rows the writer may have
 * overwritten meanwhile (older than count − capacity) are dropped, never returned torn.
 */
public final class TraceRecorder {
    private static final VarHandle WRITTEN;

    static {
        try {
            WRITTEN = MethodHandles.lookup().findVarHandle(TraceRecorder.class, "written", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int task;
    private final int capacity;
    /**
     * Rows of the ring: one more than the capacity, because the row the writer fills next may be
     * being overwritten while a reader copies it; the other {@code capacity} rows are stable.
     */
    private final int slots;
    private final int width;
    private volatile List<Leaf> leaves;
    /** Scan thread only; replaced by the scan thread when an online change rebinds the trace. */
    private VariableAccessor[] access;
    private final long[] values;
    private final long[] cycles;
    private final long[] times;
    /** Rows written so far; release-published after each row. */
    @SuppressWarnings("unused")
    private long written;
    private final long epochMillis;
    private final long epochNanos;

    /**
     * @param task        the task whose scan thread records
     * @param leaves      the traced variables (no STRING/WSTRING)
     * @param capacity    rows kept
     * @param epochMillis wall-clock time at task clock 0, to turn cycle times into timestamps
     * @param epochNanos  the runtime's epoch in {@link System#nanoTime()}
     */
    public TraceRecorder(int task, List<Leaf> leaves, int capacity, long epochMillis, long epochNanos) {
        this.task = task;
        this.capacity = capacity;
        this.slots = capacity + 1;
        this.width = leaves.size();
        this.leaves = List.copyOf(leaves);
        this.access = leaves.stream().map(l -> l.descriptor().access()).toArray(VariableAccessor[]::new);
        this.values = new long[slots * width];
        this.cycles = new long[slots];
        this.times = new long[slots];
        this.epochMillis = epochMillis;
        this.epochNanos = epochNanos;
    }

    public int task() {
        return task;
    }

    public int capacity() {
        return capacity;
    }

    public List<Leaf> leaves() {
        return leaves;
    }

    /** End of a cycle: one row. Scan thread only; no allocation. */
    public void record(long cycle, long startNanos) {
        long n = (long) WRITTEN.getOpaque(this);
        int row = (int) (n % slots);
        int base = row * width;
        VariableAccessor[] a = access;
        for (int i = 0; i < width; i++) {
            values[base + i] = a[i].get();
        }
        cycles[row] = cycle;
        times[row] = startNanos - epochNanos;
        // memory_order_release: a reader that sees the count sees the row
        WRITTEN.setRelease(this, n + 1);
    }

    /**
     * Rebinds the trace to the variables of a new program generation (online change). Scan thread
     * only, at the cycle boundary where the generation changes.
     */
    public void rebind(List<Leaf> newLeaves) {
        this.access = newLeaves.stream().map(l -> l.descriptor().access()).toArray(VariableAccessor[]::new);
        this.leaves = List.copyOf(newLeaves);
    }

    /** The rows of cycles after {@code sinceCycle}, oldest first. Any thread. */
    public TraceData read(long sinceCycle) {
        List<Leaf> ls = leaves;
        long end = (long) WRITTEN.getAcquire(this);
        long first = Math.max(0, end - capacity);
        List<Long> rowCycles = new ArrayList<>();
        List<Long> rowTimes = new ArrayList<>();
        List<long[]> rowValues = new ArrayList<>();
        for (long k = first; k < end; k++) {
            int row = (int) (k % slots);
            long c = cycles[row];
            if (c <= sinceCycle) {
                continue;
            }
            long[] v = new long[width];
            System.arraycopy(values, row * width, v, 0, width);
            rowCycles.add(c);
            rowTimes.add(times[row]);
            rowValues.add(v);
        }
        // LoadLoad: the row loads above complete before the count is read again
        VarHandle.acquireFence();
        long after = (long) WRITTEN.getAcquire(this);
        // rows older than after - capacity may have been overwritten while being copied (the writer
        // may be filling row after, which shares its slot with row after - slots)
        long validFrom = Math.max(0, after - capacity);
        // cycles grow with the row number, so the rows listed are the last ones before end
        int dropped = 0;
        List<TraceData.Sample> samples = new ArrayList<>();
        int total = rowCycles.size();
        long firstListed = end - total;
        for (int i = 0; i < total; i++) {
            if (firstListed + i < validFrom) {
                dropped++;
                continue;
            }
            long[] raw = rowValues.get(i);
            List<Object> json = new ArrayList<>(width);
            for (int c = 0; c < width; c++) {
                json.add(Values.toJson(ls.get(c), raw[c], null));
            }
            samples.add(new TraceData.Sample(rowCycles.get(i), rowTimes.get(i), json));
        }
        long lastCycle = samples.isEmpty() ? sinceCycle : samples.get(samples.size() - 1).cycle();
        return new TraceData(ls.stream().map(Leaf::path).toList(), epochMillis, samples, lastCycle, dropped);
    }
}
