package org.ringplc.runtime;

import java.nio.file.Path;
import org.ringplc.runtime.project.IoBackend;

/**
 * How to start a runtime, beyond what the project says.
 *
 * @param stateDirectory where the runtime keeps its files ({@code audit.log}); null keeps the
 *                       audit log in memory only (tests, throw-away runs)
 * @param ioBackend      overrides {@code io.backend} of project.yaml, or null
 * @param user           the user recorded for start/stop done by the process itself
 */
public record RuntimeOptions(Path stateDirectory, IoBackend ioBackend, String user) {

    /** Audit log in memory, the project's backend, user "system". */
    public static RuntimeOptions defaults() {
        return new RuntimeOptions(null, null, "system");
    }

    public RuntimeOptions withStateDirectory(Path dir) {
        return new RuntimeOptions(dir, ioBackend, user);
    }

    public RuntimeOptions withIoBackend(IoBackend backend) {
        return new RuntimeOptions(stateDirectory, backend, user);
    }
}
