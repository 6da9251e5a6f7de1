package org.ringplc.lang.sema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.ringplc.lang.ast.Argument;
import org.ringplc.lang.ast.Expression;
import org.ringplc.lang.ast.Pou;
import org.ringplc.lang.ast.Statement;
import org.ringplc.lang.diag.DiagnosticCode;
import org.ringplc.lang.diag.Diagnostics;
import org.ringplc.lang.program.VariableDescriptor.VarKind;

/**
 * Resolves calls (IEC 61131-3 §6.6.1.7): user functions (formal or positional arguments, missing
 * inputs take their declared initial value), standard functions with their generic typing
 * (ANY_NUM in, the common type out), conversions {@code X_TO_Y} / {@code TRUNC}, and function
 * block calls with {@code IN := x} inputs and {@code Q => y} outputs.
 */
final class CallResolver {
    private final ExpressionTyper typer;
    private final ProjectModel model;
    private final PouSymbol pou;
    private final Diagnostics diagnostics;

    CallResolver(ExpressionTyper typer, ProjectModel model, PouSymbol pou, Diagnostics diagnostics) {
        this.typer = typer;
        this.model = model;
        this.pou = pou;
        this.diagnostics = diagnostics;
    }

    /** A call in an expression: its result type, or null after an error. */
    Type callExpression(Expression.Call c) {
        PouSymbol fn = model.pou(c.name());
        if (fn != null && fn.kind() == Pou.Kind.FUNCTION) {
            return userFunction(c, c, fn, c.args());
        }
        if (fn != null) {
            error(c, fn.name() + " is a " + fn.kind().name().replace('_', ' ') + ", not a FUNCTION: "
                    + (fn.kind() == Pou.Kind.FUNCTION_BLOCK ? "declare an instance and call that" : "it cannot be called"));
            return null;
        }
        if (c.name().equalsIgnoreCase("REF")) {
            return reference(c);
        }
        Type conv = conversion(c);
        if (conv != null) {
            return conv;
        }
        LibraryFunction lf = LibraryFunction.byName(c.name());
        if (lf != null) {
            return library(c, lf);
        }
        Builtin b = Builtin.byName(c.name());
        if (b != null) {
            return builtin(c, b);
        }
        diagnostics.error(DiagnosticCode.UNDEFINED_NAME, c.span(), "unknown function '" + c.name() + "'");
        c.args().forEach(a -> typer.type(a.value()));
        return null;
    }

