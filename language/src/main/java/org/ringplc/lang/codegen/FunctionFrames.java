package org.ringplc.lang.codegen;

import static org.objectweb.asm.Opcodes.*;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.ringplc.lang.ast.Argument;
import org.ringplc.lang.ast.Expression;
import org.ringplc.lang.ast.Pou;
import org.ringplc.lang.ast.Statement;
import org.ringplc.lang.program.VariableDescriptor.VarKind;
import org.ringplc.lang.sema.ArrayType;
import org.ringplc.lang.sema.CallInfo;
import org.ringplc.lang.sema.ElementaryType;
import org.ringplc.lang.sema.EnumType;
import org.ringplc.lang.sema.MethodSymbol;
import org.ringplc.lang.sema.PouSymbol;
import org.ringplc.lang.sema.ProjectModel;
import org.ringplc.lang.sema.StringType;
import org.ringplc.lang.sema.StructType;
import org.ringplc.lang.sema.Type;
import org.ringplc.lang.sema.Typing;
import org.ringplc.lang.sema.VarSymbol;

/**
 * The frames FUNCTIONs and METHODs hand their VAR_OUTPUTs and value-result VAR_IN_OUTs back in.
 * A FUNCTION is a static method, so its results besides the return value travel in an object the
 * caller passes; a PROGRAM or FB (or a METHOD, an instance method) keeps that object in a field
 * made on first use, so the scan cycle does not allocate. A FUNCTION has no such field of its own:
 * the frames of the FUNCTIONs and METHODs it calls hang off its own frame instead, made on first
 * use there. Its frame is thus owned, through a chain of frames, by one call site of a PROGRAM or
 * FB instance (one scan thread), and reused on every call; a FUNCTION without results of its own
 * takes a frame only to carry those of its callees. The frame also keeps the FUNCTION's STRUCT and
 * ARRAY locals, reset to their initial value on every call ({@link #kept}), and the result objects
 * of the call sites in its body whose callee returns a STRUCT or ARRAY ({@link #resultInObject}):
 * one per call site, not per callee, because two results of one callee may be alive at once.
 * Recursion (not IEC, but harmless) makes one frame per depth, once.
 */
final class FunctionFrames {
    private final Typing typing;
    /** Frame classes of the callees whose frames a FUNCTION carries, for every FUNCTION that has a frame. */
    private final Map<PouSymbol, Set<String>> callees = new IdentityHashMap<>();
    /** The call sites in a FUNCTION's body whose result object its frame keeps ({@link #resultField}). */
    private final Map<PouSymbol, List<Site>> resultSites = new IdentityHashMap<>();
    /**
     * The field that keeps the result object of each call site, in whatever owner holds it; a site
     * is a {@link CallInfo.FunctionCall}, a {@link CallInfo.MethodCall} or the expression reading a
     * property (its getter's call).
     */
    private final Map<Object, String> siteFields = new IdentityHashMap<>();

    /** A call site whose result lives in an object the caller keeps: the site's key and the result type. */
    private record Site(Object key, Type type) {
    }

    /** The property reads with a STRUCT or ARRAY result in each FUNCTION's body, found by {@link #collect}. */
    private final Map<PouSymbol, List<Expression>> getterSites = new IdentityHashMap<>();
    /** Where {@link #collect} puts the property reads of the body it walks. */
    private List<Expression> getters = new ArrayList<>();

