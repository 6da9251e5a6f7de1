package org.ringplc.runtime.testing;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.ringplc.lang.CompileResult;
import org.ringplc.lang.SourceFile;
import org.ringplc.lang.program.CompiledProject;
import org.ringplc.lang.program.ConfigurationModel;
import org.ringplc.lang.program.ProgramType;
import org.ringplc.lang.program.TaskClock;
import org.ringplc.lang.program.VariableDescriptor;

/** A "compiler" that ignores the sources and returns the given programs (and configuration). */
public final class FakeCompiler implements Function<List<SourceFile>, CompileResult> {
    private final List<ProgramType> programs;
    private final ConfigurationModel configuration;
    public List<SourceFile> lastSources;

    public FakeCompiler(ConfigurationModel configuration, ProgramType... programs) {
        this.programs = List.of(programs);
        this.configuration = configuration;
    }

    public FakeCompiler(ProgramType... programs) {
        this(null, programs);
    }

    @Override
    public CompileResult apply(List<SourceFile> sources) {
        lastSources = sources;
        return new CompileResult(List.of(), new CompiledProject() {
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
                return null;
            }

            @Override
            public List<VariableDescriptor> globalVariables(Object globals) {
                return List.of();
            }
        });
    }
}