    /** {@code target.Method(args)}: its result type (null for none, or after an error). */
    Type methodCall(Expression.MethodCall mc, Object node) {
        Type t = typer.type(mc.target());
        boolean isSuper = mc.target() instanceof Expression.Deref d && d.target() instanceof Expression.Name n
                && n.name().equalsIgnoreCase("SUPER");
        MethodSymbol m = null;
        if (t instanceof FbType fb) {
            m = fb.method(mc.method().toUpperCase(Locale.ROOT));
        } else if (t instanceof InterfaceType it) {
            m = it.method(mc.method().toUpperCase(Locale.ROOT));
        } else {
            if (!typer.isPoisoned(mc.target())) {
                diagnostics.error(DiagnosticCode.NOT_CALLABLE, mc.span(), "only function blocks and interfaces have methods, but this is "
                        + t.name());
            }
            mc.args().forEach(a -> typer.type(a.value()));
            return null;
        }
        if (m == null) {
            diagnostics.error(DiagnosticCode.UNDEFINED_NAME, mc.span(), t.name() + " has no METHOD '" + mc.method() + "'");
            mc.args().forEach(a -> typer.type(a.value()));
            return null;
        }
        FbType self = pou.self();
        if (m.owner() instanceof FbType owner && (m.access().equals("PRIVATE") && self != owner
                || m.access().equals("PROTECTED") && (self == null || !self.derivesFrom(owner)))) {
            diagnostics.error(DiagnosticCode.NOT_CALLABLE, mc.span(), owner.name() + "." + m.name() + " is "
                    + m.access() + " and cannot be called from here");
        }
        if (isSuper && m.isAbstract()) {
            diagnostics.error(DiagnosticCode.NOT_CALLABLE, mc.span(), m.name() + " is ABSTRACT in " + t.name());
        }
        List<VarSymbol> params = m.scope().inputs();
        Expression[] ordered = new Expression[params.size()];
        int positional = 0;
        for (Argument a : typer.named(mc.args())) {
            int idx = -1;
            if (a.output()) {
                idx = -2;
            } else if (a.isPositional()) {
                idx = positional < params.size() ? positional : -3;
                positional++;
            } else {
                for (int i = 0; i < params.size(); i++) {
                    if (params.get(i).name().equalsIgnoreCase(a.name())) {
                        idx = i;
                    }
                }
            }
            if (idx < 0) {
                diagnostics.error(idx == -3 ? DiagnosticCode.WRONG_ARGUMENT_COUNT : DiagnosticCode.UNKNOWN_PARAMETER, a.span(),
                        m.name() + (idx == -3 ? " takes " + params.size() + " input(s), but more are given"
                                : " has no " + (a.output() ? "output" : "input") + " '" + a.name() + "'; inputs: "
                                + names(m.scope(), VarKind.INPUT)));
                typer.type(a.value());
                continue;
            }
            ordered[idx] = a.value();
            if (params.get(idx).kind() == VarKind.IN_OUT) {
                inOut(a.value(), params.get(idx).type(), m.name() + "." + params.get(idx).name());
            } else {
                typer.expect(a.value(), params.get(idx).type(), "for input " + params.get(idx).name() + " of " + m.name());
            }
        }
        typer.typing().calls.put(node, new CallInfo.MethodCall(m, mc.target(), Arrays.asList(ordered), isSuper));
        return m.resultType();
    }

    /** A call statement: a function block instance or a function whose result is dropped. */
    void callStatement(Statement.CallStatement s) {
        if (s.callee() instanceof Expression.Member mem && isMethod(mem)) {
            Expression.MethodCall mc = new Expression.MethodCall(mem.span(), mem.target(), mem.member(), s.args());
            methodCall(mc, s);
            return;
        }
        if (s.callee() instanceof Expression.Name n && typer.lookupVariable(n.name()) == null) {
            Expression.Call c = new Expression.Call(n.span(), n.name(), s.args());
            typer.type(c);
            CallInfo info = typer.typing().call(c);
            if (info != null) {
                typer.typing().calls.put(s, info);
            }
            return;
        }
        Type t = typer.type(s.callee());
        if (!(t instanceof FbType fb)) {
            if (typer.isPoisoned(s.callee())) {
                s.args().forEach(a -> typer.type(a.value()));
                return;
            }
            diagnostics.error(DiagnosticCode.NOT_CALLABLE, s.callee().span(),
                    "only function block instances and functions can be called, but this is " + t.name());
            return;
        }
        List<CallInfo.Binding> inputs = new ArrayList<>();
        List<CallInfo.Binding> outputs = new ArrayList<>();
        List<CallInfo.Binding> inOuts = new ArrayList<>();
        for (Argument a : typer.named(s.args())) {
            if (a.isPositional()) {
                diagnostics.error(DiagnosticCode.UNKNOWN_PARAMETER, a.span(),
                        "function block calls need named parameters: " + fb.name() + "(IN := ...)");
                typer.type(a.value());
                continue;
            }
            FbType.Member m = fb.member(a.name());
            boolean fits = m != null && (a.output() ? m.kind() == VarKind.OUTPUT
                    : m.kind() == VarKind.INPUT || m.kind() == VarKind.IN_OUT);
            if (!fits) {
                diagnostics.error(DiagnosticCode.UNKNOWN_PARAMETER, a.span(), fb.name() + " has no "
                        + (a.output() ? "output" : "input") + " '" + a.name() + "'"
                        + (m != null ? " (it is " + m.kind().name().toLowerCase(Locale.ROOT).replace('_', '-') + ")" : "")
                        + "; " + (a.output() ? "outputs" : "inputs") + ": " + memberList(fb, a.output()));
                typer.type(a.value());
                continue;
            }
            if (a.output()) {
                Type target = typer.type(a.value());
                checkAssignableTarget(a.value());
                if (!TypeRules.widens(m.type(), target) && !typer.isPoisoned(a.value())) {
                    diagnostics.error(DiagnosticCode.TYPE_MISMATCH, a.value().span(), "output " + a.name() + " is "
                            + m.type().name() + " but the variable is " + target.name());
                }
                outputs.add(new CallInfo.Binding(m, a.value(), a.negated()));
            } else if (m.kind() == VarKind.IN_OUT) {
                inOut(a.value(), m.type(), fb.name() + "." + m.name());
                inOuts.add(new CallInfo.Binding(m, a.value(), false));
            } else {
                typer.expect(a.value(), m.type(), "for input " + a.name());
                Subrange r = memberRange(fb, m.name());
                if (r != null) {
                    checkConstantInRange(a.value(), r, fb.name() + "." + m.name());
                    typer.typing().storeRanges.put(a.value(), r);
                }
                inputs.add(new CallInfo.Binding(m, a.value(), false));
            }
        }
        for (FbType.Member m : fb.allMembers()) {
            if (m.kind() == VarKind.IN_OUT && inOuts.stream().noneMatch(b -> b.member() == m)) {
                diagnostics.error(DiagnosticCode.WRONG_ARGUMENT_COUNT, s.callee().span(), "VAR_IN_OUT " + m.name()
                        + " of " + fb.name() + " must be connected in every call: " + m.name() + " := <variable>");
            }
        }
        typer.typing().calls.put(s, new CallInfo.FbCall(fb, s.callee(), inputs, outputs, inOuts));
    }

