package org.ringplc.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ringplc.lang.program.CompiledProject;
import org.ringplc.lang.program.ProgramInstance;
import org.ringplc.lang.program.ProgramType;
import org.ringplc.lang.program.RuntimeEnvironment;
import org.ringplc.lang.program.TaskClock;

/**
 * The scan thread must not allocate (STYLE.md, the hot path): compiled programs run cycle after
 * cycle without creating objects, including FB calls, FUNCTION and METHOD outputs (their frames
 * are made once, also for calls inside FUNCTIONs), STRUCT and ARRAY locals and results of FUNCTIONs, calls through interfaces and REF() of variables and array elements, also with a variable index
 * (one accessor per variable or element), VAR_INST of methods and SFC action control.
 * Strings do not either: assignment, comparison, LEN and FIND never allocate, and functions that
 * build text (CONCAT, MID, ...) and cutting stores return the string their table already holds for
 * a content built before, also in FUNCTIONs and with inputs that change every cycle.
 */
class ScanAllocationTest {
    private static final String FEATURES = """
            INTERFACE I_Gain
              METHOD Apply : DINT
                VAR_INPUT x : DINT; END_VAR
                VAR_OUTPUT clipped : BOOL; END_VAR
              END_METHOD
            END_INTERFACE
            FUNCTION_BLOCK FB_Gain IMPLEMENTS I_Gain
              VAR_INPUT k : DINT := 3; END_VAR
              METHOD Apply : DINT
                VAR_INPUT x : DINT; END_VAR
                VAR_OUTPUT clipped : BOOL; END_VAR
                Apply := LIMIT(-1000, x * k, 1000);
                clipped := Apply <> x * k;
              END_METHOD
            END_FUNCTION_BLOCK
            FUNCTION DivRem : DINT
              VAR_INPUT n : DINT; d : DINT; END_VAR
              VAR_OUTPUT r : DINT; END_VAR
              VAR_IN_OUT calls : DINT; END_VAR
              DivRem := n / d;
              r := n MOD d;
              calls := calls + 1;
            END_FUNCTION
            PROGRAM Main
              VAR
                g : FB_Gain;
                gi : I_Gain;
                i : DINT;
                q : DINT;
                r : DINT;
                calls : DINT;
                clip : BOOL;
                p : REF_TO DINT;
                level : INT(0..100);
                t : TON;
                s : STRING[20];
                s2 : STRING;
                same : BOOL;
                n : INT;
                msg : STRING;
                tag : STRING := 'P-101';
                vals : ARRAY[1..4] OF LREAL;
                names : ARRAY[1..4] OF STRING[8];
                k : INT;
                pe : REF_TO LREAL;
                ps : REF_TO STRING[8];
              END_VAR
              gi := g;
              p := REF(i);
              p^ := p^ + 1;
              q := DivRem(p^, 7, r => r, calls := calls);
              q := gi.Apply(q, clipped => clip);
              level := DINT_TO_INT(i MOD 100);
              t(IN := TRUE, PT := T#1s);
              s := 'conveyor running';
              s2 := s;
              same := s = s2;
              n := LEN(s) + FIND(s, 'run');
              msg := CONCAT(tag, ': ', LEFT(s, 8), MID(s, 7, 10));
              FOR k := 1 TO 4 DO
                pe := REF(vals[k]);
                pe^ := pe^ + k;
                ps := REF(names[k]);
                ps^ := s;
              END_FOR;
              same := REF(vals[i MOD 4 + 1]) = REF(vals[i MOD 4 + 1]);
            END_PROGRAM
            """;

