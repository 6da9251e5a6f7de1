package org.ringplc.lang.codegen;

import static org.objectweb.asm.Opcodes.*;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.ringplc.lang.ast.Expression;
import org.ringplc.lang.ast.Statement;
import org.ringplc.lang.sema.CallInfo;
import org.ringplc.lang.sema.ElementaryType;
import org.ringplc.lang.sema.Type;
import org.ringplc.lang.sema.Typing;

/**
 * Emits ST statements (IEC 61131-3 §7.3.3) for one body: each starts a line-number entry, so a
 * fault's stack trace names its ST line; IF and CASE become compare-and-jump chains, FOR keeps its
 * end value (and a non-constant step) in locals evaluated once, as the standard requires, and
 * EXIT/CONTINUE jump to the labels of the innermost loop.
 */
final class StatementGenerator {
    private final BodyGenerator g;
    private final MethodVisitor mv;
    private final Typing typing;
    /** Per enclosing loop: the label EXIT jumps to, then the one CONTINUE jumps to. */
    private final Deque<Label[]> loops = new ArrayDeque<>();

    StatementGenerator(BodyGenerator g) {
        this.g = g;
        this.mv = g.mv();
        this.typing = g.typing();
    }

    void statements(List<Statement> list) {
        for (Statement s : list) {
            statement(s);
        }
    }

    private void line(Statement s) {
        Label l = new Label();
        mv.visitLabel(l);
        mv.visitLineNumber(s.span().line(), l);
    }

    private void statement(Statement s) {
        line(s);
        if (s instanceof Statement.Assignment a) {
            g.assign(a.target(), a.value());
        } else if (s instanceof Statement.CallStatement c) {
            CallInfo info = typing.call(c);
            if (info instanceof CallInfo.FbCall fb) {
                g.calls().fbCall(fb);
            } else {
                Type t = g.calls().call(info);
                if (t != null) {
                    mv.visitInsn(JvmTypes.size(t) == 2 ? POP2 : POP);
                }
            }
        } else if (s instanceof Statement.If i) {
            Label end = new Label();
            for (Statement.Branch b : i.branches()) {
                Label next = new Label();
                condition(b.condition(), next);
                statements(b.body());
                mv.visitJumpInsn(GOTO, end);
                mv.visitLabel(next);
            }
            statements(i.elseBody());
            mv.visitLabel(end);
        } else if (s instanceof Statement.Case c) {
            caseStatement(c);
        } else if (s instanceof Statement.For f) {
            forStatement(f);
        } else if (s instanceof Statement.While w) {
            Label top = new Label();
            Label end = new Label();
            mv.visitLabel(top);
            condition(w.condition(), end);
            loops.push(new Label[] {end, top});
            statements(w.body());
            loops.pop();
            mv.visitJumpInsn(GOTO, top);
            mv.visitLabel(end);
        } else if (s instanceof Statement.Repeat r) {
            Label top = new Label();
            Label test = new Label();
            Label end = new Label();
            mv.visitLabel(top);
            loops.push(new Label[] {end, test});
            statements(r.body());
            loops.pop();
            mv.visitLabel(test);
            condition(r.condition(), top);
            mv.visitLabel(end);
        } else if (s instanceof Statement.Exit) {
            mv.visitJumpInsn(GOTO, loops.peek()[0]);
        } else if (s instanceof Statement.Continue) {
            mv.visitJumpInsn(GOTO, loops.peek()[1]);
        } else if (s instanceof Statement.Return) {
            mv.visitJumpInsn(GOTO, g.returnLabel());
        }
    }

    /** Evaluates a BOOL and jumps to {@code ifFalse} when it is FALSE. */
    private void condition(Expression e, Label ifFalse) {
        g.gen(e, ElementaryType.BOOL);
        mv.visitJumpInsn(IFEQ, ifFalse);
    }

