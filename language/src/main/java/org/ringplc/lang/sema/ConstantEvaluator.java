package org.ringplc.lang.sema;

import java.math.BigInteger;
import org.ringplc.lang.ast.Expression;
import org.ringplc.lang.ast.Initializer;
import org.ringplc.lang.diag.Diagnostics;
import org.ringplc.lang.diag.Problems;

/**
 * Evaluates the constant integer expressions of declarations (array bounds, string lengths,
 * enumeration values): literals, + - * / MOD and names of CONSTANT globals or locals.
 */
final class ConstantEvaluator {
    private ConstantEvaluator() {
    }

    /** The value, or null after reporting why it is not a constant integer. */
    static BigInteger integer(Expression e, ProjectModel model, PouSymbol pou, Diagnostics diagnostics) {
        BigInteger v = eval(e, model, pou);
        if (v == null) {
            diagnostics.report(Problems.TypeMismatch.notConstantInteger(e.span()));
        }
        return v;
    }

    private static BigInteger eval(Expression e, ProjectModel model, PouSymbol pou) {
        if (e instanceof Expression.IntLiteral i) {
            return i.value();
        }
        if (e instanceof Expression.Unary u && u.op() != Expression.UnaryOp.NOT) {
            BigInteger v = eval(u.operand(), model, pou);
            return v == null ? null : u.op() == Expression.UnaryOp.NEG ? v.negate() : v;
        }
        if (e instanceof Expression.Binary b) {
            BigInteger l = eval(b.left(), model, pou);
            BigInteger r = eval(b.right(), model, pou);
            if (l == null || r == null) {
                return null;
            }
            switch (b.op()) {
                case ADD: return l.add(r);
                case SUB: return l.subtract(r);
                case MUL: return l.multiply(r);
                case DIV: return r.signum() == 0 ? null : l.divide(r);
                case MOD: return r.signum() == 0 ? null : l.remainder(r);
                default: return null;
            }
        }
        if (e instanceof Expression.Name n) {
            VarSymbol v = pou != null ? pou.lookup(n.name()) : null;
            if (v == null) {
                v = model.global(n.name());
            }
            if (v != null && v.isConstant() && v.decl().init() instanceof Initializer.Value iv) {
                return eval(iv.expression(), model, pou);
            }
        }
        return null;
    }
}
