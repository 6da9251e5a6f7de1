package org.ringplc.lang.parse;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.ringplc.lang.ast.Argument;
import org.ringplc.lang.ast.Expression;
import org.ringplc.lang.ast.Statement;
import org.ringplc.lang.diag.Diagnostics;
import org.ringplc.lang.diag.Problems;
import org.ringplc.lang.diag.SourceSpan;
import org.ringplc.lang.parse.IecStParser.*;
import org.ringplc.lang.program.ValueFormat;
import org.ringplc.lang.program.ValueFormatException;
import org.ringplc.lang.program.ValueType;

/**
 * Builds the statements and expressions of a body from ANTLR's parse tree, every node with the
 * span of its first token. Literal text is decoded here (bases, underscores, time units, string
 * escapes) so that later phases only see values. Part of {@link AstBuilder}.
 */
final class BodyBuilder {
    private final String file;
    private final Diagnostics diagnostics;

    BodyBuilder(String file, Diagnostics diagnostics) {
        this.file = file;
        this.diagnostics = diagnostics;
    }

    List<Statement> body(BodyContext ctx) {
        List<Statement> out = new ArrayList<>();
        if (ctx == null) {
            return out;
        }
        for (StatementContext s : ctx.statement()) {
            Statement st = statement(s);
            if (st != null) {
                out.add(st);
            }
        }
        return out;
    }

    Statement statement(StatementContext ctx) {
        SourceSpan sp = span(ctx);
        if (ctx instanceof AssignmentContext a) {
            return new Statement.Assignment(sp, variable(a.variable()), expr(a.expression()));
        }
        if (ctx instanceof CallStatementContext c) {
            return new Statement.CallStatement(sp, variable(c.variable()), arguments(c.argument()));
        }
        if (ctx instanceof IfStatementContext i) {
            List<Statement.Branch> branches = new ArrayList<>();
            branches.add(new Statement.Branch(expr(i.cond), body(i.thenBody)));
            for (ElsifPartContext e : i.elsifPart()) {
                branches.add(new Statement.Branch(expr(e.cond), body(e.body())));
            }
            return new Statement.If(sp, branches, i.elseBody == null ? List.of() : body(i.elseBody));
        }
        if (ctx instanceof CaseStatementContext c) {
            List<Statement.CaseBranch> branches = new ArrayList<>();
            for (CaseBranchContext b : c.caseBranch()) {
                List<Statement.CaseLabel> labels = new ArrayList<>();
                for (CaseLabelContext l : b.caseLabel()) {
                    labels.add(new Statement.CaseLabel(span(l), expr(l.lo), l.hi == null ? null : expr(l.hi)));
                }
                branches.add(new Statement.CaseBranch(labels, body(b.body())));
            }
            return new Statement.Case(sp, expr(c.selector), branches, c.elseBody == null ? List.of() : body(c.elseBody));
        }
        if (ctx instanceof ForStatementContext f) {
            return new Statement.For(sp, new Expression.Name(span(f.control), id(f.control)), expr(f.from), expr(f.to),
                    f.step == null ? null : expr(f.step), body(f.body()));
        }
        if (ctx instanceof WhileStatementContext w) {
            return new Statement.While(sp, expr(w.cond), body(w.body()));
        }
        if (ctx instanceof RepeatStatementContext r) {
            return new Statement.Repeat(sp, body(r.body()), expr(r.cond));
        }
        if (ctx instanceof ExitStatementContext) {
            return new Statement.Exit(sp);
        }
        if (ctx instanceof ContinueStatementContext) {
            return new Statement.Continue(sp);
        }
        if (ctx instanceof ReturnStatementContext) {
            return new Statement.Return(sp);
        }
        return null;
    }

