package org.ringplc.runtime.project;

import java.util.List;
import java.util.Map;
import org.ringplc.lang.CompileResult;
import org.ringplc.lang.diag.Diagnostic;

/**
 * A project read and compiled, ready to be simulated or started: its configuration, the text of
 * every source (by the name diagnostics use, so that {@link Diagnostic#format(String)} can print
 * the offending line; {@code project.yaml} is among them), the compile result and the tasks.
 *
 * @param config  the project configuration
 * @param sources file name as in diagnostics → whole text, in load order
 * @param compile the compile result, including project-level diagnostics such as a task naming a
 *                PROGRAM that does not exist ({@code DiagnosticCode.PROJECT_ERROR} at the
 *                {@code project.yaml} line); {@code project()} is null when there is any error
 * @param tasks   the resolved tasks; empty when there are errors
 */
public record LoadedProject(ProjectConfig config, Map<String, String> sources, CompileResult compile,
                            List<TaskPlan> tasks) {

    public String name() {
        return config.name();
    }

    /** Every diagnostic, sorted by file, line and column. */
    public List<Diagnostic> diagnostics() {
        return compile.diagnostics();
    }

    public boolean hasErrors() {
        return compile.hasErrors();
    }

    /** Every diagnostic formatted with its source line and caret, one block per diagnostic. */
    public String formatDiagnostics() {
        StringBuilder sb = new StringBuilder();
        for (Diagnostic d : compile.diagnostics()) {
            sb.append(d.format(sources.get(d.span().file()))).append('\n');
        }
        return sb.toString();
    }

    /**
     * @throws ProjectException listing the errors when the project does not compile, so callers
     *                          that need a runnable project fail with a readable message
     */
    public void requireRunnable() throws ProjectException {
        if (hasErrors()) {
            throw new ProjectException(compile.diagnostics().stream()
                    .filter(d -> d.severity() == org.ringplc.lang.diag.Severity.ERROR)
                    .map(Diagnostic::headline).toList());
        }
    }
}
