package org.ringplc.server.api;

import java.util.List;
import java.util.Optional;
import org.ringplc.lang.CompileResult;
import org.ringplc.lang.SourceFile;
import org.ringplc.lang.program.CompiledProject;
import org.ringplc.lang.program.ConfigurationModel;
import org.ringplc.lang.program.ProgramInstance;
import org.ringplc.lang.program.ProgramType;
import org.ringplc.lang.program.RuntimeEnvironment;
import org.ringplc.lang.program.TaskClock;
import org.ringplc.lang.program.ValueType;
import org.ringplc.lang.program.VariableAccessor;
import org.ringplc.lang.program.VariableDescriptor;
import org.ringplc.lang.program.VariableDescriptor.VarKind;

/**
 * The compiled form of this ST program, written by hand so the API can be tested against the
 * real runtime before the ST compiler is published:
 * <pre>
 * PROGRAM Main
 * VAR count : INT; run : BOOL; valve : BOOL; level : REAL; END_VAR
 * count := count + 1;
 * valve := run;
 * level := INT_TO_REAL(count) / 4.0;
 * END_PROGRAM
 * </pre>
 */
public final class CounterProgram implements ProgramType {
    private static final String[] NAMES = {"count", "run", "valve", "level"};
    private static final ValueType[] TYPES = {ValueType.INT, ValueType.BOOL, ValueType.BOOL, ValueType.REAL};

    /** A "compiler" that ignores the sources and returns this one program. */
    public static CompileResult compile(List<SourceFile> ignored) {
        ProgramType p = new CounterProgram();
        return new CompileResult(List.of(), new CompiledProject() {
            @Override
            public List<ProgramType> programs() {
                return List.of(p);
            }

            @Override
            public Optional<ProgramType> program(String name) {
                return name.equalsIgnoreCase("Main") ? Optional.of(p) : Optional.empty();
            }

            @Override
            public Optional<ConfigurationModel> configuration() {
                return Optional.empty();
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

    private static final class Instance implements ProgramInstance {
        final long[] v = new long[NAMES.length];

        @Override
        public void run() {
            v[0] = (short) (v[0] + 1);
            v[2] = v[1];
            v[3] = Float.floatToRawIntBits((float) v[0] / 4.0f) & 0xFFFF_FFFFL;
        }
    }

    @Override
    public String name() {
        return "Main";
    }

    @Override
    public ProgramInstance instantiate(RuntimeEnvironment env) {
        return new Instance();
    }

    @Override
    public List<VariableDescriptor> variables(ProgramInstance instance) {
        Instance in = (Instance) instance;
        VariableDescriptor[] out = new VariableDescriptor[NAMES.length];
        for (int i = 0; i < NAMES.length; i++) {
            int slot = i;
            VariableAccessor a = new VariableAccessor() {
                @Override
                public long get() {
                    return in.v[slot];
                }

                @Override
                public void set(long raw) {
                    in.v[slot] = raw;
                }
            };
            out[i] = new VariableDescriptor(NAMES[i], TYPES[i].name(), TYPES[i], VarKind.LOCAL, null, false,
                    List.of(), new long[0], a);
        }
        return List.of(out);
    }
}
