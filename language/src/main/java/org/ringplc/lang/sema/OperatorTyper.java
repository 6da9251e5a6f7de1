package org.ringplc.lang.sema;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import org.ringplc.lang.ast.Expression;
import org.ringplc.lang.diag.Diagnostics;
import org.ringplc.lang.diag.Problems;
import org.ringplc.lang.sema.ElementaryType.Category;

/**
 * Types the ST operators (IEC 61131-3 §7.3.2): the operand type both sides are converted to
 * (their common type; date and time arithmetic as edition 3 overloads {@code +} and {@code -}; TIME
 * scaled by a number), the operators each type allows, and untyped literal operands folded
 * exactly into a literal constant that takes its type from the context ({@code 2 * 3 + 1} is the
 * ANY_INT literal 7). Part of {@link ExpressionTyper}.
 */
final class OperatorTyper {
    private final ExpressionTyper typer;
    private final Typing typing;
    private final Diagnostics diagnostics;

    OperatorTyper(ExpressionTyper typer, Diagnostics diagnostics) {
        this.typer = typer;
        this.typing = typer.typing();
        this.diagnostics = diagnostics;
    }

    Type unary(Expression.Unary u) {
        Type t = typer.type(u.operand());
        Object c = typing.constant(u.operand());
        if (u.op() == Expression.UnaryOp.NOT) {
            if (t instanceof ElementaryType et && (et == ElementaryType.BOOL || et.isInteger() && !et.isLiteral())) {
                if (c instanceof Boolean b) {
                    typing.constants.put(u, !b);
                }
                return t;
            }
            diagnostics.report(Problems.TypeMismatch.operator(u.span(), "NOT", "BOOL or a bit string", t.name()));
            return ElementaryType.BOOL;
        }
        if (t instanceof ElementaryType et && (et.isNumeric() || et.category == Category.DURATION)) {
            if (et.isLiteral() && u.op() == Expression.UnaryOp.NEG) {
                typing.constants.put(u, c instanceof BigInteger bi ? bi.negate() : ((BigDecimal) c).negate());
            } else if (et.isLiteral()) {
                typing.constants.put(u, c);
            }
            return t;
        }
        diagnostics.report(Problems.TypeMismatch.operator(u.span(), "'-'", "a number or a duration", t.name()));
        return t;
    }

    Type binary(Expression.Binary b) {
        Type l = typer.type(b.left());
        Type r = typer.type(b.right());
        Expression.BinaryOp op = b.op();
        if (l instanceof ElementaryType el && el.isLiteral() && r instanceof ElementaryType er && er.isLiteral()
                && !op.isLogical()) {
            return foldLiterals(b, el, er);
        }
        // date arithmetic as ed. 3 overloads + and -: TOD/DT/DATE +- TIME, TOD - TOD, DT - DT, DATE - DATE
        if (isDate(l) || isDate(r)) {
            Type dateResult = null;
            if (isDate(l) && isDuration(r) && (op == Expression.BinaryOp.ADD || op == Expression.BinaryOp.SUB)
                    && l != ElementaryType.DATE) {
                dateResult = l;
            } else if (isDuration(l) && isDate(r) && op == Expression.BinaryOp.ADD && r != ElementaryType.DATE) {
                dateResult = r;
            } else if (l == r && op == Expression.BinaryOp.SUB) {
                dateResult = ElementaryType.TIME;
            }
            if (dateResult != null) {
                typing.operandTypes.put(b, ElementaryType.LINT);
                typing.dateArithmetic.put(b, Boolean.TRUE);
                return dateResult;
            }
        }
        // TIME arithmetic: TIME +- TIME, TIME */ number
        if (isDuration(l) || isDuration(r)) {
            Type d = isDuration(l) ? l : r;
            Type other = d == l ? r : l;
            if ((op == Expression.BinaryOp.MUL || op == Expression.BinaryOp.DIV && d == l) && isNumber(other)) {
                typing.operandTypes.put(b, d);
                return d;
            }
        }
        Type common = TypeRules.common(l, r);
        if (common == null && (typer.isPoisoned(b.left()) || typer.isPoisoned(b.right()))) {
            typing.operandTypes.put(b, l);
            return op.isComparison() ? ElementaryType.BOOL : l;
        }
        if (common == null) {
            diagnostics.report(Problems.TypeMismatch.operands(b.span(), op.symbol, ExpressionTyper.describe(l), ExpressionTyper.describe(r), ExpressionTyper.conversionHint(l, r)));
            typing.operandTypes.put(b, l);
            return op.isComparison() ? ElementaryType.BOOL : l;
        }
        if (common instanceof ElementaryType ec && ec.isLiteral()) {
            common = TypeRules.defaultFor(ec, null);
        }
        // a literal must fit the type it takes
        checkLiteralOperand(b.left(), l, common);
        checkLiteralOperand(b.right(), r, common);
        typing.operandTypes.put(b, common);
        ElementaryType ec = common instanceof ElementaryType x ? x : null;
        switch (op) {
            case LT: case GT: case LE: case GE:
                if (!(ec != null && ec != ElementaryType.BOOL || common instanceof EnumType || common instanceof StringType)) {
                    diagnostics.report(Problems.TypeMismatch.notComparable(b.span(), op.symbol, common.name()));
                }
                return ElementaryType.BOOL;
            case EQ: case NE:
                if (!(ec != null || common instanceof EnumType || common instanceof StringType || common instanceof RefType
                        || common instanceof InterfaceType)) {
                    diagnostics.report(Problems.TypeMismatch.notComparable(b.span(), op.symbol, common.name()));
                }
                return ElementaryType.BOOL;
            case AND: case OR: case XOR:
                if (ec == null || !(ec == ElementaryType.BOOL || ec.isInteger())) {
                    diagnostics.report(Problems.TypeMismatch.operator(b.span(), op.symbol, "BOOL or bit strings", common.name()));
                }
                return common;
            case MOD:
                if (ec == null || !ec.isInteger()) {
                    diagnostics.report(Problems.TypeMismatch.operator(b.span(), "MOD", "integers", common.name()));
                }
                return common;
            case POW:
                if (ec == null || !ec.isNumeric()) {
                    diagnostics.report(Problems.TypeMismatch.operator(b.span(), "'**'", "numbers", common.name()));
                    return ElementaryType.LREAL;
                }
                Type pt = ec == ElementaryType.REAL ? ElementaryType.REAL : ElementaryType.LREAL;
                typing.operandTypes.put(b, pt);
                return pt;
            default:
                if (ec == null || !(ec.isNumeric() || ec.category == Category.DURATION
                        && (op == Expression.BinaryOp.ADD || op == Expression.BinaryOp.SUB))) {
                    diagnostics.report(Problems.TypeMismatch.operator(b.span(), "'" + op.symbol + "'", "numbers", common.name()));
                }
                return common;
        }
    }

