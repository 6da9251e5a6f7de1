package org.ringplc.lang.sema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.ringplc.lang.ast.Argument;
import org.ringplc.lang.ast.Expression;
import org.ringplc.lang.ast.Pou;
import org.ringplc.lang.ast.Statement;
import org.ringplc.lang.diag.Diagnostics;
import org.ringplc.lang.diag.Problems;
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
        Expression.MethodCall own = ownMethod(c);
        if (own != null) {
            Type rt = methodCall(own, c);
            if (rt == null && typer.typing().call(c) != null) {
                diagnostics.report(Problems.TypeMismatch.noResult(c.span(), own.method()));
            }
            return rt;
        }
        PouSymbol fn = model.pou(c.name());
        if (fn != null && fn.kind() == Pou.Kind.FUNCTION) {
            return userFunction(c, c, fn, c.args());
        }
        if (fn != null) {
            diagnostics.report(Problems.NotCallable.notAFunction(c.span(), fn.name(), fn.kind().name().replace('_', ' '),
                    fn.kind() == Pou.Kind.FUNCTION_BLOCK));
            return null;
        }
        if (c.name().equalsIgnoreCase("REF")) {
            return reference(c);
        }
        StandardCalls standard = new StandardCalls(typer, diagnostics);
        Type conv = standard.conversion(c);
        if (conv != null) {
            return conv;
        }
        LibraryFunction lf = LibraryFunction.byName(c.name());
        if (lf != null) {
            return standard.library(c, lf);
        }
        Builtin b = Builtin.byName(c.name());
        if (b != null) {
            return standard.builtin(c, b);
        }
        diagnostics.report(Problems.UndefinedName.function(c.span(), c.name()));
        c.args().forEach(a -> typer.type(a.value()));
        return null;
    }

    /**
     * A bare {@code Name(args)} inside a function block or one of its methods that names a method
     * of the block (its own or inherited) is {@code THIS^.Name(args)}, as in CODESYS: the enclosing
     * block's scope comes before the project's FUNCTIONs and the standard functions, so a method
     * {@code Add} shadows the standard ADD there. Null when the call is not such a method call.
     */
    private Expression.MethodCall ownMethod(Expression.Call c) {
        FbType self = pou.self();
        if (self == null || self.method(c.name().toUpperCase(Locale.ROOT)) == null) {
            return null;
        }
        Expression thisRef = new Expression.Deref(c.span(), new Expression.Name(c.span(), "THIS"));
        return new Expression.MethodCall(c.span(), thisRef, c.name(), c.args());
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
                diagnostics.report(Problems.NotCallable.noMethods(mc.span(), t.name()));
            }
            mc.args().forEach(a -> typer.type(a.value()));
            return null;
        }
        if (m == null) {
            diagnostics.report(Problems.UndefinedName.method(mc.span(), t.name(), mc.method()));
            mc.args().forEach(a -> typer.type(a.value()));
            return null;
        }
        FbType self = pou.self();
        if (m.owner() instanceof FbType owner && (m.access().equals("PRIVATE") && self != owner
                || m.access().equals("PROTECTED") && (self == null || !self.derivesFrom(owner)))) {
            diagnostics.report(Problems.NotCallable.access(mc.span(), owner.name(), m.name(), m.access()));
        }
        if (isSuper && m.isAbstract()) {
            diagnostics.report(Problems.NotCallable.abstractSuper(mc.span(), m.name(), t.name()));
        }
        List<VarSymbol> params = m.scope().inputs();
        Expression[] ordered = new Expression[params.size()];
        List<CallInfo.FunctionOutput> outputs = new ArrayList<>();
        int positional = 0;
        for (Argument a : typer.named(mc.args())) {
            int idx = -1;
            VarSymbol out = a.output() ? m.scope().lookupOwn(a.name()) : null;
            if (out != null && out.kind() == VarKind.OUTPUT) {
                outputs.add(output(out, a));
                continue;
            }
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
                diagnostics.report(idx == -3 ? Problems.WrongArgumentCount.tooMany(a.span(), m.name(), params.size())
                        : Problems.UnknownParameter.of(a.span(), m.name(), a.output(), a.name(),
                                names(m.scope(), a.output() ? VarKind.OUTPUT : VarKind.INPUT)));
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
        typer.typing().calls.put(node, new CallInfo.MethodCall(m, mc.target(), Arrays.asList(ordered), outputs, isSuper));
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
            Expression.MethodCall own = ownMethod(c);
            if (own != null) {
                // a method called for its effect: no result needed
                methodCall(own, s);
                return;
            }
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
            diagnostics.report(Problems.NotCallable.notCallable(s.callee().span(), t.name()));
            return;
        }
        List<CallInfo.Binding> inputs = new ArrayList<>();
        List<CallInfo.Binding> outputs = new ArrayList<>();
        List<CallInfo.Binding> inOuts = new ArrayList<>();
        for (Argument a : typer.named(s.args())) {
            if (a.isPositional()) {
                diagnostics.report(Problems.UnknownParameter.positionalFbArgument(a.span(), fb.name()));
                typer.type(a.value());
                continue;
            }
            FbType.Member m = fb.member(a.name());
            boolean fits = m != null && (a.output() ? m.kind() == VarKind.OUTPUT
                    : m.kind() == VarKind.INPUT || m.kind() == VarKind.IN_OUT);
            if (!fits) {
                diagnostics.report(m != null
                        ? Problems.UnknownParameter.wrongKind(a.span(), fb.name(), a.output(), a.name(),
                                m.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'), memberList(fb, a.output()))
                        : Problems.UnknownParameter.of(a.span(), fb.name(), a.output(), a.name(), memberList(fb, a.output())));
                typer.type(a.value());
                continue;
            }
            if (a.output()) {
                Type target = typer.type(a.value());
                checkAssignableTarget(a.value());
                if (!TypeRules.widens(m.type(), target) && !typer.isPoisoned(a.value())) {
                    diagnostics.report(Problems.TypeMismatch.outputTarget(a.value().span(), a.name(), m.type().name(), target.name()));
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
                diagnostics.report(Problems.WrongArgumentCount.inOutNotConnected(s.callee().span(), m.name(), fb.name()));
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
            diagnostics.report(Problems.TypeMismatch.inOutArgument(value.span(), what, type.name(), ExpressionTyper.describe(t)));
        }
    }

    private void checkConstantInRange(Expression value, Subrange r, String what) {
        if (typer.typing().constant(value) instanceof java.math.BigInteger v && !r.contains(v)) {
            diagnostics.report(Problems.TypeMismatch.outsideSubrange(value.span(), v.toString(), r.text(), what));
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

    /** {@code Q => target} of a FUNCTION or METHOD call: the target must be writable and take the output's type. */
    private CallInfo.FunctionOutput output(VarSymbol out, Argument a) {
        Type target = typer.type(a.value());
        checkAssignableTarget(a.value());
        if (!TypeRules.widens(out.type(), target) && !typer.isPoisoned(a.value())) {
            diagnostics.report(Problems.TypeMismatch.outputTarget(a.value().span(), a.name(), out.type().name(), target.name()));
        }
        return new CallInfo.FunctionOutput(out, a.value(), a.negated());
    }

    /**
     * True when {@code e} is a member or element of a call's result ({@code F(x).y}, {@code F(x)[1]}):
     * a value the caller only reads, not a variable to write or refer to.
     */
    static boolean ofCallResult(Expression e) {
        while (e instanceof Expression.Member || e instanceof Expression.Index || e instanceof Expression.BitAccess) {
            e = e instanceof Expression.Member m ? m.target()
                    : e instanceof Expression.Index ix ? ix.target() : ((Expression.BitAccess) e).target();
        }
        return e instanceof Expression.Call || e instanceof Expression.MethodCall;
    }

    void checkAssignableTarget(Expression e) {
        if (!(e instanceof Expression.Name || e instanceof Expression.Member || e instanceof Expression.Index
                || e instanceof Expression.BitAccess || e instanceof Expression.Deref) || typer.typing().constant(e) != null
                || ofCallResult(e)) {
            diagnostics.report(Problems.NotAssignable.notVariable(e.span()));
            return;
        }
        VarSymbol v = typer.typing().variable(e);
        if (v != null && v.isConstant()) {
            diagnostics.report(Problems.NotAssignable.constant(e.span(), v.name()));
            return;
        }
        if (e instanceof Expression.Name n && pou.lookup(n.name()) != null && pou.lookup(n.name()).kind() == VarKind.EXTERNAL
                && pou.lookup(n.name()).isConstant()) {
            diagnostics.report(Problems.NotAssignable.externalConstant(e.span(), n.name()));
            return;
        }
        if (typer.typing().property(e) != null) {
            if (typer.typing().property(e)[1] == null) {
                diagnostics.report(Problems.NotAssignable.property(e.span(),
                        e instanceof Expression.Member m ? m.member() : ((Expression.Name) e).name(), true));
            }
            return;
        }
        if (e instanceof Expression.Member m && typer.typing().type(m.target()) instanceof FbType fb) {
            // Inputs may be set outside the call (t.IN := x; t();), as CODESYS, TwinCAT and the
            // OSCAT library do; only the function block itself writes its outputs.
            FbType.Member mem = fb.member(m.member());
            if (mem != null && mem.kind() == VarKind.OUTPUT) {
                diagnostics.report(Problems.NotAssignable.fbOutput(e.span(), m.member(), fb.name()));
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
                    diagnostics.report(Problems.UnknownParameter.of(a.span(), fn.name(), true, a.name(), names(fn, VarKind.OUTPUT)));
                    typer.type(a.value());
                    continue;
                }
                outputs.add(output(out, a));
                continue;
            }
            if (a.isPositional()) {
                idx = positional++;
                if (idx >= params.size()) {
                    diagnostics.report(Problems.WrongArgumentCount.tooMany(a.span(), fn.name(), params.size()));
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
                    diagnostics.report(Problems.UnknownParameter.of(a.span(), fn.name(), false, a.name(), names(fn, VarKind.INPUT)));
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
                diagnostics.report(Problems.WrongArgumentCount.inOutNotConnected(c.span(), params.get(i).name(), fn.name()));
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

    /** {@code REF(x)}: x must be a variable that outlives the call (not a FUNCTION's local). */
    private Type reference(Expression.Call c) {
        if (c.args().size() != 1 || c.args().get(0).name() != null) {
            diagnostics.report(Problems.WrongArgumentCount.inputs(c.span(), "REF", "one variable: REF(x)"));
            c.args().forEach(a -> typer.type(a.value()));
            return RefType.NULL;
        }
        Expression target = c.args().get(0).value();
        Type t = typer.type(target);
        if (!(target instanceof Expression.Name || target instanceof Expression.Member || target instanceof Expression.Index
                || target instanceof Expression.Deref) || typer.typing().constant(target) != null || ofCallResult(target)) {
            diagnostics.report(Problems.NotAssignable.notAVariable(target.span(), "REF"));
            return new RefType(t);
        }
        VarSymbol v = typer.typing().variable(target);
        if (v != null && v.storage() == VarSymbol.Storage.LOCAL && !(new RefType(t).isObject())) {
            diagnostics.report(Problems.Unsupported.of(target.span(), "REF of '" + v.name()
                    + "', a variable of a FUNCTION, would outlive the call", "declare it in a FUNCTION_BLOCK or PROGRAM"));
        }
        if (target instanceof Expression.BitAccess || t instanceof RefType) {
            diagnostics.report(Problems.Unsupported.of(target.span(), "REF of a bit or of a reference is not supported",
                    "refer to the whole variable"));
        }
        typer.typing().calls.put(c, new CallInfo.Reference(target));
        return new RefType(t);
    }
}
