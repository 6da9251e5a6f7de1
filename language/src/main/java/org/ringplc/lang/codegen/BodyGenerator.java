package org.ringplc.lang.codegen;

import static org.objectweb.asm.Opcodes.*;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.ringplc.lang.ast.Expression;
import org.ringplc.lang.ast.Statement;
import org.ringplc.lang.sema.ArrayType;
import org.ringplc.lang.sema.CallInfo;
import org.ringplc.lang.sema.ElementaryType;
import org.ringplc.lang.sema.EnumType;
import org.ringplc.lang.sema.FbType;
import org.ringplc.lang.sema.StringType;
import org.ringplc.lang.sema.MethodSymbol;
import org.ringplc.lang.sema.RefType;
import org.ringplc.lang.sema.StructType;
import org.ringplc.lang.sema.Subrange;
import org.ringplc.lang.sema.Type;
import org.ringplc.lang.sema.Typing;
import org.ringplc.lang.sema.VarSymbol;

/**
 * Emits the bytecode of one POU body: statements with a line number each (so a fault's stack
 * trace names the ST line), expressions evaluated left to right in their operand type, no
 * allocation. One instance per generated method.
 */
final class BodyGenerator {
    private final MethodVisitor mv;
    private final Typing typing;
    private final org.ringplc.lang.sema.ProjectModel model;
    private final String owner;
    private final String globalsClass;
    private final Map<VarSymbol, Integer> slots = new IdentityHashMap<>();
    private int nextSlot;
    private final Deque<Label[]> loops = new ArrayDeque<>();
    private final Label returnLabel = new Label();
    private final CallGenerator calls;
    private final FunctionFrames frames;

    /**
     * @param owner        internal name of the class whose fields FIELD variables are
     * @param globalsClass internal name of the globals class, or null
     * @param firstSlot    first free local slot
     */
    BodyGenerator(MethodVisitor mv, org.ringplc.lang.sema.ProjectModel model, FunctionFrames frames, String owner,
                  String globalsClass, int firstSlot) {
        this.mv = mv;
        this.model = model;
        this.frames = frames;
        this.typing = model.typing();
        this.owner = owner;
        this.globalsClass = globalsClass;
        this.nextSlot = firstSlot;
        this.calls = new CallGenerator(this);
    }

    MethodVisitor mv() {
        return mv;
    }

    Typing typing() {
        return typing;
    }

    org.ringplc.lang.sema.ProjectModel model() {
        return model;
    }

    FunctionFrames frames() {
        return frames;
    }

    /**
     * Helper objects this body keeps in fields of {@code this}, made on first use so the scan
     * cycle does not allocate: FUNCTION/METHOD frames (see {@link #call}) and the result caches of
     * string functions. Field name to class.
     */
    private final java.util.Map<String, String> frameFields = new java.util.LinkedHashMap<>();

    java.util.Map<String, String> frameFields() {
        return frameFields;
    }

    private int envSlot = 1;

    /** The local slot holding the RuntimeEnvironment (constructors only). */
    int envSlot() {
        return envSlot;
    }

    void setEnvSlot(int slot) {
        envSlot = slot;
    }

    int newLocal(Type t) {
        int s = nextSlot;
        nextSlot += JvmTypes.size(t);
        return s;
    }

    void bindLocal(VarSymbol v, int slot) {
        slots.put(v, slot);
    }

    int slotOf(VarSymbol v) {
        return slots.get(v);
    }

    String owner() {
        return owner;
    }

    String globalsClass() {
        return globalsClass;
    }

    Label returnLabel() {
        return returnLabel;
    }

