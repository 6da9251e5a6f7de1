package org.ringplc.lang.codegen;

import static org.objectweb.asm.Opcodes.*;

import java.util.List;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.ringplc.lang.ast.Expression;
import org.ringplc.lang.sema.CallInfo;
import org.ringplc.lang.sema.ElementaryType;
import org.ringplc.lang.sema.Type;

/**
 * Emits the standard functions inline or as {@link Math} calls. REAL functions compute in double
 * and round once to float, which is what a C library's {@code sinf} family promises at best.
 */
final class Builtins {
    private Builtins() {
    }

    static void emit(BodyGenerator g, CallInfo.BuiltinCall b) {
        MethodVisitor mv = g.mv();
        Type t = b.operandType();
        List<Expression> args = b.args();
        char k = JvmTypes.kind(t);
        switch (b.builtin()) {
            case SQRT, LN, LOG, EXP, SIN, COS, TAN, ASIN, ACOS, ATAN -> {
                g.gen(args.get(0), ElementaryType.LREAL);
                String m = switch (b.builtin()) {
                    case LN -> "log";
                    case LOG -> "log10";
                    default -> b.builtin().name().toLowerCase(java.util.Locale.ROOT);
                };
                mv.visitMethodInsn(INVOKESTATIC, "java/lang/Math", m, "(D)D", false);
                if (b.resultType() == ElementaryType.REAL) {
                    mv.visitInsn(D2F);
                }
            }
            case EXPT -> {
                g.gen(args.get(0), ElementaryType.LREAL);
                g.gen(args.get(1), ElementaryType.LREAL);
                mv.visitMethodInsn(INVOKESTATIC, "java/lang/Math", "pow", "(DD)D", false);
                if (b.resultType() == ElementaryType.REAL) {
                    mv.visitInsn(D2F);
                }
            }
            case ABS -> {
                g.gen(args.get(0), t);
                if (t instanceof ElementaryType e && (e.category == ElementaryType.Category.SIGNED || e.isReal())) {
                    mv.visitMethodInsn(INVOKESTATIC, "java/lang/Math", "abs", "(" + k + ")" + k, false);
                    g.normalize(t);
                }
            }
            case MOVE -> g.gen(args.get(0), t);
            case MIN, MAX -> {
                g.gen(args.get(0), t);
                for (int i = 1; i < args.size(); i++) {
                    g.gen(args.get(i), t);
                    minMax(g, t, b.builtin().name().equals("MIN"));
                }
            }
            case LIMIT -> {
                // LIMIT(MN, IN, MX) = MIN(MAX(IN, MN), MX)
                g.gen(args.get(1), t);
                g.gen(args.get(0), t);
                minMax(g, t, false);
                g.gen(args.get(2), t);
                minMax(g, t, true);
            }
            case SEL -> {
                Label one = new Label();
                Label done = new Label();
                g.gen(args.get(0), ElementaryType.BOOL);
                mv.visitJumpInsn(IFNE, one);
                g.gen(args.get(1), t);
                mv.visitJumpInsn(GOTO, done);
                mv.visitLabel(one);
                g.gen(args.get(2), t);
                mv.visitLabel(done);
            }
            case MUX -> {
                int slot = g.newLocal(ElementaryType.DINT);
                g.gen(args.get(0), ElementaryType.DINT);
                mv.visitVarInsn(ISTORE, slot);
                Label done = new Label();
                for (int i = 1; i < args.size(); i++) {
                    Label next = new Label();
                    if (i < args.size() - 1) {
                        mv.visitVarInsn(ILOAD, slot);
                        g.pushInt(i - 1);
                        mv.visitJumpInsn(IF_ICMPNE, next);
                    }
                    g.gen(args.get(i), t);
                    mv.visitJumpInsn(GOTO, done);
                    mv.visitLabel(next);
                }
                mv.visitLabel(done);
            }
            case SHL, SHR, ROL, ROR -> {
                g.gen(args.get(0), t);
                g.gen(args.get(1), ElementaryType.DINT);
                int bits = ((ElementaryType) t).bits;
                if (b.builtin().name().startsWith("RO")) {
                    if (b.builtin().name().equals("ROR")) {
                        mv.visitInsn(INEG);
                    }
                    if (k == 'J') {
                        mv.visitMethodInsn(INVOKESTATIC, "org/ringplc/lang/codegen/Rt", "rotateLeft", "(JI)J", false);
                    } else {
                        g.pushInt(bits);
                        mv.visitMethodInsn(INVOKESTATIC, "org/ringplc/lang/codegen/Rt", "rotateLeft", "(III)I", false);
                    }
                } else {
                    boolean left = b.builtin().name().equals("SHL");
                    mv.visitInsn(k == 'J' ? (left ? LSHL : LUSHR) : (left ? ISHL : IUSHR));
                    g.normalize(t);
                }
            }
            case ADD, MUL -> {
                g.gen(args.get(0), t);
                for (int i = 1; i < args.size(); i++) {
                    g.gen(args.get(i), t);
                    mv.visitInsn(op(k, b.builtin().name().equals("ADD") ? IADD : IMUL));
                    g.normalize(t);
                }
            }
            case SUB, DIV, MOD -> {
                g.gen(args.get(0), t);
                g.gen(args.get(1), t);
                int base = switch (b.builtin()) {
                    case SUB -> ISUB;
                    case DIV -> IDIV;
                    default -> IREM;
                };
                mv.visitInsn(op(k, base));
                g.normalize(t);
            }
            default -> throw new IllegalStateException(b.builtin().toString());
        }
    }

    private static int op(char k, int intOp) {
        return switch (k) {
            case 'J' -> intOp + 1;
            case 'F' -> intOp + 2;
            case 'D' -> intOp + 3;
            default -> intOp;
        };
    }

    /** With two values on the stack, leaves the smaller ({@code min}) or the larger. */
    private static void minMax(BodyGenerator g, Type t, boolean min) {
        char k = JvmTypes.kind(t);
        boolean unsigned = t instanceof ElementaryType e && e.isUnsignedWide();
        MethodVisitor mv = g.mv();
        if (!unsigned && k != 'A') {
            mv.visitMethodInsn(INVOKESTATIC, "java/lang/Math", min ? "min" : "max", "(" + k + k + ")" + k, false);
            return;
        }
        // unsigned: compare with the unsigned comparator and keep one of two saved values
        int b = g.newLocal(t);
        int a = g.newLocal(t);
        mv.visitVarInsn(JvmTypes.store(t), b);
        mv.visitVarInsn(JvmTypes.store(t), a);
        mv.visitVarInsn(JvmTypes.load(t), a);
        mv.visitVarInsn(JvmTypes.load(t), b);
        mv.visitMethodInsn(INVOKESTATIC, k == 'J' ? "java/lang/Long" : "java/lang/Integer", "compareUnsigned",
                k == 'J' ? "(JJ)I" : "(II)I", false);
        Label takeB = new Label();
        Label done = new Label();
        mv.visitJumpInsn(min ? IFGT : IFLT, takeB);
        mv.visitVarInsn(JvmTypes.load(t), a);
        mv.visitJumpInsn(GOTO, done);
        mv.visitLabel(takeB);
        mv.visitVarInsn(JvmTypes.load(t), b);
        mv.visitLabel(done);
    }
}
