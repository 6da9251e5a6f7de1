package org.ringplc.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ringplc.lang.diag.DiagnosticCode;
import org.ringplc.lang.program.ConfigurationModel;
import org.ringplc.lang.program.IoAddress;
import org.ringplc.lang.program.PlcFault;
import org.ringplc.lang.program.ProgramInstance;
import org.ringplc.lang.program.ProgramType;
import org.ringplc.lang.program.RuntimeEnvironment;
import org.ringplc.lang.program.TaskClock;
import org.ringplc.lang.program.VariableDescriptor;

class StCompilerTest {
    private static final String DIV = """
            PROGRAM Main
              VAR
                a : DINT := 10;
                b : DINT;
                arr : ARRAY[1..3] OF INT;
                i : INT := 1;
                q AT %QW3 : INT;
                m : ARRAY[1..2, 0..1] OF BOOL;
              END_VAR
              arr[i] := 5;
              a := a / b;
            END_PROGRAM
            """;

    private static ProgramType compileOne(String text) {
        CompileResult r = StCompiler.compile(List.of(new SourceFile("src/main.st", text)));
        assertTrue(!r.hasErrors(), () -> r.diagnostics().toString());
        return r.project().programs().get(0);
    }

    /**
     * The objects that keep FUNCTION results per call site are hidden fields of the instance: the
     * variable list (monitoring, forcing, retain, online change by name) is the declared one, also
     * after the first call has made them, and an FB instance's list likewise.
     */
    @Test
    void resultObjectsOfCallSitesAreNotVariables() {
        ProgramType t = compileOne("""
                TYPE Pt : STRUCT x : DINT; y : DINT; END_STRUCT; END_TYPE
                FUNCTION Mk : Pt
                  VAR_INPUT v : DINT; END_VAR
                  Mk.x := v;
                END_FUNCTION
                FUNCTION_BLOCK Fb
                  VAR_OUTPUT o : DINT; END_VAR
                  o := Mk(3).x + Mk(4).x;
                END_FUNCTION_BLOCK
                PROGRAM Main
                  VAR q : Pt; f : Fb; n : DINT; END_VAR
                  q := Mk(1);
                  n := Mk(2).x;
                  f();
                END_PROGRAM
                """);
        ProgramInstance p = t.instantiate(new RuntimeEnvironment(new TaskClock(), null));
        p.run();
        List<String> paths = t.variables(p).stream().map(VariableDescriptor::path).toList();
        assertEquals(List.of("q.x", "q.y", "f.o", "n"), paths);
        assertEquals(7L, t.variables(p).get(2).access().get());
    }

    @Test
    void integerDivisionByZeroFaultsWithTheStLine() {
        ProgramType t = compileOne(DIV);
        ProgramInstance p = t.instantiate(new RuntimeEnvironment(new TaskClock(), null));
        ArithmeticException e = assertThrows(ArithmeticException.class, p::run);
        assertEquals("main.st:11", PlcFault.locate(e).replace("src/", ""));
    }

    @Test
    void arrayIndexOutsideTheStBoundsFaultsWithTheBounds() {
        ProgramType t = compileOne(DIV);
        ProgramInstance p = t.instantiate(new RuntimeEnvironment(new TaskClock(), null));
        VariableDescriptor i = t.variables(p).stream().filter(d -> d.path().equals("i")).findFirst().orElseThrow();
        i.access().set(4);
        PlcFault f = assertThrows(PlcFault.class, p::run);
        assertEquals("array index 4 is outside the bounds 1..3", f.getMessage());
        assertTrue(PlcFault.locate(f).endsWith("main.st:10"));
    }

    @Test
    void variablesAreFlattenedWithAddressesAndWritableAccessors() {
        ProgramType t = compileOne(DIV);
        ProgramInstance p = t.instantiate(new RuntimeEnvironment(new TaskClock(), null));
        List<VariableDescriptor> vars = t.variables(p);
        List<String> paths = vars.stream().map(VariableDescriptor::path).toList();
        assertEquals(List.of("a", "b", "arr[1]", "arr[2]", "arr[3]", "i", "q", "m[1,0]", "m[1,1]", "m[2,0]", "m[2,1]"), paths);
        VariableDescriptor q = vars.get(6);
        assertEquals(new IoAddress(IoAddress.Area.Q, IoAddress.Size.W, 3, 0), q.address());
        assertEquals(6, q.address().byteOffset());
        q.access().set(0xFFFF);
        assertEquals(-1, q.access().get());
        vars.get(1).access().set(2);
        p.run();
        assertEquals(5, vars.get(0).access().get());
        assertEquals(5, vars.get(2).access().get());
    }

    @Test
    void eachCompilationLoadsItsOwnClasses() {
        ProgramInstance a = compileOne(DIV).instantiate(new RuntimeEnvironment(new TaskClock(), null));
        ProgramInstance b = compileOne(DIV).instantiate(new RuntimeEnvironment(new TaskClock(), null));
        assertEquals(a.getClass().getName(), b.getClass().getName());
        assertNotSame(a.getClass(), b.getClass());
    }

