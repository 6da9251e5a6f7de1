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
 * {@link StdFunctions} (or, for text-building functions in a PROGRAM or FB, of the call site's
 * {@link TextCache}) and the time arithmetic inline on nanoseconds.
 */
final class LibraryCalls {
    private LibraryCalls() {
    }

    static void emit(BodyGenerator g, CallInfo.LibraryCall l) {
        MethodVisitor mv = g.mv();
        List<Expression> args = l.args();
        String std = "org/ringplc/lang/codegen/StdFunctions";
        String str = "Ljava/lang/String;";
        org.ringplc.lang.sema.LibraryFunction f = l.function();
        boolean text = l.resultType() instanceof StringType;
        if (text && !g.isStatic()) {
            cachedText(g, l);
            return;
        }
        for (int i = 0; i < args.size(); i++) {
            g.gen(args.get(i), l.argTypes().get(i));
            if (f == org.ringplc.lang.sema.LibraryFunction.CONCAT && i > 0) {
                mv.visitMethodInsn(INVOKESTATIC, std, "concat", "(" + str + str + ")" + str, false);
            }
        }
        boolean real = l.argTypes().size() > 1 && l.argTypes().get(1) == ElementaryType.LREAL;
        switch (l.function()) {
            case LEN -> mv.visitMethodInsn(INVOKESTATIC, std, "len", "(" + str + ")I", false);
            case LEFT -> mv.visitMethodInsn(INVOKESTATIC, std, "left", "(" + str + "I)" + str, false);
            case RIGHT -> mv.visitMethodInsn(INVOKESTATIC, std, "right", "(" + str + "I)" + str, false);
            case MID -> mv.visitMethodInsn(INVOKESTATIC, std, "mid", "(" + str + "II)" + str, false);
            case CONCAT -> {
                // joined pairwise above
            }
            case INSERT -> mv.visitMethodInsn(INVOKESTATIC, std, "insert", "(" + str + str + "I)" + str, false);
            case DELETE -> mv.visitMethodInsn(INVOKESTATIC, std, "delete", "(" + str + "II)" + str, false);
            case REPLACE -> mv.visitMethodInsn(INVOKESTATIC, std, "replace", "(" + str + str + "II)" + str, false);
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
     * A text-building string function in a PROGRAM or FB: through the {@link TextCache} of its call
     * site (CONCAT of n inputs has n-1), so unchanged inputs give the same string without allocating.
     */
    private static void cachedText(BodyGenerator g, CallInfo.LibraryCall l) {
        MethodVisitor mv = g.mv();
        List<Expression> args = l.args();
        String cache = "org/ringplc/lang/codegen/TextCache";
        String str = "Ljava/lang/String;";
        org.ringplc.lang.diag.SourceSpan at = args.get(0).span();
        String site = "$text$" + at.line() + "$" + at.column() + "$";
        if (l.function() == org.ringplc.lang.sema.LibraryFunction.CONCAT) {
            g.pushOwned(site + 0, cache);
            g.gen(args.get(0), l.argTypes().get(0));
            for (int i = 1; i < args.size(); i++) {
                if (i > 1) {
                    g.pushOwned(site + (i - 1), cache);
                    mv.visitInsn(SWAP);
                }
                g.gen(args.get(i), l.argTypes().get(i));
                mv.visitMethodInsn(INVOKEVIRTUAL, cache, "concat", "(" + str + str + ")" + str, false);
            }
            return;
        }
        g.pushOwned(site + 0, cache);
        StringBuilder d = new StringBuilder("(");
        for (int i = 0; i < args.size(); i++) {
            g.gen(args.get(i), l.argTypes().get(i));
            d.append(l.argTypes().get(i) instanceof StringType ? str : "I");
        }
        mv.visitMethodInsn(INVOKEVIRTUAL, cache, l.function().name().toLowerCase(java.util.Locale.ROOT),
                d.append(")").append(str).toString(), false);
    }
}