    /**
     * Every text-building function, inside a FUNCTION too, with inputs that change every cycle and
     * inside a loop over the characters, and stores cut to a shorter STRING: after the first cycles
     * every result is a text built before, which the instance's (or thread's) table returns.
     */
    private static final String STRINGS = """
            FUNCTION Label : STRING[40]
              VAR_INPUT name : STRING; n : INT; END_VAR
              VAR short : STRING[4]; END_VAR
              short := name;
              Label := CONCAT(short, '/', MID('0123456789', 1, n MOD 10 + 1), RIGHT(name, 2));
            END_FUNCTION
            PROGRAM Main
              VAR
                k : INT;
                i : INT;
                s : STRING := 'conveyor belt';
                w : WSTRING := "pump";
                cut : STRING[6];
                wcut : WSTRING[2];
                acc : STRING;
                parts : ARRAY[1..3] OF STRING[5];
                lab : STRING;
                n : INT;
                same : BOOL;
              END_VAR
              k := (k + 1) MOD 7;
              cut := MID(s, 8, k + 1);
              wcut := CONCAT(w, w);
              acc := '';
              FOR i := 1 TO LEN(s) DO
                acc := CONCAT(MID(s, 1, i), acc);
              END_FOR;
              acc := INSERT(acc, LEFT(s, k), k);
              acc := DELETE(acc, k, 2);
              acc := REPLACE(acc, RIGHT(s, k), 3, k);
              parts[k MOD 3 + 1] := acc;
              lab := Label(s, k);
              n := LEN(lab) + FIND(acc, cut);
              same := parts[1] = parts[2] OR lab < acc;
            END_PROGRAM
            """;

    /**
     * FUNCTIONs that call FUNCTIONs with outputs and elementary in-outs, three deep, one of them with
     * no outputs of its own; a FUNCTION calling a METHOD with an in-out through an interface; METHOD
     * in-outs called from a PROGRAM and from a METHOD: every frame is made once, none per call.
     */
    private static final String NESTED = """
            INTERFACE I_Acc
              METHOD Add : DINT
                VAR_INPUT x : DINT; END_VAR
                VAR_IN_OUT total : DINT; END_VAR
                VAR_OUTPUT big : BOOL; END_VAR
              END_METHOD
            END_INTERFACE
            FUNCTION_BLOCK FB_Acc IMPLEMENTS I_Acc
              VAR limit : DINT := 1000; n : DINT; END_VAR
              METHOD Add : DINT
                VAR_INPUT x : DINT; END_VAR
                VAR_IN_OUT total : DINT; END_VAR
                VAR_OUTPUT big : BOOL; END_VAR
                total := total + x;
                big := total > limit;
                IF big THEN total := 0; END_IF;
                Add := total;
              END_METHOD
              METHOD Twice : DINT
                VAR_INPUT x : DINT; END_VAR
                VAR_IN_OUT total : DINT; END_VAR
                VAR q : DINT; b : BOOL; END_VAR
                q := THIS^.Add(x, total := total, big => b);
                Twice := THIS^.Add(x, total := total) + Split(q, n => n);
              END_METHOD
            END_FUNCTION_BLOCK
            FUNCTION Split : DINT
              VAR_INPUT v : DINT; END_VAR
              VAR_OUTPUT n : DINT; END_VAR
              n := v MOD 10;
              Split := v / 10;
            END_FUNCTION
            FUNCTION Step : DINT
              VAR_INPUT v : DINT; END_VAR
              VAR_IN_OUT count : DINT; END_VAR
              VAR_OUTPUT digit : DINT; END_VAR
              count := count + 1;
              Step := Split(v, n => digit) + Split(v + 1, n => digit);
            END_FUNCTION
            FUNCTION Digits : DINT
              VAR_INPUT v : DINT; END_VAR
              VAR_OUTPUT sum : DINT; END_VAR
              VAR c : DINT; d : DINT; END_VAR
              WHILE v > 0 DO
                v := Step(v, count := c, digit => d);
                sum := sum + d;
              END_WHILE;
              Digits := c;
            END_FUNCTION
            FUNCTION Plain : DINT
              VAR_INPUT v : DINT; acc : I_Acc; END_VAR
              VAR s : DINT; t : DINT; big : BOOL; END_VAR
              Plain := Digits(v, sum => s) + s + acc.Add(v, total := t, big => big);
            END_FUNCTION
            PROGRAM Main
              VAR
                a : FB_Acc;
                i : DINT;
                total : DINT;
                sum : DINT;
                x : DINT;
                y : DINT;
                big : BOOL;
              END_VAR
              i := i + 1;
              x := Plain(i * 7919, a);
              y := Digits(i, sum => sum);
              y := a.Add(i, total := total, big => big) + a.Twice(i, total := total);
            END_PROGRAM
            """;

