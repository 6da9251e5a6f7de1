package org.ringplc.runtime;

import java.util.Map;

/**
 * A web client's subscription to a set of variables. Owned by one consumer thread.
 */
public interface MonitorSubscription extends AutoCloseable {

    /** A consistent set of values all taken at the end of one cycle. */
    record Frame(long cycle, Map<String, Object> values) {
    }

    /**
     * The values of the newest published cycle, or null when no cycle was published since the
     * previous poll. Never blocks.
     */
    Frame poll();

    @Override
    void close();
}
