package org.ringplc.lang.codegen;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds the classes of one compilation. Each compilation gets a fresh loader, so an online change
 * can load a new version of {@code st/prog/Main} next to the running one; the parent is the
 * language module's loader, which makes the ABI and the Java function blocks visible.
 */
final class ProjectClassLoader extends ClassLoader {
    private final Map<String, byte[]> pending = new ConcurrentHashMap<>();
    private final AccessorFactory accessors = new AccessorFactory(this);
    /** REF(x) gives the same accessor object for the same variable, so references compare equal. */
    private final Map<Object, Map<String, org.ringplc.lang.program.VariableAccessor>> refs =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /** Java function blocks by binary name: they may come from another loader (a project's jar). */
    private final Map<String, Class<?>> javaBlocks = new ConcurrentHashMap<>();

    ProjectClassLoader() {
        super(ProjectClassLoader.class.getClassLoader());
    }

    /** Makes a Java function block class visible to the generated classes under its name. */
    void addJavaBlock(Class<?> c) {
        javaBlocks.put(c.getName(), c);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        Class<?> c = javaBlocks.get(name);
        return c != null ? c : super.loadClass(name, resolve);
    }

    AccessorFactory accessors() {
        return accessors;
    }

    /**
     * The accessor REF(owner.field) stands for; {@code type} (as {@code Rt.fieldRef} encodes it) is
     * only parsed the first time. Scan thread: a repeated REF of the same variable finds its accessor
     * without allocating.
     */
    org.ringplc.lang.program.VariableAccessor reference(Object owner, String field, String type,
                                                        java.util.function.Function<String, org.ringplc.lang.sema.Type> parse) {
        Map<String, org.ringplc.lang.program.VariableAccessor> fields = refs.get(owner);
        org.ringplc.lang.program.VariableAccessor a = fields == null ? null : fields.get(field);
        if (a != null) {
            return a;
        }
        return refs.computeIfAbsent(owner, o -> new ConcurrentHashMap<>())
                .computeIfAbsent(field, f -> accessors.field(owner, f, parse.apply(type)));
    }

    /** REF(a[i]) gives the same accessor object for the same element: the accessors of one array by offset. */
    private final Map<Object, org.ringplc.lang.program.VariableAccessor[]> elementRefs =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /**
     * The accessor REF(array[offset]) stands for, made the first time that element is referenced
     * ({@code type} as {@code Rt.elementRef} encodes it). Scan thread: a repeated REF of an element, also with a variable index,
     * finds its accessor without allocating, and two references to one element compare equal.
     */
    org.ringplc.lang.program.VariableAccessor elementReference(Object array, int offset, String type) {
        org.ringplc.lang.program.VariableAccessor[] byOffset = elementRefs.get(array);
        org.ringplc.lang.program.VariableAccessor a = byOffset == null ? null : byOffset[offset];
        if (a != null) {
            return a;
        }
        synchronized (elementRefs) {
            byOffset = elementRefs.computeIfAbsent(array,
                    x -> new org.ringplc.lang.program.VariableAccessor[java.lang.reflect.Array.getLength(x)]);
            if (byOffset[offset] == null) {
                byOffset[offset] = Rt.elementAccessor(array, offset, type);
            }
            return byOffset[offset];
        }
    }

    /** Where to write generated classes for inspection ({@code -Dringplc.dumpClasses=DIR}), or null. */
    private static final String DUMP = System.getProperty("ringplc.dumpClasses");

    void add(String internalName, byte[] bytes) {
        pending.put(internalName.replace('/', '.'), bytes);
        if (DUMP != null) {
            try {
                java.nio.file.Path p = java.nio.file.Path.of(DUMP, internalName + ".class");
                java.nio.file.Files.createDirectories(p.getParent());
                java.nio.file.Files.write(p, bytes);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** Defines a class generated after the project (an accessor) and returns it. */
    synchronized Class<?> define(String internalName, byte[] bytes) {
        String name = internalName.replace('/', '.');
        Class<?> c = findLoadedClass(name);
        return c != null ? c : defineClass(name, bytes, 0, bytes.length);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] b = pending.remove(name);
        if (b == null) {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, b, 0, b.length);
    }
}
