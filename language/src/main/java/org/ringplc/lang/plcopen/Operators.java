package org.ringplc.lang.plcopen;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ringplc.lang.ast.Argument;
import org.ringplc.lang.ast.Expression;
import org.ringplc.lang.diag.SourceSpan;
import org.ringplc.lang.sema.Builtin;

/**
 * The standard functions a graphical block can name, as the ST expression they stand for: the
 * operator functions (ADD, AND, GT, ...; extensible ones over all their inputs, comparisons
 * chained as the standard defines {@code GT(a, b, c)} = {@code a > b AND b > c}), MOVE as its
 * input, and every other function as a call: positional for the built-in and conversion
 * functions (blocks list their pins in declaration order), by formal name for the rest.
 */
final class Operators {
    private Operators() {
    }

    /** The expression of a call to {@code type} with these inputs; null when there is no input. */
    static Expression call(SourceSpan s, String type, List<String> names, List<Expression> args) {
        if (args.isEmpty()) {
            return null;
        }
        String t = type.toUpperCase(Locale.ROOT);
        Expression.BinaryOp op = switch (t) {
            case "ADD" -> Expression.BinaryOp.ADD;
            case "MUL" -> Expression.BinaryOp.MUL;
            case "SUB" -> Expression.BinaryOp.SUB;
            case "DIV" -> Expression.BinaryOp.DIV;
            case "MOD" -> Expression.BinaryOp.MOD;
            case "EXPT" -> Expression.BinaryOp.POW;
            case "AND" -> Expression.BinaryOp.AND;
            case "OR" -> Expression.BinaryOp.OR;
            case "XOR" -> Expression.BinaryOp.XOR;
            case "GT" -> Expression.BinaryOp.GT;
            case "GE" -> Expression.BinaryOp.GE;
            case "EQ" -> Expression.BinaryOp.EQ;
            case "LE" -> Expression.BinaryOp.LE;
            case "LT" -> Expression.BinaryOp.LT;
            case "NE" -> Expression.BinaryOp.NE;
            default -> null;
        };
        if (op != null && args.size() >= 2) {
            if (op.isComparison()) {
                Expression acc = new Expression.Binary(s, op, args.get(0), args.get(1));
                for (int i = 2; i < args.size(); i++) {
                    // the middle operand takes part in two comparisons, as in the standard's definition
                    acc = new Expression.Binary(s, Expression.BinaryOp.AND, acc,
                            new Expression.Binary(s, op, args.get(i - 1), args.get(i)));
                }
                return acc;
            }
            Expression acc = args.get(0);
            for (int i = 1; i < args.size(); i++) {
                acc = new Expression.Binary(s, op, acc, args.get(i));
            }
            return acc;
        }
        if (t.equals("NOT") && args.size() == 1) {
            return new Expression.Unary(s, Expression.UnaryOp.NOT, args.get(0));
        }
        if (t.equals("MOVE") && args.size() == 1) {
            return args.get(0);
        }
        boolean positional = Builtin.byName(t) != null || t.contains("_TO_") || t.startsWith("TO_") || t.startsWith("TRUNC");
        List<Argument> list = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String n = names.get(i);
            list.add(new Argument(s, positional || n == null || n.isEmpty() ? null : n, args.get(i), false, false));
        }
        return new Expression.Call(s, type, list);
    }
}
