package org.ringplc.lang.diag;

/**
 * One problem found in the sources, with a stable code (tests and the editor key on it), where it
 * is, and a message that says what is wrong and, where possible, how to fix it.
 */
public record Diagnostic(DiagnosticCode code, Severity severity, SourceSpan span, String message) {

    /** {@code file:line:col: error: message}, the form of {@code ringplc check}. */
    public String headline() {
        return span + ": " + severity.label() + ": " + message;
    }

    /**
     * The headline, then the offending source line and a caret under the span, as compilers print:
     * <pre>
     * src/main.st:4:9: error: ...
     *     x := y +;
     *            ^
     * </pre>
     *
     * @param sourceText the whole text of {@code span.file()}, or null to print only the headline
     */
    public String format(String sourceText) {
        StringBuilder sb = new StringBuilder(headline());
        if (sourceText != null) {
            String[] lines = sourceText.split("\r?\n", -1);
            if (span.line() >= 1 && span.line() <= lines.length) {
                String line = lines[span.line() - 1];
                sb.append('\n').append(line).append('\n');
                for (int i = 1; i < span.column() && i <= line.length(); i++) {
                    sb.append(line.charAt(i - 1) == '\t' ? '\t' : ' ');
                }
                sb.append('^');
                for (int i = 1; i < span.length(); i++) {
                    sb.append('~');
                }
            }
        }
        return sb.toString();
    }
}
