package org.ringplc.runtime.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ringplc.lang.diag.Diagnostic;
import org.ringplc.lang.diag.DiagnosticCode;
import org.ringplc.lang.program.ConfigurationModel;
import org.ringplc.runtime.testing.FakeCompiler;
import org.ringplc.runtime.testing.FakeProgram;
import org.ringplc.runtime.testing.ProjectDir;

class ProjectLoaderTest {
    @TempDir
    Path tmp;

    private final FakeCompiler compiler = new FakeCompiler(new FakeProgram("Main"), new FakeProgram("Pump"));

    private String yamlName(Path dir) {
        return dir.resolve("project.yaml").normalize().toString();
    }

    private ProjectException rejected(String yaml) {
        Path dir = ProjectDir.write(tmp.resolve("p"), yaml);
        return assertThrows(ProjectException.class, () -> ProjectLoader.load(List.of(dir), compiler));
    }

    @Test
    void badDurationNamesFileLineAndKey() {
        ProjectException e = rejected("""
                name: demo
                tasks:
                  - name: main
                    interval: 10 parsecs
                    programs: [Main]
                """);
        assertEquals(List.of(yamlName(tmp.resolve("p")) + ":4: tasks[0].interval: \"10 parsecs\" is not a duration"
                + " (write 10ms, T#10ms or 1s)"), e.problems());
    }

    @Test
    void unknownKeyIsRejectedWithItsLineAndTheKnownKeys() {
        ProjectException e = rejected("""
                name: demo
                tasks:
                  - name: main
                    intervall: 10ms
                    programs: [Main]
                """);
        assertEquals(List.of(yamlName(tmp.resolve("p")) + ":4: tasks[0].intervall: unknown key"
                + " (known keys: name, interval, priority, programs, watchdog, cpu, spin, single)"), e.problems());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        ProjectException e = rejected("""
                nam: demo
                io:
                  backend: turbo
                  drivers:
                    - type: udp
                      listen: localhost
                      inputs: {offset: 0, size: 0}
                web: {port: 99999}
                """);
        String f = yamlName(tmp.resolve("p"));
        assertEquals(List.of(
                f + ":1: nam: unknown key (known keys: name, sources, tasks, io, web, simulation, retain)",
                f + ":3: io.backend: \"turbo\" is not a backend (auto, iouring or fallback)",
                f + ":6: io.drivers[0].listen: \"localhost\" is not host:port (e.g. 127.0.0.1:9600; port 0 picks a free one)",
                f + ":7: io.drivers[0].inputs.size: 0 is out of range 1..65495",
                f + ":8: web.port: 99999 is out of range 0..65535"), e.problems());
    }

    @Test
    void yamlSyntaxErrorNamesTheLine() {
        ProjectException e = rejected("name: demo\ntasks: [\n  - oops: : :\n");
        assertTrue(e.getMessage().startsWith(yamlName(tmp.resolve("p")) + ":"), e.getMessage());
        assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
    }

    @Test
    void missingProgramIsADiagnosticAtTheProjectYamlLine() throws Exception {
        Path dir = ProjectDir.write(tmp.resolve("p"), """
                name: demo
                tasks:
                  - name: fast
                    interval: T#5ms
                    programs:
                      - Main
                      - Mian
                """);
        LoadedProject p = ProjectLoader.load(List.of(dir), compiler);
        assertTrue(p.hasErrors());
        assertTrue(p.tasks().isEmpty());
        Diagnostic d = p.diagnostics().stream().filter(x -> x.severity() == org.ringplc.lang.diag.Severity.ERROR)
                .findFirst().orElseThrow();
        assertEquals(DiagnosticCode.PROJECT_ERROR, d.code());
        assertEquals(yamlName(dir), d.span().file());
        assertEquals(7, d.span().line());
        assertEquals("task fast: no PROGRAM named \"Mian\" in the sources (programs: Main, Pump)", d.message());
        // the formatted diagnostic shows the project.yaml line, since its text is among the sources
        assertTrue(p.formatDiagnostics().contains("      - Mian\n"), p.formatDiagnostics());
        assertThrows(ProjectException.class, p::requireRunnable);
    }

