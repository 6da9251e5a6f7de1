package org.ringplc.runtime.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ringplc.lang.program.ValueType;
import org.ringplc.runtime.PlcRuntime;
import org.ringplc.runtime.RuntimeOptions;
import org.ringplc.runtime.Runtimes;
import org.ringplc.runtime.project.LoadedProject;
import org.ringplc.runtime.project.ProjectLoader;
import org.ringplc.runtime.testing.FakeCompiler;
import org.ringplc.runtime.testing.FakeProgram;
import org.ringplc.runtime.testing.ProjectDir;

/**
 * The scan loop allocates nothing per cycle (STYLE.md, the hot path): measured on the scan
 * thread itself with the JVM's per-thread allocation counter while cycles run with I/O, a force
 * and the monitor reading.
 */
class ScanLoopAllocationTest {
    @TempDir
    Path tmp;

    @Test
    void steadyCyclesAllocateNothing() throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(mx.isThreadAllocatedMemorySupported());
        FakeProgram p = new FakeProgram("Main").at("in", ValueType.INT, "%IW0").at("out", ValueType.INT, "%QW0")
                .var("n", ValueType.DINT).body((v, c) -> {
                    v.set("n", v.get("n") + 1);
                    v.set("out", v.get("in") + 1);
                });
        try (DatagramSocket peer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Path dir = ProjectDir.write(tmp.resolve("p"), """
                    tasks: [{name: main, interval: 1ms, programs: [Main]}]
                    io:
                      drivers:
                        - {type: udp, listen: "127.0.0.1:0", peer: "127.0.0.1:%d", inputs: {offset: 0, size: 2}, outputs: {offset: 0, size: 2}}
                    """.formatted(peer.getLocalPort()));
            LoadedProject project = ProjectLoader.load(List.of(dir), new FakeCompiler(p));
            try (PlcRuntime rt = Runtimes.start(project, RuntimeOptions.defaults())) {
                rt.force("Main.n", 5, "test");
                // a trend recording every cycle is part of the steady state too
                org.ringplc.runtime.TraceHandle trace = rt.trace(List.of("Main.n", "Main.out"), 64);
                Thread scan = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().equals(TaskPolicy.THREAD_PREFIX + "main")).findFirst().orElseThrow();
                Thread.sleep(200);  // warm-up: class loading, JIT, first datagrams
                long cycles0 = rt.status().tasks().get(0).cycles();
                long before = mx.getThreadAllocatedBytes(scan.getId());
                byte[] drain = new byte[64];
                long end = System.currentTimeMillis() + 300;
                peer.setSoTimeout(50);
                while (System.currentTimeMillis() < end) {
                    try {
                        peer.receive(new DatagramPacket(drain, drain.length));
                    } catch (java.net.SocketTimeoutException ignored) {
                        // keep going until the time is up
                    }
                }
                long after = mx.getThreadAllocatedBytes(scan.getId());
                long cycles = rt.status().tasks().get(0).cycles() - cycles0;
                assertTrue(cycles > 50, "cycles " + cycles);
                assertEquals(0, after - before, (after - before) + " bytes allocated in " + cycles + " cycles");
                assertEquals(5L, rt.variables("Main.n").get(0).value());
                assertTrue(trace.read(0).samples().size() > 10);
            }
        }
    }
}
