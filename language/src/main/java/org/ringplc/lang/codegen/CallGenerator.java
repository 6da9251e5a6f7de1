package org.ringplc.lang.codegen;

import static org.objectweb.asm.Opcodes.*;

import java.util.List;
import org.objectweb.asm.MethodVisitor;
import org.ringplc.lang.ast.Expression;
import org.ringplc.lang.sema.CallInfo;
import org.ringplc.lang.sema.ArrayType;
import org.ringplc.lang.sema.ElementaryType;
import org.ringplc.lang.sema.FbType;
import org.ringplc.lang.sema.MethodSymbol;
import org.ringplc.lang.sema.RefType;
import org.ringplc.lang.sema.StructType;
import org.ringplc.lang.sema.Subrange;
import org.ringplc.lang.sema.Type;
import org.ringplc.lang.sema.Typing;
import org.ringplc.lang.sema.VarSymbol;

/**
 * Emits calls for one body: function block calls (inputs written, {@code execute()}, outputs and
 * in-outs read back), FUNCTIONs as static calls with their frame, METHODs and property accessors
 * as virtual or interface calls, conversions, standard functions and {@code REF()}.
 */
final class CallGenerator {
    private final BodyGenerator g;
    private final MethodVisitor mv;
    private final Typing typing;
    private final String owner;
    private final String globalsClass;

    CallGenerator(BodyGenerator g) {
        this.g = g;
        this.mv = g.mv();
        this.typing = g.typing();
        this.owner = g.owner();
        this.globalsClass = g.globalsClass();
    }

    /** Pushes the object a method or property is invoked on; an interface variable holding NULL faults. */
    void propertyTarget(Expression target) {
        g.genRaw(target);
        Type t = typing.type(target);
        if (t instanceof org.ringplc.lang.sema.InterfaceType it) {
            mv.visitLdcInsn(BodyGenerator.describe(target));
            mv.visitMethodInsn(INVOKESTATIC, "org/ringplc/lang/codegen/Rt", "deref", "(Ljava/lang/Object;Ljava/lang/String;)Ljava/lang/Object;", false);
            mv.visitTypeInsn(CHECKCAST, it.className());
        }
    }

    /**
     * Invokes {@code m} on the object on the stack (below its arguments, its frame and, for a STRUCT
     * or ARRAY result, the call site's result object), whose static type is {@code on}.
     */
    void invokeMethod(MethodSymbol m, Type on, boolean isSuper) {
        String desc = ClassGenerator.methodDescriptor(m);
        if (on instanceof org.ringplc.lang.sema.InterfaceType it) {
            mv.visitMethodInsn(INVOKEINTERFACE, it.className(), m.jvmName(), desc, true);
        } else {
            mv.visitMethodInsn(isSuper ? INVOKESPECIAL : INVOKEVIRTUAL, ((FbType) on).className(), m.jvmName(), desc, false);
        }
    }

    private void methodCall(CallInfo.MethodCall c) {
        Type on = typing.type(c.target());
        if (c.isSuper()) {
            mv.visitVarInsn(ALOAD, 0);
        } else {
            propertyTarget(c.target());
        }
        List<VarSymbol> params = c.method().scope().inputs();
        String frame = c.method().frameClass();
        int frameSlot = arguments(params, c.args(), frame);
        if (FunctionFrames.resultInObject(c.method())) {
            g.pushResultObject(g.frames().resultField(c), c.method().resultType());
        }
        invokeMethod(c.method(), on, c.isSuper());
        if (frame != null) {
            // method frames name their fields in upper case: overrides may spell a parameter differently
            copyOut(frame, frameSlot, c.outputs(), params, c.args(), true);
        }
    }

    /**
     * Pushes the arguments of a FUNCTION or METHOD call, each converted to its parameter's type or,
     * where the call leaves it out, the parameter's initial value; then the callee's frame, if
     * {@code frame} is not null, which it also keeps in a new local for {@link #copyOut}.
     *
     * @return the frame's local, or -1
     */
    private int arguments(List<VarSymbol> params, List<Expression> args, String frame) {
        for (int i = 0; i < params.size(); i++) {
            Expression arg = args.get(i);
            if (arg != null) {
                g.gen(arg, params.get(i).type());
            } else {
                Initializers.pushDefault(g, params.get(i).decl(), params.get(i).type());
            }
        }
        if (frame == null) {
            return -1;
        }
        int frameSlot = g.newLocal(ElementaryType.LINT);
        pushFrame(frame);
        mv.visitInsn(DUP);
        mv.visitVarInsn(ASTORE, frameSlot);
        return frameSlot;
    }

