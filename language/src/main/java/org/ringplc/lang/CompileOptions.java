package org.ringplc.lang;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.ringplc.lang.stdlib.FunctionBlockProvider;

/**
 * What a compilation may use besides its sources: function blocks written in Java (classes
 * annotated {@link org.ringplc.lang.stdlib.FunctionBlock}, see docs/java-function-blocks.md). ST
 * code declares and calls them like any function block; their {@code @Input}, {@code @Output} and
 * {@code @Var} fields are leaves for monitoring and forcing.
 *
 * @param functionBlocks the Java function block classes, in addition to the standard library
 */
public record CompileOptions(List<Class<?>> functionBlocks) {
    /** Only the standard library. */
    public static final CompileOptions DEFAULT = new CompileOptions(List.of());

    public CompileOptions {
        functionBlocks = List.copyOf(functionBlocks);
    }

    /** These Java function block classes. */
    public static CompileOptions withFunctionBlocks(Class<?>... classes) {
        return new CompileOptions(List.of(classes));
    }

    /**
     * The function blocks every {@link FunctionBlockProvider} visible to {@code loader} offers (a jar
     * with {@code META-INF/services/org.ringplc.lang.stdlib.FunctionBlockProvider}), e.g. a class
     * loader over a project's {@code lib/*.jar}.
     */
    public static CompileOptions discover(ClassLoader loader) {
        List<Class<?>> found = new ArrayList<>();
        for (FunctionBlockProvider p : ServiceLoader.load(FunctionBlockProvider.class, loader)) {
            found.addAll(p.functionBlocks());
        }
        return new CompileOptions(found);
    }

    /** These options plus more classes. */
    public CompileOptions plus(List<Class<?>> more) {
        List<Class<?>> all = new ArrayList<>(functionBlocks);
        all.addAll(more);
        return new CompileOptions(all);
    }
}