    FunctionFrames(ProjectModel model) {
        this.typing = model.typing();
        Map<PouSymbol, List<CallInfo>> calls = new IdentityHashMap<>();
        for (PouSymbol p : model.pous(Pou.Kind.FUNCTION)) {
            List<CallInfo> found = new ArrayList<>();
            getters = new ArrayList<>();
            collect(p.decl().body(), found);
            getterSites.put(p, getters);
            calls.put(p, found);
            List<Site> sites = new ArrayList<>();
            for (CallInfo c : found) {
                Type rt = c instanceof CallInfo.FunctionCall f && resultInObject(f.function()) ? f.function().resultType()
                        : c instanceof CallInfo.MethodCall m && resultInObject(m.method()) ? m.method().resultType() : null;
                if (rt != null && sites.stream().noneMatch(x -> x.key() == c)) {
                    sites.add(new Site(c, rt));
                    resultField(c);
                }
            }
            for (Expression e : getterSites.getOrDefault(p, List.of())) {
                if (sites.stream().noneMatch(x -> x.key() == e)) {
                    sites.add(new Site(e, typing.property(e)[0].resultType()));
                    resultField(e);
                }
            }
            resultSites.put(p, sites);
        }
        // a frame is needed for own results or to carry a callee's; callees' needs propagate up the call graph
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Map.Entry<PouSymbol, List<CallInfo>> e : calls.entrySet()) {
                Set<String> held = new LinkedHashSet<>();
                for (CallInfo c : e.getValue()) {
                    String f = calleeFrame(c);
                    if (f != null) {
                        held.add(f);
                    }
                }
                boolean framed = !handedBack(e.getKey()).isEmpty() || !kept(e.getKey()).isEmpty() || !held.isEmpty()
                        || !resultSites.get(e.getKey()).isEmpty();
                if (framed && !held.equals(callees.get(e.getKey()))) {
                    callees.put(e.getKey(), held);
                    changed = true;
                }
            }
        }
    }

    private String calleeFrame(CallInfo c) {
        if (c instanceof CallInfo.FunctionCall f) {
            return frameClass(f.function());
        }
        if (c instanceof CallInfo.MethodCall m) {
            return m.method().frameClass();
        }
        return null;
    }

    /**
     * The variables a FUNCTION hands back besides its result: VAR_OUTPUTs and the in-outs that
     * are passed by value (elementary and STRING); the caller copies them out of the frame.
     */
    static List<VarSymbol> handedBack(PouSymbol p) {
        return p.variables().stream().filter(v -> v.kind() == VarKind.OUTPUT
                || v.kind() == VarKind.IN_OUT && MethodSymbol.isCopiedBack(v.type())).toList();
    }

    /**
     * The STRUCT and ARRAY locals and outputs of a FUNCTION, which its frame keeps between calls:
     * IEC gives them their initial value on every call, which the frame restores from a copy of it
     * made on the first call instead of making new objects. Arrays of function blocks are made per
     * call as before (a copy would share the instances).
     */
    static List<VarSymbol> kept(PouSymbol p) {
        return p.variables().stream().filter(v -> !p.inputs().contains(v) && v != p.result() && isKept(v.type())).toList();
    }

    /**
     * True when a FUNCTION's result (a STRUCT or an ARRAY of what a frame can keep) is written into
     * an object its caller passes, kept per call site, instead of a new object per call: the caller
     * owns one per call site (a field of the PROGRAM/FB instance, or of the calling FUNCTION's
     * frame), so two results alive at once ({@code G(F(1), F(2))}) are two objects, and the
     * callee sets it to the initial value on every call from a template made once per class.
     */
    static boolean resultInObject(PouSymbol f) {
        return f.kind() == Pou.Kind.FUNCTION && isKept(f.resultType());
    }

    /**
     * True when a METHOD's or property getter's result is a STRUCT or ARRAY written into an object
     * of the call site, as for a FUNCTION ({@link #resultInObject(PouSymbol)}). The object is the
     * last parameter of the JVM method, so every implementation of an interface method and every
     * override takes it the same way, and {@code SUPER^.M()} passes its own call site's.
     */
    static boolean resultInObject(MethodSymbol m) {
        return m != null && m.resultType() != null && isKept(m.resultType());
    }

    /**
     * The field name of the result object of call site {@code c} (a FUNCTION or METHOD call, or
     * the expression reading a property), unique in the project so that every owner (instance or
     * frame class) can hold several; not an ST identifier.
     */
    String resultField(Object c) {
        return siteFields.computeIfAbsent(c, k -> "$result_" + siteFields.size());
    }

    /** STRUCTs and ARRAYs other than of function blocks (or references): copied by value into an object kept. */
    static boolean isKept(Type t) {
        if (t instanceof ArrayType a) {
            return a.element() instanceof StructType || a.element() instanceof ElementaryType
                    || a.element() instanceof EnumType || a.element() instanceof StringType;
        }
        return t instanceof StructType;
    }

    /**
     * Pushes the kept local {@code v} of the FUNCTION whose frame is in local {@code frameSlot}, set
     * to its initial value: on the first call made with a second object holding that value, on every
     * later call copied from it.
     */
    static void pushKept(BodyGenerator g, int frameSlot, String frame, VarSymbol v) {
        MethodVisitor mv = g.mv();
        String d = JvmTypes.descriptor(v.type());
        Label made = new Label();
        Label ready = new Label();
        mv.visitVarInsn(ALOAD, frameSlot);
        mv.visitFieldInsn(GETFIELD, frame, v.name(), d);
        mv.visitInsn(DUP);
        mv.visitJumpInsn(IFNONNULL, made);
        mv.visitInsn(POP);
        mv.visitVarInsn(ALOAD, frameSlot);
        Initializers.pushInitial(g, v.decl(), v.type());
        mv.visitFieldInsn(PUTFIELD, frame, INITIAL + v.name(), d);
        mv.visitVarInsn(ALOAD, frameSlot);
        Initializers.pushInitial(g, v.decl(), v.type());
        mv.visitInsn(DUP_X1);
        mv.visitFieldInsn(PUTFIELD, frame, v.name(), d);
        mv.visitJumpInsn(GOTO, ready);
        mv.visitLabel(made);
        mv.visitInsn(DUP);
        mv.visitVarInsn(ALOAD, frameSlot);
        mv.visitFieldInsn(GETFIELD, frame, INITIAL + v.name(), d);
        if (v.type() instanceof StructType s) {
            mv.visitMethodInsn(INVOKEVIRTUAL, s.className(), "$copy", "(" + d + ")V", false);
        } else {
            StoreGenerator.copyArray(mv, (ArrayType) v.type(), g::newLocal);
        }
        mv.visitLabel(ready);
    }

    /** Prefix of the frame field holding a kept local's initial value; not an ST identifier. */
    private static final String INITIAL = "$initial_";

    /** The frame class of a FUNCTION, or null when it neither hands back results nor calls one that does. */
    String frameClass(PouSymbol p) {
        return callees.containsKey(p) ? p.className() + "$Frame" : null;
    }

    /**
     * {@code invoke}'s descriptor: inputs and in-outs in declaration order, then the frame if any,
     * then the result object if the result is written into one ({@link #resultInObject}).
     */
    String descriptor(PouSymbol p) {
        StringBuilder d = new StringBuilder("(");
        for (VarSymbol v : p.inputs()) {
            d.append(JvmTypes.descriptor(v.type()));
        }
        String frame = frameClass(p);
        if (frame != null) {
            d.append("L").append(frame).append(";");
        }
        if (resultInObject(p)) {
            d.append(JvmTypes.descriptor(p.resultType()));
        }
        return d.append(")").append(JvmTypes.descriptor(p.resultType())).toString();
    }

    /** The field that holds a frame of class {@code frame} in its owner (an instance or a caller's frame). */
    static String holderField(String frame) {
        return "$frame_" + frame.replace('/', '_').replace('$', '_');
    }

    /** A FUNCTION's frame: one public field per handed-back variable and per callee frame it carries. */
    byte[] define(PouSymbol p) {
        ClassWriter cw = open(frameClass(p));
        for (VarSymbol v : handedBack(p)) {
            cw.visitField(ACC_PUBLIC, v.name(), JvmTypes.descriptor(v.type()), null, null).visitEnd();
        }
        for (VarSymbol v : kept(p)) {
            if (v.kind() != VarKind.OUTPUT) {
                cw.visitField(ACC_PUBLIC, v.name(), JvmTypes.descriptor(v.type()), null, null).visitEnd();
            }
            cw.visitField(ACC_PUBLIC, INITIAL + v.name(), JvmTypes.descriptor(v.type()), null, null).visitEnd();
        }
        for (String callee : callees.get(p)) {
            cw.visitField(ACC_PUBLIC, holderField(callee), "L" + callee + ";", null, null).visitEnd();
        }
        for (Site site : resultSites.get(p)) {
            cw.visitField(ACC_PUBLIC, resultField(site.key()), JvmTypes.descriptor(site.type()), null, null).visitEnd();
        }
        cw.visitEnd();
        return cw.toByteArray();
    }

    /**
     * A METHOD's frame: one public field per output and copied-back in-out, named in upper case
     * (overrides may spell it differently).
     */
    static byte[] define(MethodSymbol m) {
        ClassWriter cw = open(m.frameClass());
        for (VarSymbol v : m.frameVariables()) {
            cw.visitField(ACC_PUBLIC, v.name().toUpperCase(Locale.ROOT), JvmTypes.descriptor(v.type()), null, null).visitEnd();
        }
        cw.visitEnd();
        return cw.toByteArray();
    }

    /** A public final class {@code name} with a no-argument constructor; the caller adds the fields. */
    private static ClassWriter open(String name) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(V17, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, name, null, "java/lang/Object", null);
        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "<init>", "()V", null, null);
        mv.visitCode();
        mv.visitVarInsn(ALOAD, 0);
        mv.visitMethodInsn(INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        return cw;
    }

    // ---------------------------------------------------------------- the calls of a body

    private void collect(List<Statement> body, List<CallInfo> out) {
        for (Statement s : body) {
            collect(s, out);
        }
    }

    private void collect(Statement s, List<CallInfo> out) {
        if (s instanceof Statement.Assignment a) {
            if (typing.property(a.target()) != null) {
                // a property written calls its setter, which has no result; only the object it is set on is read
                if (a.target() instanceof Expression.Member m) {
                    collect(m.target(), out);
                }
            } else {
                collect(a.target(), out);
            }
            collect(a.value(), out);
        } else if (s instanceof Statement.CallStatement c) {
            add(typing.call(c), out);
            collect(c.callee(), out);
            arguments(c.args(), out);
        } else if (s instanceof Statement.If i) {
            for (Statement.Branch b : i.branches()) {
                collect(b.condition(), out);
                collect(b.body(), out);
            }
            collect(i.elseBody(), out);
        } else if (s instanceof Statement.Case c) {
            collect(c.selector(), out);
            for (Statement.CaseBranch b : c.branches()) {
                collect(b.body(), out);
            }
            collect(c.elseBody(), out);
        } else if (s instanceof Statement.For f) {
            collect(f.from(), out);
            collect(f.to(), out);
            if (f.by() != null) {
                collect(f.by(), out);
            }
            collect(f.body(), out);
        } else if (s instanceof Statement.While w) {
            collect(w.condition(), out);
            collect(w.body(), out);
        } else if (s instanceof Statement.Repeat r) {
            collect(r.body(), out);
            collect(r.condition(), out);
        }
    }

    private void collect(Expression e, List<CallInfo> out) {
        MethodSymbol[] property = typing.property(e);
        if (property != null && resultInObject(property[0])) {
            getters.add(e);
        }
        if (e instanceof Expression.Binary b) {
            collect(b.left(), out);
            collect(b.right(), out);
        } else if (e instanceof Expression.Unary u) {
            collect(u.operand(), out);
        } else if (e instanceof Expression.Member m) {
            collect(m.target(), out);
        } else if (e instanceof Expression.BitAccess b) {
            collect(b.target(), out);
        } else if (e instanceof Expression.Deref d) {
            collect(d.target(), out);
        } else if (e instanceof Expression.Index ix) {
            collect(ix.target(), out);
            for (Expression i : ix.indices()) {
                collect(i, out);
            }
        } else if (e instanceof Expression.MethodCall c) {
            add(typing.call(c), out);
            collect(c.target(), out);
            arguments(c.args(), out);
        } else if (e instanceof Expression.Call c) {
            add(typing.call(c), out);
            arguments(c.args(), out);
        }
    }

    private void arguments(List<Argument> args, List<CallInfo> out) {
        for (Argument a : args) {
            collect(a.value(), out);
        }
    }

    private static void add(CallInfo c, List<CallInfo> out) {
        if (c != null) {
            out.add(c);
        }
    }
}