    /**
     * STRUCT and ARRAY locals of a FUNCTION (with initial values, of STRUCTs, of STRINGs, two
     * dimensions): kept in the function's frame and reset on each call, not made per call.
     */
    private static final String FUNCTION_LOCALS = """
            TYPE Pt : STRUCT x : DINT := 1; y : DINT; tag : STRING[4] := 'pt'; END_STRUCT; END_TYPE
            FUNCTION Agg : DINT
              VAR_INPUT v : DINT; END_VAR
              VAR
                a : ARRAY[1..8] OF DINT := [1, 2, 3];
                m : ARRAY[1..2, 1..3] OF LREAL;
                pts : ARRAY[0..2] OF Pt;
                p : Pt;
                names : ARRAY[1..2] OF STRING[8] := ['a', 'b'];
                i : INT;
              END_VAR
              FOR i := 1 TO 8 DO
                a[i] := a[i] + v;
              END_FOR;
              m[2, 3] := m[2, 3] + 0.5;
              pts[v MOD 3].x := pts[v MOD 3].x + v;
              p.y := p.y + v;
              names[1] := names[2];
              Agg := a[3] + pts[v MOD 3].x + p.y + LREAL_TO_DINT(m[2, 3]) + LEN(names[1]);
            END_FUNCTION
            FUNCTION Twice : DINT
              VAR_INPUT v : DINT; END_VAR
              VAR q : Pt; END_VAR
              q.y := Agg(v) + Agg(v + 1);
              Twice := q.y;
            END_FUNCTION
            PROGRAM Main
              VAR r : DINT; i : DINT; END_VAR
              i := i + 1;
              r := Agg(i) + Twice(i);
            END_PROGRAM
            """;

    /**
     * STRUCT and ARRAY VAR_IN_OUTs of a FUNCTION, the allocation-free way to hand an aggregate back
     * (docs/structured-text.md, Allocation): passed by reference, filled in place.
     */
    private static final String AGGREGATE_OUTPUTS = """
            TYPE Pt : STRUCT x : DINT; y : DINT; END_STRUCT; END_TYPE
            FUNCTION Split : BOOL
              VAR_INPUT v : DINT; END_VAR
              VAR_IN_OUT p : Pt; a : ARRAY[1..4] OF DINT; END_VAR
              p.x := v;
              p.y := v * 2;
              a[1 + v MOD 4] := v;
              Split := TRUE;
            END_FUNCTION
            PROGRAM Main
              VAR i : DINT; q : Pt; r : Pt; arr : ARRAY[1..4] OF DINT; ok : BOOL; END_VAR
              i := i + 1;
              ok := Split(i, q, arr) AND Split(i + 1, p := r, a := arr);
            END_PROGRAM
            """;

    /** Bytes the current thread allocated while running {@code cycles} cycles of {@code p}, after a warm-up. */
    private static long allocatedBytes(List<SourceFile> sources, int cycles) {
        CompileResult r = StCompiler.compile(sources);
        assertFalse(r.hasErrors(), () -> r.diagnostics().toString());
        CompiledProject project = r.project();
        TaskClock clock = new TaskClock();
        RuntimeEnvironment env = new RuntimeEnvironment(clock, project.instantiateGlobals(clock));
        List<ProgramType> types = project.programs();
        ProgramInstance[] instances = new ProgramInstance[types.size()];
        for (int i = 0; i < instances.length; i++) {
            instances[i] = types.get(i).instantiate(env);
        }
        // the first cycles load classes and make the one-time frames and accessors
        run(instances, clock, 0, 300);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        // the least of a few windows: an allocation in the cycle shows in every window, while a
        // one-off event of the JVM in the test thread (a deoptimisation after another test's
        // classes changed a shared call site's profile) shows in one only
        long least = Long.MAX_VALUE;
        for (int w = 0; w < WINDOWS; w++) {
            long before = mx.getThreadAllocatedBytes(id);
            run(instances, clock, 300 + w * cycles, cycles);
            long after = mx.getThreadAllocatedBytes(id);
            // what reading the counter itself costs, measured the same way
            long empty = mx.getThreadAllocatedBytes(id) - after;
            least = Math.min(least, after - before - empty);
        }
        return least;
    }

    /** Measurement windows per program; see {@link #allocatedBytes}. */
    private static final int WINDOWS = 3;

