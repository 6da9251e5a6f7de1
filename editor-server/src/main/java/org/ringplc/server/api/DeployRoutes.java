package org.ringplc.server.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import org.ringplc.lang.diag.Severity;
import org.ringplc.runtime.project.LoadedProject;
import org.ringplc.runtime.project.ProjectException;
import org.ringplc.runtime.project.ProjectLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/deploy?mode=online|restart} (PRODUCT.md §4): the body is the project as a zip;
 * it is checked and unpacked into a new directory ({@link ProjectArchive}), compiled exactly as
 * {@code ringplc check} would, and, without errors, handed to the {@link Deployer}. The answer is
 * the compile report and what happened, the same {@link Report} whether it worked or not:
 * 200 deployed, 400 the project has errors (nothing changed), 409 refused (an online change that
 * is not possible: the message says why and that mode=restart would do it), 413 too large,
 * 500 the change failed (the old program keeps running).
 *
 * <p>Mode defaults to online: a deploy never stops a machine unless asked to. One deploy at a
 * time. A successful deploy becomes the {@link BootVersion}, the version {@code ringplc run}
 * starts next time; the unpacked directories of the last {@link #KEEP} deploys are kept (the boot
 * version's always), those of failed ones are deleted at once.
 */
final class DeployRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(DeployRoutes.class);
    /** Enough to see what the last few deploys contained; each is a small project. */
    static final int KEEP = 5;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Deployer deployer;
    private final Path root;
    private final ProjectWorkspace workspace;
    private final Semaphore oneAtATime = new Semaphore(1);

    /**
     * The answer to a deploy.
     *
     * @param ok          the new project runs
     * @param mode        online or restart
     * @param outcome     CHANGED_ONLINE, RESTARTED, REFUSED or FAILED
     * @param message     one sentence for a person
     * @param diagnostics the compile diagnostics, warnings included, files relative to the project
     * @param problems    project-level problems without a source position (a broken project.yaml)
     * @param error       the message again when not ok, so every refusal has the API's error field
     */
    record Report(boolean ok, String mode, String outcome, String message, String project, int errors, int warnings,
                  List<DiagnosticJson> diagnostics, List<String> problems, List<String> added, List<String> dropped,
                  List<String> reset, List<String> forcesDropped, List<Long> firstCycle, String error) {
    }

    private DeployRoutes(Deployer deployer, Path root, ProjectWorkspace workspace) {
        this.deployer = deployer;
        this.root = root;
        this.workspace = workspace;
    }

    static void install(Javalin app, Deployer deployer, Path root, ProjectWorkspace workspace) {
        DeployRoutes routes = new DeployRoutes(deployer, root, workspace);
        app.post("/api/deploy", routes::deploy, Role.ENGINEER);
    }

    private void deploy(Context ctx) throws IOException {
        boolean online = online(ctx.queryParam("mode"));
        if (deployer == null || root == null) {
            throw new ApiException(409, "this PLC was started from loose source files, so it has no state directory "
                    + "to deploy into; start it from a project directory");
        }
        if (!oneAtATime.tryAcquire()) {
            throw new ApiException(409, "another deploy is in progress; try again when it has finished");
        }
        try {
            byte[] zip;
            try {
                zip = ProjectArchive.read(ctx.req().getInputStream(), ctx.req().getContentLengthLong());
            } catch (ProjectArchive.TooLarge e) {
                throw new ApiException(413, e.getMessage());
            }
            String user = AccessGuard.principal(ctx).name();
            Path target = newDirectory();
            boolean keep = false;
            try {
                Path projectDir = ProjectArchive.unpack(zip, target);
                Attempt attempt = compileAndDeploy(projectDir, online, user);
                Report report = attempt.report();
                keep = report.ok();
                if (keep) {
                    report = recordBootVersion(report, attempt.project(), projectDir, user);
                }
                LOG.info("deploy by {} ({}): {} {}", user, report.mode(), report.outcome(), report.message());
                int status = report.ok() ? 200 : "FAILED".equals(report.outcome()) ? 500
                        : report.errors() > 0 ? 400 : 409;
                ctx.status(status).json(report);
            } finally {
                if (!keep) {
                    deleteTree(target);
                } else {
                    prune();
                }
            }
        } finally {
            oneAtATime.release();
        }
    }

    /** A deploy's report, and the project it compiled (null when it did not load). */
    private record Attempt(Report report, LoadedProject project) {
    }

    private Attempt compileAndDeploy(Path projectDir, boolean online, String user) {
        String mode = online ? "online" : "restart";
        LoadedProject loaded;
        try {
            loaded = ProjectLoader.load(List.of(projectDir));
        } catch (ProjectException e) {
            List<String> problems = e.problems().stream().map(p -> p.replace(projectDir + "/", "")).toList();
            String msg = count(problems.size(), "error") + " in the project files; nothing changed, "
                    + "the running program keeps running";
            return new Attempt(new Report(false, mode, "REFUSED", msg, null, problems.size(), 0, List.of(), problems,
                    List.of(), List.of(), List.of(), List.of(), List.of(), msg), null);
        }
        List<DiagnosticJson> diagnostics = DiagnosticJson.all(loaded.diagnostics(), projectDir, loaded.sources());
        int errors = (int) loaded.diagnostics().stream().filter(d -> d.severity() == Severity.ERROR).count();
        int warnings = loaded.diagnostics().size() - errors;
        if (loaded.hasErrors()) {
            String msg = count(errors, "error") + "; nothing changed, the running program keeps running";
            return new Attempt(new Report(false, mode, "REFUSED", msg, loaded.name(), errors, warnings, diagnostics,
                    List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), msg), loaded);
        }
        Deployer.Outcome o = deployer.deploy(loaded, online, user);
        return new Attempt(new Report(o.succeeded(), mode, o.outcome(), o.message(), loaded.name(), errors, warnings,
                diagnostics, List.of(), o.added(), o.dropped(), o.reset(), o.forcesDropped(), o.firstCycle(),
                o.succeeded() ? null : o.message()), loaded);
    }

    /**
     * Makes the version that now runs the boot version and tells the workspace. When the record
     * cannot be written the new program still runs, but a restart would start the previous one:
     * the report says so rather than pretending.
     */
    private Report recordBootVersion(Report report, LoadedProject running, Path projectDir, String user) {
        BootVersion boot = BootVersion.of(root, projectDir, Instant.now(), user, report.mode(), report.project());
        String message = report.message();
        try {
            boot.write(root);
        } catch (IOException | RuntimeException e) {
            LOG.error("deploy by {} runs but is not recorded as the boot version in {}: {}", user, root, e.toString());
            message = message + "; WARNING: it could not be recorded as the boot version (" + e.getMessage()
                    + "), so a restart of ringplc would start the previous version";
            boot = null;
        }
        if (workspace != null) {
            workspace.replace(running, boot);
        }
        return new Report(report.ok(), report.mode(), report.outcome(), message, report.project(), report.errors(),
                report.warnings(), report.diagnostics(), report.problems(), report.added(), report.dropped(),
                report.reset(), report.forcesDropped(), report.firstCycle(), report.error());
    }

    static boolean online(String mode) {
        if (mode == null || mode.isBlank()) {
            return true;
        }
        return switch (mode.strip().toLowerCase(Locale.ROOT)) {
            case "online" -> true;
            case "restart" -> false;
            default -> throw ApiException.badRequest("mode=" + mode + ": use online (keep running, keep values) "
                    + "or restart (stop, start the new project, forces cleared)");
        };
    }

    private Path newDirectory() throws IOException {
        Files.createDirectories(root);
        byte[] r = new byte[3];
        RANDOM.nextBytes(r);
        return root.resolve(ZonedDateTime.now(ZoneOffset.UTC).format(STAMP) + "-" + HexFormat.of().formatHex(r));
    }

    /**
     * Deploy directories by their time stamp, newest first. Deploys within the same second share the
     * stamp and their random suffixes say nothing about order, so there the directory's own
     * modification time (set when the upload was unpacked into it) decides.
     */
    private static final Comparator<Path> NEWEST_FIRST = Comparator.<Path, String>comparing(DeployRoutes::stamp)
            .thenComparing(DeployRoutes::modified).reversed();

    private static String stamp(Path dir) {
        String name = dir.getFileName().toString();
        int suffix = name.lastIndexOf('-');
        return suffix > 0 ? name.substring(0, suffix) : name;
    }

    private static FileTime modified(Path dir) {
        try {
            return Files.getLastModifiedTime(dir);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /**
     * Keeps the newest {@link #KEEP} directories and, whatever its age, the boot version's, which
     * {@code ringplc run} needs.
     */
    private void prune() {
        String boot;
        try {
            boot = BootVersion.read(root).map(BootVersion::topDirectory).orElse(null);
        } catch (BootVersion.InvalidRecord e) {
            LOG.warn("not pruning old deploy directories: {}", e.getMessage());
            return;
        }
        try (Stream<Path> s = Files.list(root)) {
            List<Path> dirs = s.filter(Files::isDirectory).sorted(NEWEST_FIRST).toList();
            for (Path old : dirs.subList(Math.min(KEEP, dirs.size()), dirs.size())) {
                if (!old.getFileName().toString().equals(boot)) {
                    deleteTree(old);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot prune old deploy directories in {}: {}", root, e.getMessage());
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", dir, e.getMessage());
        }
    }

    /** "1 error", "3 errors". */
    private static String count(long n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
