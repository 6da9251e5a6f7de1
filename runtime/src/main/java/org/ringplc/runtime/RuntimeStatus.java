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
 */
public record RuntimeStatus(String state, String project, List<TaskStatus> tasks, boolean forcesActive,
                            String ioBackend, String ioBackendReason) {
}
