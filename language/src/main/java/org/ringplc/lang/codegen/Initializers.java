package org.ringplc.lang.codegen;

import static org.objectweb.asm.Opcodes.*;

import java.math.BigInteger;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.ringplc.lang.ast.Initializer;
import org.ringplc.lang.ast.TypeRef;
import org.ringplc.lang.ast.VarDecl;
import org.ringplc.lang.sema.ArrayType;
import org.ringplc.lang.sema.ElementaryType;
import org.ringplc.lang.sema.EnumType;
import org.ringplc.lang.sema.FbType;
import org.ringplc.lang.sema.StringType;
import org.ringplc.lang.sema.StructType;
import org.ringplc.lang.sema.Subrange;
import org.ringplc.lang.sema.Type;
import org.ringplc.lang.sema.Typing;

/**
 * Emits initial values (IEC 61131-3 §6.5.1): the declared value, else the type's default (0,
 * FALSE, T#0s, '' , an enumeration's first or declared element), and the allocation of arrays,
 * structs and function block instances. Runs in constructors, never per cycle (except for a
 * FUNCTION's locals, which the standard re-initialises on every call).
 */
final class Initializers {
    private Initializers() {
    }

    /** Pushes the initial value of a variable of {@code t} declared by {@code decl} (may be null). */
    static void pushInitial(BodyGenerator g, VarDecl decl, Type t) {
        Initializer init = g.model() == null ? (decl == null ? null : decl.init()) : g.model().initialValue(decl);
        Subrange r = g.typing().range(decl);
        if (init == null && r != null) {
            // a subrange variable without an initial value starts at its lower limit
            g.pushConstant(BigInteger.valueOf(r.lo()), t);
            return;
        }
        TypeRef elementRef = g.model() == null || decl == null ? null : g.model().elementTypeRef(decl.type());
        if (t instanceof ArrayType a && (g.typing().elementRange(decl) != null || elementRef != null)) {
            newArray(g, a, init, g.typing().elementRange(decl), elementRef);
            return;
        }
        pushValue(g, init, t);
    }

    static void pushDefault(BodyGenerator g, VarDecl decl, Type t) {
        pushInitial(g, decl, t);
    }

    private static void pushValue(BodyGenerator g, Initializer init, Type t) {
        MethodVisitor mv = g.mv();
        if (t instanceof ArrayType a) {
            newArray(g, a, init, null, null);
            return;
        }
        if (t instanceof StructType s) {
            mv.visitTypeInsn(NEW, s.className());
            mv.visitInsn(DUP);
            mv.visitMethodInsn(INVOKESPECIAL, s.className(), "<init>", "()V", false);
            if (init instanceof Initializer.StructInit si) {
                for (Initializer.FieldInit f : si.fields()) {
                    StructType.Member m = s.member(f.name());
                    mv.visitInsn(DUP);
                    pushValue(g, f.value(), m.type());
                    mv.visitFieldInsn(PUTFIELD, s.className(), m.name(), JvmTypes.descriptor(m.type()));
                }
            }
            return;
        }
        if (t instanceof FbType fb) {
            mv.visitTypeInsn(NEW, fb.className());
            mv.visitInsn(DUP);
            mv.visitVarInsn(ALOAD, g.envSlot());
            mv.visitMethodInsn(INVOKESPECIAL, fb.className(), "<init>", "(Lorg/ringplc/lang/program/RuntimeEnvironment;)V", false);
            if (init instanceof Initializer.StructInit si) {
                for (Initializer.FieldInit f : si.fields()) {
                    FbType.Member m = fb.member(f.name());
                    if (m == null) {
                        continue;
                    }
                    mv.visitInsn(DUP);
                    pushValue(g, f.value(), m.type());
                    mv.visitFieldInsn(PUTFIELD, fb.className(), m.jvmName(), JvmTypes.descriptor(m.type()));
                }
            }
            return;
        }
        if (t instanceof org.ringplc.lang.sema.RefType || t instanceof org.ringplc.lang.sema.InterfaceType) {
            mv.visitInsn(ACONST_NULL);
            return;
        }
        if (init instanceof Initializer.Value v) {
            g.gen(v.expression(), t);
            return;
        }
        if (t instanceof StringType) {
            mv.visitLdcInsn("");
        } else if (t instanceof EnumType e) {
            g.pushInt((int) e.initial());
        } else {
            g.pushConstant(BigInteger.ZERO, t);
        }
    }