    // ---------------------------------------------------------------- statements

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
            assign(a.target(), a.value());
        } else if (s instanceof Statement.CallStatement c) {
            CallInfo info = typing.call(c);
            if (info instanceof CallInfo.FbCall fb) {
                calls.fbCall(fb);
            } else {
                Type t = calls.call(info);
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
            mv.visitJumpInsn(GOTO, returnLabel);
        }
    }

    /** Evaluates a BOOL and jumps to {@code ifFalse} when it is FALSE. */
    private void condition(Expression e, Label ifFalse) {
        gen(e, ElementaryType.BOOL);
        mv.visitJumpInsn(IFEQ, ifFalse);
    }

    private void caseStatement(Statement.Case c) {
        Type sel = typing.type(c.selector());
        if (sel instanceof ElementaryType e && e.isLiteral()) {
            sel = ElementaryType.DINT;
        }
        boolean wide = JvmTypes.kind(sel) == 'J';
        int slot = newLocal(sel);
        gen(c.selector(), sel);
        mv.visitVarInsn(wide ? LSTORE : ISTORE, slot);
        Label end = new Label();
        Label[] bodies = new Label[c.branches().size()];
        for (int b = 0; b < bodies.length; b++) {
            bodies[b] = new Label();
            for (Statement.CaseLabel l : c.branches().get(b).labels()) {
                if (l.hi() == null) {
                    mv.visitVarInsn(wide ? LLOAD : ILOAD, slot);
                    gen(l.lo(), sel);
                    compareJump(sel, EQ_OP, bodies[b]);
                } else {
                    Label skip = new Label();
                    mv.visitVarInsn(wide ? LLOAD : ILOAD, slot);
                    gen(l.lo(), sel);
                    compareJump(sel, LT_OP, skip);
                    mv.visitVarInsn(wide ? LLOAD : ILOAD, slot);
                    gen(l.hi(), sel);
                    compareJump(sel, LE_OP, bodies[b]);
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

    private static final int EQ_OP = 0;
    private static final int LT_OP = 1;
    private static final int LE_OP = 2;
    private static final int GT_OP = 3;
    private static final int GE_OP = 4;

    /** With two values of {@code t} on the stack: jump if {@code a op b}. */
    private void compareJump(Type t, int op, Label target) {
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

    private void forStatement(Statement.For f) {
        Type t = typing.type(f.control());
        boolean wide = JvmTypes.kind(t) == 'J';
        assign(f.control(), f.from());
        int end = newLocal(t);
        gen(f.to(), t);
        mv.visitVarInsn(wide ? LSTORE : ISTORE, end);
        Object stepConst = f.by() == null ? BigInteger.ONE : typing.constant(f.by());
        int step = -1;
        if (stepConst == null) {
            step = newLocal(t);
            gen(f.by(), t);
            mv.visitVarInsn(wide ? LSTORE : ISTORE, step);
        }
        Label top = new Label();
        Label next = new Label();
        Label exit = new Label();
        mv.visitLabel(top);
        if (stepConst != null) {
            loadVar(f.control());
            mv.visitVarInsn(wide ? LLOAD : ILOAD, end);
            compareJump(t, ((BigInteger) stepConst).signum() > 0 ? GT_OP : LT_OP, exit);
        } else {
            Label down = new Label();
            Label body = new Label();
            mv.visitVarInsn(wide ? LLOAD : ILOAD, step);
            if (wide) {
                mv.visitInsn(LCONST_0);
                mv.visitInsn(LCMP);
            }
            mv.visitJumpInsn(IFLT, down);
            loadVar(f.control());
            mv.visitVarInsn(wide ? LLOAD : ILOAD, end);
            compareJump(t, GT_OP, exit);
            mv.visitJumpInsn(GOTO, body);
            mv.visitLabel(down);
            loadVar(f.control());
            mv.visitVarInsn(wide ? LLOAD : ILOAD, end);
            compareJump(t, LT_OP, exit);
            mv.visitLabel(body);
        }
        loops.push(new Label[] {exit, next});
        statements(f.body());
        loops.pop();
        mv.visitLabel(next);
        final int stepSlot = step;
        store(f.control(), () -> {
            loadVar(f.control());
            if (stepConst != null) {
                pushConstant(stepConst, t);
            } else {
                mv.visitVarInsn(wide ? LLOAD : ILOAD, stepSlot);
            }
            mv.visitInsn(wide ? LADD : IADD);
            normalize(t);
        });
        mv.visitJumpInsn(GOTO, top);
        mv.visitLabel(exit);
    }

    private void loadVar(Expression e) {
        genRaw(e);
    }

    // ---------------------------------------------------------------- assignment and storage

    private void assign(Expression target, Expression value) {
        Type t = typing.type(target);
        if (t instanceof ArrayType || t instanceof StructType) {
            copyAggregate(target, value, t);
            return;
        }
        store(target, () -> gen(value, t));
    }

    private void copyAggregate(Expression target, Expression value, Type t) {
        if (t instanceof StructType s) {
            genRaw(target);
            genRaw(value);
            mv.visitMethodInsn(INVOKEVIRTUAL, s.className(), "$copy", "(L" + s.className() + ";)V", false);
            return;
        }
        genRaw(target);
        genRaw(value);
        copyArray(mv, (ArrayType) t, this::newLocal);
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
            checkRange(range, t, describe(target));
        };
        if (target instanceof Expression.Name n && typing.property(n) != null) {
            MethodSymbol set = typing.property(n)[1];
            mv.visitVarInsn(ALOAD, 0);
            value.run();
            calls.invokeMethod(set, set.owner(), false);
        } else if (target instanceof Expression.Name n) {
            VarSymbol v = typing.variable(n);
            switch (v.storage()) {
                case LOCAL -> {
                    value.run();
                    fitString(t);
                    mv.visitVarInsn(JvmTypes.store(t), slots.get(v));
                }
                case FIELD -> {
                    mv.visitVarInsn(ALOAD, 0);
                    value.run();
                    fitString(t);
                    mv.visitFieldInsn(PUTFIELD, owner, v.name(), JvmTypes.descriptor(t));
                }
                case GLOBAL -> {
                    mv.visitVarInsn(ALOAD, 0);
                    mv.visitFieldInsn(GETFIELD, owner, "$globals", "L" + globalsClass + ";");
                    value.run();
                    fitString(t);
                    mv.visitFieldInsn(PUTFIELD, globalsClass, v.name(), JvmTypes.descriptor(t));
                }
            }
        } else if (target instanceof Expression.Member m && typing.property(m) != null) {
            calls.propertyTarget(m.target());
            value.run();
            calls.invokeMethod(typing.property(m)[1], typing.type(m.target()), false);
        } else if (target instanceof Expression.Member m) {
            Type ot = typing.type(m.target());
            genRaw(m.target());
            value.run();
            fitString(t);
            mv.visitFieldInsn(PUTFIELD, JvmTypes.internalName(ot), memberName(ot, m.member()), JvmTypes.descriptor(t));
        } else if (target instanceof Expression.Index ix) {
            arrayElementAddress(ix);
            value.run();
            fitString(t);
            mv.visitInsn(JvmTypes.arrayStore(t));
        } else if (target instanceof Expression.Deref d) {
            derefTarget(d);
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
                genRaw(b.target());
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

    /** Pushes what {@code p^} refers to: the object, or the accessor of an elementary variable; NULL faults. */
    private void derefTarget(Expression.Deref d) {
        RefType r = (RefType) typing.type(d.target());
        genRaw(d.target());
        mv.visitLdcInsn(describe(d.target()));
        mv.visitMethodInsn(INVOKESTATIC, "org/ringplc/lang/codegen/Rt", "deref", "(Ljava/lang/Object;Ljava/lang/String;)Ljava/lang/Object;", false);
        String d2 = JvmTypes.descriptor(r);
        mv.visitTypeInsn(CHECKCAST, d2.startsWith("L") ? d2.substring(1, d2.length() - 1) : d2);
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
            pushInt((int) r.lo());
            pushInt((int) r.hi());
            mv.visitLdcInsn(what);
            mv.visitMethodInsn(INVOKESTATIC, "org/ringplc/lang/codegen/Rt", "range", "(IIILjava/lang/String;)I", false);
        }
    }

    /** The ST text of a variable access, for fault messages. */
    static String describe(Expression e) {
        if (e instanceof Expression.Name n) {
            return n.name();
        }
        if (e instanceof Expression.Member m) {
            return describe(m.target()) + "." + m.member();
        }
        if (e instanceof Expression.Index ix) {
            return describe(ix.target()) + "[...]";
        }
        return "the variable";
    }

    private void pushMask(int bit, boolean wide, boolean inverted) {
        if (wide) {
            mv.visitLdcInsn(inverted ? ~(1L << bit) : 1L << bit);
        } else {
            pushInt(inverted ? ~(1 << bit) : 1 << bit);
        }
    }

    /** With a string on the stack: cuts it to {@code t}'s length through the {@link TextTable}, so a steady store allocates nothing. */
    void fitString(Type t) {
        if (t instanceof StringType s) {
            pushTexts();
            mv.visitInsn(SWAP);
            pushInt(s.length());
            mv.visitMethodInsn(INVOKEVIRTUAL, TEXTS, "fit", "(Ljava/lang/String;I)Ljava/lang/String;", false);
        }
    }

    static final String TEXTS = "org/ringplc/lang/codegen/TextTable";

    /** Pushes the {@link TextTable} results are built in: the instance's, or in a FUNCTION the thread's. */
    void pushTexts() {
        if (staticMethod) {
            mv.visitMethodInsn(INVOKESTATIC, TEXTS, "local", "()L" + TEXTS + ";", false);
        } else {
            pushOwned("$texts", TEXTS);
        }
    }

    static String memberName(Type ownerType, String member) {
        if (ownerType instanceof FbType fb) {
            return fb.member(member).jvmName();
        }
        return ((StructType) ownerType).member(member).name();
    }

    /** Pushes the array and the zero-based flat offset of {@code ix}. */
    void arrayElementAddress(Expression.Index ix) {
        ArrayType a = (ArrayType) typing.type(ix.target());
        genRaw(ix.target());
        if (a.dims().size() == 1) {
            ArrayType.Dim d = a.dims().get(0);
            Object c = typing.constant(ix.indices().get(0));
            if (c instanceof BigInteger v) {
                pushInt(v.intValue() - d.lo());
                return;
            }
            gen(ix.indices().get(0), ElementaryType.DINT);
            if (d.lo() != 0) {
                // a 0-based array relies on the JVM's own bounds check; others need the ST bounds
                pushInt(d.lo());
                pushInt(d.hi());
                mv.visitMethodInsn(INVOKESTATIC, "org/ringplc/lang/codegen/Rt", "index", "(III)I", false);
            }
            return;
        }
        for (int k = 0; k < a.dims().size(); k++) {
            ArrayType.Dim d = a.dims().get(k);
            gen(ix.indices().get(k), ElementaryType.DINT);
            pushInt(d.lo());
            pushInt(d.hi());
            mv.visitMethodInsn(INVOKESTATIC, "org/ringplc/lang/codegen/Rt", "index", "(III)I", false);
            if (k > 0) {
                mv.visitInsn(IADD);
            }
            if (k + 1 < a.dims().size()) {
                pushInt(a.dims().get(k + 1).length());
                mv.visitInsn(IMUL);
            }
        }
    }

    // ---------------------------------------------------------------- calls

    /** True for VAR_IN_OUT types passed by value and copied back; arrays and structs go by reference. */
    static boolean isCopiedBack(Type t) {
        return MethodSymbol.isCopiedBack(t);
    }

    private boolean staticMethod;
    private int ownFrameSlot = -1;
    private String ownFrame;

    /**
     * The body is a static FUNCTION method: there is no {@code this}; the helper objects it needs
     * hang off its own frame, in local {@code frameSlot} of class {@code frame} (null if it has none).
     */
    void setStatic(int frameSlot, String frame) {
        staticMethod = true;
        ownFrameSlot = frameSlot;
        ownFrame = frame;
    }

    /**
     * Pushes the object of class {@code cls} held in field {@code field} of {@code this} (in a
     * FUNCTION, of its own frame), making it on first use.
     */
    void pushOwned(String field, String cls) {
        int holder = 0;
        String holderClass = owner;
        if (staticMethod) {
            if (ownFrame == null) {
                throw new IllegalStateException("FUNCTION " + owner + " has no frame to hold a " + cls);
            }
            holder = ownFrameSlot;
            holderClass = ownFrame;
        } else {
            frameFields.put(field, cls);
        }
        String d = "L" + cls + ";";
        Label ready = new Label();
        mv.visitVarInsn(ALOAD, holder);
        mv.visitFieldInsn(GETFIELD, holderClass, field, d);
        mv.visitInsn(DUP);
        mv.visitJumpInsn(IFNONNULL, ready);
        mv.visitInsn(POP);
        mv.visitVarInsn(ALOAD, holder);
        mv.visitTypeInsn(NEW, cls);
        mv.visitInsn(DUP);
        mv.visitMethodInsn(INVOKESPECIAL, cls, "<init>", "()V", false);
        mv.visitInsn(DUP_X1);
        mv.visitFieldInsn(PUTFIELD, holderClass, field, d);
        mv.visitLabel(ready);
    }

    // ---------------------------------------------------------------- expressions

    /** Pushes {@code e} converted to {@code want}. */
    void gen(Expression e, Type want) {
        Object c = typing.constant(e);
        Type t = typing.type(e);
        if (c != null && !(t instanceof StringType)) {
            Type from = t instanceof ElementaryType et && et.isLiteral() ? want : t;
            pushConstant(c, from);
            if (from != want) {
                convert(from, want, false);
            }
            return;
        }
        genRaw(e);
        if (!t.equals(want)) {
            convert(t, want, false);
        }
    }

    /** Pushes {@code e} in its own type. */
    void genRaw(Expression e) {
        Type t = typing.type(e);
        Object c = typing.constant(e);
        if (c != null) {
            if (t instanceof ElementaryType et && et.isLiteral()) {
                t = et == ElementaryType.LIT_INT ? ElementaryType.LINT : ElementaryType.LREAL;
            }
            pushConstant(c, t);
            return;
        }
        if (e instanceof Expression.Name n && typing.variable(n) == null && t instanceof RefType) {
            boolean self = n.name().equalsIgnoreCase("THIS") || n.name().equalsIgnoreCase("SUPER");
            if (self) {
                mv.visitVarInsn(ALOAD, 0);
            } else {
                mv.visitInsn(ACONST_NULL);
            }
        } else if (e instanceof Expression.Name n && typing.property(n) != null) {
            MethodSymbol get = typing.property(n)[0];
            mv.visitVarInsn(ALOAD, 0);
            calls.invokeMethod(get, get.owner(), false);
        } else if (e instanceof Expression.Member m && typing.property(m) != null) {
            MethodSymbol get = typing.property(m)[0];
            calls.propertyTarget(m.target());
            calls.invokeMethod(get, typing.type(m.target()), false);
        } else if (e instanceof Expression.MethodCall mc) {
            calls.call(typing.call(mc));
        } else if (e instanceof Expression.Deref d) {
            derefTarget(d);
            RefType r = (RefType) typing.type(d.target());
            if (!r.isObject()) {
                if (r.target() instanceof StringType) {
                    mv.visitMethodInsn(INVOKEINTERFACE, "org/ringplc/lang/program/TextAccessor", "getText", "()Ljava/lang/String;", true);
                } else {
                    mv.visitMethodInsn(INVOKEINTERFACE, "org/ringplc/lang/program/VariableAccessor", "get", "()J", true);
                    AccessorFactory.fromRaw(mv, r.target());
                }
            }
        } else if (e instanceof Expression.Name n) {
            VarSymbol v = typing.variable(n);
            switch (v.storage()) {
                case LOCAL -> mv.visitVarInsn(JvmTypes.load(t), slots.get(v));
                case FIELD -> {
                    mv.visitVarInsn(ALOAD, 0);
                    mv.visitFieldInsn(GETFIELD, owner, v.name(), JvmTypes.descriptor(t));
                }
                case GLOBAL -> {
                    mv.visitVarInsn(ALOAD, 0);
                    mv.visitFieldInsn(GETFIELD, owner, "$globals", "L" + globalsClass + ";");
                    mv.visitFieldInsn(GETFIELD, globalsClass, v.name(), JvmTypes.descriptor(t));
                }
            }
        } else if (e instanceof Expression.Member m) {
            Type ot = typing.type(m.target());
            genRaw(m.target());
            mv.visitFieldInsn(GETFIELD, JvmTypes.internalName(ot), memberName(ot, m.member()), JvmTypes.descriptor(t));
        } else if (e instanceof Expression.Index ix) {
            arrayElementAddress(ix);
            mv.visitInsn(JvmTypes.arrayLoad(t));
        } else if (e instanceof Expression.BitAccess b) {
            Type wt = typing.type(b.target());
            genRaw(b.target());
            if (JvmTypes.kind(wt) == 'J') {
                pushInt(b.bit());
                mv.visitInsn(LUSHR);
                mv.visitInsn(L2I);
            } else {
                pushInt(b.bit());
                mv.visitInsn(IUSHR);
            }
            mv.visitInsn(ICONST_1);
            mv.visitInsn(IAND);
        } else if (e instanceof Expression.Unary u) {
            unary(u, t);
        } else if (e instanceof Expression.Binary b) {
            binary(b, t);
        } else if (e instanceof Expression.Call call) {
            calls.call(typing.call(call));
        } else {
            throw new IllegalStateException("cannot generate " + e);
        }
    }

    private void unary(Expression.Unary u, Type t) {
        gen(u.operand(), t);
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
                normalize(t);
            }
            return;
        }
        switch (JvmTypes.kind(t)) {
            case 'J' -> mv.visitInsn(LNEG);
            case 'F' -> mv.visitInsn(FNEG);
            case 'D' -> mv.visitInsn(DNEG);
            default -> {
                mv.visitInsn(INEG);
                normalize(t);
            }
        }
    }

    private void binary(Expression.Binary b, Type result) {
        Type ot = typing.operandType(b);
        Expression.BinaryOp op = b.op();
        Type lt = typing.type(b.left());
        Type rt = typing.type(b.right());
        if (typing.isDateArithmetic(b)) {
            // all of TIME, TOD, DT and DATE are nanoseconds: add or subtract them as they are
            gen(b.left(), lt);
            gen(b.right(), rt);
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
            gen(b.left(), ElementaryType.LREAL);
            gen(b.right(), ElementaryType.LREAL);
            mv.visitMethodInsn(INVOKESTATIC, "java/lang/Math", "pow", "(DD)D", false);
            if (ot == ElementaryType.REAL) {
                mv.visitInsn(D2F);
            }
            return;
        }
        gen(b.left(), ot);
        gen(b.right(), ot);
        if (op.isComparison()) {
            if (ot instanceof StringType && (op == Expression.BinaryOp.EQ || op == Expression.BinaryOp.NE)) {
                mv.visitMethodInsn(INVOKEVIRTUAL, "java/lang/String", "equals", "(Ljava/lang/Object;)Z", false);
                if (op == Expression.BinaryOp.NE) {
                    mv.visitInsn(ICONST_1);
                    mv.visitInsn(IXOR);
                }
                return;
            }
            Label yes = new Label();
            Label done = new Label();
            switch (op) {
                case EQ -> compareJump(ot, EQ_OP, yes);
                case LT -> compareJump(ot, LT_OP, yes);
                case LE -> compareJump(ot, LE_OP, yes);
                case GT -> compareJump(ot, GT_OP, yes);
                case GE -> compareJump(ot, GE_OP, yes);
                default -> {
                    // NE: jump over when equal
                    Label eq = new Label();
                    compareJump(ot, EQ_OP, eq);
                    mv.visitInsn(ICONST_1);
                    mv.visitJumpInsn(GOTO, done);
                    mv.visitLabel(eq);
                    mv.visitInsn(ICONST_0);
                    mv.visitLabel(done);
                    return;
                }
            }
            mv.visitInsn(ICONST_0);
            mv.visitJumpInsn(GOTO, done);
            mv.visitLabel(yes);
            mv.visitInsn(ICONST_1);
            mv.visitLabel(done);
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
            normalize(ot);
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
            gen(time, d);
            mv.visitInsn(L2D);
            gen(num, ElementaryType.LREAL);
            mv.visitInsn(b.op() == Expression.BinaryOp.MUL ? DMUL : DDIV);
            mv.visitMethodInsn(INVOKESTATIC, "org/ringplc/lang/codegen/Rt", "round", "(D)J", false);
        } else {
            gen(time, d);
            gen(num, ElementaryType.LINT);
            mv.visitInsn(b.op() == Expression.BinaryOp.MUL ? LMUL : LDIV);
        }
    }

    // ---------------------------------------------------------------- constants and conversions

    void pushInt(int v) {
        if (v >= -1 && v <= 5) {
            mv.visitInsn(ICONST_0 + v);
        } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            mv.visitIntInsn(BIPUSH, v);
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            mv.visitIntInsn(SIPUSH, v);
        } else {
            mv.visitLdcInsn(v);
        }
    }

    /** Pushes a folded constant as a value of {@code t}. */
    void pushConstant(Object c, Type t) {
        if (c instanceof String s) {
            mv.visitLdcInsn(s);
            return;
        }
        if (c instanceof Boolean b) {
            if (JvmTypes.kind(t) == 'J') {
                mv.visitLdcInsn(b ? 1L : 0L);
            } else {
                pushInt(b ? 1 : 0);
            }
            return;
        }
        if (c instanceof Long l) {
            mv.visitLdcInsn(l);
            return;
        }
        char k = JvmTypes.kind(t);
        BigDecimal d = c instanceof BigInteger i ? new BigDecimal(i) : (BigDecimal) c;
        switch (k) {
            case 'I' -> pushInt(d.toBigInteger().intValue());
            case 'J' -> mv.visitLdcInsn(d.toBigInteger().longValue());
            // Float.parseFloat rounds the exact decimal once, as a REAL literal must be
            case 'F' -> mv.visitLdcInsn(Float.parseFloat(d.toString()));
            case 'D' -> mv.visitLdcInsn(Double.parseDouble(d.toString()));
            default -> throw new IllegalStateException("constant of " + t.name());
        }
    }

    /** Wraps an int-kind value to its type's width (two's complement; unsigned zero-extended). */
    void normalize(Type t) {
        if (!(t instanceof ElementaryType e)) {
            return;
        }
        switch (e) {
            case SINT -> mv.visitInsn(I2B);
            case INT -> mv.visitInsn(I2S);
            case USINT, BYTE -> {
                pushInt(0xFF);
                mv.visitInsn(IAND);
            }
            case UINT, WORD -> mv.visitInsn(I2C);
            default -> {
            }
        }
    }

    /** See {@link Conversions#convert}. */
    void convert(Type from, Type to, boolean explicit) {
        Conversions.convert(this, from, to, explicit);
    }

    /** See {@link Conversions#convertReal}. */
    void convertReal(Type from, Type to, boolean truncate) {
        Conversions.convertReal(this, from, to, truncate);
    }
}
