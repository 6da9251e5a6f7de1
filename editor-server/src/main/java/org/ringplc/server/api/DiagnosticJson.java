package org.ringplc.server.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ringplc.lang.diag.Diagnostic;
import org.ringplc.lang.diag.SourceSpan;

/**
 * One compiler diagnostic as every JSON answer carries it (deploy report, {@code ringplc deploy}
 * output): where, how bad, the stable code, the message, and {@code text}, the same block
 * {@code ringplc check} prints (headline, source line, caret), so a client that only shows text
 * shows exactly what the terminal would.
 *
 * @param file     project-relative path with {@code /} separators, as the editor names files
 * @param line     1-based
 * @param column   1-based
 * @param length   characters on the line, at least 1
 * @param severity {@code error} or {@code warning}
 * @param code     the {@link org.ringplc.lang.diag.DiagnosticCode} name
 */
public record DiagnosticJson(String file, int line, int column, int length, String severity, String code,
                             String message, String text) {

    /**
     * @param root    the project directory: file names and messages are made relative to it, so
     *                an answer never shows where the server keeps its files
     * @param sources file name as in diagnostics → text, for the source line of {@code text}
     */
    public static DiagnosticJson of(Diagnostic d, Path root, Map<String, String> sources) {
        String file = relative(root, d.span().file());
        String message = root == null ? d.message() : d.message().replace(root.toString() + "/", "");
        Diagnostic shown = new Diagnostic(d.code(), d.severity(),
                new SourceSpan(file, d.span().line(), d.span().column(), d.span().length()), message);
        return new DiagnosticJson(file, d.span().line(), d.span().column(), Math.max(1, d.span().length()),
                d.severity().label(), d.code().name(), message, shown.format(sources.get(d.span().file())));
    }

    public static List<DiagnosticJson> all(List<Diagnostic> diagnostics, Path root, Map<String, String> sources) {
        return diagnostics.stream().map(d -> of(d, root, sources)).toList();
    }

    static String relative(Path root, String file) {
        if (root == null || file == null) {
            return file;
        }
        Path p = Path.of(file).toAbsolutePath().normalize();
        Path r = root.toAbsolutePath().normalize();
        return p.startsWith(r) ? r.relativize(p).toString().replace(java.io.File.separatorChar, '/') : file;
    }
}
