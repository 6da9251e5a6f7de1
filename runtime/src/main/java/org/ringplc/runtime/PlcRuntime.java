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

    /**
     * Starts recording {@code paths} (at most {@value #MAX_TRACE_VARIABLES}, all of one task, no
     * STRING) every cycle into a ring of the last {@code capacity} cycles, for trends.
     *
     * @param capacity cycles kept, capped at {@value #MAX_TRACE_CYCLES}; 0 or less: 60 s at the
     *                 task's interval (capped the same way)
     * @throws ValueRejectedException for an unknown path, a STRING, too many paths, or paths of
     *                                different tasks
     */
    default TraceHandle trace(List<String> paths, int capacity) throws ValueRejectedException {
        throw new UnsupportedOperationException("tracing is not supported by " + getClass().getSimpleName());
    }

    /** Variables one trace records at most. */
    int MAX_TRACE_VARIABLES = 16;
    /** Cycles a trace keeps at most: 60 s at 1 ms (7.7 MB with 16 variables). */
    int MAX_TRACE_CYCLES = 60_000;

    /**
     * Puts a new version of the project in place (PRODUCT.md {@code POST /api/deploy}): online,
     * at a cycle boundary and keeping the values, when {@code mode} is ONLINE and the tasks and
     * I/O are unchanged; else refused with the reason. RESTART stops, starts the new project and
     * clears the forces (the audit log says so). A project with compile errors is refused either
     * way, the running one keeps running.
     */
    default DeployReport deploy(org.ringplc.runtime.project.LoadedProject newProject, DeployMode mode, String user) {
        return DeployReport.of(DeployReport.Outcome.REFUSED, "deploy is not supported by " + getClass().getSimpleName(),
                List.of());
    }

    /** Starts all tasks (state RUN); no-op when running. */
    void start();

    /** Stops all tasks at a cycle boundary, outputs to their safe values (state STOP). */
    void stop();

    /** Stops and releases everything: threads, I/O, sockets. */
    @Override
    void close();
}
