package org.ringplc.runtime;

import org.ringplc.runtime.project.LoadedProject;
import org.ringplc.runtime.project.ProjectException;
import org.ringplc.runtime.task.ScanRuntime;

/** Starts runtimes. */
public final class Runtimes {
    private Runtimes() {
    }

    /**
     * Instantiates the project's programs, opens its I/O and starts every task (state RUN).
     * Forces start empty: a restart clears them, and the audit log says so.
     *
     * @throws ProjectException when the project has errors or cannot start (a driver's socket
     *                          cannot be bound, io_uring was required but is unavailable, the
     *                          audit log cannot be opened), with a message for a person
     */
    public static PlcRuntime start(LoadedProject project, RuntimeOptions options) throws ProjectException {
        return ScanRuntime.start(project, options == null ? RuntimeOptions.defaults() : options);
    }
}
