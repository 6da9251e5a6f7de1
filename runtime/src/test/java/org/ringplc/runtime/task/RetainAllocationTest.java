package org.ringplc.runtime.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ringplc.runtime.RuntimeOptions;
import org.ringplc.runtime.Runtimes;
import org.ringplc.runtime.project.LoadedProject;
import org.ringplc.runtime.project.ProjectLoader;

/**
 * Retain captures cost the scan thread no allocation and no file I/O: with the writer saving
 * every 20 ms, the scan thread's allocation counter stays still while the file keeps changing.
 */
class RetainAllocationTest {
    @TempDir
    Path tmp;

    @Test
    void retainCapturesAllocateNothingOnTheScanThread() throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(mx.isThreadAllocatedMemorySupported());
        Path dir = tmp.resolve("p");
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("project.yaml"), """
                tasks: [{name: main, interval: 1ms, programs: [Main]}]
                retain: {interval: 20ms}
                """);
        Files.writeString(dir.resolve("src/main.st"), """
                PROGRAM Main
                VAR RETAIN n : DINT; s : STRING := 'x'; r : LREAL; END_VAR
                n := n + 1;
                r := r + 0.5;
                END_PROGRAM
                """);
        LoadedProject p = ProjectLoader.load(List.of(dir));
        assertFalse(p.hasErrors(), p.formatDiagnostics());
        Path state = tmp.resolve("state");
        try (ScanRuntime rt = (ScanRuntime) Runtimes.start(p, RuntimeOptions.defaults().withStateDirectory(state))) {
            Thread scan = rt.tasks().get(0).thread();
            Thread.sleep(300);
            long saves0 = rt.status().retain().saves();
            long cycles0 = rt.status().tasks().get(0).cycles();
            long before = mx.getThreadAllocatedBytes(scan.getId());
            Thread.sleep(300);
            long after = mx.getThreadAllocatedBytes(scan.getId());
            long cycles = rt.status().tasks().get(0).cycles() - cycles0;
            long saves = rt.status().retain().saves() - saves0;
            assertTrue(cycles > 50, "cycles " + cycles);
            assertTrue(saves >= 3, "saves " + saves);
            assertEquals(0, after - before, (after - before) + " bytes in " + cycles + " cycles with " + saves + " saves");
        }
    }
}
