package org.ringplc.lang.sema;

import java.util.List;
import org.ringplc.lang.ast.Expression;
import org.ringplc.lang.ast.Initializer;
import org.ringplc.lang.ast.Pou;
import org.ringplc.lang.ast.Statement;
import org.ringplc.lang.ast.VarDecl;
import org.ringplc.lang.program.VariableDescriptor.VarKind;
import org.ringplc.lang.diag.DiagnosticCode;
import org.ringplc.lang.diag.Diagnostics;

/**
 * The check phase for one POU: types every statement of the body (IEC 61131-3 §7.3.3) and every
 * initial value, and checks the statement rules: assignment compatibility, BOOL conditions,
 * integer FOR control variables, EXIT/CONTINUE only inside loops.
 */
public final class BodyChecker {
    private final ProjectModel model;
    private final PouSymbol pou;
    private final Diagnostics diagnostics;
    private final ExpressionTyper typer;
    private final CallResolver calls;
    private int loopDepth;

    private BodyChecker(ProjectModel model, PouSymbol pou, Diagnostics diagnostics) {
        this.model = model;
        this.pou = pou;
        this.diagnostics = diagnostics;
        this.typer = new ExpressionTyper(model, pou, diagnostics);
        this.calls = new CallResolver(typer, model, pou, diagnostics);
    }

    /** Checks every POU body and every initial value of the project. */
    public static void check(ProjectModel model, Diagnostics diagnostics) {
        for (PouSymbol p : model.pous()) {
            BodyChecker c = new BodyChecker(model, p, diagnostics);
            for (VarSymbol v : p.variables()) {
                if (v.kind() == VarKind.EXTERNAL) {
                    c.external(v);
                } else if (v.decl() != null && v.decl().init() != null) {
                    c.initializer(v.decl().init(), v.type());
                    c.initialInRange(v.decl());
                }
            }
            c.statements(p.decl().body());
            if (p.fbType() != null) {
                for (MethodSymbol m : p.fbType().ownMethods().values()) {
                    if (m.isAbstract()) {
                        continue;
                    }
                    BodyChecker mc = new BodyChecker(model, m.scope(), diagnostics);
                    for (VarSymbol v : m.scope().variables()) {
                        if (v.decl() != null && v.decl().init() != null && v.kind() != VarKind.EXTERNAL) {
                            mc.initializer(v.decl().init(), v.type());
                        }
                    }
                    mc.statements(m.scope().decl().body());
                }
            }
        }
        for (StructType s : model.structs()) {
            BodyChecker c = new BodyChecker(model, globalScope(model), diagnostics);
            for (StructType.Member m : s.members()) {
                if (m.decl().init() != null) {
                    c.initializer(m.decl().init(), m.type());
                    c.initialInRange(m.decl());
                }
            }
        }
        BodyChecker g = new BodyChecker(model, globalScope(model), diagnostics);
        for (org.ringplc.lang.ast.TypeDefinition.Alias a : model.aliases()) {
            Type t = model.type(a.name());
            if (a.init() != null && t != null) {
                g.initializer(a.init(), t);
                Subrange r = model.subrangeOf(a.type());
                if (r != null && a.init() instanceof Initializer.Value v
                        && g.typer.typing().constant(v.expression()) instanceof java.math.BigInteger c && !r.contains(c)) {
                    diagnostics.error(DiagnosticCode.TYPE_MISMATCH, v.span(), "the initial value " + c
                            + " is outside the subrange " + r.text() + " of " + a.name());
                }
            }
        }
        for (VarSymbol v : model.globals()) {
            if (v.decl().init() != null) {
                g.initializer(v.decl().init(), v.type());
                g.initialInRange(v.decl());
            }
        }
    }

    private static PouSymbol globalScope(ProjectModel model) {
        return new PouSymbol(new Pou(null, Pou.Kind.FUNCTION, "", null, List.of(), List.of()));
    }

    /** A VAR_EXTERNAL names a VAR_GLOBAL of the same type; a CONSTANT global stays CONSTANT. */
    private void external(VarSymbol v) {
        VarSymbol g = model.global(v.name());
        if (g == null) {
            diagnostics.error(DiagnosticCode.UNDEFINED_NAME, v.decl().span(), "VAR_EXTERNAL '" + v.name()
                    + "' has no VAR_GLOBAL of that name; declare it in a VAR_GLOBAL block");
            return;
        }
        if (!v.type().equals(g.type())) {
            diagnostics.error(DiagnosticCode.TYPE_MISMATCH, v.decl().type().span(), "VAR_EXTERNAL '" + v.name() + "' is "
                    + v.type().name() + " but the VAR_GLOBAL is " + g.type().name());
        }
        if (g.isConstant() && !v.isConstant()) {
            diagnostics.error(DiagnosticCode.NOT_ASSIGNABLE, v.decl().span(), "the VAR_GLOBAL '" + v.name()
                    + "' is CONSTANT: declare it VAR_EXTERNAL CONSTANT");
        }
    }

    /** An initial value must lie within the subrange of its variable. */
    private void initialInRange(VarDecl d) {
        Subrange r = typer.typing().range(d);
        if (r != null && d.init() instanceof Initializer.Value v
                && typer.typing().constant(v.expression()) instanceof java.math.BigInteger c && !r.contains(c)) {
            diagnostics.error(DiagnosticCode.TYPE_MISMATCH, v.span(), "the initial value " + c
                    + " is outside the subrange " + r.text() + " of " + d.name());
        }
    }

