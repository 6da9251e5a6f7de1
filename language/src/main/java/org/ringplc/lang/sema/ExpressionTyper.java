package org.ringplc.lang.sema;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ringplc.lang.ast.Argument;
import org.ringplc.lang.ast.Expression;
import org.ringplc.lang.ast.Pou;
import org.ringplc.lang.diag.Diagnostics;
import org.ringplc.lang.diag.Problems;
import org.ringplc.lang.program.VariableDescriptor.VarKind;
import org.ringplc.lang.sema.ElementaryType.Category;

/**
 * Types the expressions of one POU body (IEC 61131-3 §7.3.2): resolves names, members and
 * elements, checks operator operands and folds untyped literal subexpressions into constants (so
 * that {@code 2 * 3} is an ANY_INT literal 6 that takes its type from the context; see
 * {@link OperatorTyper}) and resolves calls ({@link CallResolver}). Results go to the
 * {@link Typing}; an expression with an error gets a plausible type so checking goes on without
 * a cascade of follow-up errors.
 */
final class ExpressionTyper {
    private final ProjectModel model;
    private final PouSymbol pou;
    private final Diagnostics diagnostics;
    private final Typing typing;

    ExpressionTyper(ProjectModel model, PouSymbol pou, Diagnostics diagnostics) {
        this.model = model;
        this.pou = pou;
        this.diagnostics = diagnostics;
        this.typing = model.typing;
    }

    /** Expressions whose error is reported already: no follow-up type errors about them. */
    private final java.util.Set<Expression> poisoned = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    Type type(Expression e) {
        int before = diagnostics.count();
        Type t = compute(e);
        if (diagnostics.count() > before) {
            poisoned.add(e);
        }
        typing.types.put(e, t);
        return t;
    }

    boolean isPoisoned(Expression e) {
        return poisoned.contains(e);
    }

    /** Types {@code e} and checks it can be used where {@code want} is expected. */
    void expect(Expression e, Type want, String what) {
        Type t = type(e);
        assignable(e, t, want, what);
    }

    boolean assignable(Expression e, Type t, Type want, String what) {
        if (poisoned.contains(e)) {
            return false;
        }
        Object c = typing.constant(e);
        if (t instanceof ElementaryType et && et.isLiteral()) {
            if (!TypeRules.literalFits(c, want)) {
                diagnostics.report(Problems.TypeMismatch.constantDoesNotFit(e.span(), show(c), want.name(), what));
                return false;
            }
            return true;
        }
        if (!TypeRules.widens(t, want)) {
            boolean narrowing = t instanceof ElementaryType a && want instanceof ElementaryType b
                    && (a.isNumeric() && b.isNumeric() || a.category == Category.DURATION && b.category == Category.DURATION);
            if (narrowing) {
                diagnostics.report(Problems.ImplicitNarrowing.of(e.span(), t.name(), want.name(), what));
            } else {
                diagnostics.report(Problems.TypeMismatch.expected(e.span(), want.name(), what, describe(t)));
            }
            return false;
        }
        return true;
    }

    /** A type as a message names it: untyped literals are constants, not LIT_INT. */
    static String describe(Type t) {
        if (t == ElementaryType.LIT_INT) {
            return "an integer constant";
        }
        if (t == ElementaryType.LIT_REAL) {
            return "a real constant";
        }
        return t.name();
    }

    /** {@code X_TO_Y(...)} converting the typed side to the other side's type (a constant's default type). */
    static String conversionHint(Type l, Type r) {
        Type from = l instanceof ElementaryType el && el.isLiteral() ? r : l;
        Type to = from == l ? r : l;
        if (to instanceof ElementaryType et && et.isLiteral()) {
            to = et == ElementaryType.LIT_INT ? (from == ElementaryType.BOOL ? ElementaryType.INT : ElementaryType.DINT)
                    : ElementaryType.LREAL;
        }
        return from.name() + "_TO_" + to.name() + "(...)";
    }

    static String show(Object c) {
        return c instanceof BigDecimal d ? d.toPlainString() : String.valueOf(c);
    }

