package org.ringplc.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.ringplc.lang.diag.DiagnosticCode;
import org.ringplc.lang.program.PlcFault;
import org.ringplc.lang.program.ProgramInstance;
import org.ringplc.lang.program.ProgramType;
import org.ringplc.lang.program.RuntimeEnvironment;
import org.ringplc.lang.program.TaskClock;
import org.ringplc.lang.program.TextAccessor;
import org.ringplc.lang.program.VariableDescriptor;
import org.ringplc.lang.stdlib.FunctionBlock;
import org.ringplc.lang.stdlib.FunctionBlockProvider;
import org.ringplc.lang.stdlib.Input;
import org.ringplc.lang.stdlib.Output;
import org.ringplc.lang.stdlib.Var;

/** Function blocks written in Java (docs/java-function-blocks.md), called from ST like any FB. */
class JavaFunctionBlocksTest {

    /** A moving average over the last N samples, with a label and a fault on a bad window. */
    @FunctionBlock("MOVING_AVG")
    public static final class MovingAverage {
        @Input("LREAL") public double IN;
        @Input("INT") public int N = 4;
        @Input("STRING[10]") public String TAG = "";
        @Output("LREAL") public double OUT;
        @Output("STRING") public String LABEL = "";
        @Var("DINT") public int samples;
        private final double[] ring = new double[64];
        private double sum;

        public MovingAverage(RuntimeEnvironment env) {
            // no clock needed
        }

        public void execute() {
            if (N < 1 || N > ring.length) {
                throw new IllegalArgumentException("window N = " + N + " is outside 1..64");
            }
            int slot = samples % N;
            if (samples >= N) {
                sum -= ring[slot];
            }
            ring[slot] = IN;
            sum += IN;
            samples++;
            OUT = sum / Math.min(samples, N);
            LABEL = TAG + ":" + samples;
        }
    }

    /** Offers {@link MovingAverage} through the ServiceLoader file in the test resources. */
    public static final class Provider implements FunctionBlockProvider {
        @Override
        public List<Class<?>> functionBlocks() {
            return List.of(MovingAverage.class);
        }
    }

    @FunctionBlock("BROKEN")
    public static final class Broken {
        @Input("INT") public long wrongJavaType;
        @Output("FOO") public int unknownType;

        public void execute() {
        }
    }

    private static final String MAIN = """
            PROGRAM Main
              VAR
                avg : MOVING_AVG;
                x : LREAL;
                y : LREAL;
                lbl : STRING;
                window : INT := 2;
              END_VAR
              x := x + 1.0;
              avg(IN := x, N := window, TAG := 'level', OUT => y);
              lbl := avg.LABEL;
            END_PROGRAM
            """;

    private static Map<String, VariableDescriptor> vars(ProgramType t, ProgramInstance p) {
        return t.variables(p).stream().collect(Collectors.toMap(VariableDescriptor::path, d -> d));
    }

    private static ProgramType compile(CompileOptions options) {
        CompileResult r = StCompiler.compile(List.of(new SourceFile("main.st", MAIN)), options);
        assertFalse(r.hasErrors(), () -> r.diagnostics().toString());
        return r.project().programs().get(0);
    }

    @Test
    void javaBlockIsCalledLikeAnyFunctionBlock() {
        ProgramType t = compile(CompileOptions.withFunctionBlocks(MovingAverage.class));
        ProgramInstance p = t.instantiate(new RuntimeEnvironment(new TaskClock(), null));
        for (int i = 0; i < 3; i++) {
            p.run();
        }
        Map<String, VariableDescriptor> v = vars(t, p);
        // window 2 over 1, 2, 3: (2 + 3) / 2
        assertEquals(2.5, Double.longBitsToDouble(v.get("y").access().get()));
        assertEquals("level:3", ((TextAccessor) v.get("lbl").access()).getText());
    }

    @Test
    void itsFieldsAreLeavesForMonitoringAndForcing() {
        ProgramType t = compile(CompileOptions.withFunctionBlocks(MovingAverage.class));
        ProgramInstance p = t.instantiate(new RuntimeEnvironment(new TaskClock(), null));
        p.run();
        Map<String, VariableDescriptor> v = vars(t, p);
        assertEquals(List.of("avg.IN", "avg.N", "avg.TAG", "avg.OUT", "avg.LABEL", "avg.samples"),
                t.variables(p).stream().map(VariableDescriptor::path).filter(s -> s.startsWith("avg.")).toList());
        assertEquals(VariableDescriptor.VarKind.LOCAL, v.get("avg.samples").kind());
        assertEquals(1, v.get("avg.samples").access().get());
        v.get("avg.samples").access().set(41);
        p.run();
        assertEquals(42, v.get("avg.samples").access().get());
    }

    @Test
    void anExceptionInJavaIsLocatedAtTheStCall() {
        ProgramType t = compile(CompileOptions.withFunctionBlocks(MovingAverage.class));
        ProgramInstance p = t.instantiate(new RuntimeEnvironment(new TaskClock(), null));
        vars(t, p).get("window").access().set(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, p::run);
        assertEquals("main.st:10", PlcFault.locate(e));
    }

    @Test
    void providersAreFoundThroughTheServiceLoader() {
        CompileOptions o = CompileOptions.discover(getClass().getClassLoader());
        assertTrue(o.functionBlocks().contains(MovingAverage.class), o.toString());
        compile(o);
    }

    @Test
    void badJavaBlocksAreReportedNotLoaded() {
        CompileResult r = StCompiler.compile(List.of(new SourceFile("main.st", "PROGRAM P END_PROGRAM")),
                CompileOptions.withFunctionBlocks(Broken.class));
        assertTrue(r.hasErrors());
        List<String> messages = r.diagnostics().stream().map(d -> d.code() + " " + d.message()).toList();
        assertTrue(messages.stream().allMatch(m -> m.startsWith(DiagnosticCode.PROJECT_ERROR.name())), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.contains("needs a public constructor taking a RuntimeEnvironment")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.contains("wrongJavaType is long but INT lives in a Java int")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.contains("'FOO' is not an elementary IEC type")), messages.toString());
    }

    @Test
    void withoutTheOptionTheBlockIsUnknown() {
        CompileResult r = StCompiler.compile(List.of(new SourceFile("main.st", MAIN)));
        assertEquals(DiagnosticCode.UNDEFINED_TYPE, r.diagnostics().get(0).code());
    }
}
