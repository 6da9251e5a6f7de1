package org.ringplc.lang.sema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ringplc.lang.ast.Argument;
import org.ringplc.lang.ast.Expression;
import org.ringplc.lang.diag.Diagnostics;
import org.ringplc.lang.diag.Problems;

/**
 * Calls of the standard functions (IEC 61131-3 §6.6.2.5): conversions {@code X_TO_Y} and
 * {@code TRUNC}, the numeric, bit and selection functions with their generic typing (the inputs
 * meet in one type, constants fold), and the string and time functions of
 * {@link LibraryFunction}. Arguments may be given by position or by their formal names.
 */
final class StandardCalls {
    private final ExpressionTyper typer;
    private final Diagnostics diagnostics;

    StandardCalls(ExpressionTyper typer, Diagnostics diagnostics) {
        this.typer = typer;
        this.diagnostics = diagnostics;
    }

    private static final java.util.regex.Pattern CONVERSION =
            java.util.regex.Pattern.compile("([A-Z_]+?)_TO_([A-Z_]+)", java.util.regex.Pattern.CASE_INSENSITIVE);

    Type conversion(Expression.Call c) {
        String name = c.name().toUpperCase(Locale.ROOT);
        ElementaryType from = null;
        Type to;
        boolean truncate = false;
        java.util.regex.Matcher m = CONVERSION.matcher(name);
        if (m.matches() && ElementaryType.byName(m.group(1)) != null && ElementaryType.byName(m.group(2)) != null) {
            from = ElementaryType.byName(m.group(1));
            to = ElementaryType.byName(m.group(2));
        } else if (name.equals("TRUNC")) {
            to = ElementaryType.DINT;
            truncate = true;
        } else if (name.startsWith("TRUNC_") && ElementaryType.byName(name.substring(6)) != null) {
            to = ElementaryType.byName(name.substring(6));
            truncate = true;
        } else if (name.startsWith("TO_") && ElementaryType.byName(name.substring(3)) != null) {
            to = ElementaryType.byName(name.substring(3));
        } else {
            return null;
        }
        if (c.args().size() != 1 || c.args().get(0).output()) {
            diagnostics.report(Problems.WrongArgumentCount.inputs(c.span(), c.name(), "exactly one input"));
            c.args().forEach(a -> typer.type(a.value()));
            return to;
        }
        Expression arg = c.args().get(0).value();
        Type at = typer.type(arg);
        if (at instanceof EnumType && from == null && to instanceof ElementaryType te && te.isInteger()) {
            // TO_DINT(mode): an enumeration's integer value, as CODESYS allows
            typer.typing().calls.put(c, new CallInfo.Conversion(ElementaryType.DINT, to, arg, false));
            return to;
        }
        if (!(at instanceof ElementaryType et)) {
            diagnostics.report(Problems.TypeMismatch.argument(arg.span(), c.name(), "an elementary value", at.name()));
            return to;
        }
        if (et.isLiteral()) {
            et = from != null ? from : TypeRules.defaultFor(et, typer.typing().constant(arg));
            if (!TypeRules.literalFits(typer.typing().constant(arg), et)) {
                diagnostics.report(Problems.TypeMismatch.constantDoesNotFit(arg.span(), String.valueOf(typer.typing().constant(arg)), et.name(), ""));
            }
        } else if (from != null && !TypeRules.widens(et, from)) {
            diagnostics.report(Problems.TypeMismatch.argument(arg.span(), c.name(), from.name(), et.name()));
        } else if (from == null) {
            from = et;
        }
        if (from == null) {
            from = et;
        }
        if (truncate && !from.isReal()) {
            diagnostics.report(Problems.TypeMismatch.argument(arg.span(), "TRUNC", "REAL or LREAL", from.name()));
        }
        typer.typing().calls.put(c, new CallInfo.Conversion(from, to, arg, truncate));
        return to;
    }

