package org.ringplc.runtime.project;

import java.nio.file.Path;

/**
 * {@code retain:} in {@code project.yaml}: where RETAIN and PERSISTENT variables are kept and how
 * often they are saved (they are also saved when the runtime stops).
 *
 * @param file          the file, relative to the runtime's state directory (absolute paths are
 *                      taken as they are); null for the default {@code retain.bin}
 * @param intervalNanos how often a changed set of values is written
 */
public record RetainConfig(String file, long intervalNanos) {
    /** Save every second: a power loss loses at most one second of counting, a flash card sees one write a second at most. */
    public static final RetainConfig DEFAULT = new RetainConfig(null, 1_000_000_000L);

    /** The file in {@code stateDirectory}, or as configured when absolute; null when relative and there is no state directory. */
    public Path resolve(Path stateDirectory) {
        if (file != null && Path.of(file).isAbsolute()) {
            return Path.of(file);
        }
        return stateDirectory == null ? null : stateDirectory.resolve(file == null ? "retain.bin" : file);
    }
}
