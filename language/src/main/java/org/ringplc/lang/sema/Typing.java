package org.ringplc.lang.sema;

import java.util.IdentityHashMap;
import java.util.Map;
import org.ringplc.lang.ast.Expression;

/**
 * The typed tree: what the checker learned about each AST node, keyed by node identity. The
 * AST records stay immutable and phase-free; the generator reads types, constant values,
 * resolved variables and calls from here.
 */
public final class Typing {
    final Map<Expression, Type> types = new IdentityHashMap<>();
    final Map<Expression, Object> constants = new IdentityHashMap<>();
    final Map<Expression, VarSymbol> variables = new IdentityHashMap<>();
    final Map<Expression.Binary, Type> operandTypes = new IdentityHashMap<>();
    final Map<Object, CallInfo> calls = new IdentityHashMap<>();

    /** The type of {@code e}; {@link ElementaryType#LIT_INT}/{@code LIT_REAL} only for constant literals. */
    public Type type(Expression e) {
        return types.get(e);
    }

    /**
     * The compile-time value of {@code e} if it is constant: BigInteger (integers, enums), BigDecimal
     * (reals), Boolean, Long (TIME and dates, nanoseconds) or String; else null.
     */
    public Object constant(Expression e) {
        return constants.get(e);
    }

    /** The variable a Name node refers to, or null. */
    public VarSymbol variable(Expression e) {
        return variables.get(e);
    }

    /** The type both operands of a binary operation are converted to before it is applied. */
    public Type operandType(Expression.Binary b) {
        return operandTypes.get(b);
    }

    /** The resolved call of an {@link Expression.Call} or a call statement. */
    public CallInfo call(Object node) {
        return calls.get(node);
    }
}
