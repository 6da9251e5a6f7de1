package org.ringplc.lang.codegen;

import static org.objectweb.asm.Opcodes.*;

import java.util.List;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.ringplc.lang.ast.Pou;
import org.ringplc.lang.sema.ProjectModel;
import org.ringplc.lang.sema.PouSymbol;
import org.ringplc.lang.sema.StructType;
import org.ringplc.lang.sema.Type;
import org.ringplc.lang.sema.VarSymbol;
import org.ringplc.lang.sema.FbType;
import org.ringplc.lang.sema.InterfaceType;
import org.ringplc.lang.sema.MethodSymbol;
import org.ringplc.lang.program.VariableDescriptor.VarKind;

/**
 * Emits one class per POU, structure and the globals:
 * <ul>
 *   <li>PROGRAM: a class implementing {@code ProgramInstance} whose fields are its variables,
 *       a constructor taking the {@code RuntimeEnvironment}, and {@code run()} as the body;</li>
 *   <li>FUNCTION_BLOCK: the same shape with {@code execute()}, so that an instance is a field of
 *       its owner and a call is field writes plus one virtual call;</li>
 *   <li>FUNCTION: a static {@code invoke} method, parameters in VAR_INPUT order;</li>
 *   <li>STRUCT: public fields, a constructor and {@code $copy} for assignment by value.</li>
 * </ul>
 * Every class names the ST file as its SourceFile, so stack traces point into ST.
 */
final class ClassGenerator {
    static final String GLOBALS = "st/Globals";
    private static final String ENV = "Lorg/ringplc/lang/program/RuntimeEnvironment;";

    /** Static field of a FUNCTION class with the initial value its STRUCT or ARRAY result is set back to. */
    private static final String INITIAL_RESULT = "$initialResult";

    private final ProjectModel model;
    private final String globalsClass;
    private final FunctionFrames frames;

    ClassGenerator(ProjectModel model) {
        this.model = model;
        this.frames = new FunctionFrames(model);
        this.globalsClass = model.globals().isEmpty() ? null : GLOBALS;
    }

