package org.ringplc.runtime.drivers.modbus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.util.BitVector;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ringplc.runtime.PlcRuntime;
import org.ringplc.runtime.RuntimeOptions;
import org.ringplc.runtime.Runtimes;
import org.ringplc.runtime.VariableValue;
import org.ringplc.runtime.project.LoadedProject;
import org.ringplc.runtime.project.ProjectLoader;

/**
 * The Modbus TCP server driver in the real runtime with a compiled Structured Text program, read
 * and written by j2mod's TCP master (an independent implementation), by raw sockets sending
 * malformed frames, and by mbpoll when it is installed.
 */
class ModbusServerDriverTest {
    @TempDir
    Path tmp;

    private static final String PROGRAM = """
            PROGRAM Main
            VAR
              lamp AT %QX0.0 : BOOL;
              pump AT %QX0.1 : BOOL;
              blink AT %QX0.2 : BOOL;
              setpoint AT %QW1 : INT;
              echo AT %QW2 : INT;
              level AT %IW0 : INT;
              remote AT %MW1 : INT;
              cycles AT %MW2 : INT;
            END_VAR
            echo := remote + 1;
            cycles := cycles + 1;
            blink := TRUE;
            END_PROGRAM
            """;

    private PlcRuntime start() throws Exception {
        return start("");
    }

