package org.ringplc.runtime.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ringplc.lang.program.PlcFault;
import org.ringplc.lang.program.ValueType;
import org.ringplc.runtime.ValueRejectedException;
import org.ringplc.runtime.project.LoadedProject;
import org.ringplc.runtime.project.ProjectLoader;
import org.ringplc.runtime.testing.FakeCompiler;
import org.ringplc.runtime.testing.FakeProgram;
import org.ringplc.runtime.testing.ProjectDir;

class SimulationTest {
    @TempDir
    Path tmp;

    /** A TON written out by hand: Q once IN has been TRUE for PT, by the task clock. */
    private static FakeProgram ton() {
        return new FakeProgram("Main").var("IN", ValueType.BOOL).var("PT", ValueType.TIME).var("Q", ValueType.BOOL)
                .var("start", ValueType.TIME).var("running", ValueType.BOOL).var("firstQ", ValueType.DINT)
                .var("n", ValueType.DINT)
                .body((v, clock) -> {
                    v.set("n", v.get("n") + 1);
                    if (!v.bool("IN")) {
                        v.set("running", 0);
                        v.set("Q", 0);
                        return;
                    }
                    if (!v.bool("running")) {
                        v.set("running", 1);
                        v.set("start", clock.nanos());
                    }
                    boolean q = clock.nanos() - v.get("start") >= v.get("PT");
                    if (q && !v.bool("Q")) {
                        v.set("firstQ", v.get("n"));
                    }
                    v.set("Q", q ? 1 : 0);
                });
    }

    private LoadedProject load(FakeCompiler compiler, String yaml) throws Exception {
        return ProjectLoader.load(List.of(ProjectDir.write(tmp.resolve("p"), yaml)), compiler);
    }

    @Test
    void tonWithFiftyMillisecondsAtTenMillisecondCyclesIsTrueFirstInCycleSix() throws Exception {
        Simulation sim = Simulation.create(load(new FakeCompiler(ton()), "name: t\n"));
        sim.set("Main.IN", true);
        sim.set("main.pt", "T#50ms");
        sim.run(5);
        assertEquals(false, sim.values(List.of("Main.Q")).get("Main.Q"));
        sim.run(1);
        assertEquals(Map.of("Main.Q", true, "Main.firstQ", 6L), sim.values(List.of("Main.Q", "Main.firstQ")));
        assertEquals("T#50ms", sim.values(List.of("Main.PT")).get("Main.PT"));
        assertEquals("TRUE", sim.literals(List.of("Main.Q")).get("Main.Q"));
    }

    @Test
    void cycleTimeOverrideChangesTheVirtualClock() throws Exception {
        Simulation sim = Simulation.create(load(new FakeCompiler(ton()), "name: t\n"), Duration.ofMillis(25));
        sim.set("Main.IN", "TRUE");
        sim.set("Main.PT", 50);  // a JSON number for a TIME counts milliseconds
        sim.run(3);
        assertEquals(3L, sim.values(List.of("Main.firstQ")).get("Main.firstQ"));
    }

    @Test
    void valuesListEveryVariableInDeclarationOrder() throws Exception {
        Simulation sim = Simulation.create(load(new FakeCompiler(ton()), "name: t\n"));
        assertEquals(List.of("Main.IN", "Main.PT", "Main.Q", "Main.start", "Main.running", "Main.firstQ", "Main.n"),
                new ArrayList<>(sim.values(List.of()).keySet()));
    }

    @Test
    void rejectedValuesNameThePathTheTypeAndWhatWasWrong() throws Exception {
        Simulation sim = Simulation.create(load(new FakeCompiler(ton()), "name: t\n"));
        ValueRejectedException e = assertThrows(ValueRejectedException.class, () -> sim.set("Main.firstQ", "10 apples"));
        assertEquals(true, e.getMessage().startsWith("Main.firstQ is DINT: "), e.getMessage());
        ValueRejectedException unknown = assertThrows(ValueRejectedException.class, () -> sim.set("Main.Qx", 1));
        assertEquals(true, unknown.getMessage().startsWith("unknown variable \"Main.Qx\" (Main has: IN, PT, Q"),
                unknown.getMessage());
        assertThrows(ValueRejectedException.class, () -> sim.values(List.of("Nope.x")));
    }

    @Test
    void faultNamesTaskInstanceLocationAndCycle() throws Exception {
        FakeProgram div = new FakeProgram("Main").var("d", ValueType.INT).var("x", ValueType.INT).body((v, c) -> {
            if (v.get("d") == 0) {
                ArithmeticException e = new ArithmeticException("/ by zero");
                e.setStackTrace(new StackTraceElement[] {new StackTraceElement("Main", "run", "src/main.st", 12)});
                throw e;
            }
            v.set("x", 100 / v.get("d"));
        });
        Simulation sim = Simulation.create(load(new FakeCompiler(div), "name: t\n"));
        sim.set("Main.d", 5);
        sim.run(2);
        sim.set("Main.d", 0);
        PlcFaultException e = assertThrows(PlcFaultException.class, () -> sim.run(5));
        assertEquals("src/main.st:12: division by zero (task main, instance Main, cycle 3)", e.getMessage());
        assertEquals("src/main.st:12", e.location());
        assertEquals("main", e.task());
        assertEquals("Main", e.instance());

        FakeProgram plc = new FakeProgram("Main").body((v, c) -> {
            throw new PlcFault("subrange violation");
        });
        Simulation s2 = Simulation.create(load(new FakeCompiler(plc), "name: t\n"));
        assertEquals("subrange violation (task main, instance Main, cycle 1)",
                assertThrows(PlcFaultException.class, () -> s2.run(1)).getMessage());
    }

    @Test
    void tasksWithDifferentIntervalsRunAtTheirOwnMultiples() throws Exception {
        FakeProgram fast = new FakeProgram("Fast").var("n", ValueType.DINT).var("t", ValueType.TIME)
                .body((v, c) -> { v.set("n", v.get("n") + 1); v.set("t", c.nanos()); });
        FakeProgram slow = new FakeProgram("Slow").var("n", ValueType.DINT).var("t", ValueType.TIME)
                .body((v, c) -> { v.set("n", v.get("n") + 1); v.set("t", c.nanos()); });
        Simulation sim = Simulation.create(load(new FakeCompiler(fast, slow), """
                tasks:
                  - {name: fast, interval: 10ms, programs: [Fast]}
                  - {name: slow, interval: 30ms, programs: [Slow]}
                """));
        sim.run(7);
        assertEquals(10_000_000L, sim.cycleTimeNanos());
        Map<String, Object> v = sim.values(List.of("Fast", "Slow"));
        assertEquals(7L, v.get("Fast.n"));
        assertEquals("T#60ms", v.get("Fast.t"));
        assertEquals(3L, v.get("Slow.n"));    // at 0, 30 and 60 ms
        assertEquals("T#60ms", v.get("Slow.t"));
    }
}
