package org.ringplc.lang.codegen;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.ringplc.lang.ast.Expression;
import org.ringplc.lang.sema.ElementaryType;
import org.ringplc.lang.sema.RefType;
import org.ringplc.lang.sema.StringType;
import org.ringplc.lang.sema.Type;
import org.ringplc.lang.sema.Typing;

/**
 * Emits ST operators (IEC 61131-3 §7.3.2) in their operand type: arithmetic wrapping to the
 * type's width, unsigned division and comparison for the unsigned 32/64-bit types, date and time
 * arithmetic on nanoseconds, TIME scaled by numbers, and comparisons as compare-and-jump (also
 * used by CASE and FOR).
 */
final class OperatorGenerator {
    private final BodyGenerator g;
    private final MethodVisitor mv;
    private final Typing typing;

    OperatorGenerator(BodyGenerator g) {
        this.g = g;
        this.mv = g.mv();
        this.typing = g.typing();
    }

    void unary(Expression.Unary u, Type t) {
        g.gen(u.operand(), t);
        if (u.op() == Expression.UnaryOp.PLUS) {
            return;
        }
        if (u.op() == Expression.UnaryOp.NOT) {
            if (t == ElementaryType.BOOL) {
                mv.visitInsn(ICONST_1);
                mv.visitInsn(IXOR);
            } else if (JvmTypes.kind(t) == 'J') {
                mv.visitLdcInsn(-1L);
                mv.visitInsn(LXOR);
            } else {
                mv.visitInsn(ICONST_M1);
                mv.visitInsn(IXOR);
                g.normalize(t);
            }
            return;
        }
        switch (JvmTypes.kind(t)) {
            case 'J' -> mv.visitInsn(LNEG);
            case 'F' -> mv.visitInsn(FNEG);
            case 'D' -> mv.visitInsn(DNEG);
            default -> {
                mv.visitInsn(INEG);
                g.normalize(t);
            }
        }
    }

    void binary(Expression.Binary b, Type result) {
        Type ot = typing.operandType(b);
        Expression.BinaryOp op = b.op();
        Type lt = typing.type(b.left());
        Type rt = typing.type(b.right());
        if (typing.isDateArithmetic(b)) {
            // all of TIME, TOD, DT and DATE are nanoseconds: add or subtract them as they are
            g.gen(b.left(), lt);
            g.gen(b.right(), rt);
            mv.visitInsn(op == Expression.BinaryOp.ADD ? LADD : LSUB);
            if (result == ElementaryType.TIME_OF_DAY) {
                mv.visitMethodInsn(INVOKESTATIC, "org/ringplc/lang/codegen/StdFunctions", "todWrap", "(J)J", false);
            }
            return;
        }
        if (ot instanceof ElementaryType d && d.category == ElementaryType.Category.DURATION
                && (op == Expression.BinaryOp.MUL || op == Expression.BinaryOp.DIV)
                && !(isDuration(lt) && isDuration(rt))) {
            durationScale(b, d, lt, rt);
            return;
        }
        if (op == Expression.BinaryOp.POW) {
            g.gen(b.left(), ElementaryType.LREAL);
            g.gen(b.right(), ElementaryType.LREAL);
            mv.visitMethodInsn(INVOKESTATIC, "java/lang/Math", "pow", "(DD)D", false);
            if (ot == ElementaryType.REAL) {
                mv.visitInsn(D2F);
            }
            return;
        }
        g.gen(b.left(), ot);
        g.gen(b.right(), ot);
        if (op.isComparison()) {
            if (ot instanceof StringType && (op == Expression.BinaryOp.EQ || op == Expression.BinaryOp.NE)) {
                mv.visitMethodInsn(INVOKEVIRTUAL, "java/lang/String", "equals", "(Ljava/lang/Object;)Z", false);
                if (op == Expression.BinaryOp.NE) {
                    mv.visitInsn(ICONST_1);
                    mv.visitInsn(IXOR);
                }
                return;
            }
            int cmp = switch (op) {
                case LT -> LT_OP;
                case LE -> LE_OP;
                case GT -> GT_OP;
                case GE -> GE_OP;
                default -> EQ_OP;
            };
            // NE: the jump is taken when the operands are equal
            pushJump(yes -> compareJump(ot, cmp, yes), op != Expression.BinaryOp.NE);
            return;
        }
        char k = JvmTypes.kind(ot);
        boolean unsigned = ot instanceof ElementaryType e && e.isUnsignedWide();
        switch (op) {
            case ADD -> mv.visitInsn(arith(k, IADD));
            case SUB -> mv.visitInsn(arith(k, ISUB));
            case MUL -> mv.visitInsn(arith(k, IMUL));
            case DIV -> {
                if (unsigned) {
                    mv.visitMethodInsn(INVOKESTATIC, k == 'J' ? "java/lang/Long" : "java/lang/Integer", "divideUnsigned",
                            k == 'J' ? "(JJ)J" : "(II)I", false);
                } else {
                    mv.visitInsn(arith(k, IDIV));
                }
            }
            case MOD -> {
                if (unsigned) {
                    mv.visitMethodInsn(INVOKESTATIC, k == 'J' ? "java/lang/Long" : "java/lang/Integer", "remainderUnsigned",
                            k == 'J' ? "(JJ)J" : "(II)I", false);
                } else {
                    mv.visitInsn(arith(k, IREM));
                }
            }
            case AND -> mv.visitInsn(k == 'J' ? LAND : IAND);
            case OR -> mv.visitInsn(k == 'J' ? LOR : IOR);
            case XOR -> mv.visitInsn(k == 'J' ? LXOR : IXOR);
            default -> throw new IllegalStateException(op.toString());
        }
        if (k == 'I' && ot != ElementaryType.BOOL) {
            g.normalize(ot);
        }
    }

