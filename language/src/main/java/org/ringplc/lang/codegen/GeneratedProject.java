package org.ringplc.lang.codegen;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ringplc.lang.program.CompiledProject;
import org.ringplc.lang.program.ConfigurationModel;
import org.ringplc.lang.program.ProgramInstance;
import org.ringplc.lang.program.ProgramType;
import org.ringplc.lang.program.RuntimeEnvironment;
import org.ringplc.lang.program.TaskClock;
import org.ringplc.lang.program.VariableDescriptor;
import org.ringplc.lang.sema.PouSymbol;
import org.ringplc.lang.sema.ProjectModel;
import org.ringplc.lang.sema.VarSymbol;

/** The {@link CompiledProject} handed to the runtime: generated classes in their own loader. */
final class GeneratedProject implements CompiledProject {
    private final ProjectClassLoader loader;
    private final AccessorFactory accessors;
    private final List<ProgramType> programs = new ArrayList<>();
    private final ConfigurationModel configuration;
    private final List<VarSymbol> globals;

    GeneratedProject(ProjectModel model, ProjectClassLoader loader, ConfigurationModel configuration) {
        this.loader = loader;
        this.accessors = loader.accessors();
        this.configuration = configuration;
        this.globals = model.globals();
        for (PouSymbol p : model.pous(org.ringplc.lang.ast.Pou.Kind.PROGRAM)) {
            programs.add(new GeneratedProgramType(p));
        }
    }

    @Override
    public List<ProgramType> programs() {
        return programs;
    }

    @Override
    public Optional<ConfigurationModel> configuration() {
        return Optional.ofNullable(configuration);
    }

    @Override
    public Object instantiateGlobals(TaskClock clock) {
        if (globals.isEmpty()) {
            return null;
        }
        try {
            return loader.loadClass(ClassGenerator.GLOBALS.replace('/', '.'))
                    .getConstructor(RuntimeEnvironment.class).newInstance(new RuntimeEnvironment(clock, null));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create the globals", e);
        }
    }

    @Override
    public List<VariableDescriptor> globalVariables(Object g) {
        if (g == null) {
            return List.of();
        }
        VariableFlattener f = new VariableFlattener(accessors);
        f.object(g, "", slots(globals));
        return f.result();
    }

    static List<VariableFlattener.Slot> slots(List<VarSymbol> vars) {
        List<VariableFlattener.Slot> out = new ArrayList<>();
        for (VarSymbol v : vars) {
            if (v.storage() == VarSymbol.Storage.LOCAL || v.kind() == VariableDescriptor.VarKind.EXTERNAL
                    || v.kind() == VariableDescriptor.VarKind.IN_OUT) {
                // externals are listed with the globals; an in-out is an alias of the caller's variable
                continue;
            }
            out.add(new VariableFlattener.Slot(v.name(), v.type(), v.kind(), v.address(),
                    v.decl() != null && v.decl().retain(), v.jvmName()));
        }
        return out;
    }

    /** A compiled PROGRAM: creates instances through a constructor handle and lists their leaves. */
    private final class GeneratedProgramType implements ProgramType {
        private final PouSymbol pou;
        private MethodHandle constructor;

        GeneratedProgramType(PouSymbol pou) {
            this.pou = pou;
        }

        @Override
        public String name() {
            return pou.name();
        }

        @Override
        public synchronized ProgramInstance instantiate(RuntimeEnvironment env) {
            try {
                if (constructor == null) {
                    Class<?> c = loader.loadClass(pou.className().replace('/', '.'));
                    constructor = MethodHandles.publicLookup().findConstructor(c,
                            MethodType.methodType(void.class, RuntimeEnvironment.class));
                }
                return (ProgramInstance) constructor.invoke(env);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("cannot instantiate " + pou.name(), e);
            }
        }

        @Override
        public List<VariableDescriptor> variables(ProgramInstance instance) {
            VariableFlattener f = new VariableFlattener(accessors);
            f.object(instance, "", slots(pou.variables()));
            return f.result();
        }
    }
}
