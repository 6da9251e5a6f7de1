package org.ringplc.lang.program;

/**
 * Reads and writes one elementary variable of a live program instance in its raw form (see
 * {@link ValueType}). Implementations must not allocate: the scan thread calls them every cycle
 * to apply forces and publish snapshots.
 *
 * <p>Scan thread only: compiled code is not synchronised, so only the thread that runs the
 * instance may call {@link #set}; {@link #get} from elsewhere reads a possibly torn value.
 */
public interface VariableAccessor {
    long get();

    void set(long raw);
}
