package org.ringplc.lang.codegen;

import static org.objectweb.asm.Opcodes.*;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.ringplc.lang.ast.Expression;
import org.ringplc.lang.ast.Statement;
import org.ringplc.lang.sema.ArrayType;
import org.ringplc.lang.sema.ElementaryType;
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
 * allocation. One instance per generated method; it holds the method's state (locals, labels,
 * helper objects) and reads variables and constants, and hands each construct to its generator:
 * {@link StatementGenerator}, {@link StoreGenerator}, {@link OperatorGenerator},
 * {@link CallGenerator} (with {@link Builtins}, {@link LibraryCalls}) and {@link Conversions}.
 */
final class BodyGenerator {
    private final MethodVisitor mv;
    private final Typing typing;
    private final org.ringplc.lang.sema.ProjectModel model;
    private final String owner;
    private final String globalsClass;
    private final Map<VarSymbol, Integer> slots = new IdentityHashMap<>();
    private int nextSlot;
    private final Label returnLabel = new Label();
    private final CallGenerator calls;
    private final StatementGenerator statements;
    private final StoreGenerator stores;
    private final OperatorGenerator operators;
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
        this.statements = new StatementGenerator(this);
        this.stores = new StoreGenerator(this);
        this.operators = new OperatorGenerator(this);
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
     * string functions, and the result objects of FUNCTION, METHOD and property getter call sites ({@link #pushResultObject}).
     * Field name to field descriptor.
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

    CallGenerator calls() {
        return calls;
    }

    OperatorGenerator operators() {
        return operators;
    }

    /** Emits {@code list} ({@link StatementGenerator}). */
    void statements(List<Statement> list) {
        statements.statements(list);
    }

    /** {@code target := value} ({@link StoreGenerator#assign}). */
    void assign(Expression target, Expression value) {
        stores.assign(target, value);
    }

    /** Stores the value {@code value} pushes into {@code target} ({@link StoreGenerator#store}). */
    void store(Expression target, Runnable value) {
        stores.store(target, value);
    }

    /** See {@link StoreGenerator#checkRange}. */
    void checkRange(Subrange r, Type t, String what) {
        stores.checkRange(r, t, what);
    }

    /** See {@link StoreGenerator#fitString}. */
    void fitString(Type t) {
        stores.fitString(t);
    }


    // ---------------------------------------------------------------- variable access

    /** Pushes what {@code p^} refers to: the object, or the accessor of an elementary variable; NULL faults. */
    void derefTarget(Expression.Deref d) {
        RefType r = (RefType) typing.type(d.target());
        genRaw(d.target());
        mv.visitLdcInsn(describe(d.target()));
        mv.visitMethodInsn(INVOKESTATIC, "org/ringplc/lang/codegen/Rt", "deref", "(Ljava/lang/Object;Ljava/lang/String;)Ljava/lang/Object;", false);
        String d2 = JvmTypes.descriptor(r);
        mv.visitTypeInsn(CHECKCAST, d2.startsWith("L") ? d2.substring(1, d2.length() - 1) : d2);
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

    // ---------------------------------------------------------------- helper objects

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
            frameFields.put(field, "L" + cls + ";");
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

    /**
     * Pushes the result object of one FUNCTION, METHOD or property getter call site, of STRUCT or ARRAY type {@code t}, held
     * in field {@code field} of {@code this} (in a FUNCTION, of its own frame) and made on first
     * use; the callee sets it to its initial value on every call ({@link FunctionFrames#resultInObject}).
     */
    void pushResultObject(String field, Type t) {
        int holder = 0;
        String holderClass = owner;
        String d = JvmTypes.descriptor(t);
        if (staticMethod) {
            if (ownFrame == null) {
                throw new IllegalStateException("FUNCTION " + owner + " has no frame to hold a result of " + t.name());
            }
            holder = ownFrameSlot;
            holderClass = ownFrame;
        } else {
            frameFields.put(field, d);
        }
        Label ready = new Label();
        mv.visitVarInsn(ALOAD, holder);
        mv.visitFieldInsn(GETFIELD, holderClass, field, d);
        mv.visitInsn(DUP);
        mv.visitJumpInsn(IFNONNULL, ready);
        mv.visitInsn(POP);
        mv.visitVarInsn(ALOAD, holder);
        Initializers.pushInitial(this, null, t);
        mv.visitInsn(DUP_X1);
        mv.visitFieldInsn(PUTFIELD, holderClass, field, d);
        mv.visitLabel(ready);
    }

    /** For a getter with a STRUCT or ARRAY result: pushes the object of the property read {@code e}, its call site. */
    private void pushGetterResult(Expression e, MethodSymbol get) {
        if (FunctionFrames.resultInObject(get)) {
            pushResultObject(frames.resultField(e), get.resultType());
        }
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
            pushGetterResult(e, get);
            calls.invokeMethod(get, get.owner(), false);
        } else if (e instanceof Expression.Member m && typing.property(m) != null) {
            MethodSymbol get = typing.property(m)[0];
            calls.propertyTarget(m.target());
            pushGetterResult(e, get);
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
                    mv.visitFieldInsn(GETFIELD, owner, v.jvmName(), JvmTypes.descriptor(t));
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
            operators.unary(u, t);
        } else if (e instanceof Expression.Binary b) {
            operators.binary(b, t);
        } else if (e instanceof Expression.Call call) {
            calls.call(typing.call(call));
        } else {
            throw new IllegalStateException("cannot generate " + e);
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
