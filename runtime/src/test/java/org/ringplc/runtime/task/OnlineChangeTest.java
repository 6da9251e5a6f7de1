package org.ringplc.runtime.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ringplc.runtime.DeployMode;
import org.ringplc.runtime.DeployReport;
import org.ringplc.runtime.MonitorSubscription;
import org.ringplc.runtime.PlcRuntime;
import org.ringplc.runtime.RuntimeOptions;
import org.ringplc.runtime.Runtimes;
import org.ringplc.runtime.TraceData;
import org.ringplc.runtime.TraceHandle;
import org.ringplc.runtime.project.Durations;
import org.ringplc.runtime.project.LoadedProject;
import org.ringplc.runtime.project.ProjectLoader;

/** Online change and traces on the real runtime with compiled Structured Text. */
class OnlineChangeTest {
    @TempDir
    Path tmp;

    private static final String YAML = """
            tasks:
              - {name: main, interval: 5ms, programs: [Main]}
            """;

    private static final String V1 = """
            PROGRAM Main
            VAR
                n : DINT;
                t1 : TON;
                f : INT;
                gone : INT := 3;
            END_VAR
            n := n + 1;
            t1(IN := TRUE, PT := T#1h);
            f := 1;
            END_PROGRAM
            """;

    private static final String V2 = """
            PROGRAM Main
            VAR
                n : DINT;
                t1 : TON;
                f : INT;
                extra : INT := 42;
            END_VAR
            n := n + 1;
            t1(IN := TRUE, PT := T#1h);
            f := 2;
            extra := extra + 1;
            END_PROGRAM
            """;

