package org.ringplc.runtime.project;

import java.nio.file.Path;

/**
 * {@code simulation:} of {@code project.yaml}: for demos, a sub-project run in the same process as
 * the simulated plant (typically talking to this project over loopback UDP).
 *
 * @param plant the plant project directory (resolved against the project directory)
 */
public record SimulationConfig(Path plant) {
}
