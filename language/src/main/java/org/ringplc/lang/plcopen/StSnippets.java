package org.ringplc.lang.plcopen;

import java.util.List;
import org.ringplc.lang.SourceFile;
import org.ringplc.lang.ast.CompilationUnit;
import org.ringplc.lang.ast.Expression;
import org.ringplc.lang.ast.Statement;
import org.ringplc.lang.diag.Diagnostics;
import org.ringplc.lang.parse.StParser;

/**
 * Parses the Structured Text embedded in a PLCopen file (ST bodies, inline transition conditions,
 * the expressions of variables and contacts) with the one ST parser, so that the text means in
 * XML exactly what it means in a .st file. Each snippet is parsed inside a synthetic text that
 * puts it at the very line and column it has in the XML file, so every span, syntax error and
 * bytecode line number of the snippet points into the .xml without any remapping.
 */
final class StSnippets {
    private static final String PROGRAM = "PROGRAM _plcopen_snippet";
    private final String file;
    private final String raw;
    private final XmlReader reader;
    private final Diagnostics diagnostics;

    StSnippets(String file, XmlReader reader, Diagnostics diagnostics) {
        this.file = file;
        this.reader = reader;
        this.raw = reader.text();
        this.diagnostics = diagnostics;
    }

    /** The statements of a textual body element ({@code <ST>}, {@code <inline>}'s ST...). */
    List<Statement> statements(XmlNode st) {
        String code = region(st);
        CompilationUnit u = StParser.parse(new SourceFile(file, place(PROGRAM, code, st.contentStart, "\nEND_PROGRAM\n")),
                diagnostics);
        return u.pous().isEmpty() ? List.of() : u.pous().get(0).body();
    }

    /** The ST text of a textual body, as its author wrote it (for diagnostics and heuristics). */
    String source(XmlNode st) {
        return region(st);
    }

    /** An expression written as an element's text ({@code <expression>}, {@code <variable>}). */
    Expression expression(XmlNode holder) {
        return expression(region(holder), holder.contentStart);
    }

    /** An expression given as an attribute value; spans point at the element. */
    Expression expression(String text, XmlNode element) {
        return expression(text, element.start);
    }

    /** Parses {@code code} as if it began at {@code offset} of the XML text; null after a syntax error. */
    Expression expression(String code, int offset) {
        int last = code.length() - 1;
        while (last >= 0 && Character.isWhitespace(code.charAt(last))) {
            last--;
        }
        if (last >= 0 && code.charAt(last) == ';') {
            // "Start AND NOT Stop;" is how some tools save a condition; the ';' is ours to add
            code = code.substring(0, last) + " " + code.substring(last + 1);
        }
        if (code.isBlank()) {
            diagnostics.error(org.ringplc.lang.diag.DiagnosticCode.SYNTAX_ERROR, span(offset), "expected an expression here");
            return null;
        }
        int before = diagnostics.count();
        CompilationUnit u = StParser.parse(new SourceFile(file, place(PROGRAM + " _plcopen_e :=", code, offset, ";\nEND_PROGRAM\n")),
                diagnostics);
        if (diagnostics.count() != before || u.pous().isEmpty() || u.pous().get(0).body().size() != 1
                || !(u.pous().get(0).body().get(0) instanceof Statement.Assignment a)) {
            if (diagnostics.count() == before) {
                diagnostics.error(org.ringplc.lang.diag.DiagnosticCode.SYNTAX_ERROR, span(offset),
                        "expected one expression, not '" + code.strip() + "'");
            }
            return null;
        }
        return a.value();
    }

    private org.ringplc.lang.diag.SourceSpan span(int offset) {
        return new org.ringplc.lang.diag.SourceSpan(file, reader.line(offset), reader.column(offset), 1);
    }

    /**
     * Text whose snippet starts at {@code offset}'s line and column: blank lines, the header on the
     * line before, the snippet indented to its column.
     */
    private String place(String header, String code, int offset, String trailer) {
        int line = reader.line(offset);
        int column = reader.column(offset);
        StringBuilder sb = new StringBuilder(offset + code.length() + 64);
        if (line >= 2) {
            sb.append("\n".repeat(line - 2)).append(header).append('\n').append(" ".repeat(column - 1));
        } else {
            // a one-line file: the header takes room on the same line, columns shift a little
            sb.append(header).append(' ').append(" ".repeat(Math.max(0, column - header.length() - 2)));
        }
        return sb.append(code).append(trailer).toString();
    }

    /**
     * The character content of an element as ST sees it, offset for offset: markup inside the
     * element (xhtml:p tags, comments) and CDATA markers become spaces, entities become their
     * character followed by spaces (outside string literals, where a space changes nothing), so
     * that every character stays at the line and column it has in the file.
     */
    private String region(XmlNode n) {
        StringBuilder sb = new StringBuilder(n.contentEnd - n.contentStart);
        int i = n.contentStart;
        char quote = 0;
        while (i < n.contentEnd) {
            char c = raw.charAt(i);
            if (raw.startsWith("<![CDATA[", i)) {
                int end = raw.indexOf("]]>", i + 9);
                end = end < 0 || end > n.contentEnd ? n.contentEnd : end;
                sb.append(" ".repeat(9));
                for (int k = i + 9; k < end; k++) {
                    char ch = raw.charAt(k);
                    quote = track(quote, ch);
                    sb.append(ch);
                }
                int stop = Math.min(n.contentEnd, end + 3);
                sb.append(" ".repeat(stop - end));
                i = stop;
            } else if (c == '<') {
                int end = raw.startsWith("<!--", i) ? raw.indexOf("-->", i) + 3 : raw.indexOf('>', i) + 1;
                end = end <= i || end > n.contentEnd ? n.contentEnd : end;
                for (int k = i; k < end; k++) {
                    sb.append(raw.charAt(k) == '\n' ? '\n' : ' ');
                }
                i = end;
            } else if (c == '&') {
                int semi = raw.indexOf(';', i);
                if (semi < 0 || semi > n.contentEnd || semi - i > 10) {
                    sb.append(c);
                    i++;
                    continue;
                }
                char decoded = entity(raw.substring(i + 1, semi));
                quote = track(quote, decoded);
                sb.append(decoded);
                if (quote == 0) {
                    sb.append(" ".repeat(semi - i));
                }
                i = semi + 1;
            } else {
                quote = track(quote, c);
                sb.append(c);
                i++;
            }
        }
        return sb.toString();
    }

    private static char track(char quote, char c) {
        if (c == '\'' || c == '"') {
            return quote == 0 ? c : (quote == c ? 0 : quote);
        }
        return quote;
    }

    private static char entity(String name) {
        switch (name) {
            case "lt": return '<';
            case "gt": return '>';
            case "amp": return '&';
            case "quot": return '"';
            case "apos": return '\'';
            default:
                try {
                    if (name.startsWith("#x") || name.startsWith("#X")) {
                        return (char) Integer.parseInt(name.substring(2), 16);
                    }
                    if (name.startsWith("#")) {
                        return (char) Integer.parseInt(name.substring(1));
                    }
                } catch (NumberFormatException e) {
                    // fall through: keep it visible so the ST parser reports it
                }
                return '?';
        }
    }
}