    private static int arith(char k, int intOp) {
        return switch (k) {
            case 'J' -> intOp + 1;
            case 'F' -> intOp + 2;
            case 'D' -> intOp + 3;
            default -> intOp;
        };
    }

    private static boolean isDuration(Type t) {
        return t instanceof ElementaryType e && e.category == ElementaryType.Category.DURATION;
    }

    /** TIME * number, number * TIME, TIME / number: integers exactly, reals rounded to whole nanoseconds. */
    private void durationScale(Expression.Binary b, ElementaryType d, Type lt, Type rt) {
        boolean timeLeft = isDuration(lt);
        Expression time = timeLeft ? b.left() : b.right();
        Expression num = timeLeft ? b.right() : b.left();
        Type nt = timeLeft ? rt : lt;
        boolean real = nt instanceof ElementaryType e && e.isReal();
        if (real) {
            g.gen(time, d);
            mv.visitInsn(L2D);
            g.gen(num, ElementaryType.LREAL);
            mv.visitInsn(b.op() == Expression.BinaryOp.MUL ? DMUL : DDIV);
            mv.visitMethodInsn(INVOKESTATIC, "org/ringplc/lang/codegen/Rt", "round", "(D)J", false);
        } else {
            g.gen(time, d);
            g.gen(num, ElementaryType.LINT);
            mv.visitInsn(b.op() == Expression.BinaryOp.MUL ? LMUL : LDIV);
        }
    }

    static final int EQ_OP = 0;
    static final int LT_OP = 1;
    static final int LE_OP = 2;
    static final int GT_OP = 3;
    static final int GE_OP = 4;

    /** With two values of {@code t} on the stack: jump if {@code a op b}. */
    void compareJump(Type t, int op, Label target) {
        boolean unsigned = t instanceof ElementaryType e && e.isUnsignedWide();
        char k = JvmTypes.kind(t);
        if (t instanceof RefType || t instanceof org.ringplc.lang.sema.InterfaceType) {
            // only = and <> apply to references: the same object
            mv.visitJumpInsn(IF_ACMPEQ, target);
            return;
        }
        if (k == 'I' && !unsigned) {
            int[] ops = {IF_ICMPEQ, IF_ICMPLT, IF_ICMPLE, IF_ICMPGT, IF_ICMPGE};
            mv.visitJumpInsn(ops[op], target);
            return;
        }
        if (k == 'I') {
            mv.visitMethodInsn(INVOKESTATIC, "java/lang/Integer", "compareUnsigned", "(II)I", false);
        } else if (k == 'J') {
            if (unsigned) {
                mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "compareUnsigned", "(JJ)I", false);
            } else {
                mv.visitInsn(LCMP);
            }
        } else if (k == 'F') {
            mv.visitInsn(op == LT_OP || op == LE_OP ? FCMPG : FCMPL);
        } else if (k == 'D') {
            mv.visitInsn(op == LT_OP || op == LE_OP ? DCMPG : DCMPL);
        } else {
            mv.visitMethodInsn(INVOKEVIRTUAL, "java/lang/String", "compareTo", "(Ljava/lang/String;)I", false);
        }
        int[] ops = {IFEQ, IFLT, IFLE, IFGT, IFGE};
        mv.visitJumpInsn(ops[op], target);
    }

    /**
     * Pushes a BOOL from a jump: {@code jump} emits a conditional jump to the label it is given;
     * the value is {@code whenTaken} if it jumps, else the opposite.
     */
    void pushJump(java.util.function.Consumer<Label> jump, boolean whenTaken) {
        Label taken = new Label();
        Label done = new Label();
        jump.accept(taken);
        mv.visitInsn(whenTaken ? ICONST_0 : ICONST_1);
        mv.visitJumpInsn(GOTO, done);
        mv.visitLabel(taken);
        mv.visitInsn(whenTaken ? ICONST_1 : ICONST_0);
        mv.visitLabel(done);
    }
}
