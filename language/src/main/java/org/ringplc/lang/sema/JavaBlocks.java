package org.ringplc.lang.sema;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ringplc.lang.diag.Diagnostics;
import org.ringplc.lang.diag.Problems;
import org.ringplc.lang.diag.SourceSpan;
import org.ringplc.lang.program.VariableDescriptor.VarKind;
import org.ringplc.lang.stdlib.FunctionBlock;
import org.ringplc.lang.stdlib.Input;
import org.ringplc.lang.stdlib.Output;

/**
 * Function blocks written in Java (docs/java-function-blocks.md): the classes annotated
 * {@link FunctionBlock} become function block types whose {@code @Input}, {@code @Output} and
 * {@code @Var} fields are their members. A user's class is checked first, so a mistake in it is a
 * diagnostic naming the class and field, never a failure of the generated code.
 */
final class JavaBlocks {
    private final ProjectModel model;
    private final Diagnostics diagnostics;

    JavaBlocks(ProjectModel model, Diagnostics diagnostics) {
        this.model = model;
        this.diagnostics = diagnostics;
    }

    /** Adds the function block type of {@code c} (checked, or the standard library's own). */
    void register(Class<?> c) {
        FunctionBlock fbAnn = c.getAnnotation(FunctionBlock.class);
        FbType fb = new FbType(fbAnn.value(), null, c);
        for (Field f : c.getDeclaredFields()) {
            String typeName = javaFieldType(f);
            if (typeName == null) {
                continue;
            }
            VarKind kind = f.getAnnotation(Input.class) != null ? VarKind.INPUT
                    : f.getAnnotation(Output.class) != null ? VarKind.OUTPUT : VarKind.LOCAL;
            fb.members().add(new FbType.Member(f.getName(), javaType(typeName), kind, f.getName()));
        }
        model.types.put(DeclarationAnalyzer.key(fb.name()), fb);
    }

    private static String javaFieldType(Field f) {
        Input in = f.getAnnotation(Input.class);
        Output out = f.getAnnotation(Output.class);
        org.ringplc.lang.stdlib.Var var = f.getAnnotation(org.ringplc.lang.stdlib.Var.class);
        return in != null ? in.value() : out != null ? out.value() : var != null ? var.value() : null;
    }

    /** The IEC type of an annotation: an elementary type name, STRING, STRING[n], WSTRING, WSTRING[n]; else null. */
    private static Type javaType(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT);
        Matcher m = Pattern.compile("(W?STRING)(?:\\[([0-9]+)\\])?").matcher(n);
        if (m.matches()) {
            int len = m.group(2) == null ? StringType.DEFAULT_LENGTH : Integer.parseInt(m.group(2));
            return len >= 1 && len <= 65535 ? new StringType(len, m.group(1).startsWith("W")) : null;
        }
        ElementaryType e = ElementaryType.byName(n);
        return e == null || e.isLiteral() ? null : e;
    }

    /**
     * A user's Java function block must be usable exactly like the standard ones: annotated, public,
     * a public constructor taking a RuntimeEnvironment, a public {@code void execute()}, public
     * non-final annotated fields whose Java type is the one the IEC type lives in.
     */
    boolean check(Class<?> c) {
        SourceSpan at = new SourceSpan(c.getName(), 1, 1, 1);
        List<String> problems = new ArrayList<>();
        FunctionBlock ann = c.getAnnotation(FunctionBlock.class);
        if (ann == null) {
            problems.add("it is not annotated @FunctionBlock(\"NAME\")");
        }
        if (!java.lang.reflect.Modifier.isPublic(c.getModifiers()) || java.lang.reflect.Modifier.isAbstract(c.getModifiers())) {
            problems.add("it must be a public, non-abstract class");
        }
        try {
            c.getConstructor(org.ringplc.lang.program.RuntimeEnvironment.class);
        } catch (NoSuchMethodException e) {
            problems.add("it needs a public constructor taking a RuntimeEnvironment");
        }
        try {
            if (c.getMethod("execute").getReturnType() != void.class) {
                problems.add("execute() must return void");
            }
        } catch (NoSuchMethodException e) {
            problems.add("it needs a public void execute()");
        }
        for (Field f : c.getDeclaredFields()) {
            String typeName = javaFieldType(f);
            if (typeName == null) {
                continue;
            }
            Type t = javaType(typeName);
            int mod = f.getModifiers();
            if (t == null) {
                problems.add("field " + f.getName() + ": '" + typeName + "' is not an elementary IEC type or STRING");
            } else if (!java.lang.reflect.Modifier.isPublic(mod) || java.lang.reflect.Modifier.isFinal(mod)
                    || java.lang.reflect.Modifier.isStatic(mod)) {
                problems.add("field " + f.getName() + " must be public, not final and not static");
            } else if (!org.objectweb.asm.Type.getDescriptor(f.getType()).equals(javaDescriptor(t))) {
                problems.add("field " + f.getName() + " is " + f.getType().getSimpleName() + " but " + t.name()
                        + " lives in a Java " + org.objectweb.asm.Type.getType(javaDescriptor(t)).getClassName());
            }
        }
        if (ann != null && (ElementaryType.byName(ann.value()) != null || model.type(ann.value()) != null)) {
            problems.add("the name " + ann.value() + " is already taken");
        }
        for (String p : problems) {
            diagnostics.report(Problems.ProjectError.javaBlock(at, c.getName(), p));
        }
        return problems.isEmpty();
    }

    private static String javaDescriptor(Type t) {
        if (t instanceof StringType) {
            return "Ljava/lang/String;";
        }
        return String.valueOf(((ElementaryType) t).jvm);
    }
}