    private void checkLiteralOperand(Expression e, Type t, Type common) {
        if (t instanceof ElementaryType et && et.isLiteral() && !TypeRules.literalFits(typing.constant(e), common)) {
            diagnostics.report(Problems.TypeMismatch.constantDoesNotFit(e.span(), ExpressionTyper.show(typing.constant(e)), common.name(), ""));
        }
    }

    private static boolean isDuration(Type t) {
        return t instanceof ElementaryType e && e.category == Category.DURATION;
    }

    private static boolean isDate(Type t) {
        return t instanceof ElementaryType e && e.category == Category.DATE;
    }

    private static boolean isNumber(Type t) {
        return t instanceof ElementaryType e && e.isNumeric();
    }

    /** {@code 2 * 3 + 1} is the ANY_INT literal 7: folded exactly, typed by its context. */
    private Type foldLiterals(Expression.Binary b, ElementaryType l, ElementaryType r) {
        Object a = typing.constant(b.left());
        Object c = typing.constant(b.right());
        boolean real = l == ElementaryType.LIT_REAL || r == ElementaryType.LIT_REAL;
        if (b.op().isComparison()) {
            int cmp = decimal(a).compareTo(decimal(c));
            boolean v = switch (b.op()) {
                case LT -> cmp < 0;
                case GT -> cmp > 0;
                case LE -> cmp <= 0;
                case GE -> cmp >= 0;
                case EQ -> cmp == 0;
                default -> cmp != 0;
            };
            typing.constants.put(b, v);
            typing.operandTypes.put(b, real ? ElementaryType.LREAL : ElementaryType.LINT);
            return ElementaryType.BOOL;
        }
        if (real) {
            BigDecimal x = decimal(a);
            BigDecimal y = decimal(c);
            BigDecimal v;
            switch (b.op()) {
                case ADD: v = x.add(y); break;
                case SUB: v = x.subtract(y); break;
                case MUL: v = x.multiply(y); break;
                case DIV:
                    if (y.signum() == 0) {
                        diagnostics.report(Problems.TypeMismatch.divisionByZero(b.span()));
                        v = BigDecimal.ZERO;
                    } else {
                        v = x.divide(y, MathContext.DECIMAL128);
                    }
                    break;
                case POW: v = new BigDecimal(Math.pow(x.doubleValue(), y.doubleValue())); break;
                default:
                    diagnostics.report(Problems.TypeMismatch.operator(b.span(), "'" + b.op().symbol + "'", "integers", "a real constant"));
                    v = BigDecimal.ZERO;
            }
            typing.constants.put(b, v);
            return ElementaryType.LIT_REAL;
        }
        BigInteger x = (BigInteger) a;
        BigInteger y = (BigInteger) c;
        BigInteger v;
        switch (b.op()) {
            case ADD: v = x.add(y); break;
            case SUB: v = x.subtract(y); break;
            case MUL: v = x.multiply(y); break;
            case DIV: case MOD:
                if (y.signum() == 0) {
                    diagnostics.report(Problems.TypeMismatch.divisionByZero(b.span()));
                    v = BigInteger.ZERO;
                } else {
                    v = b.op() == Expression.BinaryOp.DIV ? x.divide(y) : x.remainder(y);
                }
                break;
            case POW:
                typing.constants.put(b, new BigDecimal(Math.pow(x.doubleValue(), y.doubleValue())));
                return ElementaryType.LIT_REAL;
            default:
                v = BigInteger.ZERO;
        }
        typing.constants.put(b, v);
        return ElementaryType.LIT_INT;
    }

    private static BigDecimal decimal(Object o) {
        return o instanceof BigInteger i ? new BigDecimal(i) : (BigDecimal) o;
    }
}
