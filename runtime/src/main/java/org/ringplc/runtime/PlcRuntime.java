package org.ringplc.runtime;

import java.util.List;

/**
 * A running PLC as the outside (web API, CLI, tests) sees it: status, variables, one-shot writes,
 * forces and monitoring, PRODUCT.md §3 and §4. The web side talks to the runtime only through
 * this interface; none of its calls blocks a scan thread or shares a lock with one: writes and
 * forces are queued and applied by the scan thread at the next cycle (copy-in), and monitoring
 * reads the snapshot the scan thread last published.
 *
 * <p>Values going in are JSON values (Boolean, Number, String) or IEC literal strings; values
 * coming out are JSON-ready Java values (Boolean, Long, BigInteger, BigDecimal, String) in the
 * formats of PRODUCT.md §2. Paths match case-insensitively and are returned as declared.
 *
 * <p>Thread-safe: every method may be called from any thread.
 */
public interface PlcRuntime extends AutoCloseable {

    RuntimeStatus status();

    /** Every variable whose path starts with {@code prefix} (case-insensitive; "" for all). */
    List<VariableValue> variables(String prefix);

    /** Queues a one-shot write, applied at step 3 of the next cycle. */
    void write(String path, Object value, String user) throws ValueRejectedException;

    /** Forces {@code path} to {@code value} until unforced (replaces an existing force). */
    void force(String path, Object value, String user) throws ValueRejectedException;

    /** Removes the force of {@code path}; rejected when the path is unknown or not forced. */
    void unforce(String path, String user) throws ValueRejectedException;

    void unforceAll(String user);

    /** The forces in effect, in the order they were set. */
    List<ForceInfo> forces();

    /**
     * Subscribes to per-cycle values of {@code paths}. The subscription reads the latest published
     * snapshot when polled; it never makes the scan thread wait.
     */
    MonitorSubscription monitor(List<String> paths) throws ValueRejectedException;

    /** Starts all tasks (state RUN); no-op when running. */
    void start();

    /** Stops all tasks at a cycle boundary, outputs to their safe values (state STOP). */
    void stop();

    /** Stops and releases everything: threads, I/O, sockets. */
    @Override
    void close();
}