    /** True if the JVM's zero default already is the initial value, so the constructor can skip it. */
    static boolean isJvmDefault(org.ringplc.lang.sema.ProjectModel model, VarDecl decl, Type t) {
        Typing typing = model.typing();
        if (model.initialValue(decl) != null) {
            return false;
        }
        if (typing.range(decl) != null) {
            return typing.range(decl).lo() == 0;
        }
        if (t instanceof EnumType e) {
            return e.initial() == 0;
        }
        return t instanceof ElementaryType || t instanceof org.ringplc.lang.sema.RefType
                || t instanceof org.ringplc.lang.sema.InterfaceType;
    }

    /**
     * {@code elementRef}: the elements' type as written, or null; the elements not given in
     * {@code init} start at its TYPE's initial value, else (a subrange, {@code elementRange}) at
     * its lower limit; an element that is an array is made the same way from its own element type.
     */
    private static void newArray(BodyGenerator g, ArrayType a, Initializer init, Subrange elementRange,
                                 TypeRef elementRef) {
        MethodVisitor mv = g.mv();
        Initializer elementInit = elementRef == null ? null : g.model().typeInitialValue(elementRef);
        TypeRef innerRef = elementRef == null ? null : g.model().elementTypeRef(elementRef);
        Type el = a.element();
        g.pushInt(a.length());
        if (el instanceof ElementaryType e) {
            int code = switch (e.jvm) {
                case 'Z' -> T_BOOLEAN;
                case 'I' -> T_INT;
                case 'J' -> T_LONG;
                case 'F' -> T_FLOAT;
                default -> T_DOUBLE;
            };
            mv.visitIntInsn(NEWARRAY, code);
        } else if (el instanceof EnumType) {
            mv.visitIntInsn(NEWARRAY, T_INT);
        } else {
            String d = JvmTypes.descriptor(el);
            mv.visitTypeInsn(ANEWARRAY, d.startsWith("L") ? d.substring(1, d.length() - 1) : d);
        }
        boolean needsFill = !(el instanceof ElementaryType) || el instanceof EnumType e2 && e2.initial() != 0
                || elementRange != null && elementRange.lo() != 0 || elementInit != null;
        int explicit = 0;
        if (init instanceof Initializer.ArrayInit ai) {
            for (Initializer.Repeated r : ai.elements()) {
                for (int i = 0; i < r.count(); i++) {
                    mv.visitInsn(DUP);
                    g.pushInt(explicit++);
                    pushValue(g, r.value(), el);
                    mv.visitInsn(JvmTypes.arrayStore(el));
                }
            }
        }
        if (needsFill && explicit < a.length()) {
            // fill the rest with fresh default values: a loop keeps big arrays of FBs small in bytecode
            int arr = g.newLocal(a);
            int idx = g.newLocal(ElementaryType.DINT);
            mv.visitInsn(DUP);
            mv.visitVarInsn(ASTORE, arr);
            g.pushInt(explicit);
            mv.visitVarInsn(ISTORE, idx);
            Label top = new Label();
            Label end = new Label();
            mv.visitLabel(top);
            mv.visitVarInsn(ILOAD, idx);
            g.pushInt(a.length());
            mv.visitJumpInsn(IF_ICMPGE, end);
            mv.visitVarInsn(ALOAD, arr);
            mv.visitVarInsn(ILOAD, idx);
            if (el instanceof ArrayType inner && innerRef != null) {
                newArray(g, inner, elementInit, g.model().subrangeOf(innerRef), innerRef);
            } else if (elementInit != null) {
                pushValue(g, elementInit, el);
            } else if (elementRange != null) {
                g.pushConstant(BigInteger.valueOf(elementRange.lo()), el);
            } else {
                pushValue(g, null, el);
            }
            mv.visitInsn(JvmTypes.arrayStore(el));
            mv.visitIincInsn(idx, 1);
            mv.visitJumpInsn(GOTO, top);
            mv.visitLabel(end);
        }
    }
}
