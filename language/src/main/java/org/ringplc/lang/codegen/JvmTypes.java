package org.ringplc.lang.codegen;

import org.objectweb.asm.Opcodes;
import org.ringplc.lang.sema.ArrayType;
import org.ringplc.lang.sema.ElementaryType;
import org.ringplc.lang.sema.EnumType;
import org.ringplc.lang.sema.FbType;
import org.ringplc.lang.sema.RefType;
import org.ringplc.lang.sema.StringType;
import org.ringplc.lang.sema.StructType;
import org.ringplc.lang.sema.Type;

/**
 * How each IEC type lives in the JVM. Integers up to 32 bits are {@code int} kept in the
 * canonical form of their type (sign-extended for signed, zero-extended for unsigned, so that
 * ordinary JVM comparisons work up to 16 bits); 64-bit integers, TIME and dates are {@code long}
 * (nanoseconds); REAL is {@code float} and LREAL {@code double}, so arithmetic has exactly IEC's
 * single and double precision; BOOL is {@code boolean}; enumerations are {@code int}. Arrays are
 * flat JVM arrays, structs and function blocks objects.
 */
final class JvmTypes {
    private JvmTypes() {
    }

    static String descriptor(Type t) {
        if (t instanceof ElementaryType e) {
            return String.valueOf(e.jvm);
        }
        if (t instanceof EnumType) {
            return "I";
        }
        if (t instanceof StringType) {
            return "Ljava/lang/String;";
        }
        if (t instanceof ArrayType a) {
            return "[" + descriptor(a.element());
        }
        if (t instanceof StructType s) {
            return "L" + s.className() + ";";
        }
        if (t instanceof org.ringplc.lang.sema.InterfaceType it) {
            return "L" + it.className() + ";";
        }
        if (t instanceof RefType r) {
            if (r.target() == null) {
                return "Ljava/lang/Object;";
            }
            return r.isObject() ? descriptor(r.target()) : "L" + accessorClass(r.target()) + ";";
        }
        return "L" + ((FbType) t).className() + ";";
    }

    /** The accessor interface a REF_TO an elementary variable or a STRING is held as. */
    static String accessorClass(Type target) {
        return target instanceof StringType ? "org/ringplc/lang/program/TextAccessor" : "org/ringplc/lang/program/VariableAccessor";
    }

    /** The type as {@link Rt#fieldRef} reads it back: an elementary name, ENUM, or STRING:length. */
    static String refTypeCode(Type t) {
        if (t instanceof StringType s) {
            return (s.wide() ? "WSTRING:" : "STRING:") + s.length();
        }
        if (t instanceof EnumType) {
            return "ENUM";
        }
        return ((ElementaryType) t).name();
    }

    /** The JVM stack kind: Z and I load as int. */
    static char kind(Type t) {
        if (t instanceof ElementaryType e) {
            return e.jvm == 'Z' ? 'I' : e.jvm;
        }
        if (t instanceof EnumType) {
            return 'I';
        }
        return 'A';
    }

    static int load(Type t) {
        return switch (kind(t)) {
            case 'I' -> Opcodes.ILOAD;
            case 'J' -> Opcodes.LLOAD;
            case 'F' -> Opcodes.FLOAD;
            case 'D' -> Opcodes.DLOAD;
            default -> Opcodes.ALOAD;
        };
    }

    static int store(Type t) {
        return load(t) + (Opcodes.ISTORE - Opcodes.ILOAD);
    }

    static int arrayLoad(Type element) {
        if (element == ElementaryType.BOOL) {
            return Opcodes.BALOAD;
        }
        return switch (kind(element)) {
            case 'I' -> Opcodes.IALOAD;
            case 'J' -> Opcodes.LALOAD;
            case 'F' -> Opcodes.FALOAD;
            case 'D' -> Opcodes.DALOAD;
            default -> Opcodes.AALOAD;
        };
    }

    static int arrayStore(Type element) {
        return arrayLoad(element) + (Opcodes.IASTORE - Opcodes.IALOAD);
    }

    static int size(Type t) {
        char k = kind(t);
        return k == 'J' || k == 'D' ? 2 : 1;
    }

    /** The class an object type is created from, or null for values. */
    static String internalName(Type t) {
        if (t instanceof StructType s) {
            return s.className();
        }
        if (t instanceof FbType f) {
            return f.className();
        }
        return null;
    }
}
