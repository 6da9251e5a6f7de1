package org.ringplc.runtime.project;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.ringplc.lang.CompileResult;
import org.ringplc.lang.SourceFile;
import org.ringplc.lang.StCompiler;
import org.ringplc.lang.diag.Diagnostic;
import org.ringplc.lang.diag.DiagnosticCode;
import org.ringplc.lang.diag.Severity;
import org.ringplc.lang.diag.SourceSpan;
import org.ringplc.lang.program.CompiledProject;
import org.ringplc.lang.program.ConfigurationModel;
import org.ringplc.lang.program.ProgramType;
import org.ringplc.lang.program.TaskClock;
import org.ringplc.lang.program.ValueType;
import org.ringplc.lang.program.VariableDescriptor;

/**
 * Reads a project from disk and compiles it (PRODUCT.md §1, §6). A path is either a project
 * directory with a {@code project.yaml}, given alone, or loose sources: {@code .st}/{@code .xml}
 * files and directories without {@code project.yaml} (all their sources). Loose sources without a
 * CONFIGURATION get one task {@code main} of 10 ms running every PROGRAM as an instance named like
 * the program.
 *
 * <p>Problems in the files themselves (unreadable, bad YAML, schema) throw
 * {@link ProjectException}; problems in the sources and in how tasks refer to them are
 * diagnostics in the returned project, so {@code ringplc check} prints them all.
 */
public final class ProjectLoader {
    private static final String PROJECT_FILE = "project.yaml";

    private ProjectLoader() {
    }

    /** Loads and compiles with the ST compiler. */
    public static LoadedProject load(List<Path> paths) throws ProjectException {
        return load(paths, ProjectLoader::compileSt);
    }

    /**
     * Loads and compiles with {@code compiler} (tests and tools may supply their own).
     */
    public static LoadedProject load(List<Path> paths, Function<List<SourceFile>, CompileResult> compiler)
            throws ProjectException {
        if (paths.isEmpty()) {
            throw new ProjectException("no project directory or source file given");
        }
        ProjectConfig config;
        List<Path> files;
        Map<String, String> texts = new LinkedHashMap<>();
        Path first = paths.get(0);
        if (Files.isDirectory(first) && Files.isRegularFile(first.resolve(PROJECT_FILE))) {
            if (paths.size() > 1) {
                throw new ProjectException(first + ": a project directory must be given alone (got "
                        + paths.size() + " paths)");
            }
            Path yaml = clean(first.resolve(PROJECT_FILE));
            String yamlText = read(yaml);
            texts.put(yaml.toString(), yamlText);
            config = ProjectConfigParser.parse(yaml.toString(), first, yamlText);
            files = expandGlobs(config, first);
        } else {
            files = new ArrayList<>();
            for (Path p : paths) {
                files.addAll(looseSources(p));
            }
            String base = first.toAbsolutePath().normalize().getFileName() == null ? "project"
                    : first.toAbsolutePath().normalize().getFileName().toString();
            config = ProjectConfig.loose(base.replaceFirst("\\.(st|xml)$", ""));
        }
        List<SourceFile> sources = new ArrayList<>();
        for (Path f : files) {
            String name = clean(f).toString();
            String text = read(f);
            texts.put(name, text);
            sources.add(new SourceFile(name, text));
        }
        CompileResult result;
        try {
            result = compiler.apply(sources);
        } catch (RuntimeException internal) {
            throw new ProjectException("internal compiler error: " + internal);
        }
        if (result.hasErrors() || result.project() == null) {
            return new LoadedProject(config, texts, result, List.of());
        }
        List<Diagnostic> problems = new ArrayList<>();
        List<TaskPlan> tasks = plan(config, result.project(), sources, problems);
        if (problems.isEmpty()) {
            return new LoadedProject(config, texts, result, tasks);
        }
        // warnings (a program no task runs) keep the project runnable
        List<Diagnostic> all = new ArrayList<>(result.diagnostics());
        all.addAll(problems);
        all.sort(Comparator.comparing((Diagnostic d) -> d.span().file())
                .thenComparingInt(d -> d.span().line()).thenComparingInt(d -> d.span().column()));
        boolean errors = all.stream().anyMatch(d -> d.severity() == Severity.ERROR);
        return new LoadedProject(config, texts, new CompileResult(all, errors ? null : result.project()),
                errors ? List.of() : tasks);
    }

    private static CompileResult compileSt(List<SourceFile> sources) {
        return StCompiler.compile(sources);
    }

    // ---- tasks: project.yaml, else CONFIGURATION, else the default task ----