    @Test
    void tasksOfProjectYamlOverrideTheConfigurationOfTheSources() throws Exception {
        FakeCompiler withConfig = new FakeCompiler(new ConfigurationModel("cfg", List.of(new ConfigurationModel.Task(
                "slow", 100_000_000L, 3, List.of(new ConfigurationModel.Instance("m", "Main"))))),
                new FakeProgram("Main"), new FakeProgram("Pump"));
        Path dir = ProjectDir.write(tmp.resolve("p"), """
                tasks:
                  - name: fast
                    interval: 2ms
                    priority: 1
                    programs: [Pump, {instance: M2, program: Main}]
                    watchdog: {time: 1ms, sensitivity: 2}
                """);
        LoadedProject p = ProjectLoader.load(List.of(dir), withConfig);
        assertFalse(p.hasErrors(), p.formatDiagnostics());
        assertEquals("p", p.name());
        TaskPlan t = p.tasks().get(0);
        assertEquals(1, p.tasks().size());
        assertEquals("fast", t.name());
        assertEquals(2_000_000L, t.intervalNanos());
        assertEquals(List.of("Pump", "M2"), t.programs().stream().map(TaskPlan.Instance::name).toList());
        assertEquals(new WatchdogConfig(1_000_000L, 2), t.watchdog());
        assertEquals(List.of(), p.diagnostics());

        Path plain = ProjectDir.write(tmp.resolve("q"), "name: q\n");
        LoadedProject fromConfig = ProjectLoader.load(List.of(plain), withConfig);
        assertEquals("slow", fromConfig.tasks().get(0).name());
        assertEquals(100_000_000L, fromConfig.tasks().get(0).intervalNanos());
        assertEquals("m", fromConfig.tasks().get(0).programs().get(0).name());
    }

    @Test
    void aProgramNoTaskRunsIsAWarning() throws Exception {
        Path dir = ProjectDir.write(tmp.resolve("p"), "tasks:\n  - {name: main, programs: [Main]}\n");
        LoadedProject p = ProjectLoader.load(List.of(dir), compiler);
        assertFalse(p.hasErrors());
        assertEquals(1, p.tasks().size());
        assertEquals("PROGRAM Pump is not run by any task; list it in a task's programs to run it",
                p.diagnostics().get(0).message());
        assertEquals(org.ringplc.lang.diag.Severity.WARNING, p.diagnostics().get(0).severity());
    }

    @Test
    void looseFilesRunEveryProgramInOneTenMillisecondTask() throws Exception {
        Path a = Files.writeString(tmp.resolve("a.st"), "PROGRAM Main END_PROGRAM");
        Path b = Files.writeString(tmp.resolve("b.st"), "PROGRAM Pump END_PROGRAM");
        LoadedProject p = ProjectLoader.load(List.of(a, b), compiler);
        assertEquals(List.of(a.toString(), b.toString()), compiler.lastSources.stream().map(s -> s.name()).toList());
        assertEquals(1, p.tasks().size());
        assertEquals("main", p.tasks().get(0).name());
        assertEquals(10_000_000L, p.tasks().get(0).intervalNanos());
        assertEquals(List.of("Main", "Pump"), p.tasks().get(0).programs().stream().map(TaskPlan.Instance::name).toList());
        assertEquals("PROGRAM Pump END_PROGRAM", p.sources().get(b.toString()));
    }

    @Test
    void sourcesGlobThatMatchesNothingIsReported() {
        ProjectException e = rejected("sources: [lib/*.st]\n");
        assertTrue(e.getMessage().contains("sources[0]: \"lib/*.st\" matches no file"), e.getMessage());
    }