    Type library(Expression.Call c, LibraryFunction f) {
        List<Expression> args = new ArrayList<>();
        int positional = 0;
        boolean ok = true;
        for (Argument a : typer.named(c.args())) {
            int idx = a.output() ? -1 : a.isPositional() ? positional++ : f.indexOf(a.name());
            if (idx < 0 || !f.variadic() && idx >= f.params.size()) {
                if (a.isPositional() || idx >= 0) {
                    diagnostics.report(Problems.WrongArgumentCount.inputs(a.span(), c.name(), f.params.size() + " input(s): "
                            + f.parameterList()));
                } else {
                    diagnostics.report(a.output() ? Problems.UnknownParameter.noOutputs(a.span(), c.name())
                            : Problems.UnknownParameter.of(a.span(), c.name(), false, a.name(), f.parameterList()));
                }
                typer.type(a.value());
                ok = false;
                continue;
            }
            while (args.size() <= idx) {
                args.add(null);
            }
            args.set(idx, a.value());
        }
        int needed = f.params.size();
        if (ok && (args.size() < needed || args.contains(null))) {
            diagnostics.report(Problems.WrongArgumentCount.inputs(c.span(), c.name(), "the inputs " + f.parameterList()));
            ok = false;
        }
        boolean wide = false;
        List<Type> types = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            Expression a = args.get(i);
            String kind = f.params.get(Math.min(i, f.params.size() - 1)).kind();
            Type want = switch (kind) {
                case "S" -> null;
                case "I" -> ElementaryType.DINT;
                case "N" -> null;
                case "T" -> ElementaryType.TIME;
                case "TOD" -> ElementaryType.TIME_OF_DAY;
                case "DT" -> ElementaryType.DATE_AND_TIME;
                default -> ElementaryType.DATE;
            };
            if (a == null) {
                types.add(want);
                continue;
            }
            if (want != null) {
                typer.expect(a, want, "for " + c.name());
                types.add(want);
                continue;
            }
            Type t = typer.type(a);
            if (kind.equals("S")) {
                if (!(t instanceof StringType st) && !typer.isPoisoned(a)) {
                    diagnostics.report(Problems.TypeMismatch.argument(a.span(), c.name(), "a STRING here", t.name()));
                    types.add(new StringType(StringType.DEFAULT_LENGTH, false));
                } else {
                    wide |= t instanceof StringType st && st.wide();
                    types.add(t);
                }
            } else {
                boolean real = t instanceof ElementaryType e && e.isReal();
                if (!(t instanceof ElementaryType e && e.isNumeric()) && !typer.isPoisoned(a)) {
                    diagnostics.report(Problems.TypeMismatch.argument(a.span(), c.name(), "a number here", t.name()));
                }
                Type nt = real ? ElementaryType.LREAL : ElementaryType.LINT;
                typer.assignable(a, t, nt, "for " + c.name());
                types.add(nt);
            }
        }
        for (int i = 0; i < types.size(); i++) {
            if (types.get(i) instanceof StringType st && st.wide() != wide) {
                diagnostics.report(Problems.TypeMismatch.mixedWidths(args.get(i).span(), c.name()));
            }
        }
        Type result = switch (f.result) {
            case "S" -> new StringType(StringType.MAX_LENGTH, wide);
            case "I" -> ElementaryType.INT;
            case "T" -> ElementaryType.TIME;
            case "TOD" -> ElementaryType.TIME_OF_DAY;
            default -> ElementaryType.DATE_AND_TIME;
        };
        if (ok) {
            typer.typing().calls.put(c, new CallInfo.LibraryCall(f, args, types, result));
        }
        return result;
    }

    Type builtin(Expression.Call c, Builtin b) {
        List<Expression> args = new ArrayList<>();
        int positional = 0;
        for (Argument a : typer.named(c.args())) {
            if (a.output()) {
                diagnostics.report(Problems.UnknownParameter.noOutputs(a.span(), c.name()));
                typer.type(a.value());
                continue;
            }
            int idx = a.isPositional() ? positional++ : b.indexOf(a.name());
            if (idx < 0) {
                diagnostics.report(Problems.UnknownParameter.of(a.span(), c.name(), false, a.name(),
                        String.join(", ", b.formals()) + (b.maxArgs > 3 ? ", ..." : "")));
                typer.type(a.value());
                return null;
            }
            while (args.size() <= idx) {
                args.add(null);
            }
            if (args.get(idx) != null) {
                diagnostics.report(Problems.DuplicateDeclaration.parameter(a.span(), (a.isPositional() ? "#" + (idx + 1) : a.name())));
                return null;
            }
            args.set(idx, a.value());
        }
        if (args.contains(null)) {
            diagnostics.report(Problems.WrongArgumentCount.inputs(c.span(), c.name(), "the inputs "
                    + String.join(", ", b.formals()) + (b.maxArgs > 3 ? ", ..." : "") + " without gaps"));
            args.stream().filter(java.util.Objects::nonNull).forEach(typer::type);
            return null;
        }
        if (args.size() < b.minArgs || args.size() > b.maxArgs) {
            diagnostics.report(Problems.WrongArgumentCount.inputs(c.span(), c.name(),
                    (b.minArgs == b.maxArgs ? String.valueOf(b.minArgs) : b.minArgs + " or more") + " input(s), "
                    + args.size() + " given"));
            args.forEach(typer::type);
            return null;
        }
        List<Type> types = new ArrayList<>();
        for (Expression a : args) {
            types.add(typer.type(a));
        }
        // the selector of SEL (BOOL) and MUX (integer) is not part of the common type
        int firstValue = (b == Builtin.SEL || b == Builtin.MUX) ? 1 : 0;
        if (b == Builtin.SEL) {
            typer.assignable(args.get(0), types.get(0), ElementaryType.BOOL, "as the selector G of SEL");
        }
        if (b == Builtin.MUX && !(types.get(0) instanceof ElementaryType k && k.isInteger())) {
            diagnostics.report(Problems.TypeMismatch.argument(args.get(0).span(), "the selector K of MUX", "an integer", types.get(0).name()));
        }
        int lastValue = (b == Builtin.SHL || b == Builtin.SHR || b == Builtin.ROL || b == Builtin.ROR
                || b == Builtin.EXPT) ? 1 : args.size();
        Type common = null;
        Object sample = null;
        for (int i = firstValue; i < lastValue; i++) {
            Type t = types.get(i);
            common = common == null ? t : TypeRules.common(common, t);
            sample = typer.typing().constant(args.get(i));
            if (common == null) {
                diagnostics.report(Problems.TypeMismatch.argument(args.get(i).span(), c.name(), "inputs of one type", t.name()));
                return null;
            }
        }
        if (common == ElementaryType.LIT_INT) {
            // MAX(4, 5) is the constant 5, which takes its type from the context like any literal
            java.math.BigInteger folded = foldIntegers(b, args);
            if (folded != null) {
                typer.typing().constants.put(c, folded);
                return ElementaryType.LIT_INT;
            }
        }
        if (common instanceof ElementaryType ec && ec.isLiteral()) {
            common = TypeRules.defaultFor(ec, sample);
        }
        Type result = common;
        if (b.isRealFunction() || b == Builtin.EXPT) {
            if (!(common instanceof ElementaryType ec && ec.isNumeric())) {
                diagnostics.report(Problems.TypeMismatch.argument(c.span(), c.name(), "a number", common.name()));
                return ElementaryType.LREAL;
            }
            result = common == ElementaryType.REAL ? ElementaryType.REAL : ElementaryType.LREAL;
            common = result;
        } else if (b == Builtin.SHL || b == Builtin.SHR || b == Builtin.ROL || b == Builtin.ROR) {
            if (!(common instanceof ElementaryType ec && ec.isInteger())) {
                diagnostics.report(Problems.TypeMismatch.argument(c.span(), c.name(), "a bit string", common.name()));
            }
        } else if (b != Builtin.SEL && b != Builtin.MUX && b != Builtin.MOVE) {
            boolean ok = common instanceof ElementaryType ec && (ec.isNumeric()
                    || (b == Builtin.MIN || b == Builtin.MAX || b == Builtin.LIMIT) && ec != ElementaryType.BOOL);
            if (!ok) {
                diagnostics.report(Problems.TypeMismatch.argument(c.span(), c.name(), "numbers", common.name()));
            }
        }
        for (int i = firstValue; i < lastValue; i++) {
            Type t = types.get(i);
            if (t instanceof ElementaryType et && et.isLiteral()
                    && !TypeRules.literalFits(typer.typing().constant(args.get(i)), common)) {
                diagnostics.report(Problems.TypeMismatch.constantDoesNotFit(args.get(i).span(),
                        String.valueOf(typer.typing().constant(args.get(i))), common.name(), ""));
            }
        }
        typer.typing().calls.put(c, new CallInfo.BuiltinCall(b, args, common, result));
        return result;
    }

    /** The value of an integer standard function whose inputs are all constants, or null. */
    private java.math.BigInteger foldIntegers(Builtin b, List<Expression> args) {
        List<Object> v = new ArrayList<>();
        for (Expression a : args) {
            Object c = typer.typing().constant(a);
            if (c == null) {
                return null;
            }
            v.add(c);
        }
        java.util.function.IntFunction<java.math.BigInteger> n = i -> v.get(i) instanceof java.math.BigInteger x ? x : null;
        for (int i = (b == Builtin.SEL || b == Builtin.MUX) ? 1 : 0; i < v.size(); i++) {
            if (n.apply(i) == null) {
                return null;
            }
        }
        switch (b) {
            case MIN: case MAX: {
                java.math.BigInteger r = n.apply(0);
                for (int i = 1; i < v.size(); i++) {
                    r = b == Builtin.MIN ? r.min(n.apply(i)) : r.max(n.apply(i));
                }
                return r;
            }
            case LIMIT:
                return n.apply(1).max(n.apply(0)).min(n.apply(2));
            case SEL:
                return v.get(0) instanceof Boolean g ? n.apply(g ? 2 : 1) : null;
            case MUX: {
                java.math.BigInteger k = n.apply(0);
                return k == null || k.signum() < 0 || k.intValue() + 1 >= v.size() ? null : n.apply(k.intValue() + 1);
            }
            case MOVE:
                return n.apply(0);
            case ABS:
                return n.apply(0).abs();
            case ADD: case MUL: {
                java.math.BigInteger r = n.apply(0);
                for (int i = 1; i < v.size(); i++) {
                    r = b == Builtin.ADD ? r.add(n.apply(i)) : r.multiply(n.apply(i));
                }
                return r;
            }
            case SUB:
                return n.apply(0).subtract(n.apply(1));
            default:
                return null;
        }
    }
}
