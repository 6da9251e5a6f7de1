package org.ringplc.runtime.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
 * thread itself with the JVM's per-thread allocation counter while cycles run with I/O (input
 * datagrams arriving, received with RECV_LATEST, and outputs sent), a force and the monitor
 * reading, on io_uring (auto) and on the fallback.
 */
class ScanLoopAllocationTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"auto", "fallback"})
    void steadyCyclesAllocateNothing(String backend) throws Exception {
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
                      backend: %s
                      drivers:
                        - {type: udp, listen: "127.0.0.1:0", peer: "127.0.0.1:%d", inputs: {offset: 0, size: 2}, outputs: {offset: 0, size: 2}}
                    """.formatted(backend, peer.getLocalPort()));
            LoadedProject project = ProjectLoader.load(List.of(dir), new FakeCompiler(p));
            try (PlcRuntime rt = Runtimes.start(project, RuntimeOptions.defaults())) {
                rt.force("Main.n", 5, "test");
                // a trend recording every cycle is part of the steady state too
                org.ringplc.runtime.TraceHandle trace = rt.trace(List.of("Main.n", "Main.out"), 64);
                Thread scan = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().equals(TaskPolicy.THREAD_PREFIX + "main")).findFirst().orElseThrow();
                String address = rt.status().drivers().get(0).address();
                Peer wire = new Peer(peer, new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        Integer.parseInt(address.substring(address.lastIndexOf(':') + 1))));
                assertEquals(List.of("inputs: newest datagram per cycle (RECV_LATEST)"),
                        rt.status().drivers().get(0).details());
                wire.exchangeFor(200);  // warm-up: class loading, JIT, the receive paths of the first datagrams
                // Windows of 150 ms (about 150 cycles) until one allocates nothing: an allocation per
                // cycle, or per datagram received or sent, shows in every window; the JIT's one-off
                // tier changes (a deoptimisation re-creating scalar-replaced objects) settle.
                List<String> windows = new ArrayList<>();
                long allocated = -1;
                while (allocated != 0 && windows.size() < 12) {
                    long cycles0 = rt.status().tasks().get(0).cycles();
                    long received0 = rt.status().drivers().get(0).received();
                    long before = mx.getThreadAllocatedBytes(scan.getId());
                    wire.exchangeFor(150);
                    allocated = mx.getThreadAllocatedBytes(scan.getId()) - before;
                    long cycles = rt.status().tasks().get(0).cycles() - cycles0;
                    long received = rt.status().drivers().get(0).received() - received0;
                    windows.add(allocated + " bytes in " + cycles + " cycles, " + received + " inputs");
                    assertTrue(cycles > 30, windows.toString());
                    assertTrue(received > 15, windows.toString());
                }
                assertEquals(0, allocated, "per window: " + windows);
                assertEquals(0, rt.status().drivers().get(0).rejected());
                assertEquals(42L, rt.variables("Main.out").get(0).value());
                assertEquals(5L, rt.variables("Main.n").get(0).value());
                assertTrue(trace.read(0).samples().size() > 10);
            }
        }
    }

    /** The test's end of the wire: inputs to the PLC, its outputs drained. */
    private static final class Peer {
        private final DatagramSocket socket;
        private final InetSocketAddress plc;
        private int seq;

        Peer(DatagramSocket socket, InetSocketAddress plc) {
            this.socket = socket;
            this.plc = plc;
        }

        void exchangeFor(long millis) throws java.io.IOException {
            byte[] drain = new byte[64];
            byte[] input = {'R', 'P', 'I', 'O', 1, 0, 0, 0, 0, 0, 0, 0, 41, 0};
            long end = System.currentTimeMillis() + millis;
            socket.setSoTimeout(50);
            while (System.currentTimeMillis() < end) {
                // one input per output, sometimes two, so that some cycles find a backlog
                for (int k = seq % 3 == 0 ? 2 : 1; k > 0; k--) {
                    seq++;
                    java.nio.ByteBuffer.wrap(input).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(8, seq);
                    socket.send(new DatagramPacket(input, input.length, plc));
                }
                try {
                    socket.receive(new DatagramPacket(drain, drain.length));
                } catch (java.net.SocketTimeoutException ignored) {
                    // keep going until the time is up
                }
            }
        }
    }
}
