package org.ringplc.runtime.project;

import java.util.List;

/**
 * {@code io:} of {@code project.yaml}.
 *
 * @param backend the backend choice
 * @param drivers the I/O drivers in declaration order
 */
public record IoConfig(IoBackend backend, List<DriverConfig> drivers) {
}
