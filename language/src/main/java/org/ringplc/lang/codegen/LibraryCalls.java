package org.ringplc.lang.codegen;

import static org.objectweb.asm.Opcodes.*;

import java.util.List;
import org.objectweb.asm.MethodVisitor;
import org.ringplc.lang.ast.Expression;
import org.ringplc.lang.sema.CallInfo;
import org.ringplc.lang.sema.ElementaryType;
import org.ringplc.lang.sema.StringType;

/**
 * Emits the string and time functions of {@link org.ringplc.lang.sema.LibraryFunction} as calls of
 * {@link StdFunctions} (the text-building ones, of the {@link TextTable} of the instance or
 * thread) and the time arithmetic inline on nanoseconds.
 */
final class LibraryCalls {
    private LibraryCalls() {
    }

    static void emit(BodyGenerator g, CallInfo.LibraryCall l) {
        MethodVisitor mv = g.mv();
        List<Expression> args = l.args();
        String std = "org/ringplc/lang/codegen/StdFunctions";
        String str = "Ljava/lang/String;";
        boolean text = l.resultType() instanceof StringType;
        if (text) {
            textCall(g, l);
            return;
        }
        for (int i = 0; i < args.size(); i++) {
            g.gen(args.get(i), l.argTypes().get(i));
        }
        boolean real = l.argTypes().size() > 1 && l.argTypes().get(1) == ElementaryType.LREAL;
        switch (l.function()) {
            case LEN -> mv.visitMethodInsn(INVOKESTATIC, std, "len", "(" + str + ")I", false);
            case FIND -> mv.visitMethodInsn(INVOKESTATIC, std, "find", "(" + str + str + ")I", false);
            case ADD_TIME, ADD_DT_TIME, CONCAT_DATE_TOD -> mv.visitInsn(LADD);
            case SUB_TIME, SUB_DT_TIME, SUB_DATE_DATE, SUB_TOD_TOD, SUB_DT_DT -> mv.visitInsn(LSUB);
            case ADD_TOD_TIME, SUB_TOD_TIME -> {
                mv.visitInsn(l.function() == org.ringplc.lang.sema.LibraryFunction.ADD_TOD_TIME ? LADD : LSUB);
                mv.visitMethodInsn(INVOKESTATIC, std, "todWrap", "(J)J", false);
            }
            case MUL_TIME -> mv.visitMethodInsn(INVOKESTATIC, std, "mulTime", real ? "(JD)J" : "(JJ)J", false);
            case DIV_TIME -> mv.visitMethodInsn(INVOKESTATIC, std, "divTime", real ? "(JD)J" : "(JJ)J", false);
            default -> throw new IllegalStateException(l.function().toString());
        }
        if (l.function() == org.ringplc.lang.sema.LibraryFunction.LEN || l.function() == org.ringplc.lang.sema.LibraryFunction.FIND) {
            g.normalize(ElementaryType.INT);
        }
    }

    /**
     * A text-building string function: built in the {@link TextTable} of the instance (in a FUNCTION,
     * of the thread), which returns the string it already holds for a content built before. CONCAT
     * of n inputs joins them pairwise; the table is pushed before the arguments because an argument
     * may itself build text in it (each call is complete before the next starts).
     */
    private static void textCall(BodyGenerator g, CallInfo.LibraryCall l) {
        MethodVisitor mv = g.mv();
        List<Expression> args = l.args();
        String str = "Ljava/lang/String;";
        if (l.function() == org.ringplc.lang.sema.LibraryFunction.CONCAT) {
            g.pushTexts();
            g.gen(args.get(0), l.argTypes().get(0));
            for (int i = 1; i < args.size(); i++) {
                if (i > 1) {
                    g.pushTexts();
                    mv.visitInsn(SWAP);
                }
                g.gen(args.get(i), l.argTypes().get(i));
                mv.visitMethodInsn(INVOKEVIRTUAL, BodyGenerator.TEXTS, "concat", "(" + str + str + ")" + str, false);
            }
            return;
        }
        g.pushTexts();
        StringBuilder d = new StringBuilder("(");
        for (int i = 0; i < args.size(); i++) {
            g.gen(args.get(i), l.argTypes().get(i));
            d.append(l.argTypes().get(i) instanceof StringType ? str : "I");
        }
        mv.visitMethodInsn(INVOKEVIRTUAL, BodyGenerator.TEXTS, l.function().name().toLowerCase(java.util.Locale.ROOT),
                d.append(")").append(str).toString(), false);
    }
}