    List<Argument> arguments(List<ArgumentContext> args) {
        List<Argument> out = new ArrayList<>();
        for (ArgumentContext a : args) {
            if (a instanceof InputArgumentContext i) {
                out.add(new Argument(span(i), id(i.identifier()), expr(i.expression()), false, false));
            } else if (a instanceof OutputArgumentContext o) {
                out.add(new Argument(span(o), id(o.identifier()), variable(o.variable()), true, o.NOT() != null));
            } else {
                PositionalArgumentContext p = (PositionalArgumentContext) a;
                out.add(new Argument(span(p), null, expr(p.expression()), false, false));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- expressions

    Expression variable(VariableContext ctx) {
        SourceSpan sp = span(ctx);
        if (ctx instanceof NameVariableContext n) {
            return new Expression.Name(sp, id(n.identifier()));
        }
        if (ctx instanceof MemberVariableContext m) {
            return new Expression.Member(span(m.identifier()), variable(m.variable()), id(m.identifier()));
        }
        if (ctx instanceof BitVariableContext b) {
            return new Expression.BitAccess(span(b.INTEGER().getSymbol()), variable(b.variable()),
                    Integer.parseInt(b.INTEGER().getText()));
        }
        if (ctx instanceof DerefVariableContext d) {
            return new Expression.Deref(span(d.variable()), variable(d.variable()));
        }
        IndexVariableContext i = (IndexVariableContext) ctx;
        List<Expression> indices = new ArrayList<>();
        for (ExpressionContext e : i.expression()) {
            indices.add(expr(e));
        }
        return new Expression.Index(sp, variable(i.variable()), indices);
    }

    Expression expr(ExpressionContext ctx) {
        if (ctx instanceof ParenExprContext p) {
            return expr(p.expression());
        }
        if (ctx instanceof LiteralExprContext l) {
            return literal(l.literal());
        }
        if (ctx instanceof MethodCallExprContext mc) {
            return new Expression.MethodCall(span(mc.method), variable(mc.target), id(mc.method), arguments(mc.argument()));
        }
        if (ctx instanceof CallExprContext c) {
            return new Expression.Call(span(c), c.callee.getText(), arguments(c.argument()));
        }
        if (ctx instanceof CallAccessExprContext c) {
            return resultAccess(new Expression.Call(span(c), c.callee.getText(), arguments(c.argument())), c.resultAccess());
        }
        if (ctx instanceof MethodCallAccessExprContext mc) {
            return resultAccess(new Expression.MethodCall(span(mc.method), variable(mc.target), id(mc.method),
                    arguments(mc.argument())), mc.resultAccess());
        }
        if (ctx instanceof VariableExprContext v) {
            return variable(v.variable());
        }
        if (ctx instanceof UnaryExprContext u) {
            Expression.UnaryOp op = switch (u.op.getType()) {
                case IecStLexer.MINUS -> Expression.UnaryOp.NEG;
                case IecStLexer.PLUS -> Expression.UnaryOp.PLUS;
                default -> Expression.UnaryOp.NOT;
            };
            return new Expression.Unary(span(u), op, expr(u.expression()));
        }
        BinaryExprContext b = (BinaryExprContext) ctx;
        Expression.BinaryOp op = switch (b.op.getType()) {
            case IecStLexer.POWER -> Expression.BinaryOp.POW;
            case IecStLexer.STAR -> Expression.BinaryOp.MUL;
            case IecStLexer.SLASH -> Expression.BinaryOp.DIV;
            case IecStLexer.MOD -> Expression.BinaryOp.MOD;
            case IecStLexer.PLUS -> Expression.BinaryOp.ADD;
            case IecStLexer.MINUS -> Expression.BinaryOp.SUB;
            case IecStLexer.LT_ -> Expression.BinaryOp.LT;
            case IecStLexer.GT_ -> Expression.BinaryOp.GT;
            case IecStLexer.LE -> Expression.BinaryOp.LE;
            case IecStLexer.GE -> Expression.BinaryOp.GE;
            case IecStLexer.EQ -> Expression.BinaryOp.EQ;
            case IecStLexer.NE -> Expression.BinaryOp.NE;
            case IecStLexer.AND, IecStLexer.AMP -> Expression.BinaryOp.AND;
            case IecStLexer.XOR -> Expression.BinaryOp.XOR;
            default -> Expression.BinaryOp.OR;
        };
        // the operator's position: that is where a type error of the operation is reported
        return new Expression.Binary(span(b.op), op, expr(b.left), expr(b.right));
    }

    /** Members, elements and bits read off a call's result ({@code F(x).y}, {@code o.M(x)[2]}), innermost first. */
    private Expression resultAccess(Expression call, List<ResultAccessContext> access) {
        Expression e = call;
        for (ResultAccessContext a : access) {
            if (a instanceof ResultMemberContext m) {
                e = new Expression.Member(span(m.identifier()), e, id(m.identifier()));
            } else if (a instanceof ResultBitContext b) {
                e = new Expression.BitAccess(span(b.INTEGER().getSymbol()), e, Integer.parseInt(b.INTEGER().getText()));
            } else {
                ResultIndexContext ix = (ResultIndexContext) a;
                e = new Expression.Index(span(ix), e, ix.expression().stream().map(this::expr).toList());
            }
        }
        return e;
    }

    Expression literal(LiteralContext ctx) {
        SourceSpan sp = span(ctx);
        if (ctx instanceof IntegerLiteralContext i) {
            return new Expression.IntLiteral(sp, integerValue(i.getStart()), null);
        }
        if (ctx instanceof RealLiteralContext r) {
            return new Expression.RealLiteral(sp, new BigDecimal(r.getText().replace("_", "")), null);
        }
        if (ctx instanceof BoolLiteralContext b) {
            return new Expression.BoolLiteral(sp, b.TRUE() != null);
        }
        if (ctx instanceof DurationLiteralContext d) {
            String text = d.getText();
            boolean wide = text.toUpperCase(java.util.Locale.ROOT).startsWith("LT");
            return new Expression.TimeLiteral(sp, timeValue(wide ? ValueType.LTIME : ValueType.TIME, text, sp),
                    wide ? "LTIME" : "TIME");
        }
        if (ctx instanceof DateLiteralContext d) {
            return new Expression.TimeLiteral(sp, timeValue(ValueType.DATE, "D#" + afterHash(d.getText()), sp), "DATE");
        }
        if (ctx instanceof TodLiteralContext d) {
            return new Expression.TimeLiteral(sp, timeValue(ValueType.TIME_OF_DAY, "TOD#" + afterHash(d.getText()), sp),
                    "TIME_OF_DAY");
        }
        if (ctx instanceof DtLiteralContext d) {
            return new Expression.TimeLiteral(sp, timeValue(ValueType.DATE_AND_TIME, "DT#" + afterHash(d.getText()), sp),
                    "DATE_AND_TIME");
        }
        if (ctx instanceof StringLiteralContext s) {
            String text = s.getText();
            boolean wide = text.startsWith("\"");
            String value;
            try {
                value = ValueFormat.unescape(text.substring(1, text.length() - 1), wide ? "WSTRING" : "STRING");
            } catch (ValueFormatException e) {
                diagnostics.report(Problems.SyntaxError.literal(sp, e.getMessage()));
                value = "";
            }
            return new Expression.StringLiteral(sp, value, wide);
        }
        TypedLiteralContext t = (TypedLiteralContext) ctx;
        String type = id(t.type);
        boolean neg = t.sign != null && t.sign.getType() == IecStLexer.MINUS;
        TypedValueContext v = t.value;
        if (v.INTEGER() != null || v.BASED_INTEGER() != null) {
            BigInteger n = integerValue(v.getStart());
            return new Expression.IntLiteral(sp, neg ? n.negate() : n, type.toUpperCase(java.util.Locale.ROOT));
        }
        if (v.REAL_NUMBER() != null) {
            BigDecimal n = new BigDecimal(v.getText().replace("_", ""));
            return new Expression.RealLiteral(sp, neg ? n.negate() : n, type.toUpperCase(java.util.Locale.ROOT));
        }
        if (v.TRUE() != null || v.FALSE() != null) {
            return new Expression.BoolLiteral(sp, v.TRUE() != null);
        }
        if (v.STRING_LITERAL() != null) {
            String text = v.getText();
            boolean wide = type.equalsIgnoreCase("WSTRING");
            try {
                return new Expression.StringLiteral(sp,
                        ValueFormat.unescape(text.substring(1, text.length() - 1), wide ? "WSTRING" : "STRING"), wide);
            } catch (ValueFormatException e) {
                diagnostics.report(Problems.SyntaxError.literal(sp, e.getMessage()));
                return new Expression.StringLiteral(sp, "", wide);
            }
        }
        return new Expression.EnumLiteral(sp, type, v.getText());
    }

    private long timeValue(ValueType t, String text, SourceSpan sp) {
        try {
            return ValueFormat.parseLiteral(t, text);
        } catch (ValueFormatException e) {
            diagnostics.report(Problems.SyntaxError.literal(sp, e.getMessage()));
            return 0;
        }
    }

    private static String afterHash(String s) {
        return s.substring(s.indexOf('#') + 1);
    }

    static BigInteger integerValue(Token t) {
        String s = t.getText().replace("_", "");
        int hash = s.indexOf('#');
        if (hash > 0) {
            return new BigInteger(s.substring(hash + 1), Integer.parseInt(s.substring(0, hash)));
        }
        return new BigInteger(s);
    }

    // ---------------------------------------------------------------- spans

    static String id(IdentifierContext ctx) {
        return ctx.getText();
    }

    SourceSpan span(ParserRuleContext ctx) {
        return span(ctx.getStart());
    }

    SourceSpan span(Token t) {
        return new SourceSpan(file, t.getLine(), t.getCharPositionInLine() + 1, Math.max(1, t.getText().length()));
    }
}