    private Type compute(Expression e) {
        if (e instanceof Expression.IntLiteral i) {
            if (i.typeName() == null) {
                typing.constants.put(e, i.value());
                return ElementaryType.LIT_INT;
            }
            ElementaryType t = ElementaryType.byName(i.typeName());
            if (t == null || !(t.isNumeric() || t == ElementaryType.BOOL)) {
                diagnostics.report(Problems.UndefinedType.literalPrefix(e.span(), i.typeName()));
                return ElementaryType.DINT;
            }
            if (t == ElementaryType.BOOL) {
                typing.constants.put(e, i.value().signum() != 0);
                return t;
            }
            if (!TypeRules.literalFits(i.value(), t)) {
                diagnostics.report(Problems.TypeMismatch.literalOutOfRange(e.span(), i.value().toString(), t.name(),
                        t.min().toString(), t.max().toString()));
            }
            typing.constants.put(e, t.isReal() ? new BigDecimal(i.value()) : i.value());
            return t;
        }
        if (e instanceof Expression.RealLiteral r) {
            typing.constants.put(e, r.value());
            if (r.typeName() == null) {
                return ElementaryType.LIT_REAL;
            }
            ElementaryType t = ElementaryType.byName(r.typeName());
            if (t == null || !t.isReal()) {
                diagnostics.report(Problems.TypeMismatch.realLiteralPrefix(e.span(), r.typeName()));
                return ElementaryType.LREAL;
            }
            return t;
        }
        if (e instanceof Expression.BoolLiteral b) {
            typing.constants.put(e, b.value());
            return ElementaryType.BOOL;
        }
        if (e instanceof Expression.TimeLiteral t) {
            typing.constants.put(e, t.nanos());
            return ElementaryType.byName(t.typeName());
        }
        if (e instanceof Expression.StringLiteral s) {
            typing.constants.put(e, s.value());
            return new StringType(Math.max(1, s.value().length()), s.wide());
        }
        if (e instanceof Expression.EnumLiteral el) {
            Type t = model.type(el.typeName());
            if (!(t instanceof EnumType et)) {
                diagnostics.report(Problems.UndefinedType.notEnumeration(e.span(), el.typeName()));
                return ElementaryType.DINT;
            }
            return enumElement(e, et, el.element());
        }
        if (e instanceof Expression.Name n) {
            return name(n);
        }
        if (e instanceof Expression.Member m) {
            return member(m);
        }
        if (e instanceof Expression.BitAccess b) {
            Type t = type(b.target());
            if (!(t instanceof ElementaryType et) || !et.isInteger() || et.isLiteral() || b.bit() >= et.bits) {
                diagnostics.report(Problems.TypeMismatch.noBit(e.span(), b.bit(), t.name()));
            }
            return ElementaryType.BOOL;
        }
        if (e instanceof Expression.Index ix) {
            return index(ix);
        }
        if (e instanceof Expression.Deref d) {
            Type t = type(d.target());
            if (!(t instanceof RefType r) || r.target() == null) {
                diagnostics.report(Problems.TypeMismatch.operator(e.span(), "'^'", "a REF_TO variable", t.name()));
                return ElementaryType.DINT;
            }
            return r.target();
        }
        if (e instanceof Expression.Unary u) {
            return new OperatorTyper(this, diagnostics).unary(u);
        }
        if (e instanceof Expression.Binary b) {
            return new OperatorTyper(this, diagnostics).binary(b);
        }
        if (e instanceof Expression.MethodCall mc) {
            Type rt = new CallResolver(this, model, pou, diagnostics).methodCall(mc, mc);
            if (rt == null) {
                diagnostics.report(Problems.TypeMismatch.noResult(e.span(), mc.method()));
                return ElementaryType.DINT;
            }
            return rt;
        }
        Expression.Call c = (Expression.Call) e;
        Type t = new CallResolver(this, model, pou, diagnostics).callExpression(c);
        return t == null ? ElementaryType.DINT : t;
    }

    private Type enumElement(Expression e, EnumType et, String element) {
        Long v = et.valueOf(element);
        if (v == null) {
            diagnostics.report(Problems.UndefinedName.enumElement(e.span(), element, et.name(), et.elements()));
            v = 0L;
        }
        typing.constants.put(e, BigInteger.valueOf(v));
        return et;
    }

    /** A variable of the POU, a global, or an enumeration element unique among all enumerations. */
    VarSymbol lookupVariable(String name) {
        VarSymbol v = pou.lookup(name);
        if (v != null && v.kind() == VarKind.EXTERNAL) {
            VarSymbol g = model.global(name);
            return g;
        }
        if (v != null) {
            return v;
        }
        if (pou.result() != null && pou.result().name().equalsIgnoreCase(name)) {
            return pou.result();
        }
        if (pou.kind() != Pou.Kind.FUNCTION || pou.outer() != null) {
            return model.global(name);
        }
        return null;
    }

    /** Set while the target of an assignment is typed: a property there needs SET, not GET. */
    boolean typingTarget;

