package org.ringplc.runtime.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ringplc.lang.program.ValueType;
import org.ringplc.runtime.PlcRuntime;
import org.ringplc.runtime.RuntimeOptions;
import org.ringplc.runtime.Runtimes;
import org.ringplc.runtime.TaskStatus;
import org.ringplc.runtime.testing.FakeCompiler;
import org.ringplc.runtime.testing.FakeProgram;
import org.ringplc.runtime.project.ProjectLoader;
import org.ringplc.runtime.testing.ProjectDir;

class WatchdogTest {
    @TempDir
    Path tmp;

    @Test
    void watchdogFaultsTheTaskAfterTheToleratedSlowCycles() throws Exception {
        FakeProgram slow = new FakeProgram("Main").var("sleepMs", ValueType.DINT).var("n", ValueType.DINT)
                .body((v, c) -> {
                    v.set("n", v.get("n") + 1);
                    if (v.get("sleepMs") > 0) {
                        try {
                            Thread.sleep(v.get("sleepMs"));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
        FakeProgram other = new FakeProgram("Other").var("n", ValueType.DINT).body((v, c) -> v.set("n", v.get("n") + 1));
        Path dir = ProjectDir.write(tmp.resolve("p"), """
                tasks:
                  - {name: main, interval: 20ms, programs: [Main], watchdog: {time: 10ms, sensitivity: 3}}
                  - {name: other, interval: 5ms, programs: [Other]}
                """);
        try (PlcRuntime rt = Runtimes.start(ProjectLoader.load(List.of(dir), new FakeCompiler(slow, other)),
                RuntimeOptions.defaults())) {
            Thread.sleep(60);
            assertEquals("RUN", rt.status().state());
            CycleSamples.Copy c = ((ScanRuntime) rt).tasks().get(1).samples().copy();
            assertTrue(c.total() >= 5 && c.execNanos().length == c.total(), "samples " + c.total());
            // a cycle starts after its boundary, never before it
            assertTrue(java.util.Arrays.stream(c.wakeupNanos()).allMatch(w -> w >= 0));
            assertEquals(3, CycleSamples.Copy.quantile(new long[] {5, 1, 3, 2, 4}, 0.5));
            assertEquals(5, CycleSamples.Copy.quantile(new long[] {5, 1, 3, 2, 4}, 0.999));
            rt.write("Main.sleepMs", 15, "test");
            long end = System.currentTimeMillis() + 3_000;
            while (!rt.status().tasks().get(0).state().equals("FAULT") && System.currentTimeMillis() < end) {
                Thread.sleep(5);
            }
            TaskStatus main = rt.status().tasks().get(0);
            assertEquals("FAULT", main.state());
            assertTrue(main.fault().startsWith("watchdog: the cycle took "), main.fault());
            assertTrue(main.fault().endsWith("the limit is 10000 us (3 cycles in a row)"), main.fault());
            long n = (long) rt.variables("Main.n").get(0).value();
            // three slow cycles: the fault came in the third one after the write, not the first
            assertTrue(n >= 4, "cycles " + n);
            assertEquals("RUN", rt.status().tasks().get(1).state());
        }
    }
}
