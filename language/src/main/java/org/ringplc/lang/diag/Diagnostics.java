package org.ringplc.lang.diag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The shared sink every compiler phase reports to. Phases keep going after an error so that one
 * run shows all problems; the pipeline checks {@link #hasErrors()} between phases.
 */
public final class Diagnostics {
    private final List<Diagnostic> all = new ArrayList<>();
    private final List<UnaryOperator<Diagnostic>> decorators = new ArrayList<>();

    public void error(DiagnosticCode code, SourceSpan span, String message) {
        add(new Diagnostic(code, Severity.ERROR, span, message));
    }

    /** Reports a diagnostic made by a {@link Problems} factory. */
    public void report(Diagnostic d) {
        add(d);
    }

    public void warning(DiagnosticCode code, SourceSpan span, String message) {
        add(new Diagnostic(code, Severity.WARNING, span, message));
    }

    /**
     * Lets a front end add context to what any later phase reports about its sources: the PLCopen
     * importer prefixes messages at a graphical element with the POU and the element's localId,
     * which the checker, working on the AST, cannot know.
     */
    public void addDecorator(UnaryOperator<Diagnostic> decorator) {
        decorators.add(decorator);
    }

    private void add(Diagnostic d) {
        for (UnaryOperator<Diagnostic> f : decorators) {
            d = f.apply(d);
        }
        all.add(d);
    }

    /** How many diagnostics were reported so far (a phase compares counts to see if a step failed). */
    public int count() {
        return all.size();
    }

    public boolean hasErrors() {
        return all.stream().anyMatch(d -> d.severity() == Severity.ERROR);
    }

    /** All diagnostics sorted by file, line, column; duplicates (same place and message) once. */
    public List<Diagnostic> sorted() {
        List<Diagnostic> out = new ArrayList<>();
        all.stream()
                .sorted(Comparator.comparing((Diagnostic d) -> d.span().file())
                        .thenComparingInt(d -> d.span().line())
                        .thenComparingInt(d -> d.span().column()))
                .forEach(d -> {
                    if (!out.contains(d)) {
                        out.add(d);
                    }
                });
        return out;
    }
}
