package org.ringplc.server.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.ringplc.runtime.project.LoadedProject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The project a running PLC was started from, as the browser IDE needs it: the directory whose
 * files the editor may read and write ({@link ProjectFiles}), and the compiled project whose
 * tasks and program instances the monitoring tree shows ({@link ProjectView}) and whose PLCopen
 * sources the diagram view draws.
 *
 * <p>The compiled project changes when a new version is deployed; whoever deploys calls
 * {@link #replace} so that the tree and the diagrams follow. Readers take the current version
 * once per request and use that one consistently.
 *
 * <p>Thread-safe.
 */
public final class ProjectWorkspace {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectWorkspace.class);

    private final Path directory;
    private final Path deploys;
    private volatile Snapshot current;

    /** A project and the boot version it came from, swapped together. */
    private record Snapshot(LoadedProject project, BootVersion boot) {
    }

    /**
     * Which deployed version runs, for {@code GET /api/project}: the editor edits the sources in
     * the project directory, which are not what runs when someone deployed from elsewhere.
     *
     * @param deployed     when, ISO-8601 UTC
     * @param user         who deployed it
     * @param mode         online or restart
     * @param sourcesMatch whether the project directory's files are the deployed ones
     */
    public record Deployed(String deployed, String user, String mode, boolean sourcesMatch) {
    }

    /**
     * @param directory the project directory (with {@code project.yaml}), or null for loose
     *                  sources, which the editor cannot browse
     * @param project   the compiled project the runtime was started with
     */
    public ProjectWorkspace(Path directory, LoadedProject project) {
        this(directory, project, null, null);
    }

    /**
     * @param deploys where deployed versions are unpacked, or null
     * @param boot    the deployed version {@code project} was loaded from, or null when it is the sources
     */
    public ProjectWorkspace(Path directory, LoadedProject project, Path deploys, BootVersion boot) {
        this.directory = directory == null ? null : directory.toAbsolutePath().normalize();
        this.deploys = deploys;
        this.current = new Snapshot(Objects.requireNonNull(project, "project"), deploys == null ? null : boot);
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

    /** Called after a successful deploy: the tree and diagrams now describe {@code project}. */
    public void replace(LoadedProject project) {
        replace(project, null);
    }

    /** As {@link #replace(LoadedProject)}, with the boot version the deploy recorded (null if none). */
    public void replace(LoadedProject project, BootVersion boot) {
        current = new Snapshot(Objects.requireNonNull(project, "project"), deploys == null ? null : boot);
    }

    /**
     * The deployed version that runs, or null when the project directory's sources run (or the
     * version is unknown). Compares the files each time: someone may have edited either side.
     */
    public Deployed deployed() {
        BootVersion boot = current.boot();
        if (boot == null) {
            return null;
        }
        boolean same = false;
        if (directory != null) {
            try {
                same = new ProjectFiles(directory).sameFilesAs(new ProjectFiles(boot.projectDirectory(deploys)));
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot compare the sources in {} with the deployed version: {}", directory, e.toString());
            }
        }
        return new Deployed(boot.deployed(), boot.user(), boot.mode(), same);
    }
}