    @Test
    void configurationBecomesTheTaskModel() {
        CompileResult r = StCompiler.compile(List.of(new SourceFile("c.st", """
                PROGRAM P VAR x : INT; END_VAR x := x + 1; END_PROGRAM
                CONFIGURATION Cfg
                  RESOURCE Res ON PLC
                    TASK fast(INTERVAL := T#5ms, PRIORITY := 1);
                    PROGRAM p1 WITH fast : P;
                    PROGRAM p2 WITH fast : P;
                  END_RESOURCE
                END_CONFIGURATION
                """)));
        ConfigurationModel c = r.project().configuration().orElseThrow();
        assertEquals("Cfg", c.name());
        assertEquals(new ConfigurationModel.Task("fast", 5_000_000L, 1,
                List.of(new ConfigurationModel.Instance("p1", "P"), new ConfigurationModel.Instance("p2", "P"))), c.tasks().get(0));
    }

    @Test
    void eventTaskCarriesItsTriggerAndNoInterval() {
        CompileResult r = StCompiler.compile(List.of(new SourceFile("a.st", """
                VAR_GLOBAL Trig : BOOL; END_VAR
                PROGRAM P VAR x : INT; END_VAR x := x + 1; END_PROGRAM
                CONFIGURATION Cfg
                  RESOURCE Res ON PLC
                    TASK ev(SINGLE := trig, PRIORITY := 2);
                    PROGRAM p1 WITH ev : P;
                  END_RESOURCE
                END_CONFIGURATION
                """)));
        assertTrue(r.diagnostics().isEmpty(), r.diagnostics().toString());
        ConfigurationModel.Task t = r.project().configuration().orElseThrow().tasks().get(0);
        assertEquals(new ConfigurationModel.Task("ev", 0, 2, List.of(new ConfigurationModel.Instance("p1", "P")), "Trig"), t);
        assertTrue(t.isEvent());
    }

    @Test
    void eventTaskTriggerMustBeABoolGlobal() {
        CompileResult r = StCompiler.compile(List.of(new SourceFile("a.st", """
                VAR_GLOBAL level : INT; END_VAR
                PROGRAM P VAR x : INT; END_VAR x := x + 1; END_PROGRAM
                CONFIGURATION Cfg
                  RESOURCE Res ON PLC
                    TASK ev(SINGLE := level);
                    PROGRAM p1 WITH ev : P;
                  END_RESOURCE
                END_CONFIGURATION
                """)));
        assertEquals(1, r.diagnostics().size(), r.diagnostics().toString());
        assertEquals("a.st:5:23: error: SINGLE needs a BOOL but global 'level' is INT", r.diagnostics().get(0).headline());
    }

    @Test
    void errorsOfAllFilesAreReportedSortedWithReadableMessages() {
        CompileResult r = StCompiler.compile(List.of(
                new SourceFile("b.st", "PROGRAM B VAR x : INT; END_VAR x := 1.5; END_PROGRAM"),
                new SourceFile("a.st", "PROGRAM A VAR y : BOOL; END_VAR y := z; END_PROGRAM")));
        assertEquals(2, r.diagnostics().size(), r.diagnostics().toString());
        assertEquals("a.st:1:38: error: unknown variable 'z'", r.diagnostics().get(0).headline());
        assertEquals(DiagnosticCode.TYPE_MISMATCH, r.diagnostics().get(1).code());
        assertTrue(r.diagnostics().get(1).message().contains("1.5 does not fit INT"), r.diagnostics().get(1).message());
    }

    @Test
    void badAddressesAreRejected() {
        CompileResult r = StCompiler.compile(List.of(new SourceFile("a.st",
                "PROGRAM A VAR x AT %IX0.9 : BOOL; w AT %IW1 : DINT; END_VAR END_PROGRAM")));
        assertEquals(List.of(DiagnosticCode.INVALID_ADDRESS, DiagnosticCode.INVALID_ADDRESS),
                r.diagnostics().stream().map(d -> d.code()).toList());
    }

    @Test
    void storingOutsideASubrangeFaultsWithTheStLineAndTheLimits() {
        ProgramType t = compileOne("""
                PROGRAM Main
                  VAR
                    level : INT(0..100) := 95;
                  END_VAR
                  level := level + 10;
                END_PROGRAM
                """);
        ProgramInstance p = t.instantiate(new RuntimeEnvironment(new TaskClock(), null));
        PlcFault f = assertThrows(PlcFault.class, p::run);
        assertEquals("value 105 is outside the subrange 0..100 of level", f.getMessage());
        assertTrue(PlcFault.locate(f).endsWith("main.st:5"), PlcFault.locate(f));
    }

