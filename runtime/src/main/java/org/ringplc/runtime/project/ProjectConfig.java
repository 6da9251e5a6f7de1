package org.ringplc.runtime.project;

import java.nio.file.Path;
import java.util.List;

/**
 * The validated content of a {@code project.yaml} (docs/project-yaml.md documents every key), or
 * the defaults made up for loose sources.
 *
 * @param name       the project name (default: the directory name, or the first source's name)
 * @param directory  the project directory, or null for loose sources
 * @param file       {@code project.yaml} as it is named in messages, or null for loose sources
 * @param sources    source globs relative to {@code directory}
 * @param tasks      the tasks of {@code project.yaml}; empty when it declares none (then the
 *                   sources' CONFIGURATION or the default task applies)
 * @param io         I/O backend choice and drivers
 * @param web        where the web server listens
 * @param simulation the simulated plant, or null
 * @param retain     where and how often RETAIN/PERSISTENT variables are saved
 */
public record ProjectConfig(String name, Path directory, String file, List<String> sources, List<TaskConfig> tasks,
                            IoConfig io, WebConfig web, SimulationConfig simulation, RetainConfig retain) {

    /** A configuration with the default retain settings. */
    public ProjectConfig(String name, Path directory, String file, List<String> sources, List<TaskConfig> tasks,
                         IoConfig io, WebConfig web, SimulationConfig simulation) {
        this(name, directory, file, sources, tasks, io, web, simulation, RetainConfig.DEFAULT);
    }

    /** The default web settings: PRODUCT.md §5 binds to loopback only. */
    public static final WebConfig DEFAULT_WEB = new WebConfig(8080, "127.0.0.1");

    /** The configuration of loose sources: no tasks, no drivers. */
    public static ProjectConfig loose(String name) {
        return new ProjectConfig(name, null, null, List.of(), List.of(), new IoConfig(IoBackend.AUTO, List.of()),
                DEFAULT_WEB, null);
    }
}