    private void caseStatement(Statement.Case c) {
        Type sel = typing.type(c.selector());
        if (sel instanceof ElementaryType e && e.isLiteral()) {
            sel = ElementaryType.DINT;
        }
        boolean wide = JvmTypes.kind(sel) == 'J';
        int slot = g.newLocal(sel);
        g.gen(c.selector(), sel);
        mv.visitVarInsn(wide ? LSTORE : ISTORE, slot);
        Label end = new Label();
        Label[] bodies = new Label[c.branches().size()];
        for (int b = 0; b < bodies.length; b++) {
            bodies[b] = new Label();
            for (Statement.CaseLabel l : c.branches().get(b).labels()) {
                if (l.hi() == null) {
                    mv.visitVarInsn(wide ? LLOAD : ILOAD, slot);
                    g.gen(l.lo(), sel);
                    g.operators().compareJump(sel, OperatorGenerator.EQ_OP, bodies[b]);
                } else {
                    Label skip = new Label();
                    mv.visitVarInsn(wide ? LLOAD : ILOAD, slot);
                    g.gen(l.lo(), sel);
                    g.operators().compareJump(sel, OperatorGenerator.LT_OP, skip);
                    mv.visitVarInsn(wide ? LLOAD : ILOAD, slot);
                    g.gen(l.hi(), sel);
                    g.operators().compareJump(sel, OperatorGenerator.LE_OP, bodies[b]);
                    mv.visitLabel(skip);
                }
            }
        }
        statements(c.elseBody());
        mv.visitJumpInsn(GOTO, end);
        for (int b = 0; b < bodies.length; b++) {
            mv.visitLabel(bodies[b]);
            statements(c.branches().get(b).body());
            mv.visitJumpInsn(GOTO, end);
        }
        mv.visitLabel(end);
    }

    private void forStatement(Statement.For f) {
        Type t = typing.type(f.control());
        boolean wide = JvmTypes.kind(t) == 'J';
        g.assign(f.control(), f.from());
        int end = g.newLocal(t);
        g.gen(f.to(), t);
        mv.visitVarInsn(wide ? LSTORE : ISTORE, end);
        Object stepConst = f.by() == null ? BigInteger.ONE : typing.constant(f.by());
        int step = -1;
        if (stepConst == null) {
            step = g.newLocal(t);
            g.gen(f.by(), t);
            mv.visitVarInsn(wide ? LSTORE : ISTORE, step);
        }
        Label top = new Label();
        Label next = new Label();
        Label exit = new Label();
        mv.visitLabel(top);
        if (stepConst != null) {
            g.genRaw(f.control());
            mv.visitVarInsn(wide ? LLOAD : ILOAD, end);
            g.operators().compareJump(t, ((BigInteger) stepConst).signum() > 0 ? OperatorGenerator.GT_OP : OperatorGenerator.LT_OP, exit);
        } else {
            Label down = new Label();
            Label body = new Label();
            mv.visitVarInsn(wide ? LLOAD : ILOAD, step);
            if (wide) {
                mv.visitInsn(LCONST_0);
                mv.visitInsn(LCMP);
            }
            mv.visitJumpInsn(IFLT, down);
            g.genRaw(f.control());
            mv.visitVarInsn(wide ? LLOAD : ILOAD, end);
            g.operators().compareJump(t, OperatorGenerator.GT_OP, exit);
            mv.visitJumpInsn(GOTO, body);
            mv.visitLabel(down);
            g.genRaw(f.control());
            mv.visitVarInsn(wide ? LLOAD : ILOAD, end);
            g.operators().compareJump(t, OperatorGenerator.LT_OP, exit);
            mv.visitLabel(body);
        }
        loops.push(new Label[] {exit, next});
        statements(f.body());
        loops.pop();
        mv.visitLabel(next);
        final int stepSlot = step;
        g.store(f.control(), () -> {
            g.genRaw(f.control());
            if (stepConst != null) {
                g.pushConstant(stepConst, t);
            } else {
                mv.visitVarInsn(wide ? LLOAD : ILOAD, stepSlot);
            }
            mv.visitInsn(wide ? LADD : IADD);
            g.normalize(t);
        });
        mv.visitJumpInsn(GOTO, top);
        mv.visitLabel(exit);
    }
}