    /** True if {@code fb.name} names a METHOD of the function block or interface {@code fb}. */
    private boolean isMethod(Expression.Member mem) {
        Type t = typer.type(mem.target());
        String key = mem.member().toUpperCase(Locale.ROOT);
        return t instanceof FbType fb && fb.method(key) != null || t instanceof InterfaceType it && it.method(key) != null;
    }

    private static String memberList(FbType fb, boolean outputs) {
        List<String> names = new ArrayList<>();
        for (FbType.Member m : fb.allMembers()) {
            if (outputs ? m.kind() == VarKind.OUTPUT : m.kind() == VarKind.INPUT || m.kind() == VarKind.IN_OUT) {
                names.add(m.name());
            }
        }
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    /** An argument for a VAR_IN_OUT: a variable (not an expression) of exactly the parameter's type. */
    private void inOut(Expression value, Type type, String what) {
        Type t = typer.type(value);
        int before = diagnostics.count();
        checkAssignableTarget(value);
        if (!t.equals(type) && !typer.isPoisoned(value) && diagnostics.count() == before) {
            diagnostics.error(DiagnosticCode.TYPE_MISMATCH, value.span(), "VAR_IN_OUT " + what + " is " + type.name()
                    + " and needs a variable of exactly that type, but this is " + t.name());
        }
    }

    private void checkConstantInRange(Expression value, Subrange r, String what) {
        if (typer.typing().constant(value) instanceof java.math.BigInteger v && !r.contains(v)) {
            diagnostics.error(DiagnosticCode.TYPE_MISMATCH, value.span(), "the constant " + v
                    + " is outside the subrange " + r.text() + " of " + what);
        }
    }

    /** The subrange of a user function block's member, or null. */
    private Subrange memberRange(FbType fb, String member) {
        if (fb.decl() == null) {
            return null;
        }
        PouSymbol p = model.pou(fb.name());
        VarSymbol v = p == null ? null : p.lookup(member);
        return v == null ? null : typer.typing().range(v.decl());
    }

    /** The declaration a Name or Member target stands for, or null. */
    private org.ringplc.lang.ast.VarDecl declOf(Expression e) {
        if (e instanceof Expression.Name) {
            VarSymbol v = typer.typing().variable(e);
            return v == null ? null : v.decl();
        }
        if (e instanceof Expression.Member m) {
            Type ot = typer.typing().type(m.target());
            if (ot instanceof StructType st && st.member(m.member()) != null) {
                return st.member(m.member()).decl();
            }
            if (ot instanceof FbType fb && fb.decl() != null && model.pou(fb.name()) != null) {
                VarSymbol v = model.pou(fb.name()).lookup(m.member());
                return v == null ? null : v.decl();
            }
        }
        return null;
    }

    /** The subrange a value stored into {@code target} must fit, or null. */
    Subrange targetRange(Expression target) {
        if (target instanceof Expression.Index ix) {
            return typer.typing().elementRange(declOf(ix.target()));
        }
        return typer.typing().range(declOf(target));
    }

    void checkAssignableTarget(Expression e) {
        if (!(e instanceof Expression.Name || e instanceof Expression.Member || e instanceof Expression.Index
                || e instanceof Expression.BitAccess || e instanceof Expression.Deref) || typer.typing().constant(e) != null) {
            diagnostics.error(DiagnosticCode.NOT_ASSIGNABLE, e.span(), "this is not a variable that can be assigned");
            return;
        }
        VarSymbol v = typer.typing().variable(e);
        if (v != null && v.isConstant()) {
            diagnostics.error(DiagnosticCode.NOT_ASSIGNABLE, e.span(), "'" + v.name() + "' is a CONSTANT");
            return;
        }
        if (e instanceof Expression.Name n && pou.lookup(n.name()) != null && pou.lookup(n.name()).kind() == VarKind.EXTERNAL
                && pou.lookup(n.name()).isConstant()) {
            diagnostics.error(DiagnosticCode.NOT_ASSIGNABLE, e.span(), "'" + n.name() + "' is a VAR_EXTERNAL CONSTANT");
            return;
        }
        if (typer.typing().property(e) != null) {
            if (typer.typing().property(e)[1] == null) {
                diagnostics.error(DiagnosticCode.NOT_ASSIGNABLE, e.span(), "PROPERTY " + ((Expression.Member) e).member()
                        + " has no SET: it can only be read");
            }
            return;
        }
        if (e instanceof Expression.Member m && typer.typing().type(m.target()) instanceof FbType fb) {
            FbType.Member mem = fb.member(m.member());
            if (mem != null && mem.kind() == VarKind.INPUT) {
                diagnostics.error(DiagnosticCode.NOT_ASSIGNABLE, e.span(), "'" + m.member() + "' is an input of "
                        + fb.name() + "; set it in the call: " + calleeText(m.target()) + "(" + m.member() + " := ...)");
                return;
            }
            if (mem != null && mem.kind() == VarKind.OUTPUT) {
                diagnostics.error(DiagnosticCode.NOT_ASSIGNABLE, e.span(), "'" + m.member() + "' is an output of "
                        + fb.name() + "; only the function block itself writes it");
                return;
            }
        }
        Subrange r = targetRange(e);
        if (r != null) {
            typer.typing().storeRanges.put(e, r);
        }
    }

    private static String calleeText(Expression e) {
        if (e instanceof Expression.Name n) {
            return n.name();
        }
        if (e instanceof Expression.Member m) {
            return calleeText(m.target()) + "." + m.member();
        }
        return "fb";
    }

    /** After an assignment: a constant that misses the target's subrange is an error now, not a fault later. */
    void checkConstantForTarget(Expression target, Expression value) {
        Subrange r = typer.typing().storeRange(target);
        if (r != null) {
            checkConstantInRange(value, r, calleeText(target));
        }
    }

    private Type userFunction(Object node, Expression.Call c, PouSymbol fn, List<Argument> args) {
        List<VarSymbol> params = fn.inputs();
        Expression[] ordered = new Expression[params.size()];
        List<CallInfo.FunctionOutput> outputs = new ArrayList<>();
        int positional = 0;
        for (Argument a : typer.named(args)) {
            int idx;
            if (a.output()) {
                VarSymbol out = fn.lookup(a.name());
                if (out == null || out.kind() != VarKind.OUTPUT) {
                    diagnostics.error(DiagnosticCode.UNKNOWN_PARAMETER, a.span(), fn.name() + " has no output '" + a.name()
                            + "'; outputs: " + names(fn, VarKind.OUTPUT));
                    typer.type(a.value());
                    continue;
                }
                Type target = typer.type(a.value());
                checkAssignableTarget(a.value());
                if (!TypeRules.widens(out.type(), target) && !typer.isPoisoned(a.value())) {
                    diagnostics.error(DiagnosticCode.TYPE_MISMATCH, a.value().span(), "output " + a.name() + " is "
                            + out.type().name() + " but the variable is " + target.name());
                }
                outputs.add(new CallInfo.FunctionOutput(out, a.value(), a.negated()));
                continue;
            }
            if (a.isPositional()) {
                idx = positional++;
                if (idx >= params.size()) {
                    diagnostics.error(DiagnosticCode.WRONG_ARGUMENT_COUNT, a.span(), fn.name() + " takes "
                            + params.size() + " input(s), but more are given");
                    typer.type(a.value());
                    continue;
                }
            } else {
                idx = -1;
                for (int i = 0; i < params.size(); i++) {
                    if (params.get(i).name().equalsIgnoreCase(a.name())) {
                        idx = i;
                    }
                }
                if (idx < 0) {
                    diagnostics.error(DiagnosticCode.UNKNOWN_PARAMETER, a.span(), fn.name() + " has no input '" + a.name()
                            + "'; inputs: " + names(fn, VarKind.INPUT));
                    typer.type(a.value());
                    continue;
                }
            }
            ordered[idx] = a.value();
            VarSymbol p = params.get(idx);
            if (p.kind() == VarKind.IN_OUT) {
                inOut(a.value(), p.type(), fn.name() + "." + p.name());
            } else {
                typer.expect(a.value(), p.type(), "for input " + p.name() + " of " + fn.name());
                Subrange r = typer.typing().range(p.decl());
                if (r != null) {
                    checkConstantInRange(a.value(), r, fn.name() + "." + p.name());
                }
            }
        }
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i).kind() == VarKind.IN_OUT && ordered[i] == null) {
                diagnostics.error(DiagnosticCode.WRONG_ARGUMENT_COUNT, c.span(), "VAR_IN_OUT " + params.get(i).name()
                        + " of " + fn.name() + " must be connected: " + params.get(i).name() + " := <variable>");
            }
        }
        typer.typing().calls.put(node, new CallInfo.FunctionCall(fn, Arrays.asList(ordered), outputs));
        return fn.resultType();
    }

    private static String names(PouSymbol fn, VarKind kind) {
        List<String> out = new ArrayList<>();
        for (VarSymbol v : fn.variables()) {
            if (v.kind() == kind || kind == VarKind.INPUT && v.kind() == VarKind.IN_OUT) {
                out.add(v.name());
            }
        }
        return out.isEmpty() ? "none" : String.join(", ", out);
    }

    private static final java.util.regex.Pattern CONVERSION =
            java.util.regex.Pattern.compile("([A-Z_]+?)_TO_([A-Z_]+)", java.util.regex.Pattern.CASE_INSENSITIVE);

    private Type conversion(Expression.Call c) {
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
            diagnostics.error(DiagnosticCode.WRONG_ARGUMENT_COUNT, c.span(), c.name() + " takes exactly one input");
            c.args().forEach(a -> typer.type(a.value()));
            return to;
        }
        Expression arg = c.args().get(0).value();
        Type at = typer.type(arg);
        if (!(at instanceof ElementaryType et)) {
            diagnostics.error(DiagnosticCode.TYPE_MISMATCH, arg.span(), c.name() + " cannot convert " + at.name());
            return to;
        }
        if (et.isLiteral()) {
            et = from != null ? from : TypeRules.defaultFor(et, typer.typing().constant(arg));
            if (!TypeRules.literalFits(typer.typing().constant(arg), et)) {
                diagnostics.error(DiagnosticCode.TYPE_MISMATCH, arg.span(), "the constant does not fit " + et.name());
            }
        } else if (from != null && !TypeRules.widens(et, from)) {
            diagnostics.error(DiagnosticCode.TYPE_MISMATCH, arg.span(), c.name() + " expects " + from.name()
                    + ", but this is " + et.name());
        } else if (from == null) {
            from = et;
        }
        if (from == null) {
            from = et;
        }
        if (truncate && !from.isReal()) {
            diagnostics.error(DiagnosticCode.TYPE_MISMATCH, arg.span(), "TRUNC needs REAL or LREAL, but this is " + from.name());
        }
        typer.typing().calls.put(c, new CallInfo.Conversion(from, to, arg, truncate));
        return to;
    }

    /** {@code REF(x)}: x must be a variable that outlives the call (not a FUNCTION's local). */
    private Type reference(Expression.Call c) {
        if (c.args().size() != 1 || c.args().get(0).name() != null) {
            diagnostics.error(DiagnosticCode.WRONG_ARGUMENT_COUNT, c.span(), "REF takes one variable: REF(x)");
            c.args().forEach(a -> typer.type(a.value()));
            return RefType.NULL;
        }
        Expression target = c.args().get(0).value();
        Type t = typer.type(target);
        if (!(target instanceof Expression.Name || target instanceof Expression.Member || target instanceof Expression.Index
                || target instanceof Expression.Deref) || typer.typing().constant(target) != null) {
            diagnostics.error(DiagnosticCode.NOT_ASSIGNABLE, target.span(), "REF needs a variable, not an expression");
            return new RefType(t);
        }
        VarSymbol v = typer.typing().variable(target);
        if (v != null && v.storage() == VarSymbol.Storage.LOCAL && !(new RefType(t).isObject())) {
            diagnostics.error(DiagnosticCode.UNSUPPORTED, target.span(), "REF of '" + v.name()
                    + "', a variable of a FUNCTION, would outlive the call; declare it in a FUNCTION_BLOCK or PROGRAM");
        }
        if (target instanceof Expression.BitAccess || t instanceof RefType) {
            diagnostics.error(DiagnosticCode.UNSUPPORTED, target.span(), "REF of a bit or of a reference is not supported");
        }
        typer.typing().calls.put(c, new CallInfo.Reference(target));
        return new RefType(t);
    }

    private Type library(Expression.Call c, LibraryFunction f) {
        List<Expression> args = new ArrayList<>();
        int positional = 0;
        boolean ok = true;
        for (Argument a : typer.named(c.args())) {
            int idx = a.output() ? -1 : a.isPositional() ? positional++ : f.indexOf(a.name());
            if (idx < 0 || !f.variadic() && idx >= f.params.size()) {
                if (a.isPositional() || idx >= 0) {
                    diagnostics.error(DiagnosticCode.WRONG_ARGUMENT_COUNT, a.span(), c.name() + " takes "
                            + f.params.size() + " input(s): " + f.parameterList());
                } else {
                    diagnostics.error(DiagnosticCode.UNKNOWN_PARAMETER, a.span(), c.name() + " has no "
                            + (a.output() ? "output" : "input") + " '" + a.name() + "'; inputs: " + f.parameterList());
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
            diagnostics.error(DiagnosticCode.WRONG_ARGUMENT_COUNT, c.span(), c.name() + " needs the inputs "
                    + f.parameterList());
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
                    diagnostics.error(DiagnosticCode.TYPE_MISMATCH, a.span(), c.name() + " needs a STRING here, but this is " + t.name());
                    types.add(new StringType(StringType.DEFAULT_LENGTH, false));
                } else {
                    wide |= t instanceof StringType st && st.wide();
                    types.add(t);
                }
            } else {
                boolean real = t instanceof ElementaryType e && e.isReal();
                if (!(t instanceof ElementaryType e && e.isNumeric()) && !typer.isPoisoned(a)) {
                    diagnostics.error(DiagnosticCode.TYPE_MISMATCH, a.span(), c.name() + " needs a number here, but this is " + t.name());
                }
                Type nt = real ? ElementaryType.LREAL : ElementaryType.LINT;
                typer.assignable(a, t, nt, "for " + c.name());
                types.add(nt);
            }
        }
        for (int i = 0; i < types.size(); i++) {
            if (types.get(i) instanceof StringType st && st.wide() != wide) {
                diagnostics.error(DiagnosticCode.TYPE_MISMATCH, args.get(i).span(), c.name()
                        + " cannot mix STRING and WSTRING; convert one with WSTRING_TO_STRING or STRING_TO_WSTRING");
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

    private Type builtin(Expression.Call c, Builtin b) {
        List<Expression> args = new ArrayList<>();
        int positional = 0;
        for (Argument a : typer.named(c.args())) {
            if (a.output()) {
                diagnostics.error(DiagnosticCode.UNKNOWN_PARAMETER, a.span(), c.name() + " has no outputs");
                typer.type(a.value());
                continue;
            }
            int idx = a.isPositional() ? positional++ : b.indexOf(a.name());
            if (idx < 0) {
                diagnostics.error(DiagnosticCode.UNKNOWN_PARAMETER, a.span(), c.name() + " has no input '" + a.name()
                        + "'; inputs: " + String.join(", ", b.formals()) + (b.maxArgs > 3 ? ", ..." : ""));
                typer.type(a.value());
                return null;
            }
            while (args.size() <= idx) {
                args.add(null);
            }
            if (args.get(idx) != null) {
                diagnostics.error(DiagnosticCode.DUPLICATE_DECLARATION, a.span(), "input " + (idx + 1) + " of " + c.name()
                        + " is given twice");
                return null;
            }
            args.set(idx, a.value());
        }
        if (args.contains(null)) {
            diagnostics.error(DiagnosticCode.WRONG_ARGUMENT_COUNT, c.span(), c.name() + " needs the inputs "
                    + String.join(", ", b.formals()) + (b.maxArgs > 3 ? ", ..." : "") + " without gaps");
            args.stream().filter(java.util.Objects::nonNull).forEach(typer::type);
            return null;
        }
        if (args.size() < b.minArgs || args.size() > b.maxArgs) {
            diagnostics.error(DiagnosticCode.WRONG_ARGUMENT_COUNT, c.span(), c.name() + " takes "
                    + (b.minArgs == b.maxArgs ? String.valueOf(b.minArgs) : b.minArgs + " or more") + " input(s), "
                    + args.size() + " given");
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
            diagnostics.error(DiagnosticCode.TYPE_MISMATCH, args.get(0).span(), "the selector K of MUX must be an integer");
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
                diagnostics.error(DiagnosticCode.TYPE_MISMATCH, args.get(i).span(), c.name()
                        + " needs inputs of one type; this one is " + t.name());
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
                diagnostics.error(DiagnosticCode.TYPE_MISMATCH, c.span(), c.name() + " needs a number, not " + common.name());
                return ElementaryType.LREAL;
            }
            result = common == ElementaryType.REAL ? ElementaryType.REAL : ElementaryType.LREAL;
            common = result;
        } else if (b == Builtin.SHL || b == Builtin.SHR || b == Builtin.ROL || b == Builtin.ROR) {
            if (!(common instanceof ElementaryType ec && ec.isInteger())) {
                diagnostics.error(DiagnosticCode.TYPE_MISMATCH, c.span(), c.name() + " needs a bit string, not " + common.name());
            }
        } else if (b != Builtin.SEL && b != Builtin.MUX && b != Builtin.MOVE) {
            boolean ok = common instanceof ElementaryType ec && (ec.isNumeric()
                    || (b == Builtin.MIN || b == Builtin.MAX || b == Builtin.LIMIT) && ec != ElementaryType.BOOL);
            if (!ok) {
                diagnostics.error(DiagnosticCode.TYPE_MISMATCH, c.span(), c.name() + " needs numbers, not " + common.name());
            }
        }
        for (int i = firstValue; i < lastValue; i++) {
            Type t = types.get(i);
            if (t instanceof ElementaryType et && et.isLiteral()
                    && !TypeRules.literalFits(typer.typing().constant(args.get(i)), common)) {
                diagnostics.error(DiagnosticCode.TYPE_MISMATCH, args.get(i).span(), "the constant does not fit " + common.name());
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

    private void error(Expression e, String message) {
        diagnostics.error(DiagnosticCode.NOT_CALLABLE, e.span(), message);
    }
}
