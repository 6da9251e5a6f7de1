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
    final Map<org.ringplc.lang.ast.TypeRef, Subrange> subranges = new IdentityHashMap<>();
    final Map<org.ringplc.lang.ast.VarDecl, Subrange> declRanges = new IdentityHashMap<>();
    final Map<org.ringplc.lang.ast.VarDecl, Subrange> elementRanges = new IdentityHashMap<>();
    final Map<Expression, Subrange> storeRanges = new IdentityHashMap<>();
    final Map<Expression, MethodSymbol[]> properties = new IdentityHashMap<>();
    final Map<Expression, Boolean> dateArithmetic = new IdentityHashMap<>();

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

    /** The subrange of a declared variable or member, or null when its type is not a subrange. */
    public Subrange range(org.ringplc.lang.ast.VarDecl decl) {
        return decl == null ? null : declRanges.get(decl);
    }

    /** The subrange of the elements of a declared array, or null. */
    public Subrange elementRange(org.ringplc.lang.ast.VarDecl decl) {
        return decl == null ? null : elementRanges.get(decl);
    }

    /**
     * The subrange a value must fit when it is stored: keyed by an assignment target (or FOR
     * control variable, output target) or by the value bound to a function block input; null
     * when the destination is not a subrange.
     */
    public Subrange storeRange(Expression e) {
        return storeRanges.get(e);
    }

    /** True for {@code +}/{@code -} between dates, times of day and durations, computed on raw nanoseconds. */
    public boolean isDateArithmetic(Expression.Binary b) {
        return dateArithmetic.containsKey(b);
    }

    /** For {@code fb.Prop}: its getter and setter ({@code [get, set]}, either may be null); else null. */
    public MethodSymbol[] property(Expression e) {
        return properties.get(e);
    }

    /** The resolved call of an {@link Expression.Call} or a call statement. */
    public CallInfo call(Object node) {
        return calls.get(node);
    }
}
