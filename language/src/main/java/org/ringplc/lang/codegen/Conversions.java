package org.ringplc.lang.codegen;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.MethodVisitor;
import org.ringplc.lang.sema.ElementaryType;
import org.ringplc.lang.sema.EnumType;
import org.ringplc.lang.sema.Type;

/**
 * Conversions of the value on the operand stack between IEC types (IEC 61131-3 §6.6.2.5.2):
 * implicit widening and the explicit {@code X_TO_Y} functions. Integers wrap to the target width,
 * reals round half to even ({@code TRUNC} truncates), TIME and integers count milliseconds
 * (PRODUCT.md §3), integer to BOOL is {@code <> 0}, DT splits into DATE and TOD.
 */
final class Conversions {
    private Conversions() {
    }

    /**
     * Converts the value on the stack from {@code from} to {@code to}: implicit widening, or the
     * explicit conversion functions ({@code explicit}): wrap to the target width, real to integer
     * rounds half to even, TIME and integers count milliseconds, integer to BOOL is {@code <> 0}.
     */
    static void convert(BodyGenerator g, Type from, Type to, boolean explicit) {
        MethodVisitor mv = g.mv();
        if (from.equals(to) || !(from instanceof ElementaryType f) || !(to instanceof ElementaryType t)) {
            if (from instanceof EnumType && to instanceof ElementaryType t2 && JvmTypes.kind(t2) == 'J') {
                mv.visitInsn(I2L);
            }
            return;
        }
        if (f.isReal() || t.isReal()) {
            convertReal(g, f, t, false);
            return;
        }
        boolean fTime = f.category == ElementaryType.Category.DURATION || f.category == ElementaryType.Category.DATE;
        boolean tTime = t.category == ElementaryType.Category.DURATION || t.category == ElementaryType.Category.DATE;
        if (fTime && tTime) {
            // DT_TO_DATE keeps the day, DT_TO_TOD (and TIME_TO_TOD) the time since midnight
            if (t == ElementaryType.DATE && f != ElementaryType.DATE) {
                mv.visitMethodInsn(INVOKESTATIC, "org/ringplc/lang/codegen/StdFunctions", "dateOf", "(J)J", false);
            } else if (t == ElementaryType.TIME_OF_DAY && f != ElementaryType.TIME_OF_DAY) {
                mv.visitMethodInsn(INVOKESTATIC, "org/ringplc/lang/codegen/StdFunctions", "todWrap", "(J)J", false);
            }
            return;
        }
        if (fTime) {
            // TIME_TO_DINT counts milliseconds (PRODUCT.md §3)
            mv.visitLdcInsn(1_000_000L);
            mv.visitInsn(LDIV);
            fromLong(g, t);
            return;
        }
        if (tTime) {
            toLong(g, f);
            mv.visitLdcInsn(1_000_000L);
            mv.visitInsn(LMUL);
            return;
        }
        if (t == ElementaryType.BOOL) {
            if (JvmTypes.kind(f) == 'J') {
                mv.visitInsn(LCONST_0);
                mv.visitInsn(LCMP);
            }
            // a number is TRUE when it is not zero
            g.operators().pushJump(zero -> mv.visitJumpInsn(IFEQ, zero), false);
            return;
        }
        char fk = JvmTypes.kind(f);
        char tk = JvmTypes.kind(t);
        if (fk == 'I' && tk == 'J') {
            toLong(g, f);
        } else if (fk == 'J' && tk == 'I') {
            mv.visitInsn(L2I);
            g.normalize(t);
        } else if (fk == 'I') {
            g.normalize(t);
        }
    }

    private static void toLong(BodyGenerator g, ElementaryType f) {
        MethodVisitor mv = g.mv();
        if (JvmTypes.kind(f) == 'J') {
            return;
        }
        mv.visitInsn(I2L);
        if (f.isUnsignedWide() && f.bits == 32) {
            mv.visitLdcInsn(0xFFFF_FFFFL);
            mv.visitInsn(LAND);
        }
    }

    private static void fromLong(BodyGenerator g, ElementaryType t) {
        MethodVisitor mv = g.mv();
        if (JvmTypes.kind(t) == 'I') {
            mv.visitInsn(L2I);
            g.normalize(t);
        }
    }

    /** Conversions where one side is REAL or LREAL. */
    static void convertReal(BodyGenerator g, Type fromT, Type toT, boolean truncate) {
        MethodVisitor mv = g.mv();
        ElementaryType f = (ElementaryType) fromT;
        ElementaryType t = (ElementaryType) toT;
        if (f == t) {
            return;
        }
        if (f.isReal() && t.isReal()) {
            mv.visitInsn(f == ElementaryType.REAL ? F2D : D2F);
            return;
        }
        if (t.isReal()) {
            // integer (or TIME) to real
            if (f.category == ElementaryType.Category.DURATION) {
                mv.visitInsn(L2D);
                mv.visitLdcInsn(1_000_000.0);
                mv.visitInsn(DDIV);
            } else if (f == ElementaryType.ULINT || f == ElementaryType.LWORD) {
                mv.visitMethodInsn(INVOKESTATIC, "org/ringplc/lang/codegen/Rt", "unsignedToDouble", "(J)D", false);
            } else if (JvmTypes.kind(f) == 'J') {
                mv.visitInsn(L2D);
            } else {
                toLong(g, f);
                mv.visitInsn(L2D);
            }
            if (t == ElementaryType.REAL) {
                mv.visitInsn(D2F);
            }
            return;
        }
        // real to integer, BOOL or TIME
        if (f == ElementaryType.REAL) {
            mv.visitInsn(F2D);
        }
        if (t == ElementaryType.BOOL) {
            mv.visitInsn(DCONST_0);
            mv.visitInsn(DCMPL);
            convert(g, ElementaryType.DINT, ElementaryType.BOOL, true);
            return;
        }
        if (t.category == ElementaryType.Category.DURATION) {
            mv.visitLdcInsn(1_000_000.0);
            mv.visitInsn(DMUL);
        }
        if (truncate) {
            mv.visitInsn(D2L);
        } else {
            mv.visitMethodInsn(INVOKESTATIC, "org/ringplc/lang/codegen/Rt", "round", "(D)J", false);
        }
        fromLong(g, t);
    }
}
