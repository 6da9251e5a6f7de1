package org.ringplc.server.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.ringplc.lang.diag.Diagnostic;
import org.ringplc.lang.diag.Severity;
import org.ringplc.runtime.project.LoadedProject;
import org.ringplc.runtime.project.ProjectException;
import org.ringplc.runtime.project.ProjectLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ringplc check PATH...}: compile a project directory or loose sources and print every
 * diagnostic as compilers do ({@code file:line:col: error: message}, the source line, a caret) on
 * standard output, then a count on standard error. Exit 0 without errors (warnings allowed), 1
 * with errors.
 */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Compile a project or .st/.xml files and print diagnostics.")
final class CheckCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "a project directory (with project.yaml) or .st/.xml files")
    List<Path> paths;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LoadedProject project;
        try {
            project = ProjectLoader.load(paths);
        } catch (ProjectException e) {
            e.problems().forEach(p -> out.println(p));
            err.println(count(e.problems().size(), "error"));
            return ExitCodes.PROJECT_ERRORS;
        }
        printDiagnostics(project, out);
        long errors = project.diagnostics().stream().filter(d -> d.severity() == Severity.ERROR).count();
        long warnings = project.diagnostics().size() - errors;
        err.println(count(errors, "error") + (warnings > 0 ? ", " + count(warnings, "warning") : ""));
        return errors > 0 ? ExitCodes.PROJECT_ERRORS : ExitCodes.OK;
    }

    /**
     * The project for a command that goes on to run it: a project that does not load, or compiles
     * with errors, ends the command with {@link ExitCodes#PROJECT_ERRORS} after its diagnostics
     * were printed to {@code err}.
     *
     * @param subject what the final message names before the error count ({@code "PATH: "}), or ""
     * @param refusal what the final message says was not done, e.g. {@code "nothing started"}
     */
    static LoadedProject loadWithoutErrors(List<Path> paths, PrintWriter err, String subject, String refusal) {
        LoadedProject project;
        try {
            project = ProjectLoader.load(paths);
        } catch (ProjectException e) {
            throw new CliException(ExitCodes.PROJECT_ERRORS, e.getMessage());
        }
        if (project.hasErrors()) {
            printDiagnostics(project, err);
            long errors = project.diagnostics().stream().filter(d -> d.severity() == Severity.ERROR).count();
            throw new CliException(ExitCodes.PROJECT_ERRORS, subject + count(errors, "error") + "; " + refusal);
        }
        return project;
    }

    /** Each diagnostic with its source line and caret, in file/line order. */
    static void printDiagnostics(LoadedProject project, PrintWriter to) {
        for (Diagnostic d : project.diagnostics()) {
            to.println(d.format(project.sources().get(d.span().file())));
        }
    }

    static String count(long n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
