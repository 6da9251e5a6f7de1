package org.ringplc.lang.sema;

import java.util.List;
import org.ringplc.lang.ast.Expression;

/** What a checked call resolves to; the generator emits one shape per kind. */
public sealed interface CallInfo {

    /**
     * A user FUNCTION: {@code args} parallel to its inputs and in-outs ({@link PouSymbol#inputs()}),
     * null where the default applies; {@code outputs} the {@code Q => target} bindings.
     */
    record FunctionCall(PouSymbol function, List<Expression> args, List<FunctionOutput> outputs) implements CallInfo {
    }

    /** {@code Q => target} of a function call; {@code param} is the VAR_OUTPUT. */
    record FunctionOutput(VarSymbol param, Expression target, boolean negated) {
    }

    /** A standard function; {@code operandType} is what the arguments are converted to. */
    record BuiltinCall(Builtin builtin, List<Expression> args, Type operandType, Type resultType) implements CallInfo {
    }

    /** A string or time function; {@code argTypes} are what each argument is converted to. */
    record LibraryCall(LibraryFunction function, List<Expression> args, List<Type> argTypes, Type resultType)
            implements CallInfo {
    }

    /**
     * {@code target.Method(args)}: {@code args} parallel to the method's inputs (null where the
     * default applies); {@code isSuper} for {@code SUPER^.Method()}, which runs the base's version.
     */
    record MethodCall(MethodSymbol method, Expression target, List<Expression> args, List<FunctionOutput> outputs,
                      boolean isSuper) implements CallInfo {
    }

    /** {@code REF(variable)}. */
    record Reference(Expression target) implements CallInfo {
    }

    /** {@code X_TO_Y(arg)}, {@code TRUNC(arg)}. */
    record Conversion(ElementaryType from, Type to, Expression arg, boolean truncate) implements CallInfo {
    }

    /**
     * A function block call: inputs written before, outputs read after {@code execute()}; each
     * in-out is written before and (for elementary types) copied back after it.
     */
    record FbCall(FbType type, Expression instance, List<Binding> inputs, List<Binding> outputs, List<Binding> inOuts)
            implements CallInfo {
    }

    /** {@code IN := expr} or {@code Q => target}. */
    record Binding(FbType.Member member, Expression expression, boolean negated) {
    }
}