    void initializer(Initializer init, Type type) {
        if (init instanceof Initializer.Value v) {
            typer.expect(v.expression(), type, "as the initial value");
            if (typer.typing().constant(v.expression()) == null) {
                diagnostics.error(DiagnosticCode.TYPE_MISMATCH, v.span(), "an initial value must be a constant");
            }
        } else if (init instanceof Initializer.ArrayInit a) {
            if (!(type instanceof ArrayType at)) {
                diagnostics.error(DiagnosticCode.TYPE_MISMATCH, a.span(), "'[...]' initialises an array, but this is " + type.name());
                return;
            }
            int n = 0;
            for (Initializer.Repeated r : a.elements()) {
                n += r.count();
                if (r.value() != null) {
                    initializer(r.value(), at.element());
                }
            }
            if (n > at.length()) {
                diagnostics.error(DiagnosticCode.TYPE_MISMATCH, a.span(), n + " initial values for an array of " + at.length());
            }
        } else if (init instanceof Initializer.StructInit s) {
            if (!(type instanceof StructType st)) {
                diagnostics.error(DiagnosticCode.TYPE_MISMATCH, s.span(), "'(a := ...)' initialises a STRUCT, but this is " + type.name());
                return;
            }
            for (Initializer.FieldInit f : s.fields()) {
                StructType.Member m = st.member(f.name());
                if (m == null) {
                    diagnostics.error(DiagnosticCode.UNDEFINED_NAME, f.span(), st.name() + " has no member '" + f.name() + "'");
                } else {
                    initializer(f.value(), m.type());
                }
            }
        }
    }

    private void statements(List<Statement> list) {
        for (Statement s : list) {
            statement(s);
        }
    }

    private void statement(Statement s) {
        if (s instanceof Statement.Assignment a) {
            typer.typingTarget = true;
            Type target = typer.type(a.target());
            typer.typingTarget = false;
            calls.checkAssignableTarget(a.target());
            if (target instanceof FbType) {
                diagnostics.error(DiagnosticCode.NOT_ASSIGNABLE, a.target().span(), "a function block instance cannot be assigned");
                typer.type(a.value());
                return;
            }
            typer.expect(a.value(), target, "");
            calls.checkConstantForTarget(a.target(), a.value());
        } else if (s instanceof Statement.CallStatement c) {
            calls.callStatement(c);
        } else if (s instanceof Statement.If i) {
            for (Statement.Branch b : i.branches()) {
                condition(b.condition(), "IF");
                statements(b.body());
            }
            statements(i.elseBody());
        } else if (s instanceof Statement.Case c) {
            Type sel = typer.type(c.selector());
            if (!(sel instanceof ElementaryType e && e.isInteger() || sel instanceof EnumType)) {
                diagnostics.error(DiagnosticCode.TYPE_MISMATCH, c.selector().span(),
                        "the CASE selector must be an integer or an enumeration, not " + sel.name());
            }
            Type selType = sel instanceof ElementaryType e && e.isLiteral() ? ElementaryType.DINT : sel;
            for (Statement.CaseBranch b : c.branches()) {
                for (Statement.CaseLabel l : b.labels()) {
                    caseLabel(l.lo(), selType);
                    if (l.hi() != null) {
                        caseLabel(l.hi(), selType);
                    }
                }
                statements(b.body());
            }
            statements(c.elseBody());
        } else if (s instanceof Statement.For f) {
            Type t = typer.type(f.control());
            calls.checkAssignableTarget(f.control());
            if (!(t instanceof ElementaryType e && e.isInteger()) || typer.typing().variable(f.control()) == null) {
                diagnostics.error(DiagnosticCode.TYPE_MISMATCH, f.control().span(),
                        "the FOR control variable must be an integer variable, not " + t.name());
            }
            typer.expect(f.from(), t, "as the FOR start");
            typer.expect(f.to(), t, "as the FOR end");
            if (f.by() != null) {
                typer.expect(f.by(), t, "as the FOR step");
                Object step = typer.typing().constant(f.by());
                if (step instanceof java.math.BigInteger v && v.signum() == 0) {
                    diagnostics.error(DiagnosticCode.TYPE_MISMATCH, f.by().span(), "a FOR step of 0 never ends");
                }
            }
            loop(f.body());
        } else if (s instanceof Statement.While w) {
            condition(w.condition(), "WHILE");
            loop(w.body());
        } else if (s instanceof Statement.Repeat r) {
            loop(r.body());
            condition(r.condition(), "UNTIL");
        } else if (s instanceof Statement.Exit || s instanceof Statement.Continue) {
            if (loopDepth == 0) {
                diagnostics.error(DiagnosticCode.SYNTAX_ERROR, s.span(),
                        (s instanceof Statement.Exit ? "EXIT" : "CONTINUE") + " is only allowed inside FOR, WHILE or REPEAT");
            }
        }
    }

    private void caseLabel(Expression e, Type selector) {
        typer.expect(e, selector, "as a CASE label");
        if (typer.typing().constant(e) == null) {
            diagnostics.error(DiagnosticCode.TYPE_MISMATCH, e.span(), "a CASE label must be a constant");
        }
    }

    private void loop(List<Statement> body) {
        loopDepth++;
        statements(body);
        loopDepth--;
    }

    private void condition(Expression e, String what) {
        Type t = typer.type(e);
        if (t != ElementaryType.BOOL && !typer.isPoisoned(e)) {
            diagnostics.error(DiagnosticCode.TYPE_MISMATCH, e.span(), "the " + what + " condition must be BOOL, not " + t.name());
        }
    }

    @SuppressWarnings("unused")
    private ProjectModel model() {
        return model;
    }

    @SuppressWarnings("unused")
    private PouSymbol pou() {
        return pou;
    }
}
