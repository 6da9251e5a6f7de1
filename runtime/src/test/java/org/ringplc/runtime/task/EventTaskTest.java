package org.ringplc.runtime.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ringplc.runtime.PlcRuntime;
import org.ringplc.runtime.RuntimeOptions;
import org.ringplc.runtime.Runtimes;
import org.ringplc.runtime.TaskStatus;
import org.ringplc.runtime.project.LoadedProject;
import org.ringplc.runtime.project.ProjectException;
import org.ringplc.runtime.project.ProjectLoader;
import org.ringplc.runtime.sim.Simulation;

/** Event tasks (TASK with SINGLE): once per rising edge of a BOOL global, in the simulation and the runtime. */
class EventTaskTest {
    @TempDir
    Path tmp;

    /** Ticker flips trig every third cycle of the 10 ms task; OnEdge counts its own runs. */
    private static final String TOGGLING = """
            VAR_GLOBAL trig : BOOL; END_VAR
            PROGRAM Ticker
              VAR n : INT; END_VAR
              n := n + 1;
              IF n MOD 3 = 0 THEN trig := NOT trig; END_IF
            END_PROGRAM
            PROGRAM OnEdge
              VAR runs : DINT; END_VAR
              runs := runs + 1;
            END_PROGRAM
            CONFIGURATION Cfg
              RESOURCE Res ON PLC
                TASK cyc(INTERVAL := T#10ms, PRIORITY := 1);
                TASK ev(SINGLE := trig, PRIORITY := 0);
                PROGRAM t WITH cyc : Ticker;
                PROGRAM e WITH ev : OnEdge;
              END_RESOURCE
            END_CONFIGURATION
            """;

    /** Only the event task: nothing but a force or a write changes trig. */
    private static final String EVENT_ONLY = """
            VAR_GLOBAL trig : BOOL; END_VAR
            PROGRAM OnEdge
              VAR runs : DINT; END_VAR
              runs := runs + 1;
            END_PROGRAM
            CONFIGURATION Cfg
              RESOURCE Res ON PLC
                TASK ev(SINGLE := trig);
                PROGRAM e WITH ev : OnEdge;
              END_RESOURCE
            END_CONFIGURATION
            """;

    private LoadedProject load(String st) throws Exception {
        Path f = tmp.resolve("main.st");
        Files.writeString(f, st);
        LoadedProject p = ProjectLoader.load(List.of(f));
        assertFalse(p.hasErrors(), p.formatDiagnostics());
        return p;
    }

    @Test
    void simulationRunsTheEventTaskOnceInTheCycleAfterEachRisingEdge() throws Exception {
        Simulation sim = Simulation.create(load(TOGGLING));
        assertEquals(10_000_000L, sim.cycleTimeNanos(), "the event task does not set the cycle time");
        // trig rises at the end of cycles 3, 9, 15, 21, 27 (and falls at 6, 12, ...): runs in 4, 10, 16, 22, 28
        sim.run(3);
        assertEquals(0, sim.executions("ev"));
        sim.run(1);
        assertEquals(1, sim.executions("ev"));
        sim.run(23);
        assertEquals(Map.of("e.runs", 4L), sim.values(List.of("e.runs")));
        sim.run(1);
        assertEquals(Map.of("e.runs", 5L), sim.values(List.of("e.runs")));
        assertEquals(5, sim.executions("ev"));
        assertEquals(28, sim.executions("cyc"));
    }

    @Test
    void simulationSeesAnEdgeMadeBySet() throws Exception {
        Simulation sim = Simulation.create(load(EVENT_ONLY));
        sim.run(2);
        assertEquals(0, sim.executions("ev"));
        sim.set("trig", true);
        sim.run(1);
        assertEquals(0, sim.executions("ev"), "the edge is seen at the end of this cycle");
        sim.run(5);
        assertEquals(1, sim.executions("ev"), "a level that stays TRUE is one edge");
        sim.set("trig", false);
        sim.run(1);
        sim.set("trig", true);
        sim.run(2);
        assertEquals(2, sim.executions("ev"));
    }

