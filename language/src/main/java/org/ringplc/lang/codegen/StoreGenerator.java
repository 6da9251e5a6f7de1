package org.ringplc.lang.codegen;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.ringplc.lang.ast.Expression;
import org.ringplc.lang.sema.ArrayType;
import org.ringplc.lang.sema.ElementaryType;
import org.ringplc.lang.sema.MethodSymbol;
import org.ringplc.lang.sema.StringType;
import org.ringplc.lang.sema.StructType;
import org.ringplc.lang.sema.Subrange;
import org.ringplc.lang.sema.Type;
import org.ringplc.lang.sema.Typing;
import org.ringplc.lang.sema.VarSymbol;

/**
 * Emits stores for one body: assignment (STRUCTs and ARRAYs by value, into the target's own
 * objects), and every store of a value into a variable, member, element, bit, property or
 * dereferenced REF, each with the checks a store needs: the subrange of the target and the cut of
 * a STRING to its declared length (through the {@link TextTable}, so a steady store allocates
 * nothing).
 */
final class StoreGenerator {
    private final BodyGenerator g;
    private final MethodVisitor mv;
    private final Typing typing;

    StoreGenerator(BodyGenerator g) {
        this.g = g;
        this.mv = g.mv();
        this.typing = g.typing();
    }

    void assign(Expression target, Expression value) {
        Type t = typing.type(target);
        if (t instanceof ArrayType || t instanceof StructType) {
            copyAggregate(target, value, t);
            return;
        }
        store(target, () -> g.gen(value, t));
    }

    private void copyAggregate(Expression target, Expression value, Type t) {
        if (t instanceof StructType s) {
            g.genRaw(target);
            g.genRaw(value);
            mv.visitMethodInsn(INVOKEVIRTUAL, s.className(), "$copy", "(L" + s.className() + ";)V", false);
            return;
        }
        g.genRaw(target);
        g.genRaw(value);
        copyArray(mv, (ArrayType) t, g::newLocal);
    }

    /**
     * With the destination and the source array on the stack: copies the source into the
     * destination by value, element by element for structures (each keeps its own object).
     */
    static void copyArray(MethodVisitor mv, ArrayType a, java.util.function.ToIntFunction<Type> locals) {
        if (!(a.element() instanceof StructType s)) {
            mv.visitInsn(SWAP);
            mv.visitInsn(ICONST_0);
            mv.visitInsn(SWAP);
            // stack: src, 0, dst
            mv.visitInsn(ICONST_0);
            mv.visitLdcInsn(a.length());
            mv.visitMethodInsn(INVOKESTATIC, "java/lang/System", "arraycopy", "(Ljava/lang/Object;ILjava/lang/Object;II)V", false);
            return;
        }
        int src = locals.applyAsInt(a);
        int dst = locals.applyAsInt(a);
        int i = locals.applyAsInt(ElementaryType.DINT);
        mv.visitVarInsn(ASTORE, src);
        mv.visitVarInsn(ASTORE, dst);
        mv.visitInsn(ICONST_0);
        mv.visitVarInsn(ISTORE, i);
        Label top = new Label();
        Label end = new Label();
        mv.visitLabel(top);
        mv.visitVarInsn(ILOAD, i);
        mv.visitLdcInsn(a.length());
        mv.visitJumpInsn(IF_ICMPGE, end);
        mv.visitVarInsn(ALOAD, dst);
        mv.visitVarInsn(ILOAD, i);
        mv.visitInsn(AALOAD);
        mv.visitVarInsn(ALOAD, src);
        mv.visitVarInsn(ILOAD, i);
        mv.visitInsn(AALOAD);
        mv.visitMethodInsn(INVOKEVIRTUAL, s.className(), "$copy", "(L" + s.className() + ";)V", false);
        mv.visitIincInsn(i, 1);
        mv.visitJumpInsn(GOTO, top);
        mv.visitLabel(end);
    }