    private LoadedProject project(String name, String yaml, String st) throws Exception {
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("project.yaml"), yaml);
        Files.writeString(dir.resolve("src/main.st"), st);
        LoadedProject p = ProjectLoader.load(List.of(dir));
        assertFalse(p.hasErrors(), p.formatDiagnostics());
        return p;
    }

    private static PlcRuntime start(LoadedProject p) throws Exception {
        return Runtimes.start(p, RuntimeOptions.defaults().withRealtime(false));
    }

    /** The next frame of {@code sub}, waiting for it. */
    private static MonitorSubscription.Frame next(MonitorSubscription sub) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < end) {
            MonitorSubscription.Frame f = sub.poll();
            if (f != null) {
                return f;
            }
            Thread.sleep(1);
        }
        throw new AssertionError("no frame");
    }

    private static long nanos(Object time) {
        return Durations.parseNanos((String) time);
    }

    @Test
    void counterAndTimerKeepGoingAcrossAnOnlineChangeThatAddsAVariable() throws Exception {
        try (PlcRuntime rt = start(project("v1", YAML, V1))) {
            MonitorSubscription sub = rt.monitor(List.of("Main.n", "Main.t1.ET", "Main.f"));
            rt.force("Main.f", 7, "tester");
            Thread.sleep(100);
            MonitorSubscription.Frame before = next(sub);
            // every cycle counts once: in the snapshot of cycle c the counter is c
            assertEquals(before.cycle(), (long) before.values().get("Main.n"));
            long etBefore = nanos(before.values().get("Main.t1.ET"));
            assertTrue(etBefore > 0, "the TON runs");

            LoadedProject v2 = project("v2", YAML, V2);
            long overrunsBefore = rt.status().tasks().get(0).overruns();
            DeployReport r = rt.deploy(v2, DeployMode.ONLINE, "tester");
            assertEquals(DeployReport.Outcome.CHANGED_ONLINE, r.outcome(), r.message());
            assertEquals(List.of("Main.extra"), r.added());
            assertEquals(List.of("Main.gone"), r.dropped());
            assertEquals(List.of(), r.reset());
            assertEquals(List.of(), r.forcesDropped());
            assertEquals(1, r.firstCycle().size());

            // frames after the change: same counting, no cycle lost, the timer went on timing
            MonitorSubscription.Frame after = null;
            for (int i = 0; i < 20; i++) {
                MonitorSubscription.Frame f = next(sub);
                assertEquals(f.cycle(), (long) f.values().get("Main.n"), "cycle " + f.cycle());
                after = f;
                Thread.sleep(3);
            }
            assertNotNull(after);
            assertTrue(after.cycle() > r.firstCycle().get(0));
            long etAfter = nanos(after.values().get("Main.t1.ET"));
            long cyclesBetween = after.cycle() - before.cycle();
            // the TON's start time was carried: ET grew by at least the periods in between
            assertTrue(etAfter >= etBefore + (cyclesBetween - 1) * 5_000_000L,
                    "ET " + etBefore + " -> " + etAfter + " over " + cyclesBetween + " cycles");
            // the force holds although the new program writes 2
            assertEquals(7L, after.values().get("Main.f"));
            assertEquals("Main.f", rt.forces().get(0).path());
            assertTrue(rt.variables("Main.f").get(0).forced());
            // the added variable started from its initial value and runs the new code
            long extra = (long) rt.variables("Main.extra").get(0).value();
            assertTrue(extra > 42, "extra " + extra);
            System.out.println("overruns before the change " + overrunsBefore + ", after " + rt.status().tasks().get(0).overruns()
                    + "; max cycle " + rt.status().tasks().get(0).maxUs() + " us; " + r.message());
        }
    }

    @Test
    void incompatibleChangesAreRefusedWithTheReasonAndTheOldProgramsKeepRunning() throws Exception {
        try (PlcRuntime rt = start(project("a", YAML, V1))) {
            DeployReport interval = rt.deploy(project("b", YAML.replace("5ms", "10ms"), V2), DeployMode.ONLINE, "tester");
            assertEquals(DeployReport.Outcome.REFUSED, interval.outcome());
            assertTrue(interval.message().contains("task main: the interval changes from 5 ms to 10 ms"), interval.message());
            assertTrue(interval.message().contains("mode restart"), interval.message());

            DeployReport io = rt.deploy(project("c", YAML + """
                    io:
                      drivers:
                        - {type: udp, listen: 127.0.0.1:0, inputs: {offset: 0, size: 4}}
                    """, V2), DeployMode.ONLINE, "tester");
            assertEquals(DeployReport.Outcome.REFUSED, io.outcome());
            assertTrue(io.message().contains("its I/O drivers change"), io.message());

            DeployReport sqpoll = rt.deploy(project("s", YAML + "io: {sqpoll: {idle: 2ms}}\n", V2), DeployMode.ONLINE,
                    "tester");
            assertEquals(DeployReport.Outcome.REFUSED, sqpoll.outcome());
            assertTrue(sqpoll.message().contains("io.sqpoll changes from false to {idle: 2ms}"), sqpoll.message());

            DeployReport broken = rt.deploy(brokenProject(), DeployMode.ONLINE, "tester");
            assertEquals(DeployReport.Outcome.REFUSED, broken.outcome());
            assertFalse(broken.diagnostics().isEmpty());

            // still the old programs: f is written 1, "gone" exists
            Thread.sleep(30);
            assertEquals(1L, rt.variables("Main.f").get(0).value());
            assertEquals(3L, rt.variables("Main.gone").get(0).value());
        }
    }

    private LoadedProject brokenProject() throws IOException {
        Path dir = tmp.resolve("broken");
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("project.yaml"), YAML);
        Files.writeString(dir.resolve("src/main.st"), "PROGRAM Main\nVAR n : DINT; END_VAR\nn := undefined + 1;\nEND_PROGRAM\n");
        try {
            return ProjectLoader.load(List.of(dir));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aForceWhoseVariableVanishesIsDroppedAndReported() throws Exception {
        try (PlcRuntime rt = start(project("d", YAML, V1))) {
            rt.force("Main.gone", 5, "tester");
            rt.force("Main.f", 9, "tester");
            DeployReport r = rt.deploy(project("e", YAML, V2), DeployMode.ONLINE, "tester");
            assertEquals(DeployReport.Outcome.CHANGED_ONLINE, r.outcome(), r.message());
            assertEquals(List.of("Main.gone: the variable is gone"), r.forcesDropped());
            assertEquals(List.of("Main.f"), rt.forces().stream().map(f -> f.path()).toList());
        }
    }

    @Test
    void restartModeStartsTheNewProjectAndClearsForces() throws Exception {
        try (PlcRuntime rt = start(project("f", YAML, V1))) {
            rt.force("Main.f", 9, "tester");
            DeployReport r = rt.deploy(project("g", YAML.replace("5ms", "10ms"), V2), DeployMode.RESTART, "tester");
            assertEquals(DeployReport.Outcome.RESTARTED, r.outcome(), r.message());
            assertTrue(r.message().contains("1 force(s) cleared"), r.message());
            assertTrue(rt.forces().isEmpty());
            assertEquals(10_000, rt.status().tasks().get(0).intervalUs());
            Thread.sleep(50);
            assertEquals("RUN", rt.status().state());
            assertEquals(2L, rt.variables("Main.f").get(0).value());
        }
    }

    @Test
    void aTraceRecordsEveryCycleIntoItsRingAndFollowsAnOnlineChange() throws Exception {
        try (PlcRuntime rt = start(project("h", YAML, V1))) {
            TraceHandle trace = rt.trace(List.of("Main.n", "Main.f"), 1000);
            assertEquals("main", trace.task());
            TraceData d = awaitRows(trace, 0, 5);
            assertTrue(d.samples().size() >= 3, "rows " + d.samples().size());
            for (int i = 0; i < d.samples().size(); i++) {
                TraceData.Sample s = d.samples().get(i);
                assertEquals(s.cycle(), (long) s.values().get(0));
                if (i > 0) {
                    assertEquals(d.samples().get(i - 1).cycle() + 1, s.cycle(), "consecutive cycles");
                    assertTrue(s.timeNanos() > d.samples().get(i - 1).timeNanos());
                }
            }
            long last = d.lastCycle();
            DeployReport r = rt.deploy(project("i", YAML, V2), DeployMode.ONLINE, "tester");
            assertEquals(DeployReport.Outcome.CHANGED_ONLINE, r.outcome(), r.message());
            TraceData d2 = awaitRows(trace, last, 5);
            assertTrue(d2.samples().get(0).cycle() == last + 1, "no gap: " + d2.samples().get(0).cycle() + " after " + last);
            TraceData.Sample newest = d2.samples().get(d2.samples().size() - 1);
            assertEquals(newest.cycle(), (long) newest.values().get(0));
            assertEquals(2L, newest.values().get(1), "the trace reads the new program's variables");
            trace.close();
            long closedAt = trace.read(0).lastCycle();
            Thread.sleep(30);
            assertEquals(closedAt, trace.read(0).lastCycle());
        }
    }

    @Test
    void aSmallTraceKeepsOnlyTheNewestCycles() throws Exception {
        try (PlcRuntime rt = start(project("j", YAML, V1))) {
            TraceHandle trace = rt.trace(List.of("Main.n"), 4);
            TraceData d = awaitRows(trace, 0, 4);
            assertEquals(4, d.samples().size());
            long first = d.samples().get(0).cycle();
            // four more cycles later the ring holds only the four newest
            awaitRows(trace, d.lastCycle() + 3, 1);
            TraceData later = trace.read(0);
            assertEquals(4, later.samples().size());
            assertTrue(later.samples().get(0).cycle() >= first + 4, first + " -> " + later.samples().get(0).cycle());
            org.junit.jupiter.api.Assertions.assertThrows(org.ringplc.runtime.ValueRejectedException.class,
                    () -> rt.trace(List.of("Main.nope"), 10));
            // by default a minute at the task's 5 ms
            assertEquals(12_000, rt.trace(List.of("Main.n"), 0).capacity());
            org.ringplc.runtime.ValueRejectedException tooMany = org.junit.jupiter.api.Assertions.assertThrows(
                    org.ringplc.runtime.ValueRejectedException.class, () -> rt.trace(java.util.Collections.nCopies(17, "Main.n"), 10));
            assertTrue(tooMany.getMessage().contains("at most 16"), tooMany.getMessage());
        }
    }

    /** Waits until the trace has {@code rows} rows after {@code since}. */
    private static TraceData awaitRows(TraceHandle trace, long since, int rows) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        TraceData d = trace.read(since);
        while (d.samples().size() < rows && System.nanoTime() < end) {
            Thread.sleep(5);
            d = trace.read(since);
        }
        return d;
    }
}