    /**
     * After a call that handed its results back in the frame in local {@code frameSlot}: stores the
     * bound outputs ({@code =>}) and copies the value-result in-outs back into their arguments.
     */
    private void copyOut(String frame, int frameSlot, List<CallInfo.FunctionOutput> outputs, List<VarSymbol> params,
                         List<Expression> args, boolean upperCase) {
        for (CallInfo.FunctionOutput o : outputs) {
            Type target = typing.type(o.target());
            g.store(o.target(), () -> {
                mv.visitVarInsn(ALOAD, frameSlot);
                mv.visitFieldInsn(GETFIELD, frame, fieldName(o.param(), upperCase), JvmTypes.descriptor(o.param().type()));
                if (o.negated()) {
                    mv.visitInsn(ICONST_1);
                    mv.visitInsn(IXOR);
                }
                g.convert(o.param().type(), target, false);
            });
        }
        for (int i = 0; i < params.size(); i++) {
            VarSymbol p = params.get(i);
            if (p.kind() == org.ringplc.lang.program.VariableDescriptor.VarKind.IN_OUT && MethodSymbol.isCopiedBack(p.type())) {
                g.store(args.get(i), () -> {
                    mv.visitVarInsn(ALOAD, frameSlot);
                    mv.visitFieldInsn(GETFIELD, frame, fieldName(p, upperCase), JvmTypes.descriptor(p.type()));
                });
            }
        }
    }

    private static String fieldName(VarSymbol v, boolean upperCase) {
        return upperCase ? v.name().toUpperCase(java.util.Locale.ROOT) : v.name();
    }

    /** REF(x): the object itself for STRUCT, array and FB; else the variable's accessor. */
    void reference(Expression target) {
        Type t = typing.type(target);
        if (new RefType(t).isObject()) {
            g.genRaw(target);
            return;
        }
        String code = JvmTypes.refTypeCode(t);
        if (target instanceof Expression.Index ix) {
            g.arrayElementAddress(ix);
            mv.visitLdcInsn(code);
            mv.visitLdcInsn(org.objectweb.asm.Type.getObjectType(owner));
            mv.visitMethodInsn(INVOKESTATIC, "org/ringplc/lang/codegen/Rt", "elementRef",
                    "(Ljava/lang/Object;ILjava/lang/String;Ljava/lang/Class;)Lorg/ringplc/lang/program/VariableAccessor;", false);
        } else {
            String field;
            if (target instanceof Expression.Member m) {
                g.genRaw(m.target());
                field = BodyGenerator.memberName(typing.type(m.target()), m.member());
            } else if (target instanceof Expression.Deref d) {
                g.genRaw(d.target());
                return;
            } else {
                VarSymbol v = typing.variable(target);
                mv.visitVarInsn(ALOAD, 0);
                if (v.storage() == VarSymbol.Storage.GLOBAL) {
                    mv.visitFieldInsn(GETFIELD, owner, "$globals", "L" + globalsClass + ";");
                }
                field = v.jvmName();
            }
            mv.visitLdcInsn(field);
            mv.visitLdcInsn(code);
            mv.visitLdcInsn(org.objectweb.asm.Type.getObjectType(owner));
            mv.visitMethodInsn(INVOKESTATIC, "org/ringplc/lang/codegen/Rt", "fieldRef",
                    "(Ljava/lang/Object;Ljava/lang/String;Ljava/lang/String;Ljava/lang/Class;)Lorg/ringplc/lang/program/VariableAccessor;", false);
        }
        String d = JvmTypes.descriptor(new RefType(t));
        mv.visitTypeInsn(CHECKCAST, d.substring(1, d.length() - 1));
    }

