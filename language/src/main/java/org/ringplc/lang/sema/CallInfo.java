package org.ringplc.lang.sema;

import java.util.List;
import org.ringplc.lang.ast.Expression;

/** What a checked call resolves to; the generator emits one shape per kind. */
public sealed interface CallInfo {

    /** A user FUNCTION: {@code args} parallel to its inputs, null where the default applies. */
    record FunctionCall(PouSymbol function, List<Expression> args) implements CallInfo {
    }

    /** A standard function; {@code operandType} is what the arguments are converted to. */
    record BuiltinCall(Builtin builtin, List<Expression> args, Type operandType, Type resultType) implements CallInfo {
    }

    /** {@code X_TO_Y(arg)}, {@code TRUNC(arg)}. */
    record Conversion(ElementaryType from, Type to, Expression arg, boolean truncate) implements CallInfo {
    }

    /** A function block call: inputs written before, outputs read after {@code execute()}. */
    record FbCall(FbType type, Expression instance, List<Binding> inputs, List<Binding> outputs) implements CallInfo {
    }

    /** {@code IN := expr} or {@code Q => target}. */
    record Binding(FbType.Member member, Expression expression, boolean negated) {
    }
}