    @Test
    void driverOfAnUnknownTaskIsADiagnostic() throws Exception {
        Path dir = ProjectDir.write(tmp.resolve("p"), """
                io:
                  drivers:
                    - type: udp
                      task: fast
                      listen: 127.0.0.1:0
                      inputs: {offset: 0, size: 4}
                """);
        LoadedProject p = ProjectLoader.load(List.of(dir), compiler);
        assertEquals("driver udp0: no task named \"fast\" (tasks: main)", p.diagnostics().get(0).message());
        assertEquals(3, p.diagnostics().get(0).span().line());
    }

    @Test
    void sqpollIsOffByDefaultAndOnWithTrueOrWithItsSettings() throws Exception {
        String task = "tasks:\n  - {name: main, programs: [Main]}\n";
        LoadedProject none = ProjectLoader.load(List.of(ProjectDir.write(tmp.resolve("a"), task)), compiler);
        assertEquals(SqpollConfig.OFF, none.config().io().sqpoll());
        LoadedProject off = ProjectLoader.load(List.of(ProjectDir.write(tmp.resolve("b"), task + "io: {sqpoll: false}\n")),
                compiler);
        assertFalse(off.config().io().sqpoll().enabled());
        LoadedProject on = ProjectLoader.load(List.of(ProjectDir.write(tmp.resolve("c"), task + "io: {sqpoll: true}\n")),
                compiler);
        assertEquals(new SqpollConfig(true, SqpollConfig.DEFAULT_IDLE_MILLIS, -1), on.config().io().sqpoll());
        LoadedProject tuned = ProjectLoader.load(List.of(ProjectDir.write(tmp.resolve("d"), task + """
                io:
                  sqpoll: {idle: 2ms, cpu: 1}
                """)), compiler);
        assertEquals(new SqpollConfig(true, 2, 1), tuned.config().io().sqpoll());
        assertEquals("{idle: 2ms, cpu: 1}", tuned.config().io().sqpoll().toString());
        LoadedProject idleOnly = ProjectLoader.load(List.of(ProjectDir.write(tmp.resolve("e"), task + """
                io:
                  sqpoll:
                    idle: T#1s500ms
                """)), compiler);
        assertEquals(new SqpollConfig(true, 1500, -1), idleOnly.config().io().sqpoll());
    }

    @Test
    void badSqpollSettingsNameFileLineAndKey() {
        String f = yamlName(tmp.resolve("p"));
        assertEquals(List.of(f + ":2: io.sqpoll: \"yes please\" is not true, false or {idle: 2ms, cpu: 1}"),
                rejected("io:\n  sqpoll: yes please\n").problems());
        assertEquals(List.of(
                f + ":5: io.sqpoll.spin: unknown key (known keys: idle, cpu)",
                f + ":3: io.sqpoll.idle: 500us is not a whole number of milliseconds (the kernel counts the poller's"
                        + " idle time in ms)",
                f + ":4: io.sqpoll.cpu: -2 is out of range 0..1023"),
                rejected("io:\n  sqpoll:\n    idle: 500us\n    cpu: -2\n    spin: 1ms\n").problems());
        assertEquals(List.of(f + ":2: io.sqpoll.idle: \"soon\" is not a duration (write 10ms, T#10ms or 1s)",
                        f + ":3: io.sqpoll.cpu: \"all\" is not a whole number"),
                rejected("io:\n  sqpoll: {idle: soon,\n    cpu: all}\n").problems());
        assertEquals(List.of(f + ":2: io.sqpoll.idle: 120s is longer than 60s"),
                rejected("io:\n  sqpoll: {idle: 2m}\n").problems());
    }

    @Test
    void durationsAcceptPlainAndIecForms() {
        assertEquals(10_000_000L, Durations.parseNanos("10ms"));
        assertEquals(10_000_000L, Durations.parseNanos("T#10ms"));
        assertEquals(1_500_000_000L, Durations.parseNanos("TIME#1s500ms"));
        assertEquals(500_000L, Durations.parseNanos("500us"));
        assertEquals(90_000_000_000L, Durations.parseNanos("1m30s"));
        assertEquals(1_500_000L, Durations.parseNanos("1.5ms"));
        assertEquals(-1, Durations.parseNanos("10"));
        assertEquals(-1, Durations.parseNanos("10 parsecs"));
    }
}
