package org.ringplc.lang;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.ringplc.lang.program.CompiledProject;
import org.ringplc.lang.program.ConfigurationModel;
import org.ringplc.lang.program.ProgramInstance;
import org.ringplc.lang.program.ProgramType;
import org.ringplc.lang.program.RuntimeEnvironment;
import org.ringplc.lang.program.TaskClock;
import org.ringplc.lang.program.ValueFormat;
import org.ringplc.lang.program.VariableDescriptor;

/**
 * A minimal stand-in for the runtime in tests: compiles sources, creates the program instances
 * (from the CONFIGURATION, or one per PROGRAM named like it), and runs cycles on the virtual
 * clock of PRODUCT.md §1 (cycle k sees (k-1) × cycle time). Values are read through the variable
 * descriptors, exactly as the runtime reads them. The PLCopen import tests use it too.
 */
public class PlcHarness {
    private final TaskClock clock = new TaskClock();
    private final List<ProgramInstance> instances = new ArrayList<>();
    private final Map<String, VariableDescriptor> variables = new LinkedHashMap<>();
    /** The compiled project, for tests that look at its configuration or types. */
    public final CompiledProject project;
    private final long cycleNanos;
    private long cycles;

    public PlcHarness(List<SourceFile> sources, long cycleNanos) {
        this.cycleNanos = cycleNanos;
        CompileResult r = StCompiler.compile(sources);
        assertFalse(r.hasErrors(), () -> "compile errors:\n" + r.diagnostics().stream()
                .map(d -> d.headline()).collect(Collectors.joining("\n")));
        CompiledProject p = r.project();
        project = p;
        Object globals = p.instantiateGlobals(clock);
        for (VariableDescriptor d : p.globalVariables(globals)) {
            variables.put(d.path().toLowerCase(Locale.ROOT), d);
        }
        RuntimeEnvironment env = new RuntimeEnvironment(clock, globals);
        if (p.configuration().isPresent()) {
            for (ConfigurationModel.Task t : p.configuration().get().tasks()) {
                for (ConfigurationModel.Instance i : t.programs()) {
                    add(i.name(), p.program(i.programType()).orElseThrow(), env);
                }
            }
        } else {
            for (ProgramType t : p.programs()) {
                add(t.name(), t, env);
            }
        }
    }

    private void add(String name, ProgramType t, RuntimeEnvironment env) {
        ProgramInstance inst = t.instantiate(env);
        instances.add(inst);
        for (VariableDescriptor d : t.variables(inst)) {
            VariableDescriptor full = d.prefixed(name);
            variables.put(full.path().toLowerCase(Locale.ROOT), full);
        }
    }

    public void run(long n) {
        for (long i = 0; i < n; i++) {
            clock.set(cycles * cycleNanos);
            for (ProgramInstance p : instances) {
                p.run();
            }
            cycles++;
        }
    }

    public VariableDescriptor variable(String path) {
        VariableDescriptor d = variables.get(path.toLowerCase(Locale.ROOT));
        if (d == null) {
            throw new AssertionError("no variable " + path + "; known: " + String.join(", ", variables.keySet()));
        }
        return d;
    }

    /** The value as the API shows it: JSON-like Java values (Boolean, Long/BigInteger, BigDecimal, IEC literal text). */
    public Object get(String path) {
        return ValueFormat.readJson(variable(path));
    }

    public boolean bool(String path) {
        return variable(path).access().get() != 0;
    }

    public long raw(String path) {
        return variable(path).access().get();
    }

    public void set(String path, boolean value) {
        variable(path).access().set(value ? 1 : 0);
    }

    public void set(String path, long raw) {
        variable(path).access().set(raw);
    }

    public Map<String, VariableDescriptor> variables() {
        return variables;
    }
}
