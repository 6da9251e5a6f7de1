package org.ringplc.runtime.drivers.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ringplc.runtime.DriverStatus;
import org.ringplc.runtime.PlcRuntime;
import org.ringplc.runtime.RuntimeOptions;
import org.ringplc.runtime.Runtimes;
import org.ringplc.runtime.project.LoadedProject;
import org.ringplc.runtime.project.ProjectLoader;

/**
 * The three drivers together in the real runtime with a compiled ST program: a Modbus client
 * polling a j2mod slave, the Modbus server read by a j2mod master, a file read and written; the
 * values flow through located variables end to end, and the scan thread allocates nothing in
 * steady cycles; stopping the task sends the safe (zero) outputs through them.
 */
class IoDriversRuntimeTest {
    @TempDir
    Path tmp;

    private static boolean eventually(BooleanSupplier c) throws InterruptedException {
        long end = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < end) {
            if (c.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    @Test
    void valuesFlowThroughAllThreeDriversWithoutAllocatingOnTheScanThread() throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int port = ModbusClientDriverTest.freePort();
        SimpleProcessImage spi = new SimpleProcessImage(1);
        for (int i = 0; i < 8; i++) {
            spi.addRegister(new SimpleRegister(i == 0 ? 21 : 0));
        }
        ModbusSlave slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 2, false);
        slave.addProcessImage(1, spi);
        slave.open();
        Path button = Files.writeString(tmp.resolve("button"), "1\n");
        Path lamp = Files.writeString(tmp.resolve("lamp"), "0\n");
        Path dir = tmp.resolve("p");
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("src/main.st"), """
                PROGRAM Main
                VAR
                  fromSlave AT %IW0 : INT;
                  link AT %IB10 : BYTE;
                  button AT %IX12.0 : BOOL;
                  toSlave AT %QW0 : INT;
                  lamp AT %QX2.0 : BOOL;
                  shown AT %QW2 : INT;
                  n : DINT;
                END_VAR
                toSlave := fromSlave * 2;
                shown := fromSlave + 100;
                lamp := button AND (link AND 16#01) <> 0;
                n := n + 1;
                END_PROGRAM
                """);
        Files.writeString(dir.resolve("project.yaml"), """
                tasks: [{name: main, interval: 5ms, programs: [Main]}]
                io:
                  drivers:
                    - type: modbus-tcp-client
                      devices:
                        - host: 127.0.0.1
                          port: %d
                          status: "%%IB10"
                          requests:
                            - {function: 3, address: 0, count: 1, to: "%%IW0"}
                            - {function: 6, address: 5, from: "%%QW0"}
                    - type: modbus-tcp-server
                      port: 0
                    - type: file
                      files:
                        - {path: %s, to: "%%IX12.0"}
                        - {path: %s, from: "%%QX2.0"}
                """.formatted(port, button, lamp));
        LoadedProject p = ProjectLoader.load(List.of(dir));
        assertFalse(p.hasErrors(), p.formatDiagnostics());
        try (PlcRuntime rt = Runtimes.start(p, RuntimeOptions.defaults())) {
            assertTrue(eventually(() -> spi.getRegister(5).getValue() == 42), () -> rt.status().drivers().toString());
            assertTrue(eventually(() -> {
                try {
                    return Files.readString(lamp).startsWith("1\n");
                } catch (java.io.IOException e) {
                    return false;
                }
            }), () -> rt.status().drivers().toString());
            String address = rt.status().drivers().get(1).address();
            ModbusTCPMaster m = new ModbusTCPMaster("127.0.0.1", Integer.parseInt(address.substring(address.indexOf(':') + 1)),
                    2000, false);
            m.connect();
            try {
                assertEquals(121, m.readMultipleRegisters(1, 2, 1)[0].getValue());
                spi.getRegister(0).setValue(30);
                assertTrue(eventually(() -> {
                    try {
                        return m.readMultipleRegisters(1, 2, 1)[0].getValue() == 130 && spi.getRegister(5).getValue() == 60;
                    } catch (Exception e) {
                        return false;
                    }
                }));
            } finally {
                m.disconnect();
            }

            // steady state: the client polls, the server publishes, the file is read every cycle
            Thread scan = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("ringplc-task-main")).findFirst().orElseThrow();
            Thread.sleep(200);
            // a window with first-time events (a rare branch run once in the interpreter) may allocate
            // once; per-cycle allocation shows in every window, so one clean window of three is enough
            StringBuilder windows = new StringBuilder();
            boolean clean = false;
            for (int w = 0; w < 3 && !clean; w++) {
                long cycles0 = rt.status().tasks().get(0).cycles();
                long before = mx.getThreadAllocatedBytes(scan.getId());
                Thread.sleep(300);
                long after = mx.getThreadAllocatedBytes(scan.getId());
                long cycles = rt.status().tasks().get(0).cycles() - cycles0;
                assertTrue(cycles > 20, "cycles " + cycles);
                windows.append(after - before).append(" bytes in ").append(cycles).append(" cycles; ");
                clean = after == before;
            }
            assertTrue(clean, windows + " " + rt.status().tasks() + " " + rt.status().drivers());
            for (DriverStatus s : rt.status().drivers()) {
                assertEquals("", s.lastError(), s.toString());
            }

            // stopping the task drives its outputs to 0/FALSE, and the drivers still send them
            assertEquals(60, spi.getRegister(5).getValue());
            rt.stop();
            assertTrue(eventually(() -> spi.getRegister(5).getValue() == 0), () -> rt.status().drivers().toString());
            assertTrue(Files.readString(lamp).startsWith("0\n"));
        } finally {
            ModbusSlaveFactory.close(slave);
        }
    }
}
