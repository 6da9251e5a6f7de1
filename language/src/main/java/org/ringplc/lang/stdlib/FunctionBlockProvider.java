package org.ringplc.lang.stdlib;

import java.util.List;

/**
 * The service a jar of Java function blocks offers ({@code java.util.ServiceLoader}): list the
 * classes in {@code META-INF/services/org.ringplc.lang.stdlib.FunctionBlockProvider} and
 * {@link org.ringplc.lang.CompileOptions#discover(ClassLoader)} finds them.
 */
public interface FunctionBlockProvider {
    /** Classes annotated {@link FunctionBlock}. */
    List<Class<?>> functionBlocks();
}
