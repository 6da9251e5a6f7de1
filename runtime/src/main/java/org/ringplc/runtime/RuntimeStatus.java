package org.ringplc.runtime;

import java.util.List;

/**
 * {@code GET /api/status}.
 *
 * @param state         RUN, STOP or FAULT (FAULT when any task faulted)
 * @param project       the project name
 * @param tasks         one entry per task
 * @param forcesActive  true while any force is set
 * @param ioBackend     "iouring" or "fallback"
 * @param ioBackendReason why that backend runs
 * @param drivers       the I/O drivers' counters
 * @param retain        the retained variables' state, or null when the runtime does not report it
 * @param warnings      what a person should know about how the runtime runs: real-time settings
 *                      the system refused (with the remedy), a damaged retain file
 */
public record RuntimeStatus(String state, String project, List<TaskStatus> tasks, boolean forcesActive,
                            String ioBackend, String ioBackendReason, List<DriverStatus> drivers,
                            RetainStatus retain, List<String> warnings) {

    /** A status without retain state and warnings (the form before they were reported). */
    public RuntimeStatus(String state, String project, List<TaskStatus> tasks, boolean forcesActive,
                         String ioBackend, String ioBackendReason, List<DriverStatus> drivers) {
        this(state, project, tasks, forcesActive, ioBackend, ioBackendReason, drivers, null, List.of());
    }

    /** A status without driver counters (the form before drivers were reported). */
    public RuntimeStatus(String state, String project, List<TaskStatus> tasks, boolean forcesActive,
                         String ioBackend, String ioBackendReason) {
        this(state, project, tasks, forcesActive, ioBackend, ioBackendReason, List.of());
    }
}
