package org.ringplc.runtime.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SCHED_FIFO refused for real: the runtime runs in a child JVM whose capability bounding set
 * lacks CAP_SYS_NICE (setpriv, util-linux) and whose RLIMIT_RTPRIO is 0, as for an ordinary
 * user. The runtime must say once what was refused and how to grant it, and scan all the same.
 */
class RealtimeRefusalTest {
    @TempDir
    Path tmp;

    @Test
    void withoutCapSysNiceTheWarningNamesTheRemedyAndTheTaskRuns() throws Exception {
        Path setpriv = Path.of("/usr/bin/setpriv");
        assumeTrue(Files.isExecutable(setpriv) && Files.isExecutable(Path.of("/usr/bin/prlimit")),
                "setpriv and prlimit (util-linux) are not installed");
        assumeTrue(RealtimeThreads.isAvailable(), RealtimeThreads.unavailableReason());
        Path dir = tmp.resolve("p");
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("project.yaml"), """
                tasks:
                  - {name: main, interval: 5ms, priority: 0, programs: [Main]}
                  - {name: slow, interval: 20ms, priority: 4, programs: [{instance: Other, program: Main}]}
                """);
        Files.writeString(dir.resolve("src/main.st"), "PROGRAM Main\nVAR n : DINT; END_VAR\nn := n + 1;\nEND_PROGRAM\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(setpriv.toString(), "--bounding-set=-sys_nice", "--inh-caps=-sys_nice",
                "--", "prlimit", "--rtprio=0", java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                RealtimeChild.class.getName(), dir.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child did not end");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        List<String> warnings = out.lines().filter(l -> l.startsWith("warning: ")).toList();
        List<String> fifo = warnings.stream().filter(w -> w.contains("SCHED_FIFO")).toList();
        // one line per distinct refusal, naming the tasks it concerns
        assertEquals(2, fifo.size(), out);
        assertTrue(fifo.get(0).startsWith("warning: task main: SCHED_FIFO priority 80 refused (EPERM): run as root or grant"
                + " CAP_SYS_NICE"), fifo.get(0));
        assertTrue(fifo.get(0).endsWith("running with normal priority"), fifo.get(0));
        assertTrue(fifo.get(1).startsWith("warning: task slow: SCHED_FIFO priority 76 refused (EPERM)"), fifo.get(1));
        assertTrue(out.contains("state: RUN"), out);
        long n = Long.parseLong(out.lines().filter(l -> l.startsWith("n: ")).findFirst().orElseThrow().substring(3));
        assertTrue(n > 5, out);
    }
}