    private static void run(ProgramInstance[] instances, TaskClock clock, int first, int cycles) {
        for (int k = 0; k < cycles; k++) {
            clock.set((first + k) * 10_000_000L);
            for (ProgramInstance p : instances) {
                p.run();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"BenchN1000_pid", "BenchN1000_sort", "BenchN1000_logic", "BenchN1000_math", "StandardBlocks",
            "FunctionAggregateResults", "FbAggregateInputs", "MethodAggregateResults", "DerivedTypeResults", "DerivedTypeElements"})
    void goldenProgramsAllocateNothingPerCycle(String name) throws Exception {
        Path st = Path.of("src/test/resources/golden/ok", name + ".st");
        assertEquals(0, allocatedBytes(List.of(new SourceFile(st.getFileName().toString(), Files.readString(st))), 500));
    }

    /**
     * VAR_INST of methods (elementary, STRUCT, ARRAY, a TON, a REF_TO) are fields made with the
     * instance; calls through THIS, SUPER^ and an interface touch them without allocating.
     */
    @Test
    void methodInstanceVariablesAllocateNothingPerCycle() throws Exception {
        Path st = Path.of("src/test/resources/golden/ok/MethodInstanceVars.st");
        assertEquals(0, allocatedBytes(List.of(new SourceFile(st.getFileName().toString(), Files.readString(st))), 500));
    }

    /** An SFC's action flags (Q, A and the final run) are plain variables of the program: no allocation. */
    @Test
    void sfcActionControlAllocatesNothingPerCycle() throws Exception {
        Path xml = Path.of("src/test/resources/plcopen/SfcFinalRun.xml");
        // Start toggles inside the chart's own FB through its input, so steps, Q and A all change
        String driver = """
                PROGRAM Driver
                  VAR c : Conveyor; k : INT; END_VAR
                  k := (k + 1) MOD 7;
                  c(Start := k < 4);
                END_PROGRAM
                """;
        assertEquals(0, allocatedBytes(List.of(new SourceFile(xml.getFileName().toString(), Files.readString(xml)),
                new SourceFile("driver.st", driver)), 500));
    }

    @Test
    void outputsInOutsInterfacesAndReferencesAllocateNothingPerCycle() {
        assertEquals(0, allocatedBytes(List.of(new SourceFile("features.st", FEATURES)), 500));
    }

    @Test
    void nestedFunctionAndMethodOutputsAndInOutsAllocateNothingPerCycle() {
        assertEquals(0, allocatedBytes(List.of(new SourceFile("nested.st", NESTED)), 500));
    }

    @Test
    void aggregateLocalsOfFunctionsAllocateNothingPerCycle() {
        assertEquals(0, allocatedBytes(List.of(new SourceFile("locals.st", FUNCTION_LOCALS)), 500));
    }

    @Test
    void aggregateOutputsOfFunctionsAllocateNothingPerCycle() {
        assertEquals(0, allocatedBytes(List.of(new SourceFile("outputs.st", AGGREGATE_OUTPUTS)), 500));
    }

    /**
     * A STRUCT result of a FUNCTION lives in an object of the call site, kept by the caller and set
     * back to the initial value by the callee (docs/structured-text.md, Allocation): no allocation,
     * like the in-out way above. FunctionAggregateResults (a golden program) covers nested calls,
     * ARRAY results, results returned again and calls in METHODs and FUNCTIONs.
     */
    @Test
    void aggregateResultsOfFunctionsAllocateNothingPerCycle() {
        String src = """
                TYPE Pt : STRUCT x : DINT; y : DINT; END_STRUCT; END_TYPE
                FUNCTION Mk : Pt
                  VAR_INPUT v : DINT; END_VAR
                  Mk.x := v;
                END_FUNCTION
                PROGRAM Main
                  VAR i : DINT; q : Pt; END_VAR
                  i := i + 1;
                  q := Mk(i);
                END_PROGRAM
                """;
        assertEquals(0, allocatedBytes(List.of(new SourceFile("result.st", src)), 500));
    }

    @Test
    void stringFunctionsAndCuttingStoresAllocateNothingPerCycle() {
        assertEquals(0, allocatedBytes(List.of(new SourceFile("strings.st", STRINGS)), 500));
    }
}
