package org.ringplc.server.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.ringplc.runtime.project.LoadedProject;

/**
 * The project a running PLC was started from, as the browser IDE needs it: the directory whose
 * files the editor may read and write ({@link ProjectFiles}), and the compiled project whose
 * tasks, program instances and variable declarations (addresses, sections) the monitoring tree
 * shows ({@link VariableCatalog}).
 *
 * <p>The compiled project changes when a new version is deployed; whoever deploys calls
 * {@link #replace} so that the tree and the addresses follow. Readers take the current version
 * once per request and use that one consistently.
 *
 * <p>Thread-safe.
 */
public final class ProjectWorkspace {
    private final Path directory;
    private volatile Snapshot current;

    /** A project and the catalog built from it, swapped together. */
    private record Snapshot(LoadedProject project, VariableCatalog catalog) {
    }

    /**
     * @param directory the project directory (with {@code project.yaml}), or null for loose
     *                  sources, which the editor cannot browse
     * @param project   the compiled project the runtime was started with
     */
    public ProjectWorkspace(Path directory, LoadedProject project) {
        this.directory = directory == null ? null : directory.toAbsolutePath().normalize();
        this.current = new Snapshot(Objects.requireNonNull(project, "project"), null);
    }

    /** The workspace of {@code project}: its directory when it has a {@code project.yaml}. */
    public static ProjectWorkspace of(LoadedProject project) {
        Path dir = project.config().directory();
        boolean isProjectDir = dir != null && Files.isRegularFile(dir.resolve("project.yaml"));
        return new ProjectWorkspace(isProjectDir ? dir : null, project);
    }

    /** The project directory, absolute and normalised, or null when there is none. */
    public Path directory() {
        return directory;
    }

    public LoadedProject project() {
        return current.project();
    }

    /** Called after a successful deploy: the tree and addresses now describe {@code project}. */
    public void replace(LoadedProject project) {
        current = new Snapshot(Objects.requireNonNull(project, "project"), null);
    }

    /**
     * The declarations of the current project's variables, built on first use (it instantiates
     * each program once, off the scan threads) and kept until the next {@link #replace}.
     */
    VariableCatalog catalog() {
        Snapshot s = current;
        if (s.catalog() != null) {
            return s.catalog();
        }
        VariableCatalog built = VariableCatalog.of(s.project());
        synchronized (this) {
            if (current.project() == s.project()) {
                current = new Snapshot(s.project(), built);
            }
        }
        return built;
    }
}
