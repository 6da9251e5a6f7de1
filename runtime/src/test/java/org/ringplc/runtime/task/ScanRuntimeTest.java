package org.ringplc.runtime.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ringplc.lang.program.ValueType;
import org.ringplc.runtime.MonitorSubscription;
import org.ringplc.runtime.PlcRuntime;
import org.ringplc.runtime.RuntimeOptions;
import org.ringplc.runtime.RuntimeStatus;
import org.ringplc.runtime.Runtimes;
import org.ringplc.runtime.TaskStatus;
import org.ringplc.runtime.ValueRejectedException;
import org.ringplc.runtime.project.LoadedProject;
import org.ringplc.runtime.project.ProjectLoader;
import org.ringplc.runtime.testing.FakeCompiler;
import org.ringplc.runtime.testing.FakeProgram;
import org.ringplc.runtime.testing.ProjectDir;

/**
 * The real runtime (threads, CycleIo, UDP driver) against a test peer on loopback: what an outside
 * observer of the wire and of the API sees.
 */
class ScanRuntimeTest {

    private static final long TIMEOUT_MS = 3_000;

    @TempDir
    Path tmp;

    private DatagramSocket peer;
    protected PlcRuntime rt;
    private int plcPort;
    private int seq;

    /** in: %IW0, flag: %IX2.0 → out := in * 2 (%QW0), led := flag (%QX2.1); a zero input divides by zero. */
    private static FakeProgram main() {
        return new FakeProgram("Main").at("in", ValueType.INT, "%IW0").at("flag", ValueType.BOOL, "%IX2.0")
                .at("out", ValueType.INT, "%QW0").at("led", ValueType.BOOL, "%QX2.1")
                .var("count", ValueType.DINT).var("divide", ValueType.BOOL)
                .body((v, c) -> {
                    v.set("count", v.get("count") + 1);
                    if (v.bool("divide") && v.get("in") == 0) {
                        ArithmeticException e = new ArithmeticException("/ by zero");
                        e.setStackTrace(new StackTraceElement[] {new StackTraceElement("Main", "run", "src/main.st", 12)});
                        throw e;
                    }
                    v.set("out", (short) (v.get("in") * 2));
                    v.set("led", v.get("flag"));
                });
    }

    /** The io.backend of the project; the subclasses run everything again on the fallback and on SQPOLL. */
    protected String backend() {
        return "auto";
    }

    /** More keys of the project's {@code io:} section, one indented line each ("  sqpoll: true\n"). */
    protected String ioOptions() {
        return "";
    }