    /** @param serverKeys more keys of the server entry, each line indented by 6 spaces */
    private PlcRuntime start(String serverKeys) throws Exception {
        Path dir = tmp.resolve("mbserver");
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("src/main.st"), PROGRAM);
        Files.writeString(dir.resolve("project.yaml"), """
                name: mbserver
                tasks:
                  - {name: main, interval: 10ms, programs: [Main]}
                io:
                  drivers:
                    - type: modbus-tcp-server
                      name: scada
                      bind: 127.0.0.1
                      port: 0
                      holdingRegisters: 8
                      discreteInputs: 16
                """ + serverKeys);
        LoadedProject p = ProjectLoader.load(List.of(dir));
        assertFalse(p.hasErrors(), p.formatDiagnostics());
        return Runtimes.start(p, RuntimeOptions.defaults());
    }

    private static int port(PlcRuntime rt) {
        String address = rt.status().drivers().get(0).address();
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    private static Object value(PlcRuntime rt, String path) {
        List<VariableValue> v = rt.variables(path);
        return v.stream().filter(x -> x.path().equalsIgnoreCase(path)).findFirst().orElseThrow().value();
    }

    private static boolean eventually(BooleanSupplier c) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (System.nanoTime() < end) {
            if (c.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    @Test
    void masterReadsTheImageAndItsWritesLandUnlessForced() throws Exception {
        try (PlcRuntime rt = start()) {
            ModbusTCPMaster m = new ModbusTCPMaster("127.0.0.1", port(rt), 2000, false);
            m.connect();
            try {
                assertTrue(eventually(() -> Boolean.TRUE.equals(value(rt, "Main.blink"))));
                // FC1: blink (coil 2) set by the program
                BitVector coils = m.readCoils(1, 0, 8);
                assertFalse(coils.getBit(0));
                assertTrue(coils.getBit(2));
                // FC5 on an unassigned output: lands and stays
                m.writeCoil(1, 0, true);
                assertEquals(true, value(rt, "Main.lamp"));
                assertTrue(m.readCoils(1, 0, 1).getBit(0));
                // FC6 on %QW1, FC16 on %MW1 (holding register 1025): the program echoes remote + 1 into %QW2
                m.writeSingleRegister(1, 1, new SimpleRegister(1234));
                assertEquals(1234L, value(rt, "Main.setpoint"));
                m.writeMultipleRegisters(1, 1025, new Register[] {new SimpleRegister(41)});
                Register[] regs = m.readMultipleRegisters(1, 0, 3);
                assertEquals(1234, regs[1].getValue());
                assertEquals(42, regs[2].getValue(), "the answer to a write comes after the cycle that applied it");
                assertEquals(41L, value(rt, "Main.remote"));
                // %MW2 counts cycles: holding register 1026 moves
                int c1 = m.readMultipleRegisters(1, 1026, 1)[0].getValue();
                assertTrue(eventually(() -> {
                    try {
                        return m.readMultipleRegisters(1, 1026, 1)[0].getValue() != c1;
                    } catch (ModbusException e) {
                        return false;
                    }
                }));
                // FC2, FC4 and FC15
                assertEquals(16, m.readInputDiscretes(1, 0, 16).size());
                assertEquals(0, m.readInputRegisters(1, 0, 1)[0].getValue());
                BitVector two = new BitVector(2);
                two.setBit(0, false);
                two.setBit(1, true);
                m.writeMultipleCoils(1, 0, two);
                assertEquals(false, value(rt, "Main.lamp"));
                assertEquals(true, value(rt, "Main.pump"));

                // a forced variable keeps its forced value whatever a client writes
                rt.force("Main.pump", false, "test");
                assertTrue(eventually(() -> Boolean.FALSE.equals(value(rt, "Main.pump"))));
                m.writeCoil(1, 1, true);
                assertFalse(m.readCoils(1, 1, 1).getBit(0));
                assertEquals(false, value(rt, "Main.pump"));
                rt.force("Main.setpoint", 7, "test");
                m.writeSingleRegister(1, 1, new SimpleRegister(999));
                assertEquals(7, m.readMultipleRegisters(1, 1, 1)[0].getValue());
                assertEquals(7L, value(rt, "Main.setpoint"));
                rt.unforceAll("test");
                m.writeSingleRegister(1, 1, new SimpleRegister(999));
                assertEquals(999L, value(rt, "Main.setpoint"));

                // beyond the image: ILLEGAL DATA ADDRESS, the connection stays usable
                ModbusSlaveException e = assertThrows(ModbusSlaveException.class, () -> m.readMultipleRegisters(1, 500, 2));
                assertEquals(Modbus.ILLEGAL_DATA_ADDRESS, e.getType());
                assertEquals(999, m.readMultipleRegisters(1, 1, 1)[0].getValue());
                var s = rt.status().drivers().get(0);
                assertEquals("modbus-tcp-server", s.type());
                assertTrue(s.sent() >= 6, s.toString());
                assertTrue(s.rejected() >= 1, s.toString());
            } finally {
                m.disconnect();
            }
        }
    }

    private static byte[] exchange(Socket s, byte[] request, int responseLength) throws Exception {
        OutputStream out = s.getOutputStream();
        out.write(request);
        out.flush();
        InputStream in = s.getInputStream();
        return in.readNBytes(responseLength);
    }

    @Test
    void withUnitIdOnlyThatUnitIsAnsweredAndOtherUnitsWritesAreNotApplied() throws Exception {
        try (PlcRuntime rt = start("      unitId: 7\n"); Socket s = new Socket(InetAddress.getLoopbackAddress(), port(rt))) {
            s.setSoTimeout(300);
            // FC6 to unit 3: holding register 1 (%QW1) := 0x1234, left unanswered and not applied
            s.getOutputStream().write(new byte[] {0, 1, 0, 0, 0, 6, 3, 6, 0, 1, 0x12, 0x34});
            s.getOutputStream().flush();
            assertThrows(java.net.SocketTimeoutException.class, () -> s.getInputStream().read());
            // FC3 to unit 7 on the same connection: answered, with its own transaction id
            byte[] r = exchange(s, new byte[] {0, 2, 0, 0, 0, 6, 7, 3, 0, 1, 0, 1}, 11);
            assertArrayEquals(new byte[] {0, 2, 0, 0, 0, 5, 7, 3, 2, 0, 0}, r);
            assertEquals(0L, value(rt, "Main.setpoint"));
            // FC6 to unit 7 is applied
            r = exchange(s, new byte[] {0, 3, 0, 0, 0, 6, 7, 6, 0, 1, 0x12, 0x34}, 12);
            assertArrayEquals(new byte[] {0, 3, 0, 0, 0, 6, 7, 6, 0, 1, 0x12, 0x34}, r);
            assertEquals(0x1234L, value(rt, "Main.setpoint"));
            var st = rt.status().drivers().get(0);
            assertTrue(st.details().get(0).contains("as unit 7 (1 requests for other units left unanswered)"), st.details().toString());
            assertTrue(st.lastError().contains("request for unit 3 left unanswered (unitId: 7)"), st.lastError());
        }
    }

    @Test
    void malformedRequestsGetExceptionsOrLoseTheConnectionAndOthersAreStillServed() throws Exception {
        try (PlcRuntime rt = start()) {
            int port = port(rt);
            assertTrue(eventually(() -> Boolean.TRUE.equals(value(rt, "Main.blink"))));
            try (Socket a = new Socket(InetAddress.getLoopbackAddress(), port);
                 Socket b = new Socket(InetAddress.getLoopbackAddress(), port)) {
                a.setSoTimeout(2000);
                b.setSoTimeout(2000);
                // unknown function 0x2B -> ILLEGAL FUNCTION
                assertArrayEquals(new byte[] {0, 1, 0, 0, 0, 3, 1, (byte) 0xAB, 1},
                        exchange(a, new byte[] {0, 1, 0, 0, 0, 2, 1, 0x2B}, 9));
                // FC3 with a count of 0 -> ILLEGAL DATA VALUE
                assertArrayEquals(new byte[] {0, 2, 0, 0, 0, 3, 1, (byte) 0x83, 3},
                        exchange(a, new byte[] {0, 2, 0, 0, 0, 6, 1, 3, 0, 0, 0, 0}, 9));
                // FC3 missing its count -> ILLEGAL DATA VALUE
                assertArrayEquals(new byte[] {0, 3, 0, 0, 0, 3, 1, (byte) 0x83, 3},
                        exchange(a, new byte[] {0, 3, 0, 0, 0, 4, 1, 3, 0, 0}, 9));
                // FC5 with a value that is neither 0xFF00 nor 0 -> ILLEGAL DATA VALUE
                assertArrayEquals(new byte[] {0, 4, 0, 0, 0, 3, 1, (byte) 0x85, 3},
                        exchange(a, new byte[] {0, 4, 0, 0, 0, 6, 1, 5, 0, 0, 0x12, 0x34}, 9));
                // not Modbus TCP at all: the connection is closed
                OutputStream out = a.getOutputStream();
                out.write("GET / HTTP/1.1\r\n\r\n".getBytes());
                out.flush();
                assertEquals(-1, a.getInputStream().read());
                // the other client is still served: FC1 of coil 2 (blink) -> 1
                assertArrayEquals(new byte[] {0, 9, 0, 0, 0, 4, 7, 1, 1, 1},
                        exchange(b, new byte[] {0, 9, 0, 0, 0, 6, 7, 1, 0, 2, 0, 1}, 10));
            }
            var s = rt.status().drivers().get(0);
            assertTrue(s.lastError().contains("not Modbus TCP"), s.lastError());
            assertEquals(1, s.errors());
        }
    }

    @Test
    void mbpollReadsAndWritesHoldingRegisters() throws Exception {
        Path mbpoll = Path.of("/usr/bin/mbpoll");
        assumeTrue(Files.isExecutable(mbpoll), "mbpoll is not installed (apt-get install mbpoll)");
        try (PlcRuntime rt = start()) {
            int port = port(rt);
            // -0: 0-based addresses; -r 2: register 2 = address 1 in 1-based terms is avoided by -0
            Process w = new ProcessBuilder(mbpoll.toString(), "-m", "tcp", "-p", String.valueOf(port), "-a", "1", "-t", "4",
                    "-0", "-r", "1", "-1", "127.0.0.1", "321").redirectErrorStream(true).start();
            String wout = new String(w.getInputStream().readAllBytes());
            assertTrue(w.waitFor(10, TimeUnit.SECONDS));
            assertEquals(0, w.exitValue(), wout);
            assertEquals(321L, value(rt, "Main.setpoint"));
            Process r = new ProcessBuilder(mbpoll.toString(), "-m", "tcp", "-p", String.valueOf(port), "-a", "1", "-t", "4",
                    "-0", "-r", "1", "-c", "2", "-1", "127.0.0.1").redirectErrorStream(true).start();
            String rout = new String(r.getInputStream().readAllBytes());
            assertTrue(r.waitFor(10, TimeUnit.SECONDS));
            assertEquals(0, r.exitValue(), rout);
            assertTrue(rout.contains("[1]: \t321"), rout);
        }
    }
}
