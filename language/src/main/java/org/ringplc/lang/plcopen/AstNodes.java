package org.ringplc.lang.plcopen;

import java.math.BigInteger;
import java.util.List;
import org.ringplc.lang.ast.Expression;
import org.ringplc.lang.ast.Statement;
import org.ringplc.lang.diag.SourceSpan;

/**
 * The small ST trees the graphical translators build (LD/FBD networks, SFC charts): names,
 * members, the logical operators and assignments, all at the span of the XML element they stand
 * for, so diagnostics and runtime faults of the generated logic point into the .xml file.
 */
final class AstNodes {
    private AstNodes() {
    }

    static Expression name(SourceSpan s, String n) {
        return new Expression.Name(s, n);
    }

    /** {@code target.member}. */
    static Expression member(SourceSpan s, String target, String member) {
        return new Expression.Member(s, name(s, target), member);
    }

    static Expression not(SourceSpan s, Expression e) {
        return new Expression.Unary(s, Expression.UnaryOp.NOT, e);
    }

    static Expression and(SourceSpan s, Expression a, Expression b) {
        return new Expression.Binary(s, Expression.BinaryOp.AND, a, b);
    }

    static Expression or(SourceSpan s, Expression a, Expression b) {
        return new Expression.Binary(s, Expression.BinaryOp.OR, a, b);
    }

    /** The OR of {@code list}, null for none. */
    static Expression anyOf(SourceSpan s, List<Expression> list) {
        Expression acc = null;
        for (Expression e : list) {
            acc = acc == null ? e : or(s, acc, e);
        }
        return acc;
    }

    /** The AND of two conditions either of which may be absent (null). */
    static Expression both(SourceSpan s, Expression a, Expression b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return and(s, a, b);
    }

    /** {@code name = value}. */
    static Expression eq(SourceSpan s, String name, int value) {
        return new Expression.Binary(s, Expression.BinaryOp.EQ, name(s, name),
                new Expression.IntLiteral(s, BigInteger.valueOf(value), null));
    }

    static boolean isTrue(Expression e) {
        return e instanceof Expression.BoolLiteral b && b.value();
    }

    static Statement assign(SourceSpan s, Expression target, Expression value) {
        return new Statement.Assignment(s, target, value);
    }

    static Statement assign(SourceSpan s, String name, Expression value) {
        return assign(s, name(s, name), value);
    }
}
