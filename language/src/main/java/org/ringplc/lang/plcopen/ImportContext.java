package org.ringplc.lang.plcopen;

import java.util.ArrayList;
import java.util.List;
import org.ringplc.lang.ast.TypeDefinition;
import org.ringplc.lang.diag.Diagnostic;
import org.ringplc.lang.diag.DiagnosticCode;
import org.ringplc.lang.diag.Diagnostics;
import org.ringplc.lang.diag.SourceSpan;

/**
 * What every part of the import of one PLCopen file shares: the file name, the located XML,
 * the ST snippet parser, the diagnostics sink, and the element contexts ("pou Main, LD body,
 * contact localId 12") that a decorator puts before any message, of any later phase, that lands
 * inside that element.
 */
final class ImportContext {
    final String file;
    final XmlReader reader;
    final StSnippets snippets;
    final Diagnostics diagnostics;
    private final List<Range> ranges = new ArrayList<>();
    /** Types the import itself needs (an SFC chart's step type), added to the file's unit. */
    final List<TypeDefinition> types = new ArrayList<>();

    private record Range(int start, int end, String label) {
    }

    ImportContext(String file, XmlReader reader, Diagnostics diagnostics) {
        this.file = file;
        this.reader = reader;
        this.diagnostics = diagnostics;
        this.snippets = new StSnippets(file, reader, diagnostics);
        diagnostics.addDecorator(this::decorate);
    }

    /** Messages about anything inside {@code n} start with {@code label} (the innermost element wins). */
    void describe(XmlNode n, String label) {
        ranges.add(new Range(n.start, Math.max(n.end, n.start + 1), label));
    }

    private Diagnostic decorate(Diagnostic d) {
        if (!d.span().file().equals(file)) {
            return d;
        }
        int at = reader.offset(d.span().line(), d.span().column());
        Range best = null;
        for (Range r : ranges) {
            if (at >= r.start && at < r.end && (best == null || r.end - r.start <= best.end - best.start)) {
                best = r;
            }
        }
        if (best == null || d.message().startsWith(best.label)) {
            return d;
        }
        return new Diagnostic(d.code(), d.severity(), d.span(), best.label + ": " + d.message());
    }

    SourceSpan span(XmlNode n) {
        return new SourceSpan(file, n.line, n.column, n.name.length() + 1);
    }

    void error(DiagnosticCode code, XmlNode n, String message) {
        diagnostics.error(code, span(n), message);
    }

    void warning(DiagnosticCode code, XmlNode n, String message) {
        diagnostics.warning(code, span(n), message);
    }
}