    /** Stores the value {@code value} pushes (of the target's type) into the variable {@code target}. */
    void store(Expression target, Runnable plain) {
        Type t = typing.type(target);
        Subrange range = typing.storeRange(target);
        Runnable value = range == null ? plain : () -> {
            plain.run();
            checkRange(range, t, g.describe(target));
        };
        if (target instanceof Expression.Name n && typing.property(n) != null) {
            MethodSymbol set = typing.property(n)[1];
            mv.visitVarInsn(ALOAD, 0);
            value.run();
            g.calls().invokeMethod(set, set.owner(), false);
        } else if (target instanceof Expression.Name n) {
            VarSymbol v = typing.variable(n);
            switch (v.storage()) {
                case LOCAL -> {
                    value.run();
                    fitString(t);
                    mv.visitVarInsn(JvmTypes.store(t), g.slotOf(v));
                }
                case FIELD -> {
                    mv.visitVarInsn(ALOAD, 0);
                    value.run();
                    fitString(t);
                    mv.visitFieldInsn(PUTFIELD, g.owner(), v.jvmName(), JvmTypes.descriptor(t));
                }
                case GLOBAL -> {
                    mv.visitVarInsn(ALOAD, 0);
                    mv.visitFieldInsn(GETFIELD, g.owner(), "$globals", "L" + g.globalsClass() + ";");
                    value.run();
                    fitString(t);
                    mv.visitFieldInsn(PUTFIELD, g.globalsClass(), v.name(), JvmTypes.descriptor(t));
                }
            }
        } else if (target instanceof Expression.Member m && typing.property(m) != null) {
            g.calls().propertyTarget(m.target());
            value.run();
            g.calls().invokeMethod(typing.property(m)[1], typing.type(m.target()), false);
        } else if (target instanceof Expression.Member m) {
            Type ot = typing.type(m.target());
            g.genRaw(m.target());
            value.run();
            fitString(t);
            mv.visitFieldInsn(PUTFIELD, JvmTypes.internalName(ot), g.memberName(ot, m.member()), JvmTypes.descriptor(t));
        } else if (target instanceof Expression.Index ix) {
            g.arrayElementAddress(ix);
            value.run();
            fitString(t);
            mv.visitInsn(JvmTypes.arrayStore(t));
        } else if (target instanceof Expression.Deref d) {
            g.derefTarget(d);
            value.run();
            if (t instanceof StringType) {
                // cut here through the table, so the accessor's own cut finds nothing to do
                fitString(t);
                mv.visitMethodInsn(INVOKEINTERFACE, "org/ringplc/lang/program/TextAccessor", "setText", "(Ljava/lang/String;)V", true);
            } else {
                AccessorFactory.toRaw(mv, t);
                mv.visitMethodInsn(INVOKEINTERFACE, "org/ringplc/lang/program/VariableAccessor", "set", "(J)V", true);
            }
        } else if (target instanceof Expression.BitAccess b) {
            Type wt = typing.type(b.target());
            boolean wide = JvmTypes.kind(wt) == 'J';
            store(b.target(), () -> {
                g.genRaw(b.target());
                Label clear = new Label();
                Label done = new Label();
                value.run();
                mv.visitJumpInsn(IFEQ, clear);
                pushMask(b.bit(), wide, false);
                mv.visitInsn(wide ? LOR : IOR);
                mv.visitJumpInsn(GOTO, done);
                mv.visitLabel(clear);
                pushMask(b.bit(), wide, true);
                mv.visitInsn(wide ? LAND : IAND);
                mv.visitLabel(done);
            });
        } else {
            throw new IllegalStateException("not assignable: " + target);
        }
    }

    /** With a value of {@code t} on the stack: leaves it there, or faults when it misses {@code r}. */
    void checkRange(Subrange r, Type t, String what) {
        ElementaryType e = (ElementaryType) t;
        if (JvmTypes.kind(t) == 'J') {
            mv.visitLdcInsn(r.lo());
            mv.visitLdcInsn(r.hi());
            mv.visitLdcInsn(what);
            mv.visitMethodInsn(INVOKESTATIC, "org/ringplc/lang/codegen/Rt", e.isUnsignedWide() ? "rangeUnsigned" : "range",
                    "(JJJLjava/lang/String;)J", false);
        } else if (e.isUnsignedWide()) {
            mv.visitLdcInsn(r.lo());
            mv.visitLdcInsn(r.hi());
            mv.visitLdcInsn(what);
            mv.visitMethodInsn(INVOKESTATIC, "org/ringplc/lang/codegen/Rt", "rangeUnsigned32", "(IJJLjava/lang/String;)I", false);
        } else {
            g.pushInt((int) r.lo());
            g.pushInt((int) r.hi());
            mv.visitLdcInsn(what);
            mv.visitMethodInsn(INVOKESTATIC, "org/ringplc/lang/codegen/Rt", "range", "(IIILjava/lang/String;)I", false);
        }
    }

    private void pushMask(int bit, boolean wide, boolean inverted) {
        if (wide) {
            mv.visitLdcInsn(inverted ? ~(1L << bit) : 1L << bit);
        } else {
            g.pushInt(inverted ? ~(1 << bit) : 1 << bit);
        }
    }

    /** With a string on the stack: cuts it to {@code t}'s length through the {@link TextTable}, so a steady store allocates nothing. */
    void fitString(Type t) {
        if (t instanceof StringType s) {
            g.pushTexts();
            mv.visitInsn(SWAP);
            g.pushInt(s.length());
            mv.visitMethodInsn(INVOKEVIRTUAL, BodyGenerator.TEXTS, "fit", "(Ljava/lang/String;I)Ljava/lang/String;", false);
        }
    }
}
