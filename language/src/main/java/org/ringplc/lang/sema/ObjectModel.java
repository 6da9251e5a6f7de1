package org.ringplc.lang.sema;

import java.util.ArrayList;
import java.util.List;
import org.ringplc.lang.ast.ObjectParts;
import org.ringplc.lang.ast.Pou;
import org.ringplc.lang.ast.VarDecl;
import org.ringplc.lang.diag.Diagnostics;
import org.ringplc.lang.diag.Problems;
import org.ringplc.lang.program.VariableDescriptor.VarKind;

/**
 * The object-oriented declarations of IEC 61131-3 ed. 3 (§6.6.5, §6.6.6): links EXTENDS and
 * IMPLEMENTS, declares METHODs and PROPERTY accessors as {@link MethodSymbol}s, and checks the
 * rules between them (overrides keep the signature and respect FINAL, a concrete function block
 * implements what its interfaces and abstract bases ask for). Part of the analyze phase.
 */
final class ObjectModel {
    private final ProjectModel model;
    private final Diagnostics diagnostics;
    private final java.util.function.Consumer<PouSymbol> declareVariables;
    private final java.util.function.BiConsumer<PouSymbol, ObjectParts.Method> declareInstanceVariables;

    ObjectModel(ProjectModel model, Diagnostics diagnostics, java.util.function.Consumer<PouSymbol> declareVariables,
                java.util.function.BiConsumer<PouSymbol, ObjectParts.Method> declareInstanceVariables) {
        this.model = model;
        this.diagnostics = diagnostics;
        this.declareVariables = declareVariables;
        this.declareInstanceVariables = declareInstanceVariables;
    }

    /** EXTENDS and IMPLEMENTS of function blocks, EXTENDS of interfaces; cycles are errors. */
    void linkHierarchy(List<ObjectParts.Interface> interfaces) {
        for (ObjectParts.Interface i : interfaces) {
            InterfaceType it = (InterfaceType) model.type(i.name());
            for (String b : i.bases()) {
                if (model.type(b) instanceof InterfaceType bt && !bt.extendsOrIs(it)) {
                    it.bases().add(bt);
                } else {
                    diagnostics.report(Problems.UndefinedType.notA(i.span(), b, "an INTERFACE that " + i.name() + " can extend"));
                }
            }
        }
        for (PouSymbol p : model.pous.values()) {
            FbType fb = p.fbType();
            if (fb == null) {
                continue;
            }
            ObjectParts parts = p.decl().parts();
            fb.setAbstract(parts.isAbstract());
            if (parts.base() != null) {
                Type b = model.type(parts.base());
                if (!(b instanceof FbType bt) || bt.decl() == null) {
                    diagnostics.report(Problems.UndefinedType.notA(p.decl().span(), parts.base(),
                            "a FUNCTION_BLOCK written in ST that " + p.name() + " can extend"));
                } else if (bt.derivesFrom(fb)) {
                    diagnostics.report(Problems.TypeMismatch.objectRule(p.decl().span(), p.name() + " and " + bt.name()
                            + " extend each other"));
                } else if (bt.decl().parts().isFinal()) {
                    diagnostics.report(Problems.TypeMismatch.objectRule(p.decl().span(), bt.name() + " is FINAL and cannot be extended"));
                } else {
                    fb.setBase(bt);
                    p.setBase(model.pou(bt.name()));
                }
            }
            for (String i : parts.interfaces()) {
                if (model.type(i) instanceof InterfaceType it) {
                    fb.interfaces().add(it);
                } else {
                    diagnostics.report(Problems.UndefinedType.notA(p.decl().span(), i, "an INTERFACE"));
                }
            }
        }
    }

    /** Methods and property accessors of a function block ({@code fb} its symbol) or of an interface. */
    void declareMethods(Type owner, PouSymbol fb, List<ObjectParts.Method> methods,
                                List<ObjectParts.Property> properties, org.ringplc.lang.diag.SourceSpan where) {
        java.util.Map<String, MethodSymbol> table = owner instanceof FbType f ? f.ownMethods() : ((InterfaceType) owner).ownMethods();
        List<MethodSymbol> made = new ArrayList<>();
        for (ObjectParts.Method m : methods) {
            made.add(method(m, MethodSymbol.Kind.METHOD, m.resultType(), m.vars(), owner, fb));
        }
        for (ObjectParts.Property pr : properties) {
            if (pr.getter() != null) {
                ObjectParts.Method g = pr.getter();
                made.add(method(new ObjectParts.Method(g.span(), pr.name(), pr.access(), pr.type(), g.vars(), g.body(),
                        g.isAbstract(), g.isFinal()), MethodSymbol.Kind.GETTER, pr.type(), g.vars(), owner, fb));
            }
            if (pr.setter() != null) {
                ObjectParts.Method st = pr.setter();
                List<VarDecl> vars = new ArrayList<>();
                vars.add(new VarDecl(pr.span(), pr.name(), VarKind.INPUT, false, false, null, null, pr.type(), null));
                vars.addAll(st.vars());
                made.add(method(new ObjectParts.Method(st.span(), pr.name(), pr.access(), null, vars, st.body(),
                        st.isAbstract(), st.isFinal()), MethodSymbol.Kind.SETTER, null, vars, owner, fb));
            }
        }
        for (MethodSymbol m : made) {
            if (table.containsKey(m.key()) || owner instanceof FbType f && f.member(m.name()) != null) {
                diagnostics.report(Problems.DuplicateDeclaration.in(m.decl().span(), m.name(), owner.name()));
                continue;
            }
            table.put(m.key(), m);
        }
    }

