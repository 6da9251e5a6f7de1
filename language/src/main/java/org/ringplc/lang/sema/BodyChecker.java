package org.ringplc.lang.sema;

import java.util.List;
import org.ringplc.lang.ast.Expression;
import org.ringplc.lang.ast.Initializer;
import org.ringplc.lang.ast.Pou;
import org.ringplc.lang.ast.Statement;
import org.ringplc.lang.ast.VarDecl;
import org.ringplc.lang.program.VariableDescriptor.VarKind;
import org.ringplc.lang.diag.Diagnostics;
import org.ringplc.lang.diag.Problems;

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
                        // a VAR_INST's initial value is checked with the block's variables, whose constructor sets it
                        if (v.decl() != null && v.decl().init() != null && v.kind() != VarKind.EXTERNAL
                                && v.storage() != VarSymbol.Storage.FIELD) {
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
                    diagnostics.report(Problems.TypeMismatch.initialOutsideSubrange(v.span(), c.toString(), r.text(), a.name()));
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
            diagnostics.report(Problems.UndefinedName.external(v.decl().span(), v.name()));
            return;
        }
        if (!v.type().equals(g.type())) {
            diagnostics.report(Problems.TypeMismatch.externalType(v.decl().type().span(), v.name(), v.type().name(), g.type().name()));
        }
        if (g.isConstant() && !v.isConstant()) {
            diagnostics.report(Problems.NotAssignable.externalNotConstant(v.decl().span(), v.name()));
        }
    }

    /** An initial value must lie within the subrange of its variable. */
    private void initialInRange(VarDecl d) {
        Subrange r = typer.typing().range(d);
        if (r != null && d.init() instanceof Initializer.Value v
                && typer.typing().constant(v.expression()) instanceof java.math.BigInteger c && !r.contains(c)) {
            diagnostics.report(Problems.TypeMismatch.initialOutsideSubrange(v.span(), c.toString(), r.text(), d.name()));
        }
    }

    void initializer(Initializer init, Type type) {
        if (init instanceof Initializer.Value v) {
            typer.expect(v.expression(), type, "as the initial value");
            if (typer.typing().constant(v.expression()) == null) {
                diagnostics.report(Problems.TypeMismatch.notConstant(v.span(), "an initial value"));
            }
        } else if (init instanceof Initializer.ArrayInit a) {
            if (!(type instanceof ArrayType at)) {
                diagnostics.report(Problems.TypeMismatch.initialiser(a.span(), "[...]", "an array", type.name()));
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
                diagnostics.report(Problems.TypeMismatch.tooManyInitialValues(a.span(), n, at.length()));
            }
        } else if (init instanceof Initializer.StructInit s) {
            if (!(type instanceof StructType st)) {
                diagnostics.report(Problems.TypeMismatch.initialiser(s.span(), "(a := ...)", "a STRUCT", type.name()));
                return;
            }
            for (Initializer.FieldInit f : s.fields()) {
                StructType.Member m = st.member(f.name());
                if (m == null) {
                    diagnostics.report(Problems.UndefinedName.member(f.span(), "STRUCT", st.name(), f.name()));
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
                diagnostics.report(Problems.NotAssignable.functionBlock(a.target().span()));
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
                diagnostics.report(Problems.TypeMismatch.caseSelector(c.selector().span(), sel.name()));
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
                diagnostics.report(Problems.TypeMismatch.forControl(f.control().span(), t.name()));
            }
            typer.expect(f.from(), t, "as the FOR start");
            typer.expect(f.to(), t, "as the FOR end");
            if (f.by() != null) {
                typer.expect(f.by(), t, "as the FOR step");
                Object step = typer.typing().constant(f.by());
                if (step instanceof java.math.BigInteger v && v.signum() == 0) {
                    diagnostics.report(Problems.TypeMismatch.zeroStep(f.by().span()));
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
                diagnostics.report(Problems.SyntaxError.exitOutsideLoop(s.span(), s instanceof Statement.Exit ? "EXIT" : "CONTINUE"));
            }
        }
    }

    private void caseLabel(Expression e, Type selector) {
        typer.expect(e, selector, "as a CASE label");
        if (typer.typing().constant(e) == null) {
            diagnostics.report(Problems.TypeMismatch.notConstant(e.span(), "a CASE label"));
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
            diagnostics.report(Problems.TypeMismatch.condition(e.span(), what, t.name()));
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