    @Test
    void forcingTheTriggerRunsTheEventTaskOncePerRisingEdge() throws Exception {
        try (PlcRuntime rt = Runtimes.start(load(EVENT_ONLY), RuntimeOptions.defaults())) {
            TaskStatus idle = rt.status().tasks().get(0);
            assertEquals(0, idle.intervalUs());
            assertEquals("trig", idle.trigger());
            // many ticks without an edge: no execution
            Thread.sleep(30);
            assertEquals(0, rt.status().tasks().get(0).cycles());

            rt.force("trig", true, "test");
            awaitAtLeast(() -> rt.status().tasks().get(0).cycles(), 1);
            Thread.sleep(30);
            assertEquals(1, rt.status().tasks().get(0).cycles(), "a forced TRUE level runs the task once");
            awaitValue(rt, "e.runs", "1");

            // unforcing leaves trig TRUE; a write makes it FALSE again, then a new force is a new edge
            rt.unforce("trig", "test");
            rt.write("trig", false, "test");
            awaitValue(rt, "trig", "FALSE");
            Thread.sleep(10);
            assertEquals(1, rt.status().tasks().get(0).cycles());
            rt.force("trig", true, "test");
            awaitAtLeast(() -> rt.status().tasks().get(0).cycles(), 2);
            Thread.sleep(30);
            assertEquals(2, rt.status().tasks().get(0).cycles());
            awaitValue(rt, "e.runs", "2");
        }
    }

    @Test
    void cyclicTasksHaveNoTrigger() throws Exception {
        try (PlcRuntime rt = Runtimes.start(load(TOGGLING), RuntimeOptions.defaults())) {
            TaskStatus cyc = rt.status().tasks().get(0);
            assertEquals(10_000, cyc.intervalUs());
            assertNull(cyc.trigger());
            // the 10 ms task flips trig every 30 ms: the event task runs about once per 60 ms
            awaitAtLeast(() -> rt.status().tasks().get(1).cycles(), 2);
            long ev = rt.status().tasks().get(1).cycles();
            long c = rt.status().tasks().get(0).cycles();
            assertTrue(ev <= c / 6 + 1, ev + " event runs for " + c + " cycles");
        }
    }

    private LoadedProject yamlProject(String tasks) throws Exception {
        Path dir = tmp.resolve("yaml");
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("src/main.st"), """
                VAR_GLOBAL trig : BOOL; level : INT; END_VAR
                PROGRAM OnEdge VAR runs : DINT; END_VAR runs := runs + 1; END_PROGRAM
                """);
        Files.writeString(dir.resolve("project.yaml"), "name: ev\ntasks:\n" + tasks);
        return ProjectLoader.load(List.of(dir));
    }

    @Test
    void yamlSingleMakesAnEventTask() throws Exception {
        LoadedProject p = yamlProject("  - {name: ev, single: TRIG, priority: 2, programs: [OnEdge]}\n");
        assertFalse(p.hasErrors(), p.formatDiagnostics());
        assertEquals("trig", p.tasks().get(0).single(), "the name as declared");
        assertEquals(0, p.tasks().get(0).intervalNanos());
        assertTrue(p.tasks().get(0).isEvent());
    }

    @Test
    void yamlSingleMustNameABoolGlobalAndExcludesInterval() throws Exception {
        LoadedProject notBool = yamlProject("  - {name: ev, single: level, programs: [OnEdge]}\n");
        assertTrue(notBool.formatDiagnostics().contains("single: level is INT; the trigger of an event task must be a BOOL"),
                notBool.formatDiagnostics());
        LoadedProject unknown = yamlProject("  - {name: ev, single: nothing, programs: [OnEdge]}\n");
        assertTrue(unknown.formatDiagnostics().contains("single: nothing is not a global variable"), unknown.formatDiagnostics());
        ProjectException both = assertThrows(ProjectException.class,
                () -> yamlProject("  - {name: ev, single: trig, interval: 10ms, programs: [OnEdge]}\n"));
        assertTrue(both.getMessage().contains("project.yaml:3: tasks[0].interval: an event task (single) has no interval"),
                both.getMessage());
    }

    private static void awaitAtLeast(LongSupplier value, long wanted) throws InterruptedException {
        long end = System.nanoTime() + 3_000_000_000L;
        while (value.getAsLong() < wanted) {
            assertTrue(System.nanoTime() - end < 0, "still " + value.getAsLong() + ", wanted " + wanted);
            Thread.sleep(2);
        }
    }

    private static void awaitValue(PlcRuntime rt, String path, String literal) throws InterruptedException {
        long end = System.nanoTime() + 3_000_000_000L;
        while (true) {
            String v = String.valueOf(rt.variables(path).get(0).value());
            if (v.equalsIgnoreCase(literal)) {
                return;
            }
            assertTrue(System.nanoTime() - end < 0, path + " is " + v + ", wanted " + literal);
            Thread.sleep(2);
        }
    }
}
