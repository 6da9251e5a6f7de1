package org.ringplc.lang;

import java.util.List;
import org.ringplc.lang.diag.Diagnostic;
import org.ringplc.lang.diag.Severity;
import org.ringplc.lang.program.CompiledProject;

/**
 * The outcome of compiling a set of sources: every diagnostic (errors and warnings of all files,
 * sorted by file, line, column) and, when there was no error, the compiled project.
 *
 * @param diagnostics all diagnostics
 * @param project     the compiled project, or null when any diagnostic is an error
 */
public record CompileResult(List<Diagnostic> diagnostics, CompiledProject project) {
    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(d -> d.severity() == Severity.ERROR);
    }
}