    private MethodSymbol method(ObjectParts.Method m, MethodSymbol.Kind kind, org.ringplc.lang.ast.TypeRef result,
                                List<VarDecl> vars, Type owner, PouSymbol fb) {
        Pou scopeDecl = new Pou(m.span(), Pou.Kind.FUNCTION, m.name(), result, vars,
                m.body() == null ? List.of() : m.body());
        PouSymbol scope = new PouSymbol(scopeDecl);
        scope.setOuter(fb != null ? fb : new PouSymbol(new Pou(m.span(), Pou.Kind.FUNCTION_BLOCK, owner.name(), null,
                List.of(), List.of())));
        declareVariables.accept(scope);
        if (fb != null && !m.instanceVars().isEmpty()) {
            declareInstanceVariables.accept(scope, m);
        }
        return new MethodSymbol(m.name(), kind, m, scope, owner);
    }

    /** Overrides keep the signature and respect FINAL; a concrete FB has every method its interfaces and bases ask for. */
    void checkObjectRules(PouSymbol p) {
        FbType fb = p.fbType();
        for (MethodSymbol m : fb.ownMethods().values()) {
            MethodSymbol inherited = fb.base() == null ? null : fb.base().method(m.key());
            if (inherited != null) {
                if (!sameSignature(m, inherited)) {
                    diagnostics.report(Problems.TypeMismatch.objectRule(m.decl().span(), m.name() + " overrides "
                            + fb.base().name() + "." + m.name() + " and must keep its inputs, outputs and result type"));
                } else if (inherited.decl().isFinal()) {
                    diagnostics.report(Problems.TypeMismatch.objectRule(m.decl().span(), fb.base().name() + "." + m.name()
                            + " is FINAL and cannot be overridden"));
                }
            }
        }
        for (InterfaceType it : fb.interfaces()) {
            for (MethodSymbol im : it.allMethods()) {
                MethodSymbol impl = fb.method(im.key());
                if (impl == null) {
                    if (!fb.isAbstract()) {
                        diagnostics.report(Problems.UndefinedName.missingImplementation(p.decl().span(), p.name(),
                                (im.kind() == MethodSymbol.Kind.METHOD ? "METHOD " : "PROPERTY ") + im.name()
                                + (im.kind() == MethodSymbol.Kind.SETTER ? " with SET" : im.kind() == MethodSymbol.Kind.GETTER ? " with GET" : ""),
                                it.name()));
                    }
                } else if (!sameSignature(im, impl)) {
                    diagnostics.report(Problems.TypeMismatch.objectRule(impl.decl().span(), p.name() + "." + impl.name()
                            + " must have the inputs, outputs and result type " + it.name() + " declares"));
                }
            }
        }
        if (!fb.isAbstract()) {
            for (FbType t = fb; t != null; t = t.base()) {
                for (MethodSymbol m : t.ownMethods().values()) {
                    if (m.isAbstract() && fb.method(m.key()).isAbstract()) {
                        diagnostics.report(Problems.UndefinedName.missingImplementation(p.decl().span(), p.name(),
                                "the ABSTRACT " + m.name(), t.name() + " (or be ABSTRACT itself)"));
                    }
                }
            }
        }
    }

    private static boolean sameSignature(MethodSymbol a, MethodSymbol b) {
        if (!java.util.Objects.equals(a.frameClass(), b.frameClass())) {
            return false;
        }
        List<VarSymbol> ai = a.scope().inputs();
        List<VarSymbol> bi = b.scope().inputs();
        if (ai.size() != bi.size() || !java.util.Objects.equals(a.resultType(), b.resultType())) {
            return false;
        }
        for (int i = 0; i < ai.size(); i++) {
            if (!ai.get(i).type().equals(bi.get(i).type())) {
                return false;
            }
        }
        return true;
    }
}
