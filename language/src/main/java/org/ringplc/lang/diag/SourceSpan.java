package org.ringplc.lang.diag;

/**
 * Where a node or a problem is in a source file. Lines and columns are 1-based, as editors and
 * {@code file:line:col} show them; {@code length} is in characters on the start line (at least 1).
 */
public record SourceSpan(String file, int line, int column, int length) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