    @Test
    void aResultOfASubrangeTypeIsCheckedLikeAVariableOfThatType() {
        // the result starts at the type's lower limit (5), so Bump(60) stores 65 there, past 50
        ProgramType t = compileOne("""
                TYPE Pct : INT(5..50); END_TYPE
                FUNCTION Bump : Pct
                  VAR_INPUT k : INT; END_VAR
                  Bump := Bump + k;
                END_FUNCTION
                PROGRAM Main
                  VAR
                    x : INT;
                    n : INT := 40;
                  END_VAR
                  x := Bump(n);
                  n := n + 20;
                END_PROGRAM
                """);
        ProgramInstance p = t.instantiate(new RuntimeEnvironment(new TaskClock(), null));
        p.run();
        PlcFault f = assertThrows(PlcFault.class, p::run);
        assertEquals("value 65 is outside the subrange 5..50 of Bump", f.getMessage());
        assertTrue(PlcFault.locate(f).endsWith("main.st:4"), PlcFault.locate(f));
        CompileResult r = StCompiler.compile(List.of(new SourceFile("a.st", """
                TYPE Pct : INT(5..50); END_TYPE
                FUNCTION_BLOCK B
                  METHOD M : Pct
                    M := 0;
                  END_METHOD
                END_FUNCTION_BLOCK
                """)));
        assertEquals(List.of("TYPE_MISMATCH@4:10"), r.diagnostics().stream()
                .map(d -> d.code() + "@" + d.span().line() + ":" + d.span().column()).toList(), r.diagnostics().toString());
    }

    @Test
    void constantsOutsideASubrangeAreCompileErrors() {
        CompileResult r = StCompiler.compile(List.of(new SourceFile("a.st", """
                PROGRAM A
                  VAR
                    x : INT(1..5) := 9;
                  END_VAR
                  x := 0;
                END_PROGRAM
                """)));
        assertEquals(List.of("TYPE_MISMATCH@3:22", "TYPE_MISMATCH@5:8"), r.diagnostics().stream()
                .map(d -> d.code() + "@" + d.span().line() + ":" + d.span().column()).toList(), r.diagnostics().toString());
    }

    @Test
    void dereferencingNullFaultsWithTheStLine() {
        ProgramType t = compileOne("""
                PROGRAM Main
                  VAR
                    p : REF_TO INT;
                    x : INT;
                  END_VAR
                  x := p^;
                END_PROGRAM
                """);
        ProgramInstance p = t.instantiate(new RuntimeEnvironment(new TaskClock(), null));
        PlcFault f = assertThrows(PlcFault.class, p::run);
        assertEquals("dereference of p, which is NULL", f.getMessage());
        assertTrue(PlcFault.locate(f).endsWith("main.st:6"), PlcFault.locate(f));
    }

    @Test
    void implicitNarrowingSaysWhichConversionToUse() {
        CompileResult r = StCompiler.compile(List.of(new SourceFile("a.st",
                "PROGRAM A VAR d : DINT; i : INT; END_VAR i := d; END_PROGRAM")));
        assertEquals(DiagnosticCode.IMPLICIT_NARROWING, r.diagnostics().get(0).code());
        assertTrue(r.diagnostics().get(0).message().contains("use DINT_TO_INT(...)"), r.diagnostics().get(0).message());
    }

    @Test
    void aLongBodyRunsInPiecesAndReturnStillEndsIt() {
        StringBuilder src = new StringBuilder("PROGRAM Main\n VAR n : DINT; stop : BOOL := TRUE; after : DINT; END_VAR\n");
        for (int i = 0; i < 600; i++) {
            src.append(" n := n + ").append(i % 7).append(" * 2;\n");
        }
        src.append(" IF stop THEN RETURN; END_IF;\n");
        for (int i = 0; i < 600; i++) {
            src.append(" after := after + 1;\n");
        }
        src.append("END_PROGRAM\n");
        ProgramType t = compileOne(src.toString());
        long pieces = java.util.Arrays.stream(t.instantiate(new RuntimeEnvironment(new TaskClock(), null)).getClass()
                .getDeclaredMethods()).filter(m -> m.getName().startsWith("body$")).count();
        assertTrue(pieces > 2, "pieces: " + pieces);
        ProgramInstance p = t.instantiate(new RuntimeEnvironment(new TaskClock(), null));
        p.run();
        java.util.Map<String, VariableDescriptor> v = t.variables(p).stream()
                .collect(java.util.stream.Collectors.toMap(VariableDescriptor::path, d -> d));
        // sum over 600 statements of (i mod 7) * 2: 85 full rounds of 0..6 (42 each) plus 0..4 (20)
        assertEquals(85 * 42 + 20, v.get("n").access().get());
        assertEquals(0, v.get("after").access().get());
    }

    @Test
    void aMissingEndIfNamesTheUnclosedIf() {
        CompileResult r = StCompiler.compile(List.of(new SourceFile("a.st", """
                PROGRAM A VAR x : INT; END_VAR
                  FOR x := 1 TO 3 DO
                    IF x > 1 THEN
                      x := 0;
                  END_FOR;
                END_PROGRAM
                """)));
        assertEquals(DiagnosticCode.SYNTAX_ERROR, r.diagnostics().get(0).code());
        assertTrue(r.diagnostics().get(0).message().startsWith("missing END_IF: the IF of line 3"), r.diagnostics().get(0).message());
    }
}
