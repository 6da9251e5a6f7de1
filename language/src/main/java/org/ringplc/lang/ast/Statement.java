package org.ringplc.lang.ast;

import java.util.List;
import org.ringplc.lang.diag.SourceSpan;

/** An ST statement (IEC 61131-3 §7.3.3). */
public sealed interface Statement {
    SourceSpan span();

    record Assignment(SourceSpan span, Expression target, Expression value) implements Statement {
    }

    /** {@code fb(IN := x);} or {@code f(1, 2);} with the result dropped. */
    record CallStatement(SourceSpan span, Expression callee, List<Argument> args) implements Statement {
    }

    record If(SourceSpan span, List<Branch> branches, List<Statement> elseBody) implements Statement {
    }

    /** One IF or ELSIF branch. */
    record Branch(Expression condition, List<Statement> body) {
    }

    record Case(SourceSpan span, Expression selector, List<CaseBranch> branches, List<Statement> elseBody)
            implements Statement {
    }

    record CaseBranch(List<CaseLabel> labels, List<Statement> body) {
    }

    /** A single value ({@code hi} null) or a range {@code lo..hi}. */
    record CaseLabel(SourceSpan span, Expression lo, Expression hi) {
    }

    record For(SourceSpan span, Expression.Name control, Expression from, Expression to, Expression by,
               List<Statement> body) implements Statement {
    }

    record While(SourceSpan span, Expression condition, List<Statement> body) implements Statement {
    }

    record Repeat(SourceSpan span, List<Statement> body, Expression condition) implements Statement {
    }

    record Exit(SourceSpan span) implements Statement {
    }

    record Continue(SourceSpan span) implements Statement {
    }

    record Return(SourceSpan span) implements Statement {
    }
}