    private static List<TaskPlan> plan(ProjectConfig config, CompiledProject project, List<SourceFile> sources,
                                       List<Diagnostic> problems) {
        List<TaskPlan> plans = new ArrayList<>();
        String yaml = config.file();
        Optional<ConfigurationModel> cfg = project.configuration();
        if (!config.tasks().isEmpty()) {
            Set<String> instances = new LinkedHashSet<>();
            for (TaskConfig t : config.tasks()) {
                List<TaskPlan.Instance> programs = new ArrayList<>();
                for (ProgramRef ref : t.programs()) {
                    Optional<ProgramType> type = project.program(ref.program());
                    if (type.isEmpty()) {
                        problems.add(error(yaml, ref.line(), ref.column(), ref.program().length(),
                                "task " + t.name() + ": no PROGRAM named \"" + ref.program() + "\" in the sources"
                                        + known(project)));
                    } else if (!instances.add(ref.instance().toLowerCase(Locale.ROOT))) {
                        problems.add(error(yaml, ref.line(), ref.column(), ref.instance().length(),
                                "program instance \"" + ref.instance() + "\" is listed twice; give the second one"
                                        + " its own name: {instance: " + ref.instance() + "2, program: " + ref.program() + "}"));
                    } else {
                        programs.add(new TaskPlan.Instance(ref.instance(), type.get()));
                    }
                }
                String single = t.single() == null ? null : trigger(project, yaml, t, problems);
                plans.add(new TaskPlan(t.name(), t.intervalNanos(), t.priority(), programs, t.watchdog(), new ArrayList<>(),
                        t.cpu(), t.spinNanos(), single));
            }
            Set<String> used = new java.util.HashSet<>();
            config.tasks().forEach(t -> t.programs().forEach(r -> used.add(r.program().toLowerCase(Locale.ROOT))));
            for (ProgramType p : project.programs()) {
                if (!used.contains(p.name().toLowerCase(Locale.ROOT))) {
                    TaskConfig first = config.tasks().get(0);
                    problems.add(new Diagnostic(DiagnosticCode.PROJECT_ERROR, Severity.WARNING,
                            new SourceSpan(yaml, first.line(), 1, 1), "PROGRAM " + p.name()
                            + " is not run by any task; list it in a task's programs to run it"));
                }
            }
        } else if (cfg.isPresent() && !cfg.get().tasks().isEmpty()) {
            for (ConfigurationModel.Task t : cfg.get().tasks()) {
                List<TaskPlan.Instance> programs = new ArrayList<>();
                for (ConfigurationModel.Instance i : t.programs()) {
                    // the compiler has checked that the program type exists
                    project.program(i.programType()).ifPresent(p -> programs.add(new TaskPlan.Instance(i.name(), p)));
                }
                // the compiler has checked that an event task's trigger is a BOOL global
                long interval = t.isEvent() ? 0
                        : t.intervalNanos() > 0 ? t.intervalNanos() : TaskPolicyLimits.DEFAULT_INTERVAL_NANOS;
                plans.add(new TaskPlan(t.name(), interval, t.priority(), programs, null, new ArrayList<>(), -1, 0,
                        t.single()));
            }
        } else {
            if (project.programs().isEmpty()) {
                String file = sources.isEmpty() ? (yaml == null ? "sources" : yaml) : sources.get(0).name();
                problems.add(error(file, 1, 1, 1, "no PROGRAM in the sources: nothing to run"));
                return plans;
            }
            List<TaskPlan.Instance> programs = project.programs().stream()
                    .map(p -> new TaskPlan.Instance(p.name(), p)).toList();
            plans.add(new TaskPlan("main", TaskPolicyLimits.DEFAULT_INTERVAL_NANOS, 0, programs, null, new ArrayList<>()));
        }
        for (DriverConfig d : config.io().drivers()) {
            TaskPlan target = d.task() == null && !plans.isEmpty() ? plans.get(0) : plans.stream()
                    .filter(p -> p.name().equalsIgnoreCase(d.task())).findFirst().orElse(null);
            if (target == null) {
                problems.add(error(yaml, d.line(), 1, 1, "driver " + d.name() + ": no task named \"" + d.task()
                        + "\" (tasks: " + String.join(", ", plans.stream().map(TaskPlan::name).toList()) + ")"));
            } else {
                target.drivers().add(d);
            }
        }
        List<TaskPlan> frozen = new ArrayList<>();
        for (TaskPlan p : plans) {
            frozen.add(new TaskPlan(p.name(), p.intervalNanos(), p.priority(), List.copyOf(p.programs()), p.watchdog(),
                    List.copyOf(p.drivers()), p.cpu(), p.spinNanos(), p.single()));
        }
        return frozen;
    }