    private static FakeProgram aux() {
        return new FakeProgram("Aux").var("n", ValueType.DINT).var("sleepMs", ValueType.DINT).body((v, c) -> {
            v.set("n", v.get("n") + 1);
            if (v.get("sleepMs") > 0) {
                try {
                    Thread.sleep(v.get("sleepMs"));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
    }

    @BeforeEach
    void openPeer() throws IOException {
        peer = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        peer.setSoTimeout(200);
    }

    @AfterEach
    void closeAll() {
        if (rt != null) {
            rt.close();
        }
        peer.close();
    }

    private void start(String tasks, RuntimeOptions options) throws Exception {
        Path dir = ProjectDir.write(tmp.resolve("p"), "name: wire\n" + tasks + """
                io:
                  backend: %s
                %s  drivers:
                    - type: udp
                      name: plant
                      task: main
                      listen: 127.0.0.1:0
                      peer: 127.0.0.1:%d
                      inputs: {offset: 0, size: 4}
                      outputs: {offset: 0, size: 4}
                """.formatted(backend(), ioOptions(), peer.getLocalPort()));
        LoadedProject p = ProjectLoader.load(List.of(dir), new FakeCompiler(main(), aux()));
        rt = Runtimes.start(p, options);
        String address = rt.status().drivers().get(0).address();
        plcPort = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    protected void start() throws Exception {
        start("""
                tasks:
                  - {name: main, interval: 5ms, programs: [Main]}
                  - {name: aux, interval: 10ms, programs: [Aux]}
                """, RuntimeOptions.defaults());
    }

    private void sendInput(int in, boolean flag) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'R').put((byte) 'P').put((byte) 'I').put((byte) 'O').put((byte) 1).put(new byte[3]);
        b.putInt(++seq).putShort((short) in).put((byte) (flag ? 1 : 0)).put((byte) 0);
        peer.send(new DatagramPacket(b.array(), 16, InetAddress.getLoopbackAddress(), plcPort));
    }

    /** Receives output datagrams until one has {@code %QW0} matching; returns its %QB2. */
    private int awaitOutput(IntPredicate out) throws IOException {
        long end = System.currentTimeMillis() + TIMEOUT_MS;
        byte[] buf = new byte[64];
        int last = Integer.MIN_VALUE;
        while (System.currentTimeMillis() < end) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                peer.receive(p);
            } catch (SocketTimeoutException again) {
                continue;
            }
            ByteBuffer b = ByteBuffer.wrap(buf, 0, p.getLength()).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(16, p.getLength());
            assertEquals(0x4F495052, b.getInt(0));    // "RPIO"
            assertEquals(1, b.get(4));
            last = b.getShort(12);
            if (out.test(last)) {
                return b.get(14);
            }
        }
        throw new AssertionError("no output datagram matched within " + TIMEOUT_MS + " ms; last %QW0 = " + last);
    }

    /** Keeps sending the input until an output matches (datagrams sent before the socket exists are lost). */
    protected int exchange(int in, boolean flag, IntPredicate out) throws IOException {
        long end = System.currentTimeMillis() + TIMEOUT_MS;
        while (System.currentTimeMillis() < end) {
            sendInput(in, flag);
            try {
                return awaitOutput(out);
            } catch (AssertionError retry) {
                // send again
            }
        }
        throw new AssertionError("no matching output for input " + in);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.currentTimeMillis() + TIMEOUT_MS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    /** The snapshot of a cycle is published just after its output datagram left: wait for it. */
    private void awaitValue(String path, Object expected) throws InterruptedException {
        await(path + " = " + expected + " (is " + value(path) + ")", () -> expected.equals(value(path)));
    }

    private Object value(String path) {
        return rt.variables(path).stream().filter(v -> v.path().equalsIgnoreCase(path)).findFirst().orElseThrow().value();
    }

    private TaskStatus task(String name) {
        return rt.status().tasks().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void inputDatagramReachesTheLocatedInputAndTheProgramOutputReachesThePeer() throws Exception {
        start();
        int flags = exchange(21, true, out -> out == 42);
        assertEquals(2, flags & 2, "led %QX2.1");
        awaitValue("Main.in", 21L);
        awaitValue("main.FLAG", true);
        RuntimeStatus s = rt.status();
        assertEquals("RUN", s.state());
        if (backend().equals("fallback")) {
            assertEquals("fallback", s.ioBackend());
        } else {
            assertTrue(s.ioBackend().equals("iouring") || s.ioBackend().equals("fallback"), s.ioBackend());
        }
        System.out.println("I/O backend: " + s.ioBackend() + " (" + s.ioBackendReason() + ")");
        assertTrue(s.drivers().get(0).received() > 0);
        assertTrue(s.drivers().get(0).sent() > 0);
    }

    @Test
    void invalidDatagramsAreCountedAndIgnored() throws Exception {
        start();
        exchange(21, false, out -> out == 42);
        byte[] junk = "XXXX garbage 123".getBytes();
        peer.send(new DatagramPacket(junk, junk.length, InetAddress.getLoopbackAddress(), plcPort));
        await("the rejected datagram", () -> rt.status().drivers().get(0).rejected() == 1);
        assertEquals(21L, value("Main.in"));
    }

    @Test
    void forcedOutputReachesThePeerWhateverTheProgramWrites() throws Exception {
        start();
        exchange(21, false, out -> out == 42);
        rt.force("Main.out", "INT#-7", "alice");
        exchange(21, false, out -> out == -7);
        awaitValue("Main.out", -7L);
        assertEquals(1, rt.forces().size());
        assertEquals("alice", rt.forces().get(0).user());
        assertEquals(-7L, rt.forces().get(0).value());
        assertTrue(rt.status().forcesActive());
        assertTrue(rt.variables("Main.out").get(0).forced());
        ValueRejectedException e = assertThrows(ValueRejectedException.class, () -> rt.write("Main.out", 1, "bob"));
        assertTrue(e.getMessage().startsWith("Main.out is forced to -7"), e.getMessage());
        rt.unforce("Main.out", "alice");
        exchange(21, false, out -> out == 42);
        assertTrue(rt.forces().isEmpty());
        assertThrows(ValueRejectedException.class, () -> rt.unforce("Main.out", "alice"));
    }

    @Test
    void forcedInputHidesTheRealInput() throws Exception {
        start();
        exchange(21, true, out -> out == 42);
        rt.force("Main.in", 5, "alice");
        rt.force("Main.flag", false, "alice");
        int flags = exchange(21, true, out -> out == 10);
        assertEquals(0, flags & 2, "led follows the forced flag");
        rt.unforceAll("alice");
        exchange(21, true, out -> out == 42);
        assertTrue(rt.forces().isEmpty());
    }

    @Test
    void oneShotWriteIsAppliedOnce() throws Exception {
        start();
        await("a few cycles", () -> (long) value("Main.count") > 3);
        rt.write("Main.count", 1_000_000, "bob");
        await("the write", () -> (long) value("Main.count") >= 1_000_000);
        long a = (long) value("Main.count");
        Thread.sleep(50);
        long b = (long) value("Main.count");
        // the program keeps counting from the written value: the write was not repeated
        assertTrue(b > a && a >= 1_000_000 && b < 1_000_000 + 1_000, a + " then " + b);
        assertThrows(ValueRejectedException.class, () -> rt.write("Main.count", "lots", "bob"));
    }

    @Test
    void divisionByZeroFaultsTheTaskDrivesItsOutputsToZeroAndTheRuntimeKeepsServing() throws Exception {
        start();
        int flags = exchange(21, true, out -> out == 42);
        assertEquals(2, flags & 2);
        rt.write("Main.divide", true, "bob");
        sendInput(0, true);
        await("the fault", () -> task("main").state().equals("FAULT"));
        TaskStatus main = task("main");
        assertEquals("src/main.st:12: Main: division by zero", main.fault());
        assertEquals("FAULT", rt.status().state());
        // the safe state was sent: %QW0 = 0 and the led off
        long end = System.currentTimeMillis() + TIMEOUT_MS;
        int led = -1;
        while (System.currentTimeMillis() < end) {
            led = awaitOutput(out -> out == 0);
            if ((led & 2) == 0) {
                break;
            }
        }
        assertEquals(0, led & 2);
        awaitValue("Main.out", 0L);
        awaitValue("Main.led", false);
        // the other task keeps scanning, the API keeps answering
        long n = (long) value("Aux.n");
        await("aux cycles", () -> (long) value("Aux.n") > n + 3);
        assertEquals("RUN", task("aux").state());
        rt.write("Main.divide", false, "bob");
        rt.start();
        exchange(21, true, out -> out == 42);
        assertEquals("RUN", rt.status().state());
    }

    @Test
    void overrunsAreCountedWithoutCatchUpBursts() throws Exception {
        start("""
                tasks:
                  - {name: main, interval: 5ms, programs: [Main]}
                  - {name: aux, interval: 10ms, programs: [Aux]}
                """, RuntimeOptions.defaults());
        rt.write("Aux.sleepMs", 25, "bob");
        await("the sleeping program", () -> task("aux").overruns() > 0);
        TaskStatus before = task("aux");
        Thread.sleep(300);
        TaskStatus after = task("aux");
        long cycles = after.cycles() - before.cycles();
        long overruns = after.overruns() - before.overruns();
        // 25 ms programs in a 10 ms task: a cycle every 30 ms (the next boundary), each an overrun
        assertTrue(cycles >= 5 && cycles <= 13, "cycles " + cycles);
        assertTrue(overruns >= cycles - 1 && overruns <= cycles + 1, overruns + " overruns in " + cycles + " cycles");
        assertTrue(after.maxUs() >= 25_000, "max " + after.maxUs());
        rt.write("Aux.sleepMs", 0, "bob");
        await("fast cycles", () -> task("aux").lastUs() < 10_000);
        TaskStatus calm = task("aux");
        Thread.sleep(200);
        long later = task("aux").cycles() - calm.cycles();
        // back to one cycle per 10 ms, with no burst making up for the slow ones
        assertTrue(later >= 14 && later <= 22, "cycles in 200 ms: " + later);
        assertTrue(task("aux").overruns() - calm.overruns() <= 2);
    }

    @Test
    void monitorDeliversConsistentFramesOfNewCyclesOnly() throws Exception {
        start();
        exchange(21, true, out -> out == 42);
        try (MonitorSubscription sub = rt.monitor(List.of("Main.in", "main.out", "Aux.n"))) {
            MonitorSubscription.Frame f = null;
            long end = System.currentTimeMillis() + TIMEOUT_MS;
            int frames = 0;
            while (System.currentTimeMillis() < end && (f == null || !f.values().get("Main.in").equals(21L))) {
                MonitorSubscription.Frame next = sub.poll();
                if (next != null) {
                    f = next;
                    frames++;
                    assertEquals(List.of("Main.in", "Main.out", "Aux.n"), List.copyOf(f.values().keySet()));
                    // one frame is one cycle: the output always belongs to the input beside it
                    assertEquals(2 * (long) f.values().get("Main.in"), f.values().get("Main.out"));
                }
            }
            assertNotNull(f);
            assertEquals(21L, f.values().get("Main.in"));
            assertTrue(f.cycle() > 0 && frames > 0);
            MonitorSubscription.Frame again = sub.poll();
            assertTrue(again == null || again.cycle() >= f.cycle());
        }
        assertThrows(ValueRejectedException.class, () -> rt.monitor(List.of("Main.nothing")));
    }

    @Test
    void stopSendsSafeOutputsAndStartResumes() throws Exception {
        start();
        exchange(21, true, out -> out == 42);
        rt.stop();
        assertEquals("STOP", rt.status().state());
        awaitOutput(out -> out == 0);
        rt.start();
        exchange(21, true, out -> out == 42);
    }

    @Test
    void auditLogRecordsWritesForcesAndTheRestart() throws Exception {
        Path state = tmp.resolve("state");
        start("tasks:\n  - {name: main, interval: 5ms, programs: [Main, Aux]}\n", RuntimeOptions.defaults().withStateDirectory(state));
        await("a cycle", () -> rt.status().tasks().get(0).cycles() > 0);
        rt.force("Main.in", 3, "alice");
        rt.write("Aux.sleepMs", 0, "bob");
        rt.unforce("Main.in", "carol");
        List<String> lines = Files.readAllLines(state.resolve("audit.log"));
        assertEquals(4, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).contains("\"action\":\"restart\"") && lines.get(0).contains("forces cleared by restart"));
        assertTrue(lines.get(1).contains("\"user\":\"alice\",\"action\":\"force\",\"path\":\"Main.in\",\"old\":0,\"new\":3"),
                lines.get(1));
        assertTrue(lines.get(2).contains("\"user\":\"bob\",\"action\":\"write\",\"path\":\"Aux.sleepMs\""), lines.get(2));
        assertTrue(lines.get(3).contains("\"user\":\"carol\",\"action\":\"unforce\",\"path\":\"Main.in\",\"old\":3"), lines.get(3));
    }
}
