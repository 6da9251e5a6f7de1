package org.ringplc.runtime;

import java.nio.file.Path;
import org.ringplc.runtime.project.IoBackend;

/**
 * How to start a runtime, beyond what the project says.
 *
 * @param stateDirectory where the runtime keeps its files ({@code audit.log}, {@code retain.bin});
 *                       null keeps the audit log in memory only and saves no retain file (tests,
 *                       throw-away runs)
 * @param ioBackend      overrides {@code io.backend} of project.yaml, or null
 * @param user           the user recorded for start/stop done by the process itself
 * @param realtime       true: scan threads ask for SCHED_FIFO at their task's priority, their CPU
 *                       affinity and 1 ns timer slack, and the process locks its memory
 *                       (mlockall); what the system refuses is logged once with its remedy
 */
public record RuntimeOptions(Path stateDirectory, IoBackend ioBackend, String user, boolean realtime) {

    /** Real-time scheduling on (the form before it was an option). */
    public RuntimeOptions(Path stateDirectory, IoBackend ioBackend, String user) {
        this(stateDirectory, ioBackend, user, true);
    }

    /**
     * Audit log in memory, the project's backend, user "system", real-time scheduling where
     * permitted unless the system property {@value #REALTIME_PROPERTY} is {@code false}. The test
     * suites set it to false: on a shared 2-core build machine, dozens of SCHED_FIFO scan threads
     * (some of them deliberately overrunning) would starve the build; the tests of real-time
     * scheduling ask for it explicitly with {@link #withRealtime(boolean)}.
     */
    public static RuntimeOptions defaults() {
        return new RuntimeOptions(null, null, "system",
                Boolean.parseBoolean(System.getProperty(REALTIME_PROPERTY, "true")));
    }

    /** The system property that turns real-time scheduling off in {@link #defaults()}. */
    public static final String REALTIME_PROPERTY = "ringplc.realtime";

    public RuntimeOptions withStateDirectory(Path dir) {
        return new RuntimeOptions(dir, ioBackend, user, realtime);
    }

    public RuntimeOptions withIoBackend(IoBackend backend) {
        return new RuntimeOptions(stateDirectory, backend, user, realtime);
    }

    /** Real-time scheduling on or off (off: normal threads, no memory lock). */
    public RuntimeOptions withRealtime(boolean on) {
        return new RuntimeOptions(stateDirectory, ioBackend, user, on);
    }
}
