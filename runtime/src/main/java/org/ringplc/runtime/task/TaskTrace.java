package org.ringplc.runtime.task;

import java.util.List;
import org.ringplc.runtime.PlcRuntime;
import org.ringplc.runtime.TraceData;
import org.ringplc.runtime.TraceHandle;
import org.ringplc.runtime.ValueRejectedException;
import org.ringplc.runtime.image.Leaf;
import org.ringplc.runtime.monitor.TraceRecorder;

/**
 * A trace (trend) of some variables of one task, as {@link PlcRuntime#trace} hands it out: the
 * checks that the variables can be recorded together, and the handle over the task's
 * {@link TraceRecorder}, which its scan thread fills every cycle until the handle is closed.
 */
final class TaskTrace implements TraceHandle {
    /** A trend shows the last minute unless told otherwise. */
    private static final long DEFAULT_NANOS = 60_000_000_000L;

    private final TraceRecorder recorder;
    private final ScanTask task;

    private TaskTrace(TraceRecorder recorder, ScanTask task) {
        this.recorder = recorder;
        this.task = task;
    }

    /** Refuses no paths and more than {@link PlcRuntime#MAX_TRACE_VARIABLES}, before anything is resolved. */
    static void checkCount(List<String> paths) throws ValueRejectedException {
        if (paths == null || paths.isEmpty()) {
            throw new ValueRejectedException("a trace needs at least one variable");
        }
        if (paths.size() > PlcRuntime.MAX_TRACE_VARIABLES) {
            throw new ValueRejectedException("a trace records at most " + PlcRuntime.MAX_TRACE_VARIABLES
                    + " variables, not " + paths.size());
        }
    }

    /**
     * Starts recording {@code leaves} on the task that owns them (globals alone: the first task).
     * Caller holds the runtime's lock, so {@code tasks} does not change meanwhile.
     *
     * @param capacity cycles kept; 0 or less: a minute at the task's rate; capped at {@link PlcRuntime#MAX_TRACE_CYCLES}
     * @throws ValueRejectedException for a STRING/WSTRING or variables of two tasks
     */
    static TaskTrace open(List<Leaf> leaves, List<ScanTask> tasks, int capacity, long epochMillis, long epoch)
            throws ValueRejectedException {
        int task = -1;
        for (Leaf l : leaves) {
            if (l.isText()) {
                throw new ValueRejectedException(l.path() + " is a " + l.descriptor().typeName()
                        + "; a trace records numbers, BOOLs, times and enumerations only");
            }
            if (!l.isGlobal()) {
                if (task >= 0 && task != l.owner()) {
                    throw new ValueRejectedException(l.path() + " belongs to task " + tasks.get(l.owner()).name()
                            + ", " + leaves.get(0).path() + " to task " + tasks.get(task).name()
                            + "; a trace records the variables of one task");
                }
                task = l.owner();
            }
        }
        task = Math.max(task, 0);
        ScanTask st = tasks.get(task);
        long wanted = capacity > 0 ? capacity : DEFAULT_NANOS / st.periodNanos();
        int cap = (int) Math.max(2, Math.min(wanted, PlcRuntime.MAX_TRACE_CYCLES));
        TraceRecorder r = new TraceRecorder(task, leaves, cap, epochMillis, epoch);
        st.addTrace(r);
        return new TaskTrace(r, st);
    }

    @Override
    public List<String> paths() {
        return recorder.leaves().stream().map(Leaf::path).toList();
    }

    @Override
    public String task() {
        return task.name();
    }

    @Override
    public int capacity() {
        return recorder.capacity();
    }

    @Override
    public TraceData read(long sinceCycle) {
        return recorder.read(sinceCycle);
    }

    @Override
    public void close() {
        task.removeTrace(recorder);
    }
}
