package org.ringplc.runtime.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ringplc.runtime.RuntimeOptions;
import org.ringplc.runtime.Runtimes;
import org.ringplc.runtime.project.LoadedProject;
import org.ringplc.runtime.project.ProjectLoader;

/**
 * Real-time settings of scan threads, checked with the kernel's own answers (sched_getscheduler,
 * sched_getaffinity, PR_GET_TIMERSLACK). Where the system refuses SCHED_FIFO (no CAP_SYS_NICE),
 * the refusal must say so and name the remedy.
 */
class RealtimeThreadsTest {
    @TempDir
    Path tmp;

    private static <T> T onNewThread(java.util.function.Supplier<T> body) throws InterruptedException {
        AtomicReference<T> out = new AtomicReference<>();
        Thread t = new Thread(() -> out.set(body.get()));
        t.start();
        t.join();
        return out.get();
    }

    record Seen(RealtimeThreads.Outcome outcome, int policy, int priority, List<Integer> cpus, long slack) {
    }

    @Test
    void aScanThreadGetsFifoItsCpuAndMinimalTimerSlackOrSaysWhy() throws Exception {
        assumeTrue(RealtimeThreads.isAvailable(), RealtimeThreads.unavailableReason());
        Seen s = onNewThread(() -> {
            RealtimeThreads.Outcome o = RealtimeThreads.configureCurrentThread(TaskPolicy.fifoPriority(30), 0);
            Seen seen = new Seen(o, RealtimeThreads.currentPolicy(), RealtimeThreads.currentPriority(),
                    RealtimeThreads.currentAffinity(), RealtimeThreads.currentTimerSlack());
            RealtimeThreads.resetCurrentThread();
            return seen;
        });
        assertTrue(s.outcome().tid() > 0);
        // 1 ns as asked; kernels since 6.7 report 0 for a SCHED_FIFO thread (no slack for RT tasks)
        assertTrue(s.slack() == 1 || s.slack() == 0 && s.policy() == RealtimeThreads.SCHED_FIFO, "timer slack " + s.slack());
        assertEquals(1, s.outcome().timerSlackNs());
        assertEquals(List.of(0), s.cpus());
        assertEquals(0, s.outcome().cpu());
        if (s.outcome().fifoPriority() > 0) {
            assertEquals(RealtimeThreads.SCHED_FIFO, s.policy());
            assertEquals(50, s.priority());
            assertTrue(s.outcome().refusals().isEmpty(), s.outcome().refusals().toString());
        } else {
            assertEquals(RealtimeThreads.SCHED_OTHER, s.policy());
            String r = s.outcome().refusals().get(0);
            assertTrue(r.startsWith("SCHED_FIFO priority 50 refused (EPERM): run as root or grant CAP_SYS_NICE"), r);
        }
    }

    @Test
    void iecPrioritiesKeepTheirOrderAsFifoPriorities() {
        assertEquals(80, TaskPolicy.fifoPriority(0));
        assertEquals(49, TaskPolicy.fifoPriority(31));
        assertTrue(TaskPolicy.fifoPriority(3) > TaskPolicy.fifoPriority(4));
    }

    @Test
    void aCpuThatDoesNotExistIsReportedOnceInTheStatusAndTheTaskRuns() throws Exception {
        assumeTrue(RealtimeThreads.isAvailable(), RealtimeThreads.unavailableReason());
        Path dir = tmp.resolve("p");
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("project.yaml"), """
                tasks:
                  - {name: fast, interval: 2ms, priority: 2, cpu: 1000, programs: [Main]}
                """);
        Files.writeString(dir.resolve("src/main.st"), "PROGRAM Main\nVAR n : DINT; END_VAR\nn := n + 1;\nEND_PROGRAM\n");
        LoadedProject p = ProjectLoader.load(List.of(dir));
        try (ScanRuntime rt = (ScanRuntime) Runtimes.start(p, RuntimeOptions.defaults().withRealtime(true))) {
            Thread.sleep(50);
            List<String> w = rt.status().warnings();
            assertTrue(w.stream().anyMatch(x -> x.startsWith("task fast: CPU affinity 1000 refused (EINVAL)")), w.toString());
            RealtimeThreads.Outcome o = rt.tasks().get(0).realtimeOutcome();
            assertEquals(-1, o.cpu());
            assertEquals(1, o.timerSlackNs());
            if (o.fifoPriority() > 0) {
                assertEquals(78, o.fifoPriority());
            }
            assertEquals("RUN", rt.status().state());
            assertTrue((long) rt.variables("Main.n").get(0).value() > 5);
        }
    }

    @Test
    void spinAndCpuAreValidatedInProjectYaml() throws Exception {
        Path dir = tmp.resolve("bad");
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("project.yaml"), """
                tasks:
                  - {name: fast, interval: 1ms, spin: 600us, cpu: -2, programs: [Main]}
                """);
        Files.writeString(dir.resolve("src/main.st"), "PROGRAM Main\nEND_PROGRAM\n");
        org.ringplc.runtime.project.ProjectException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.ringplc.runtime.project.ProjectException.class, () -> ProjectLoader.load(List.of(dir)));
        assertTrue(e.getMessage().contains("tasks[0].spin: 600us is more than half the interval"), e.getMessage());
        assertTrue(e.getMessage().contains("tasks[0].cpu: -2 is out of range 0..1023"), e.getMessage());
    }
}
