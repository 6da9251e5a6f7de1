package org.ringplc.lang.ast;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.ringplc.lang.diag.SourceSpan;

/**
 * An ST expression (IEC 61131-3 §7.3.2): literals, variable accesses (which are also the
 * assignable forms), operators and function calls. Every node carries its span so that any later
 * phase can point at it.
 */
public sealed interface Expression {
    SourceSpan span();

    /** {@code 42}, {@code 16#FF}, {@code INT#-5}; {@code typeName} is null for an untyped literal. */
    record IntLiteral(SourceSpan span, BigInteger value, String typeName) implements Expression {
    }

    /** {@code 1.5}, {@code 1.5E3}, {@code REAL#2}; {@code typeName} is null for an untyped literal. */
    record RealLiteral(SourceSpan span, BigDecimal value, String typeName) implements Expression {
    }

    record BoolLiteral(SourceSpan span, boolean value) implements Expression {
    }

    /** TIME, LTIME, DATE, TIME_OF_DAY or DATE_AND_TIME literal, as raw nanoseconds. */
    record TimeLiteral(SourceSpan span, long nanos, String typeName) implements Expression {
    }

    record StringLiteral(SourceSpan span, String value, boolean wide) implements Expression {
    }

    /** {@code E_State#RUNNING}. */
    record EnumLiteral(SourceSpan span, String typeName, String element) implements Expression {
    }

    /** A bare name: a variable, an enumeration element or (as a call target) a POU. */
    record Name(SourceSpan span, String name) implements Expression {
    }

    /** {@code fb.Q}, {@code s.field}, {@code E_State.RUNNING}. */
    record Member(SourceSpan span, Expression target, String member) implements Expression {
    }

    /** {@code w.3}: one bit of a bit string. */
    record BitAccess(SourceSpan span, Expression target, int bit) implements Expression {
    }

    /** {@code p^}: the variable a REF_TO value refers to. */
    record Deref(SourceSpan span, Expression target) implements Expression {
    }

    /** {@code a[i]}, {@code m[i, j]}. */
    record Index(SourceSpan span, Expression target, List<Expression> indices) implements Expression {
    }

    record Unary(SourceSpan span, UnaryOp op, Expression operand) implements Expression {
    }

    record Binary(SourceSpan span, BinaryOp op, Expression left, Expression right) implements Expression {
    }

    /** {@code fb.Method(args)}, {@code THIS^.Method()}, {@code SUPER^.Method()} in an expression. */
    record MethodCall(SourceSpan span, Expression target, String method, List<Argument> args) implements Expression {
    }

    /** A function call in an expression, {@code LIMIT(0, x, 10)}, {@code f(a := 1)}. */
    record Call(SourceSpan span, String name, List<Argument> args) implements Expression {
    }

    enum UnaryOp { NEG, PLUS, NOT }

    enum BinaryOp {
        POW("**"), MUL("*"), DIV("/"), MOD("MOD"), ADD("+"), SUB("-"),
        LT("<"), GT(">"), LE("<="), GE(">="), EQ("="), NE("<>"), AND("AND"), XOR("XOR"), OR("OR");

        public final String symbol;

        BinaryOp(String symbol) {
            this.symbol = symbol;
        }

        public boolean isComparison() {
            return ordinal() >= LT.ordinal() && ordinal() <= NE.ordinal();
        }

        public boolean isLogical() {
            return this == AND || this == OR || this == XOR;
        }
    }
}
