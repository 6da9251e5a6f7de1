package org.ringplc.runtime;

import java.util.List;

/**
 * A running trace of a few variables, recorded every cycle of their task into a ring of the last
 * {@link #capacity()} cycles (for trends in the browser). Reading never blocks the scan thread.
 * Close it when the trend is no longer shown: the scan thread then stops recording it.
 */
public interface TraceHandle extends AutoCloseable {
    /** The traced paths as declared. */
    List<String> paths();

    /** The name of the task whose cycles are recorded. */
    String task();

    /** Cycles kept. */
    int capacity();

    /** The rows of the cycles after {@code sinceCycle} (0 for everything kept), oldest first. */
    TraceData read(long sinceCycle);

    /** Stops recording; later reads return what was recorded. */
    @Override
    void close();
}
