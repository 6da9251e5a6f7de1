package org.ringplc.lang.codegen;

import org.ringplc.lang.program.CompiledProject;
import org.ringplc.lang.program.ConfigurationModel;
import org.ringplc.lang.sema.PouSymbol;
import org.ringplc.lang.sema.ProjectModel;
import org.ringplc.lang.sema.StructType;

/**
 * The generate phase: bytecode for every POU, structure and the globals, defined in a fresh
 * {@link ProjectClassLoader}. Classes are verified by the JVM when first loaded; a failure there
 * is a compiler bug, reported by {@link org.ringplc.lang.StCompiler} as an internal error.
 */
public final class CodeGenerator {
    private CodeGenerator() {
    }

    public static CompiledProject generate(ProjectModel model, ConfigurationModel configuration) {
        ProjectClassLoader loader = new ProjectClassLoader();
        for (org.ringplc.lang.sema.FbType fb : model.javaFunctionBlocks()) {
            loader.addJavaBlock(fb.javaClass());
        }
        ClassGenerator gen = new ClassGenerator(model);
        for (StructType s : model.structs()) {
            loader.add(s.className(), gen.struct(s));
        }
        for (org.ringplc.lang.sema.InterfaceType it : model.interfaces()) {
            loader.add(it.className(), gen.interfaceClass(it));
        }
        java.util.Set<String> methodFrames = new java.util.HashSet<>();
        for (org.ringplc.lang.sema.InterfaceType it : model.interfaces()) {
            for (org.ringplc.lang.sema.MethodSymbol m : it.ownMethods().values()) {
                if (m.frameClass() != null && methodFrames.add(m.frameClass())) {
                    loader.add(m.frameClass(), FunctionFrames.define(m));
                }
            }
        }
        for (PouSymbol p : model.pous()) {
            if (p.fbType() != null) {
                for (org.ringplc.lang.sema.MethodSymbol m : p.fbType().ownMethods().values()) {
                    if (m.frameClass() != null && methodFrames.add(m.frameClass())) {
                        loader.add(m.frameClass(), FunctionFrames.define(m));
                    }
                }
            }
            loader.add(p.className(), gen.pou(p));
            if (gen.frames().frameClass(p) != null) {
                loader.add(gen.frames().frameClass(p), gen.frames().define(p));
            }
        }
        if (!model.globals().isEmpty()) {
            loader.add(ClassGenerator.GLOBALS, gen.globals());
        }
        // load everything now so that a verify error surfaces at compile time, not in the first cycle
        try {
            for (StructType s : model.structs()) {
                Class.forName(s.className().replace('/', '.'), true, loader);
            }
            for (PouSymbol p : model.pous()) {
                Class.forName(p.className().replace('/', '.'), true, loader);
            }
            if (!model.globals().isEmpty()) {
                Class.forName(ClassGenerator.GLOBALS.replace('/', '.'), true, loader);
            }
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        return new GeneratedProject(model, loader, configuration);
    }
}