    private ClassWriter writer() {
        return new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                // generated classes are not loadable here: function blocks find their common base
                // in the model (a value of either may meet at a join, e.g. REF_TO Base), all else is Object
                List<String> chain = ancestors(a);
                for (String c : ancestors(b)) {
                    if (chain.contains(c)) {
                        return c;
                    }
                }
                return "java/lang/Object";
            }
        };
    }

    /** {@code name} and the classes of the function blocks it EXTENDS, nearest first. */
    private List<String> ancestors(String name) {
        List<String> out = new java.util.ArrayList<>();
        for (FbType t = fbByClass(name); t != null; t = t.base()) {
            out.add(t.className());
        }
        return out;
    }

    private FbType fbByClass(String name) {
        for (PouSymbol p : model.pous()) {
            if (p.fbType() != null && p.fbType().className().equals(name)) {
                return p.fbType();
            }
        }
        return null;
    }

    /** The frames FUNCTIONs hand their results back in; CodeGenerator defines their classes. */
    FunctionFrames frames() {
        return frames;
    }

    byte[] pou(PouSymbol p) {
        if (p.kind() == Pou.Kind.FUNCTION) {
            return function(p);
        }
        boolean program = p.kind() == Pou.Kind.PROGRAM;
        String name = p.className();
        ClassWriter cw = writer();
        FbType fb = p.fbType();
        String superName = fb != null && fb.base() != null ? fb.base().className() : "java/lang/Object";
        String[] interfaces = program ? new String[] {"org/ringplc/lang/program/ProgramInstance"}
                : fb.interfaces().stream().map(InterfaceType::className).toArray(String[]::new);
        // function blocks stay non-final: another may EXTEND them (the JIT still devirtualises calls)
        int access = ACC_PUBLIC | ACC_SUPER | (program ? ACC_FINAL : 0) | (fb != null && fb.isAbstract() ? ACC_ABSTRACT : 0);
        cw.visit(V17, access, name, null, superName, interfaces);
        cw.visitSource(p.decl().span().file(), null);
        for (VarSymbol v : p.variables()) {
            if (v.storage() == VarSymbol.Storage.FIELD) {
                cw.visitField(ACC_PUBLIC, v.jvmName(), JvmTypes.descriptor(v.type()), null, null).visitEnd();
            }
        }
        if (globalsClass != null) {
            cw.visitField(ACC_PUBLIC | ACC_FINAL, "$globals", "L" + globalsClass + ";", null, null).visitEnd();
        }
        // constructor: initial values in declaration order
        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "<init>", "(" + ENV + ")V", null, null);
        mv.visitCode();
        Label start = new Label();
        mv.visitLabel(start);
        mv.visitLineNumber(p.decl().span().line(), start);
        mv.visitVarInsn(ALOAD, 0);
        if (superName.equals("java/lang/Object")) {
            mv.visitMethodInsn(INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        } else {
            mv.visitVarInsn(ALOAD, 1);
            mv.visitMethodInsn(INVOKESPECIAL, superName, "<init>", "(" + ENV + ")V", false);
        }
        BodyGenerator init = new BodyGenerator(mv, model, frames, name, globalsClass, 2);
        if (globalsClass != null) {
            Label none = new Label();
            mv.visitVarInsn(ALOAD, 0);
            mv.visitVarInsn(ALOAD, 1);
            mv.visitMethodInsn(INVOKEVIRTUAL, "org/ringplc/lang/program/RuntimeEnvironment", "globals", "()Ljava/lang/Object;", false);
            mv.visitTypeInsn(CHECKCAST, globalsClass);
            mv.visitFieldInsn(PUTFIELD, name, "$globals", "L" + globalsClass + ";");
            mv.visitLabel(none);
        }
        for (VarSymbol v : p.variables()) {
            if (v.storage() != VarSymbol.Storage.FIELD || Initializers.isJvmDefault(model, v.decl(), v.type())) {
                continue;
            }
            mv.visitVarInsn(ALOAD, 0);
            Initializers.pushInitial(init, v.decl(), v.type());
            mv.visitFieldInsn(PUTFIELD, name, v.jvmName(), JvmTypes.descriptor(v.type()));
        }
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        java.util.Map<String, String> held = new java.util.LinkedHashMap<>();
        // the body; a derived function block without statements runs its base's body
        if (fb == null || fb.base() == null || !p.decl().body().isEmpty()) {
            List<List<org.ringplc.lang.ast.Statement>> pieces = BodySplitter.split(p.decl().body());
            mv = cw.visitMethod(ACC_PUBLIC, program ? "run" : "execute", "()V", null, null);
            mv.visitCode();
            if (pieces.size() == 1) {
                BodyGenerator body = new BodyGenerator(mv, model, frames, name, globalsClass, 1);
                body.statements(pieces.get(0));
                mv.visitLabel(body.returnLabel());
                held.putAll(body.frameFields());
            } else {
                // a long body runs as a chain of pieces; a piece answers true when it executed RETURN
                Label done = new Label();
                for (int i = 0; i < pieces.size(); i++) {
                    mv.visitVarInsn(ALOAD, 0);
                    mv.visitMethodInsn(INVOKESPECIAL, name, "body$" + i, "()Z", false);
                    mv.visitJumpInsn(IFNE, done);
                }
                mv.visitLabel(done);
            }
            mv.visitInsn(RETURN);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
            for (int i = 0; pieces.size() > 1 && i < pieces.size(); i++) {
                MethodVisitor pm = cw.visitMethod(ACC_PRIVATE, "body$" + i, "()Z", null, null);
                pm.visitCode();
                BodyGenerator body = new BodyGenerator(pm, model, frames, name, globalsClass, 1);
                body.statements(pieces.get(i));
                pm.visitInsn(ICONST_0);
                pm.visitInsn(IRETURN);
                pm.visitLabel(body.returnLabel());
                pm.visitInsn(ICONST_1);
                pm.visitInsn(IRETURN);
                pm.visitMaxs(0, 0);
                pm.visitEnd();
                held.putAll(body.frameFields());
            }
        }
        if (fb != null) {
            java.util.Map<String, VarSymbol> templates = new java.util.LinkedHashMap<>();
            for (MethodSymbol m : fb.ownMethods().values()) {
                held.putAll(method(cw, name, m, templates));
            }
            if (!templates.isEmpty()) {
                defineTemplates(cw, name, templates);
            }
        }
        for (java.util.Map.Entry<String, String> f : held.entrySet()) {
            cw.visitField(ACC_PUBLIC, f.getKey(), f.getValue(), null, null).visitEnd();
        }
        cw.visitEnd();
        return cw.toByteArray();
    }

    /** A METHOD or property accessor: an instance method whose parameters and locals are JVM locals. */
    private java.util.Map<String, String> method(ClassWriter cw, String owner, MethodSymbol m,
                                                 java.util.Map<String, VarSymbol> templates) {
        if (m.isAbstract()) {
            cw.visitMethod(ACC_PUBLIC | ACC_ABSTRACT, m.jvmName(), methodDescriptor(m), null, null).visitEnd();
            return java.util.Map.of();
        }
        PouSymbol p = m.scope();
        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, m.jvmName(), methodDescriptor(m), null, null);
        mv.visitCode();
        Label start = new Label();
        mv.visitLabel(start);
        mv.visitLineNumber(m.decl().span().line(), start);
        BodyGenerator body = new BodyGenerator(mv, model, frames, owner, globalsClass, 1);
        List<VarSymbol> inputs = p.inputs();
        for (VarSymbol v : inputs) {
            body.bindLocal(v, body.newLocal(v.type()));
        }
        // a reference takes one slot; the result object, if any, is the parameter after it
        int frameSlot = m.frameClass() == null ? -1 : body.newLocal(org.ringplc.lang.sema.ElementaryType.DINT);
        VarSymbol result = p.result();
        if (FunctionFrames.resultInObject(m)) {
            // the caller's object for this call site, set to the initial value as IEC wants on every call
            body.bindLocal(result, body.newLocal(result.type()));
            String template = INITIAL_RESULT + "$" + m.jvmName();
            templates.put(template, result);
            resetResult(mv, body, body.slotOf(result), owner, template, result.type());
        } else if (result != null) {
            body.bindLocal(result, body.newLocal(result.type()));
            Initializers.pushInitial(body, result.decl(), result.type());
            mv.visitVarInsn(JvmTypes.store(result.type()), body.slotOf(result));
        }
        for (VarSymbol v : p.variables()) {
            if (inputs.contains(v) || v.storage() != VarSymbol.Storage.LOCAL) {
                continue;
            }
            int slot = body.newLocal(v.type());
            body.bindLocal(v, slot);
            Initializers.pushInitial(body, v.decl(), v.type());
            mv.visitVarInsn(JvmTypes.store(v.type()), slot);
        }
        body.statements(p.decl().body());
        mv.visitLabel(body.returnLabel());
        for (VarSymbol v : m.frameVariables()) {
            mv.visitVarInsn(ALOAD, frameSlot);
            mv.visitVarInsn(JvmTypes.load(v.type()), body.slotOf(v));
            mv.visitFieldInsn(PUTFIELD, m.frameClass(), v.name().toUpperCase(java.util.Locale.ROOT), JvmTypes.descriptor(v.type()));
        }
        if (result != null) {
            mv.visitVarInsn(JvmTypes.load(result.type()), body.slotOf(result));
            mv.visitInsn(JvmTypes.load(result.type()) - ILOAD + IRETURN);
        } else {
            mv.visitInsn(RETURN);
        }
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        return body.frameFields();
    }

    /**
     * Sets the result object in local {@code slot} back to the initial value, from
     * the template in static field {@code template} of class {@code owner} ({@link #defineTemplates}).
     */
    private static void resetResult(MethodVisitor mv, BodyGenerator body, int slot, String owner, String template, Type t) {
        mv.visitVarInsn(ALOAD, slot);
        mv.visitFieldInsn(GETSTATIC, owner, template, JvmTypes.descriptor(t));
        if (t instanceof StructType s) {
            mv.visitMethodInsn(INVOKEVIRTUAL, s.className(), "$copy", "(L" + s.className() + ";)V", false);
        } else {
            StoreGenerator.copyArray(mv, (org.ringplc.lang.sema.ArrayType) t, body::newLocal);
        }
    }

    /**
     * The initial values STRUCT and ARRAY results are set back to, one static field each, made once
     * per class in its {@code <clinit>} (read only, so shared by all instances and threads): the
     * result type's own initial value ({@code TYPE Row : ARRAY[1..3] OF DINT := [1, 2, 3];}),
     * which the result's declaration carries.
     */
    private void defineTemplates(ClassWriter cw, String owner, java.util.Map<String, VarSymbol> templates) {
        MethodVisitor mv = cw.visitMethod(ACC_STATIC, "<clinit>", "()V", null, null);
        mv.visitCode();
        BodyGenerator init = new BodyGenerator(mv, model, frames, owner, null, 0);
        init.setEnvSlot(-1);
        for (java.util.Map.Entry<String, VarSymbol> e : templates.entrySet()) {
            VarSymbol result = e.getValue();
            String d = JvmTypes.descriptor(result.type());
            cw.visitField(ACC_PRIVATE | ACC_STATIC | ACC_FINAL, e.getKey(), d, null, null).visitEnd();
            Initializers.pushInitial(init, result.decl(), result.type());
            mv.visitFieldInsn(PUTSTATIC, owner, e.getKey(), d);
        }
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    static String methodDescriptor(MethodSymbol m) {
        StringBuilder d = new StringBuilder("(");
        for (VarSymbol v : m.scope().inputs()) {
            d.append(JvmTypes.descriptor(v.type()));
        }
        if (m.frameClass() != null) {
            d.append("L").append(m.frameClass()).append(";");
        }
        if (FunctionFrames.resultInObject(m)) {
            d.append(JvmTypes.descriptor(m.resultType()));
        }
        return d.append(")").append(m.resultType() == null ? "V" : JvmTypes.descriptor(m.resultType())).toString();
    }

    /** An INTERFACE: a JVM interface with one abstract method per method and property accessor. */
    byte[] interfaceClass(InterfaceType it) {
        ClassWriter cw = writer();
        cw.visit(V17, ACC_PUBLIC | ACC_INTERFACE | ACC_ABSTRACT, it.className(), null, "java/lang/Object",
                it.bases().stream().map(InterfaceType::className).toArray(String[]::new));
        for (MethodSymbol m : it.ownMethods().values()) {
            cw.visitMethod(ACC_PUBLIC | ACC_ABSTRACT, m.jvmName(), methodDescriptor(m), null, null).visitEnd();
        }
        cw.visitEnd();
        return cw.toByteArray();
    }

    private byte[] function(PouSymbol p) {
        String name = p.className();
        ClassWriter cw = writer();
        cw.visit(V17, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, name, null, "java/lang/Object", null);
        cw.visitSource(p.decl().span().file(), null);
        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC | ACC_STATIC, "invoke", frames.descriptor(p), null, null);
        mv.visitCode();
        Label start = new Label();
        mv.visitLabel(start);
        mv.visitLineNumber(p.decl().span().line(), start);
        BodyGenerator body = new BodyGenerator(mv, model, frames, name, null, 0);
        body.setEnvSlot(-1);
        List<VarSymbol> inputs = p.inputs();
        for (VarSymbol v : inputs) {
            body.bindLocal(v, body.newLocal(v.type()));
        }
        String frame = frames.frameClass(p);
        // a reference takes one slot; the result object, if any, is the parameter after it
        int frameSlot = frame == null ? -1 : body.newLocal(org.ringplc.lang.sema.ElementaryType.DINT);
        VarSymbol result = p.result();
        boolean resultObject = FunctionFrames.resultInObject(p);
        int resultSlot = resultObject ? body.newLocal(result.type()) : -1;
        body.setStatic(frameSlot, frame);
        for (VarSymbol v : inputs) {
            org.ringplc.lang.sema.Subrange r = model.typing().range(v.decl());
            if (r != null && v.kind() == VarKind.INPUT) {
                mv.visitVarInsn(JvmTypes.load(v.type()), body.slotOf(v));
                body.checkRange(r, v.type(), p.name() + "." + v.name());
                mv.visitInsn(JvmTypes.size(v.type()) == 2 ? POP2 : POP);
            }
        }
        if (resultObject) {
            // the caller's object for this call site, set to the initial value as IEC wants on every call
            body.bindLocal(result, resultSlot);
            resetResult(mv, body, resultSlot, name, INITIAL_RESULT, result.type());
        } else {
            body.bindLocal(result, body.newLocal(result.type()));
            Initializers.pushInitial(body, result.decl(), result.type());
            mv.visitVarInsn(JvmTypes.store(result.type()), body.slotOf(result));
        }
        for (VarSymbol v : p.variables()) {
            if (inputs.contains(v) || v == result) {
                continue;
            }
            int slot = body.newLocal(v.type());
            body.bindLocal(v, slot);
            if (FunctionFrames.kept(p).contains(v)) {
                FunctionFrames.pushKept(body, frameSlot, frame, v);
            } else {
                Initializers.pushInitial(body, v.decl(), v.type());
            }
            mv.visitVarInsn(JvmTypes.store(v.type()), slot);
        }
        body.statements(p.decl().body());
        mv.visitLabel(body.returnLabel());
        if (frame != null) {
            for (VarSymbol v : FunctionFrames.handedBack(p)) {
                mv.visitVarInsn(ALOAD, frameSlot);
                mv.visitVarInsn(JvmTypes.load(v.type()), body.slotOf(v));
                mv.visitFieldInsn(PUTFIELD, frame, v.name(), JvmTypes.descriptor(v.type()));
            }
        }
        mv.visitVarInsn(JvmTypes.load(result.type()), body.slotOf(result));
        mv.visitInsn(JvmTypes.load(result.type()) - ILOAD + IRETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        if (resultObject) {
            // the initial value results are set back to, made once per class (read only, so shared by all threads)
            defineTemplates(cw, name, java.util.Map.of(INITIAL_RESULT, result));
        }
        cw.visitEnd();
        return cw.toByteArray();
    }

    byte[] struct(StructType s) {
        String name = s.className();
        ClassWriter cw = writer();
        cw.visit(V17, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, name, null, "java/lang/Object", null);
        for (StructType.Member m : s.members()) {
            cw.visitField(ACC_PUBLIC, m.name(), JvmTypes.descriptor(m.type()), null, null).visitEnd();
        }
        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "<init>", "()V", null, null);
        mv.visitCode();
        mv.visitVarInsn(ALOAD, 0);
        mv.visitMethodInsn(INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        BodyGenerator init = new BodyGenerator(mv, model, frames, name, null, 1);
        for (StructType.Member m : s.members()) {
            if (Initializers.isJvmDefault(model, m.decl(), m.type())) {
                continue;
            }
            mv.visitVarInsn(ALOAD, 0);
            Initializers.pushInitial(init, m.decl(), m.type());
            mv.visitFieldInsn(PUTFIELD, name, m.name(), JvmTypes.descriptor(m.type()));
        }
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        // assignment by value: copy every member, nested structs and arrays deeply
        mv = cw.visitMethod(ACC_PUBLIC, "$copy", "(L" + name + ";)V", null, null);
        mv.visitCode();
        for (StructType.Member m : s.members()) {
            Type t = m.type();
            String d = JvmTypes.descriptor(t);
            if (t instanceof StructType inner) {
                mv.visitVarInsn(ALOAD, 0);
                mv.visitFieldInsn(GETFIELD, name, m.name(), d);
                mv.visitVarInsn(ALOAD, 1);
                mv.visitFieldInsn(GETFIELD, name, m.name(), d);
                mv.visitMethodInsn(INVOKEVIRTUAL, inner.className(), "$copy", "(" + d + ")V", false);
            } else if (t instanceof org.ringplc.lang.sema.ArrayType a) {
                mv.visitVarInsn(ALOAD, 0);
                mv.visitFieldInsn(GETFIELD, name, m.name(), d);
                mv.visitVarInsn(ALOAD, 1);
                mv.visitFieldInsn(GETFIELD, name, m.name(), d);
                int[] next = {2};
                StoreGenerator.copyArray(mv, a, type -> {
                    int slot = next[0];
                    next[0] += JvmTypes.size(type);
                    return slot;
                });
            } else {
                mv.visitVarInsn(ALOAD, 0);
                mv.visitVarInsn(ALOAD, 1);
                mv.visitFieldInsn(GETFIELD, name, m.name(), d);
                mv.visitFieldInsn(PUTFIELD, name, m.name(), d);
            }
        }
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    byte[] globals() {
        ClassWriter cw = writer();
        cw.visit(V17, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, GLOBALS, null, "java/lang/Object", null);
        for (VarSymbol v : model.globals()) {
            cw.visitField(ACC_PUBLIC, v.name(), JvmTypes.descriptor(v.type()), null, null).visitEnd();
        }
        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "<init>", "(" + ENV + ")V", null, null);
        mv.visitCode();
        mv.visitVarInsn(ALOAD, 0);
        mv.visitMethodInsn(INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        BodyGenerator init = new BodyGenerator(mv, model, frames, GLOBALS, null, 2);
        for (VarSymbol v : model.globals()) {
            if (Initializers.isJvmDefault(model, v.decl(), v.type())) {
                continue;
            }
            mv.visitVarInsn(ALOAD, 0);
            Initializers.pushInitial(init, v.decl(), v.type());
            mv.visitFieldInsn(PUTFIELD, GLOBALS, v.name(), JvmTypes.descriptor(v.type()));
        }
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }
}