    void fbCall(CallInfo.FbCall fb) {
        String cls = fb.type().className();
        int slot = g.newLocal(fb.type());
        boolean superBody = fb.instance() instanceof Expression.Deref d && d.target() instanceof Expression.Name n
                && n.name().equalsIgnoreCase("SUPER");
        if (superBody) {
            // invokespecial needs the receiver typed as this class
            mv.visitVarInsn(ALOAD, 0);
        } else {
            g.genRaw(fb.instance());
        }
        mv.visitVarInsn(ASTORE, slot);
        for (CallInfo.Binding b : fb.inputs()) {
            if (FunctionFrames.isKept(b.member().type())) {
                // a STRUCT or ARRAY input is a copy (IEC), made into the FB's own object: keeping the
                // argument's object would share a variable, or the object of a FUNCTION call site
                // that the next call from there (in a loop, for another instance) overwrites
                mv.visitVarInsn(ALOAD, slot);
                mv.visitFieldInsn(GETFIELD, cls, b.member().jvmName(), JvmTypes.descriptor(b.member().type()));
                g.gen(b.expression(), b.member().type());
                if (b.member().type() instanceof StructType st) {
                    mv.visitMethodInsn(INVOKEVIRTUAL, st.className(), "$copy", "(L" + st.className() + ";)V", false);
                } else {
                    StoreGenerator.copyArray(mv, (ArrayType) b.member().type(), g::newLocal);
                }
                continue;
            }
            mv.visitVarInsn(ALOAD, slot);
            g.gen(b.expression(), b.member().type());
            g.fitString(b.member().type());
            Subrange r = typing.storeRange(b.expression());
            if (r != null) {
                g.checkRange(r, b.member().type(), fb.type().name() + "." + b.member().name());
            }
            mv.visitFieldInsn(PUTFIELD, cls, b.member().jvmName(), JvmTypes.descriptor(b.member().type()));
        }
        // VAR_IN_OUT: aggregates are passed by reference; elementary values in and back out (below)
        for (CallInfo.Binding b : fb.inOuts()) {
            mv.visitVarInsn(ALOAD, slot);
            g.genRaw(b.expression());
            mv.visitFieldInsn(PUTFIELD, cls, b.member().jvmName(), JvmTypes.descriptor(b.member().type()));
        }
        mv.visitVarInsn(ALOAD, slot);
        // SUPER^() runs the base's body, not this (overriding) one
        mv.visitMethodInsn(superBody ? INVOKESPECIAL : INVOKEVIRTUAL, cls, "execute", "()V", false);
        for (CallInfo.Binding b : fb.inOuts()) {
            if (MethodSymbol.isCopiedBack(b.member().type())) {
                g.store(b.expression(), () -> {
                    mv.visitVarInsn(ALOAD, slot);
                    mv.visitFieldInsn(GETFIELD, cls, b.member().jvmName(), JvmTypes.descriptor(b.member().type()));
                });
            }
        }
        for (CallInfo.Binding b : fb.outputs()) {
            Type target = typing.type(b.expression());
            g.store(b.expression(), () -> {
                mv.visitVarInsn(ALOAD, slot);
                mv.visitFieldInsn(GETFIELD, cls, b.member().jvmName(), JvmTypes.descriptor(b.member().type()));
                if (b.negated()) {
                    mv.visitInsn(ICONST_1);
                    mv.visitInsn(IXOR);
                }
                g.convert(b.member().type(), target, false);
            });
        }
    }

    /**
     * Emits a call with its result on the stack; returns the result type (null for none). A
     * FUNCTION with outputs or elementary in-outs writes them into a frame object it is passed,
     * made once and kept by the caller ({@link FunctionFrames}); one with a STRUCT or ARRAY result
     * writes it into the object of this call site, also kept by the caller, and returns that.
     */
    Type call(CallInfo info) {
        if (info instanceof CallInfo.FunctionCall f) {
            List<VarSymbol> params = f.function().inputs();
            String frame = g.frames().frameClass(f.function());
            int frameSlot = arguments(params, f.args(), frame);
            Type rt = f.function().resultType();
            if (FunctionFrames.resultInObject(f.function())) {
                g.pushResultObject(g.frames().resultField(f), rt);
            }
            mv.visitMethodInsn(INVOKESTATIC, f.function().className(), "invoke", g.frames().descriptor(f.function()), false);
            if (frame != null) {
                copyOut(frame, frameSlot, f.outputs(), params, f.args(), false);
            }
            return rt;
        }
        if (info instanceof CallInfo.MethodCall mc) {
            methodCall(mc);
            return mc.method().resultType();
        }
        if (info instanceof CallInfo.Reference r) {
            reference(r.target());
            return new RefType(typing.type(r.target()));
        }
        if (info instanceof CallInfo.LibraryCall l) {
            LibraryCalls.emit(g, l);
            return l.resultType();
        }
        if (info instanceof CallInfo.Conversion c) {
            g.gen(c.arg(), c.from());
            if (c.truncate()) {
                g.convertReal(c.from(), c.to(), true);
            } else {
                g.convert(c.from(), c.to(), true);
            }
            return c.to();
        }
        CallInfo.BuiltinCall b = (CallInfo.BuiltinCall) info;
        Builtins.emit(g, b);
        return b.resultType();
    }

    /** Pushes the callee's frame: a field of this instance, or in a FUNCTION one of the FUNCTION's own frame. */
    private void pushFrame(String frame) {
        g.pushOwned(FunctionFrames.holderField(frame), frame);
    }
}
