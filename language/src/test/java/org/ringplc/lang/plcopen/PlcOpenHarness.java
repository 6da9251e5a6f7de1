package org.ringplc.lang.plcopen;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.ringplc.lang.CompileResult;
import org.ringplc.lang.SourceFile;
import org.ringplc.lang.StCompiler;
import org.ringplc.lang.program.CompiledProject;
import org.ringplc.lang.program.ConfigurationModel;
import org.ringplc.lang.program.ProgramInstance;
import org.ringplc.lang.program.ProgramType;
import org.ringplc.lang.program.RuntimeEnvironment;
import org.ringplc.lang.program.TaskClock;
import org.ringplc.lang.program.ValueFormat;
import org.ringplc.lang.program.VariableDescriptor;

/**
 * Runs imported PLCopen projects the way the runtime does, on the virtual clock of PRODUCT.md
 * §1 (cycle k sees (k-1) x cycle time): program instances from the configuration (or one per
 * PROGRAM), values read and written through the variable descriptors.
 */
final class PlcOpenHarness {
    private final TaskClock clock = new TaskClock();
    private final List<ProgramInstance> instances = new ArrayList<>();
    private final Map<String, VariableDescriptor> variables = new LinkedHashMap<>();
    final CompiledProject project;
    private final long cycleNanos;
    private long cycles;

    PlcOpenHarness(List<SourceFile> sources, long cycleNanos) {
        this.cycleNanos = cycleNanos;
        CompileResult r = StCompiler.compile(sources);
        assertFalse(r.hasErrors(), () -> "compile errors:\n" + r.diagnostics().stream()
                .map(d -> d.headline()).collect(Collectors.joining("\n")));
        project = r.project();
        Object globals = project.instantiateGlobals(clock);
        for (VariableDescriptor d : project.globalVariables(globals)) {
            variables.put(d.path().toLowerCase(Locale.ROOT), d);
        }
        RuntimeEnvironment env = new RuntimeEnvironment(clock, globals);
        if (project.configuration().isPresent()) {
            for (ConfigurationModel.Task t : project.configuration().get().tasks()) {
                for (ConfigurationModel.Instance i : t.programs()) {
                    add(i.name(), project.program(i.programType()).orElseThrow(), env);
                }
            }
        } else {
            for (ProgramType t : project.programs()) {
                add(t.name(), t, env);
            }
        }
    }

    static PlcOpenHarness resource(String name, long cycleNanos) {
        return new PlcOpenHarness(List.of(source(name)), cycleNanos);
    }

    static SourceFile source(String name) {
        try (InputStream in = PlcOpenHarness.class.getResourceAsStream("/plcopen/" + name)) {
            if (in == null) {
                throw new AssertionError("no test resource plcopen/" + name);
            }
            return new SourceFile(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
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

    void run(long n) {
        for (long i = 0; i < n; i++) {
            clock.set(cycles * cycleNanos);
            for (ProgramInstance p : instances) {
                p.run();
            }
            cycles++;
        }
    }

    VariableDescriptor variable(String path) {
        VariableDescriptor d = variables.get(path.toLowerCase(Locale.ROOT));
        if (d == null) {
            throw new AssertionError("no variable " + path + "; known: " + String.join(", ", variables.keySet()));
        }
        return d;
    }

    /** The value as the API shows it: JSON-like Java values (Boolean, Long/BigInteger, BigDecimal, IEC literal text). */
    Object get(String path) {
        return ValueFormat.readJson(variable(path));
    }

    boolean bool(String path) {
        return variable(path).access().get() != 0;
    }

    long raw(String path) {
        return variable(path).access().get();
    }

    void set(String path, boolean value) {
        variable(path).access().set(value ? 1 : 0);
    }

    void set(String path, long raw) {
        variable(path).access().set(raw);
    }

    Map<String, VariableDescriptor> variables() {
        return variables;
    }
}