    /**
     * The declared name of the BOOL global {@code single:} of task {@code t} names, or null after
     * reporting why it cannot trigger the task. The globals are created once here only to read
     * their descriptors; the runtime creates its own.
     */
    private static String trigger(CompiledProject project, String yaml, TaskConfig t, List<Diagnostic> problems) {
        Object globals = project.instantiateGlobals(new TaskClock());
        List<VariableDescriptor> all = globals == null ? List.of() : project.globalVariables(globals);
        for (VariableDescriptor d : all) {
            if (d.path().equalsIgnoreCase(t.single())) {
                if (d.type() != ValueType.BOOL) {
                    problems.add(error(yaml, t.line(), 1, 1, "task " + t.name() + ": single: " + t.single()
                            + " is " + d.typeName() + "; the trigger of an event task must be a BOOL"));
                    return null;
                }
                return d.path();
            }
        }
        problems.add(error(yaml, t.line(), 1, 1, "task " + t.name() + ": single: " + t.single()
                + " is not a global variable; declare it in VAR_GLOBAL (AT %IX... for a physical input)"));
        return null;
    }

    private static String known(CompiledProject project) {
        List<String> names = project.programs().stream().map(ProgramType::name).toList();
        return names.isEmpty() ? " (the sources declare no PROGRAM)" : " (programs: " + String.join(", ", names) + ")";
    }

    private static Diagnostic error(String file, int line, int column, int length, String message) {
        return new Diagnostic(DiagnosticCode.PROJECT_ERROR, Severity.ERROR,
                new SourceSpan(file, line, column, Math.max(1, length)), message);
    }

    // ---- files ----

    private static List<Path> expandGlobs(ProjectConfig config, Path dir) throws ProjectException {
        List<String> problems = new ArrayList<>();
        Set<Path> found = new LinkedHashSet<>();
        List<Path> all = walk(dir);
        for (int i = 0; i < config.sources().size(); i++) {
            String glob = config.sources().get(i);
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob);
            // "src/**/*.st" should also match src/main.st, as in most build tools
            PathMatcher flat = glob.contains("**/") ? FileSystems.getDefault().getPathMatcher("glob:" + glob.replace("**/", ""))
                    : m;
            List<Path> hits = all.stream().map(dir::relativize).filter(r -> m.matches(r) || flat.matches(r))
                    .sorted(Comparator.comparing(Path::toString)).toList();
            boolean defaultGlob = config.sources().equals(List.of("src/**/*.st", "src/**/*.xml"));
            if (hits.isEmpty() && !defaultGlob) {
                problems.add(config.file() + ": sources[" + i + "]: \"" + glob + "\" matches no file in " + dir);
            }
            hits.forEach(r -> found.add(dir.resolve(r)));
        }
        if (found.isEmpty() && problems.isEmpty()) {
            problems.add(config.file() + ": sources: no source file found (looked for "
                    + String.join(", ", config.sources()) + " in " + dir + ")");
        }
        if (!problems.isEmpty()) {
            throw new ProjectException(problems);
        }
        return new ArrayList<>(found);
    }

    private static List<Path> looseSources(Path p) throws ProjectException {
        if (Files.isDirectory(p)) {
            List<Path> files = walk(p).stream().filter(ProjectLoader::isSource)
                    .sorted(Comparator.comparing(Path::toString)).toList();
            if (files.isEmpty()) {
                throw new ProjectException(p + ": no project.yaml and no .st or .xml source in this directory");
            }
            return files;
        }
        if (!Files.exists(p)) {
            throw new ProjectException(p + ": no such file or directory");
        }
        if (!isSource(p)) {
            throw new ProjectException(p + ": not a .st or .xml source file nor a project directory");
        }
        return List.of(p);
    }

    private static boolean isSource(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && (n.endsWith(".st") || n.endsWith(".xml"));
    }

    private static List<Path> walk(Path dir) throws ProjectException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(f -> !dir.relativize(f).toString().startsWith(".") && !dir.relativize(f).startsWith("target"))
                    .toList();
        } catch (IOException e) {
            throw new ProjectException(dir + ": cannot list: " + e.getMessage());
        }
    }

    private static String read(Path f) throws ProjectException {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new ProjectException(f + ": not UTF-8 text");
        } catch (IOException e) {
            throw new ProjectException(f + ": cannot read: " + e.getMessage());
        }
    }

    private static Path clean(Path p) {
        Path n = p.normalize();
        return n.toString().isEmpty() ? p : n;
    }
}
