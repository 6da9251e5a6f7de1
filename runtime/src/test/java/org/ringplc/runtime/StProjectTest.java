package org.ringplc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ringplc.runtime.project.LoadedProject;
import org.ringplc.runtime.project.ProjectLoader;
import org.ringplc.runtime.sim.PlcFaultException;
import org.ringplc.runtime.sim.Simulation;

/** Real Structured Text through the compiler, in the simulation and in the running runtime. */
class StProjectTest {
    @TempDir
    static Path tmp;

    @BeforeAll
    static void copyResources() throws IOException {

        for (String f : List.of("ton.st", "div.st", "wire/project.yaml", "wire/src/main.st")) {
            Path to = tmp.resolve(f);
            Files.createDirectories(to.getParent());
            try (var in = StProjectTest.class.getResourceAsStream("/st/" + f)) {
                Files.write(to, in.readAllBytes());
            }
        }
    }

    private static LoadedProject load(Path... paths) throws Exception {
        LoadedProject p = ProjectLoader.load(List.of(paths));
        assertFalse(p.hasErrors(), p.formatDiagnostics());
        return p;
    }

    @Test
    void tonQIsTrueFirstInCycleSixWithFiftyMillisecondsAtTenMillisecondCycles() throws Exception {
        Simulation sim = Simulation.create(load(tmp.resolve("ton.st")));
        sim.set("Main.start", "TRUE");
        sim.run(5);
        assertEquals(Map.of("Main.t1.Q", false, "Main.firstQ", 0L), sim.values(List.of("Main.t1.Q", "Main.firstQ")));
        sim.run(1);
        assertEquals(Map.of("Main.t1.Q", true, "Main.firstQ", 6L, "Main.t1.ET", "T#50ms"),
                sim.values(List.of("Main.t1.Q", "Main.firstQ", "Main.t1.ET")));
    }

    @Test
    void divisionByZeroInSimulationNamesTheStLine() throws Exception {
        Path div = tmp.resolve("div.st");
        Simulation sim = Simulation.create(load(div));
        sim.run(2);
        sim.set("Main.d", 0);
        PlcFaultException e = assertThrows(PlcFaultException.class, () -> sim.run(1));
        assertEquals(div.toString() + ":6: division by zero (task main, instance Main, cycle 3)", e.getMessage());
    }

    @Test
    void compiledProgramsRunInTheRuntimeWithUdpIo() throws Exception {
        try (DatagramSocket peer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            peer.setSoTimeout(100);
            Path dir = tmp.resolve("wire");
            Path yaml = dir.resolve("project.yaml");
            Files.writeString(yaml, Files.readString(yaml).replace("PEER_PORT", String.valueOf(peer.getLocalPort())));
            try (PlcRuntime rt = Runtimes.start(load(dir), RuntimeOptions.defaults())) {
                String address = rt.status().drivers().get(0).address();
                int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
                assertEquals(42, exchange(peer, port, 21, v -> v == 42));
                rt.force("Main.outp", 7, "alice");
                assertEquals(7, exchange(peer, port, 21, v -> v == 7));
                rt.unforceAll("alice");
                rt.write("Main.d", 0, "alice");
                assertEquals(0, exchange(peer, port, 21, v -> v == 0));
                long end = System.currentTimeMillis() + 3_000;
                while (!rt.status().state().equals("FAULT") && System.currentTimeMillis() < end) {
                    Thread.sleep(5);
                }
                TaskStatus main = rt.status().tasks().get(0);
                assertEquals("FAULT", main.state());
                assertEquals(dir.resolve("src/main.st") + ":9: Main: division by zero", main.fault());
                long n = (long) rt.variables("Counter.n").get(0).value();
                Thread.sleep(100);
                assertTrue((long) rt.variables("Counter.n").get(0).value() > n, "the other task keeps running");
            }
        }
    }

    private static int exchange(DatagramSocket peer, int port, int in, java.util.function.IntPredicate want)
            throws IOException {
        long end = System.currentTimeMillis() + 3_000;
        int last = Integer.MIN_VALUE;
        byte[] buf = new byte[64];
        while (System.currentTimeMillis() < end) {
            ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            b.put("RPIO".getBytes()).put((byte) 1).put(new byte[3]).putInt((int) System.nanoTime()).putShort((short) in);
            peer.send(new DatagramPacket(b.array(), 16, InetAddress.getLoopbackAddress(), port));
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                peer.receive(p);
                last = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN).getShort(12);
                if (want.test(last)) {
                    return last;
                }
            } catch (SocketTimeoutException again) {
                // send again
            }
        }
        throw new AssertionError("no matching output; last %QW0 = " + last);
    }
}