    private Type name(Expression.Name n) {
        boolean target = typingTarget;
        typingTarget = false;
        VarSymbol v = lookupVariable(n.name());
        if (v != null) {
            typing.variables.put(n, v);
            return v.type();
        }
        if (n.name().equalsIgnoreCase("NULL")) {
            return RefType.NULL;
        }
        if (pou.self() != null) {
            // a PROPERTY of the function block itself, used without THIS^
            MethodSymbol get = pou.self().method("get$" + upper(n.name()));
            MethodSymbol set = pou.self().method("set$" + upper(n.name()));
            if (get != null || set != null) {
                typing.properties.put(n, new MethodSymbol[] {get, set});
                if (get == null && !target) {
                    diagnostics.report(Problems.NotAssignable.property(n.span(), n.name(), false));
                }
                return get != null ? get.resultType() : set.scope().inputs().get(0).type();
            }
        }
        if (n.name().equalsIgnoreCase("THIS") && pou.self() != null) {
            return new RefType(pou.self());
        }
        if (n.name().equalsIgnoreCase("SUPER") && pou.self() != null) {
            if (pou.self().base() == null) {
                diagnostics.report(Problems.UndefinedName.noSuper(n.span(), pou.self().name()));
                return new RefType(pou.self());
            }
            return new RefType(pou.self().base());
        }
        if (pou.lookup(n.name()) != null) {
            diagnostics.report(Problems.UndefinedName.external(n.span(), n.name()));
            return pou.lookup(n.name()).type();
        }
        EnumType found = null;
        for (Type t : model.types.values()) {
            // a TYPE alias of an enumeration (TYPE Mode2 : Mode := Manual;) is the same type under a second name
            if (t instanceof EnumType et && et != found && et.valueOf(n.name()) != null) {
                if (found != null) {
                    diagnostics.report(Problems.UndefinedName.ambiguousElement(n.span(), n.name(), found.name(), et.name()));
                    return et;
                }
                found = et;
            }
        }
        if (found != null) {
            return enumElement(n, found, n.name());
        }
        diagnostics.report(Problems.UndefinedName.variable(n.span(), n.name(), model.pou(n.name()) != null));
        return ElementaryType.DINT;
    }

    private Type member(Expression.Member m) {
        if (m.target() instanceof Expression.Name n && lookupVariable(n.name()) == null
                && model.type(n.name()) instanceof EnumType et) {
            return enumElement(m, et, m.member());
        }
        boolean target = typingTarget;
        typingTarget = false;
        Type t = type(m.target());
        if (t instanceof FbType || t instanceof InterfaceType) {
            String n = upper(m.member());
            MethodSymbol get = t instanceof FbType f ? f.method("get$" + n) : ((InterfaceType) t).method("get$" + n);
            MethodSymbol set = t instanceof FbType f ? f.method("set$" + n) : ((InterfaceType) t).method("set$" + n);
            if (get != null || set != null) {
                typing.properties.put(m, new MethodSymbol[] {get, set});
                if (get == null && !target) {
                    diagnostics.report(Problems.NotAssignable.property(m.span(), m.member(), false));
                }
                return get != null ? get.resultType() : set.scope().inputs().get(0).type();
            }
        }
        if (t instanceof InterfaceType it) {
            diagnostics.report(Problems.UndefinedName.member(m.span(), "INTERFACE", it.name(), m.member()));
            return ElementaryType.DINT;
        }
        if (t instanceof FbType fb) {
            FbType.Member mem = fb.member(m.member());
            if (mem == null) {
                diagnostics.report(Problems.UndefinedName.member(m.span(), "", fb.name(), m.member()));
                return ElementaryType.DINT;
            }
            return mem.type();
        }
        if (t instanceof StructType st) {
            StructType.Member mem = st.member(m.member());
            if (mem == null) {
                diagnostics.report(Problems.UndefinedName.member(m.span(), "STRUCT", st.name(), m.member()));
                return ElementaryType.DINT;
            }
            return mem.type();
        }
        diagnostics.report(Problems.TypeMismatch.operator(m.span(), "'." + m.member() + "'", "a function block or STRUCT", t.name()));
        return ElementaryType.DINT;
    }

    private Type index(Expression.Index ix) {
        Type t = type(ix.target());
        for (Expression i : ix.indices()) {
            Type it = type(i);
            if (!(it instanceof ElementaryType et && et.isInteger() || it instanceof EnumType)) {
                diagnostics.report(Problems.TypeMismatch.operator(i.span(), "an array index", "an integer", it.name()));
            }
        }
        if (!(t instanceof ArrayType at)) {
            diagnostics.report(Problems.TypeMismatch.operator(ix.span(), "'[...]'", "an array", t.name()));
            return ElementaryType.DINT;
        }
        if (at.dims().size() != ix.indices().size()) {
            diagnostics.report(Problems.WrongArgumentCount.indices(ix.span(), at.dims().size(), ix.indices().size()));
        } else {
            for (int k = 0; k < at.dims().size(); k++) {
                Object c = typing.constant(ix.indices().get(k));
                ArrayType.Dim d = at.dims().get(k);
                if (c instanceof BigInteger v && (v.compareTo(BigInteger.valueOf(d.lo())) < 0
                        || v.compareTo(BigInteger.valueOf(d.hi())) > 0)) {
                    diagnostics.report(Problems.TypeMismatch.indexOutOfBounds(ix.indices().get(k).span(), v.toString(), d.lo(), d.hi()));
                }
            }
        }
        return at.element();
    }

    Typing typing() {
        return typing;
    }

    /** Orders a call's arguments by the parameter names, reporting unknown and duplicate ones. */
    List<Argument> named(List<Argument> args) {
        List<Argument> out = new ArrayList<>();
        for (Argument a : args) {
            if (a.name() != null && out.stream().anyMatch(o -> o.name() != null && o.name().equalsIgnoreCase(a.name()))) {
                diagnostics.report(Problems.DuplicateDeclaration.parameter(a.span(), a.name()));
                continue;
            }
            out.add(a);
        }
        return out;
    }

    static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }
}
