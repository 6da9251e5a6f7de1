package org.ringplc.lang.codegen;

import static org.objectweb.asm.Opcodes.*;

import java.lang.reflect.Constructor;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.ringplc.lang.program.VariableAccessor;
import org.ringplc.lang.sema.ElementaryType;
import org.ringplc.lang.sema.EnumType;
import org.ringplc.lang.sema.StringType;
import org.ringplc.lang.sema.Type;

/**
 * Makes the {@link VariableAccessor} of a field: one small generated class per (class, field),
 * which reads and writes the field directly and converts to and from the raw {@code long} form.
 * That keeps forcing and snapshots free of reflection, boxing and allocation on the scan thread.
 * Array elements use the hand-written {@link ArrayAccessors} instead.
 */
final class AccessorFactory {
    private final ProjectClassLoader loader;
    private final Map<String, Constructor<?>> made = new ConcurrentHashMap<>();

    AccessorFactory(ProjectClassLoader loader) {
        this.loader = loader;
    }

    VariableAccessor field(Object owner, String field, Type t) {
        String ownerName = owner.getClass().getName().replace('.', '/');
        String key = ownerName + "#" + field;
        Constructor<?> c = made.computeIfAbsent(key, k -> {
            String name = "st/acc/" + ownerName.replace('/', '_').replace('$', '_') + "$" + field;
            Class<?> cls = loader.define(name, generate(name, ownerName, field, t));
            try {
                return cls.getConstructor(Object.class);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            return (VariableAccessor) c.newInstance(owner);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create the accessor of " + field, e);
        }
    }

    private static byte[] generate(String name, String owner, String field, Type t) {
        boolean text = t instanceof StringType;
        String iface = text ? "org/ringplc/lang/program/TextAccessor" : "org/ringplc/lang/program/VariableAccessor";
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(V17, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, name, null, "java/lang/Object", new String[] {iface});
        String od = "L" + owner + ";";
        String fd = JvmTypes.descriptor(t);
        cw.visitField(ACC_PRIVATE | ACC_FINAL, "o", od, null, null).visitEnd();
        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "<init>", "(Ljava/lang/Object;)V", null, null);
        mv.visitCode();
        mv.visitVarInsn(ALOAD, 0);
        mv.visitMethodInsn(INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        mv.visitVarInsn(ALOAD, 0);
        mv.visitVarInsn(ALOAD, 1);
        mv.visitTypeInsn(CHECKCAST, owner);
        mv.visitFieldInsn(PUTFIELD, name, "o", od);
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        // each accessor method: load the owner, then the field's own load or store
        if (text) {
            int len = ((StringType) t).length();
            accessorMethod(cw, name, od, "getText", "()Ljava/lang/String;", m -> {
                m.visitFieldInsn(GETFIELD, owner, field, fd);
                m.visitInsn(ARETURN);
            });
            accessorMethod(cw, name, od, "setText", "(Ljava/lang/String;)V", m -> {
                m.visitVarInsn(ALOAD, 1);
                m.visitLdcInsn(len);
                m.visitMethodInsn(INVOKESTATIC, "org/ringplc/lang/codegen/Rt", "fit", "(Ljava/lang/String;I)Ljava/lang/String;", false);
                m.visitFieldInsn(PUTFIELD, owner, field, fd);
                m.visitInsn(RETURN);
            });
        } else {
            accessorMethod(cw, name, od, "get", "()J", m -> {
                m.visitFieldInsn(GETFIELD, owner, field, fd);
                toRaw(m, t);
                m.visitInsn(LRETURN);
            });
            accessorMethod(cw, name, od, "set", "(J)V", m -> {
                m.visitVarInsn(LLOAD, 1);
                fromRaw(m, t);
                m.visitFieldInsn(PUTFIELD, owner, field, fd);
                m.visitInsn(RETURN);
            });
        }
        cw.visitEnd();
        return cw.toByteArray();
    }

    /** A public method of the accessor class {@code name} that starts with its owner object on the stack. */
    private static void accessorMethod(ClassWriter cw, String name, String ownerDescriptor, String method, String descriptor,
                                       java.util.function.Consumer<MethodVisitor> rest) {
        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, method, descriptor, null, null);
        mv.visitCode();
        mv.visitVarInsn(ALOAD, 0);
        mv.visitFieldInsn(GETFIELD, name, "o", ownerDescriptor);
        rest.accept(mv);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** JVM value of {@code t} on the stack to its raw long (ValueType encoding). */
    static void toRaw(MethodVisitor mv, Type t) {
        if (t instanceof EnumType) {
            mv.visitInsn(I2L);
            return;
        }
        ElementaryType e = (ElementaryType) t;
        switch (e.jvm) {
            case 'Z', 'I' -> {
                mv.visitInsn(I2L);
                if (e.isUnsignedWide()) {
                    mv.visitLdcInsn(0xFFFF_FFFFL);
                    mv.visitInsn(LAND);
                }
            }
            case 'F' -> {
                mv.visitMethodInsn(INVOKESTATIC, "java/lang/Float", "floatToRawIntBits", "(F)I", false);
                mv.visitInsn(I2L);
                mv.visitLdcInsn(0xFFFF_FFFFL);
                mv.visitInsn(LAND);
            }
            case 'D' -> mv.visitMethodInsn(INVOKESTATIC, "java/lang/Double", "doubleToRawLongBits", "(D)J", false);
            default -> {
            }
        }
    }

    /** Raw long on the stack to the JVM value of {@code t}, wrapped to the type's width. */
    static void fromRaw(MethodVisitor mv, Type t) {
        if (t instanceof EnumType) {
            mv.visitInsn(L2I);
            return;
        }
        ElementaryType e = (ElementaryType) t;
        switch (e.jvm) {
            case 'Z' -> {
                mv.visitInsn(LCONST_0);
                mv.visitInsn(LCMP);
                // LCMP of a non-negative raw gives 0 or 1; a negative raw is not a BOOL anyway
                mv.visitInsn(ICONST_1);
                mv.visitInsn(IAND);
            }
            case 'I' -> {
                mv.visitInsn(L2I);
                switch (e) {
                    case SINT -> mv.visitInsn(I2B);
                    case INT -> mv.visitInsn(I2S);
                    case USINT, BYTE -> {
                        mv.visitIntInsn(SIPUSH, 0xFF);
                        mv.visitInsn(IAND);
                    }
                    case UINT, WORD -> mv.visitInsn(I2C);
                    default -> {
                    }
                }
            }
            case 'F' -> {
                mv.visitInsn(L2I);
                mv.visitMethodInsn(INVOKESTATIC, "java/lang/Float", "intBitsToFloat", "(I)F", false);
            }
            case 'D' -> mv.visitMethodInsn(INVOKESTATIC, "java/lang/Double", "longBitsToDouble", "(J)D", false);
            default -> {
            }
        }
    }
}
