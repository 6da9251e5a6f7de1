package org.ringplc.lang.ast;

import org.ringplc.lang.diag.SourceSpan;

/**
 * One argument of a call: formal input {@code IN := x}, formal output {@code Q => y} (optionally
 * negated, {@code NOT Q => y}) or positional ({@code name} null).
 */
public record Argument(SourceSpan span, String name, Expression value, boolean output, boolean negated) {
    public boolean isPositional() {
        return name == null;
    }
}
