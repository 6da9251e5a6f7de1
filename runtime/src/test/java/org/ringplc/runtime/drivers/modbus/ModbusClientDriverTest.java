package org.ringplc.runtime.drivers.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ghgande.j2mod.modbus.procimg.SimpleDigitalIn;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalOut;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ringplc.io.CycleIoFactory;
import org.ringplc.lang.program.IoAddress;
import org.ringplc.runtime.DriverStatus;
import org.ringplc.runtime.drivers.file.CycleHarness;
import org.ringplc.runtime.image.ProcessImage;
import org.ringplc.runtime.project.ModbusClientDriverConfig;
import org.ringplc.runtime.project.ModbusClientDriverConfig.Device;
import org.ringplc.runtime.project.ModbusClientDriverConfig.OnDisconnect;
import org.ringplc.runtime.project.ModbusClientDriverConfig.Request;
import org.ringplc.runtime.project.ModbusClientDriverConfig.WriteMode;

/**
 * The Modbus TCP client driver against j2mod's TCP slave (an independent implementation) and
 * against misbehaving peers written with plain sockets, driven cycle by cycle like a scan thread.
 */
class ModbusClientDriverTest {
    private static final long PERIOD = 10_000_000L;
    private ModbusSlave slave;
    private SimpleProcessImage slaveImage;

    @AfterEach
    void stopSlave() {
        if (slave != null) {
            ModbusSlaveFactory.close(slave);
        }
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private int startSlave(int port) throws Exception {
        if (slaveImage == null) {
            slaveImage = new SimpleProcessImage(1);
            for (int i = 0; i < 16; i++) {
                slaveImage.addDigitalOut(new SimpleDigitalOut(i % 3 == 0));
                slaveImage.addDigitalIn(new SimpleDigitalIn(i % 2 == 1));
            }
            for (int i = 0; i < 10; i++) {
                slaveImage.addRegister(new SimpleRegister(1000 + i));
                slaveImage.addInputRegister(new SimpleInputRegister(40_000 + i));
            }
        }
        slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 4, false);
        slave.addProcessImage(1, slaveImage);
        slave.open();
        return port;
    }

    private static IoAddress a(IoAddress.Area area, IoAddress.Size size, int index, int bit) {
        return new IoAddress(area, size, index, bit);
    }

    private static Device device(int port, long timeoutMillis, OnDisconnect od, List<Request> requests) {
        return new Device("plc1", "127.0.0.1", port, 1, timeoutMillis * 1_000_000L, 1_000_000_000L, 300_000_000L, 3, od,
                a(IoAddress.Area.I, IoAddress.Size.B, 30, 0), requests);
    }

    private static Request read(int fc, int address, int count, IoAddress to, int statusByte) {
        return new Request(fc, address, count, to, WriteMode.ON_CHANGE,
                statusByte < 0 ? null : a(IoAddress.Area.I, IoAddress.Size.B, statusByte, 0));
    }

    private static Request write(int fc, int address, int count, IoAddress from) {
        return new Request(fc, address, count, from, WriteMode.ON_CHANGE, null);
    }

    private static ProcessImage image() {
        return new ProcessImage(32, 32, 0);
    }

    @ParameterizedTest
    @EnumSource(value = CycleIoFactory.Backend.class, names = {"AUTO", "FALLBACK"})
    void readsOfAllFourKindsLandInTheInputImage(CycleIoFactory.Backend backend) throws Exception {
        int port = startSlave(freePort());
        ProcessImage image = image();
        byte[] in = image.area(IoAddress.Area.I);
        ModbusClientDriver driver = new ModbusClientDriver(new ModbusClientDriverConfig("mb", null, List.of(device(port, 500,
                OnDisconnect.KEEP, List.of(
                        read(1, 0, 8, a(IoAddress.Area.I, IoAddress.Size.X, 0, 0), 20),
                        read(2, 3, 10, a(IoAddress.Area.I, IoAddress.Size.X, 1, 2), 21),
                        read(3, 1, 2, a(IoAddress.Area.I, IoAddress.Size.W, 2, 0), 22),
                        read(4, 0, 3, a(IoAddress.Area.I, IoAddress.Size.W, 4, 0), 23)))), 1), "main");
        try (CycleHarness h = new CycleHarness(backend, driver, image, PERIOD)) {
            assertTrue(h.runUntil(() -> in[20] == 0 && in[21] == 0 && in[22] == 0 && in[23] == 0, 3_000),
                    () -> String.join("\n", driver.status().details()));
            // coils 0..7 are i % 3 == 0: 0, 3, 6 set
            assertEquals(0b0100_1001, in[0] & 0xff);
            // discrete inputs 3..12 are i % 2 == 1: 3, 5, 7, 9, 11 set, stored from %IX1.2 on
            for (int k = 0; k < 10; k++) {
                boolean want = (3 + k) % 2 == 1;
                int bit = 8 + 2 + k;
                assertEquals(want, ProcessImage.readBit(in, bit >> 3, bit & 7), "discrete input " + (3 + k));
            }
            assertEquals(1001, ProcessImage.readUnsigned(in, 4, 2));
            assertEquals(1002, ProcessImage.readUnsigned(in, 6, 2));
            assertEquals(40_000, ProcessImage.readUnsigned(in, 8, 2));
            assertEquals(40_002, ProcessImage.readUnsigned(in, 12, 2));
            int status = in[30] & 0xff;
            assertEquals(ClientDevice.BIT_CONNECTED | ClientDevice.BIT_ALL_OK, status);
            // a change on the device shows up within a few polls
            slaveImage.getRegister(1).setValue(4242);
            assertTrue(h.runUntil(() -> ProcessImage.readUnsigned(in, 4, 2) == 4242, 2_000));
            assertTrue(h.overruns <= h.cycles / 50, h.overruns + " overruns in " + h.cycles + " cycles; longest: " + h.worst + " on " + h.backend());
            DriverStatus s = driver.status();
            assertTrue(s.received() > 4, s.toString());
            assertEquals("", s.lastError());
        }
    }

    @Test
    void writesReachTheSlaveAndAreRepeatedOnlyOnChange() throws Exception {
        int port = startSlave(freePort());
        ProcessImage image = image();
        byte[] out = image.area(IoAddress.Area.Q);
        ModbusClientDriver driver = new ModbusClientDriver(new ModbusClientDriverConfig("mb", null, List.of(device(port, 500,
                OnDisconnect.KEEP, List.of(
                        write(5, 1, 1, a(IoAddress.Area.Q, IoAddress.Size.X, 0, 0)),
                        write(6, 2, 1, a(IoAddress.Area.Q, IoAddress.Size.W, 1, 0)),
                        write(15, 8, 8, a(IoAddress.Area.Q, IoAddress.Size.X, 4, 0)),
                        write(16, 4, 2, a(IoAddress.Area.Q, IoAddress.Size.W, 3, 0)),
                        read(3, 2, 1, a(IoAddress.Area.I, IoAddress.Size.W, 0, 0), -1)))), 1), "main");
        ProcessImage.writeBit(out, 0, 0, true);
        ProcessImage.write(out, 2, 2, 0xBEEF);
        out[4] = (byte) 0b1010_0101;
        ProcessImage.write(out, 6, 2, 7);
        ProcessImage.write(out, 8, 2, 65535);
        try (CycleHarness h = new CycleHarness(CycleIoFactory.Backend.AUTO, driver, image, PERIOD)) {
            assertTrue(h.runUntil(() -> slaveImage.getRegister(5).getValue() == 65535 && slaveImage.getDigitalOut(1).isSet()
                    && slaveImage.getRegister(2).getValue() == 0xBEEF && slaveImage.getDigitalOut(8).isSet(), 3_000),
                    () -> String.join("\n", driver.status().details()));
            assertEquals(7, slaveImage.getRegister(4).getValue());
            for (int k = 0; k < 8; k++) {
                assertEquals(((0b1010_0101 >> k) & 1) == 1, slaveImage.getDigitalOut(8 + k).isSet(), "coil " + (8 + k));
            }
            h.run(20);
            long sent = driver.status().sent();
            h.run(20);
            // nothing changed: only the read goes out, every other cycle at most, and no write
            long reads = driver.status().sent() - sent;
            assertTrue(reads <= 21, "requests in 20 quiet cycles: " + reads);
            ProcessImage.write(out, 2, 2, 12345);
            assertTrue(h.runUntil(() -> slaveImage.getRegister(2).getValue() == 12345, 2_000));
            assertTrue(h.overruns <= h.cycles / 50, h.overruns + " overruns in " + h.cycles + " cycles; longest: " + h.worst + " on " + h.backend());
        }
    }

    @ParameterizedTest
    @EnumSource(value = CycleIoFactory.Backend.class, names = {"AUTO", "FALLBACK"})
    void stopSendsEveryWriteRequestWithItsSafeData(CycleIoFactory.Backend backend) throws Exception {
        int port = startSlave(freePort());
        ProcessImage image = image();
        byte[] out = image.area(IoAddress.Area.Q);
        // three writes of the same frame size (12 bytes) and two of another, plus a read that may be outstanding
        ModbusClientDriver driver = new ModbusClientDriver(new ModbusClientDriverConfig("mb", null, List.of(device(port, 500,
                OnDisconnect.KEEP, List.of(
                        write(5, 1, 1, a(IoAddress.Area.Q, IoAddress.Size.X, 0, 0)),
                        write(6, 2, 1, a(IoAddress.Area.Q, IoAddress.Size.W, 1, 0)),
                        write(6, 3, 1, a(IoAddress.Area.Q, IoAddress.Size.W, 2, 0)),
                        write(16, 4, 2, a(IoAddress.Area.Q, IoAddress.Size.W, 3, 0)),
                        write(16, 6, 2, a(IoAddress.Area.Q, IoAddress.Size.W, 5, 0)),
                        read(3, 0, 1, a(IoAddress.Area.I, IoAddress.Size.W, 0, 0), -1)))), 1), "main");
        ProcessImage.writeBit(out, 0, 0, true);
        for (int w = 1; w <= 6; w++) {
            ProcessImage.write(out, 2 * w, 2, 100 + w);
        }
        try (CycleHarness h = new CycleHarness(backend, driver, image, PERIOD)) {
            assertTrue(h.runUntil(() -> slaveImage.getDigitalOut(1).isSet() && slaveImage.getRegister(2).getValue() == 101
                    && slaveImage.getRegister(3).getValue() == 102 && slaveImage.getRegister(4).getValue() == 103
                    && slaveImage.getRegister(5).getValue() == 104 && slaveImage.getRegister(6).getValue() == 105
                    && slaveImage.getRegister(7).getValue() == 106, 3_000),
                    () -> String.join("\n", driver.status().details()));
            h.run(3);
            long sent = driver.status().sent();
            h.safeState(() -> java.util.Arrays.fill(out, (byte) 0));
            assertEquals(sent + 5, driver.status().sent(), () -> String.join("\n", driver.status().details()));
            // no cycle runs after the stop: the slave gets all five writes from that one phase
            long end = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < end && !allWritesZero()) {
                Thread.sleep(10);
            }
            assertTrue(allWritesZero(), () -> "coil 1 " + slaveImage.getDigitalOut(1).isSet() + ", registers 2..7 "
                    + java.util.stream.IntStream.rangeClosed(2, 7).map(r -> slaveImage.getRegister(r).getValue()).boxed().toList());
        }
    }

    private boolean allWritesZero() {
        if (slaveImage.getDigitalOut(1).isSet()) {
            return false;
        }
        for (int r = 2; r <= 7; r++) {
            if (slaveImage.getRegister(r).getValue() != 0) {
                return false;
            }
        }
        return true;
    }

    @Test
    void exceptionResponseIsReportedWithItsName() throws Exception {
        int port = startSlave(freePort());
        ProcessImage image = image();
        byte[] in = image.area(IoAddress.Area.I);
        ModbusClientDriver driver = new ModbusClientDriver(new ModbusClientDriverConfig("mb", null, List.of(device(port, 500,
                OnDisconnect.KEEP, List.of(
                        read(3, 0, 1, a(IoAddress.Area.I, IoAddress.Size.W, 0, 0), 20),
                        read(3, 500, 4, a(IoAddress.Area.I, IoAddress.Size.W, 1, 0), 21)))), 1), "main");
        try (CycleHarness h = new CycleHarness(CycleIoFactory.Backend.AUTO, driver, image, PERIOD)) {
            assertTrue(h.runUntil(() -> in[21] == Modbus.ILLEGAL_DATA_ADDRESS && in[20] == 0, 3_000),
                    () -> String.join("\n", driver.status().details()));
            DriverStatus s = driver.status();
            assertTrue(s.lastError().contains("exception 02 ILLEGAL DATA ADDRESS"), s.lastError());
            assertTrue(s.details().stream().anyMatch(l -> l.contains("#1 read holding registers 500..503")
                    && l.contains("exception 02 ILLEGAL DATA ADDRESS")), s.details().toString());
            int status = in[30] & 0xff;
            assertEquals(ClientDevice.BIT_CONNECTED | ClientDevice.BIT_EXCEPTION, status);
            assertEquals(1000, ProcessImage.readUnsigned(in, 0, 2));
        }
    }

    @Test
    void slaveStoppedAndRestartedIsReportedThenReconnected() throws Exception {
        int port = startSlave(freePort());
        ProcessImage image = image();
        byte[] in = image.area(IoAddress.Area.I);
        ModbusClientDriver driver = new ModbusClientDriver(new ModbusClientDriverConfig("mb", null, List.of(device(port, 200,
                OnDisconnect.ZERO, List.of(read(3, 0, 1, a(IoAddress.Area.I, IoAddress.Size.W, 0, 0), 20)))), 1), "main");
        try (CycleHarness h = new CycleHarness(CycleIoFactory.Backend.AUTO, driver, image, PERIOD)) {
            assertTrue(h.runUntil(() -> ProcessImage.readUnsigned(in, 0, 2) == 1000, 3_000));
            ModbusSlaveFactory.close(slave);
            slave = null;
            assertTrue(h.runUntil(() -> (in[30] & ClientDevice.BIT_CONNECTED) == 0, 3_000),
                    () -> String.join("\n", driver.status().details()));
            // onDisconnect: zero
            assertEquals(0, ProcessImage.readUnsigned(in, 0, 2));
            assertEquals(ClientDevice.DISCONNECTED, in[20] & 0xff);
            h.run(30);
            DriverStatus down = driver.status();
            assertFalse(driver.connected(0));
            assertTrue(down.details().get(0).contains("disconnected") || down.details().get(0).contains("connecting"),
                    down.details().get(0));
            assertTrue(down.errors() >= 1, down.toString());
            slaveImage.getRegister(0).setValue(777);
            startSlave(port);
            assertTrue(h.runUntil(() -> ProcessImage.readUnsigned(in, 0, 2) == 777, 5_000),
                    () -> String.join("\n", driver.status().details()));
            assertEquals(ClientDevice.BIT_CONNECTED | ClientDevice.BIT_ALL_OK, in[30] & 0xff);
            assertTrue(h.overruns <= h.cycles / 50, h.overruns + " overruns in " + h.cycles + " cycles; longest: " + h.worst + " on " + h.backend());
        }
    }

    /** A peer that accepts connections and answers each request through {@code answer}. */
    private static final class FakePeer implements AutoCloseable {
        interface Answer {
            void reply(byte[] request, OutputStream out) throws Exception;
        }

        final ServerSocket server;
        final AtomicInteger connections = new AtomicInteger();
        final Thread thread;

        FakePeer(Answer answer) throws Exception {
            server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        connections.incrementAndGet();
                        Thread t = new Thread(() -> serve(s, answer));
                        t.setDaemon(true);
                        t.start();
                    } catch (Exception e) {
                        // closed
                    }
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        private static void serve(Socket s, Answer answer) {
            try (s) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                byte[] req = new byte[12];
                while (in.readNBytes(req, 0, 12) == 12) {
                    answer.reply(req.clone(), out);
                    out.flush();
                }
            } catch (Exception e) {
                // the driver dropped the connection
            }
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            server.close();
        }
    }

    private ModbusClientDriver readingDriver(int port, long timeoutMillis) {
        return new ModbusClientDriver(new ModbusClientDriverConfig("mb", null, List.of(device(port, timeoutMillis,
                OnDisconnect.KEEP, List.of(read(3, 0, 1, a(IoAddress.Area.I, IoAddress.Size.W, 0, 0), 20)))), 1), "main");
    }

    @Test
    void slowPeerTimesOutWhileTheCycleKeepsItsPeriod() throws Exception {
        try (FakePeer peer = new FakePeer((req, out) -> Thread.sleep(60_000))) {
            ProcessImage image = image();
            byte[] in = image.area(IoAddress.Area.I);
            ModbusClientDriver driver = readingDriver(peer.port(), 50);
            try (CycleHarness h = new CycleHarness(CycleIoFactory.Backend.AUTO, driver, image, PERIOD)) {
                assertTrue(h.runUntil(() -> (in[20] & 0xff) == ClientDevice.TIMEOUT, 3_000),
                        () -> String.join("\n", driver.status().details()));
                assertEquals(ClientDevice.BIT_CONNECTED | ClientDevice.BIT_TIMEOUT, in[30] & 0xff);
                assertTrue(driver.status().lastError().contains("no response within 50 ms"), driver.status().lastError());
                // three timeouts in a row drop the connection and open a new one
                assertTrue(h.runUntil(() -> peer.connections.get() >= 2, 3_000));
                assertTrue(driver.status().errors() >= 3, driver.status().toString());
                assertTrue(h.overruns <= h.cycles / 50, h.overruns + " overruns in " + h.cycles + " cycles; longest: " + h.worst);
            }
        }
    }

    @Test
    void garbageResponseDropsTheConnectionAndIsReported() throws Exception {
        try (FakePeer peer = new FakePeer((req, out) -> out.write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes()))) {
            ProcessImage image = image();
            ModbusClientDriver driver = readingDriver(peer.port(), 200);
            try (CycleHarness h = new CycleHarness(CycleIoFactory.Backend.AUTO, driver, image, PERIOD)) {
                assertTrue(h.runUntil(() -> driver.status().lastError().contains("garbage"), 3_000),
                        () -> String.join("\n", driver.status().details()));
                assertTrue(driver.status().lastError().contains("protocol id 0x5450"), driver.status().lastError());
                // reconnects (with backoff) and meets the same garbage, without ever crashing
                assertTrue(h.runUntil(() -> peer.connections.get() >= 3, 5_000));
                assertTrue(h.overruns <= h.cycles / 50, h.overruns + " overruns in " + h.cycles + " cycles; longest: " + h.worst + " on " + h.backend());
            }
        }
    }

    @Test
    void truncatedResponseIsReportedAfterTheTimeout() throws Exception {
        // a valid response to FC3 count 1 is 11 bytes; send 9 of them and stop
        try (FakePeer peer = new FakePeer((req, out) -> out.write(new byte[] {req[0], req[1], 0, 0, 0, 5, 1, 3, 2}))) {
            ProcessImage image = image();
            byte[] in = image.area(IoAddress.Area.I);
            ModbusClientDriver driver = readingDriver(peer.port(), 100);
            try (CycleHarness h = new CycleHarness(CycleIoFactory.Backend.AUTO, driver, image, PERIOD)) {
                assertTrue(h.runUntil(() -> driver.status().lastError().contains("truncated"), 3_000),
                        () -> String.join("\n", driver.status().details()));
                assertTrue(driver.status().lastError().contains("truncated response (9 of 11 bytes"), driver.status().lastError());
                assertEquals(0, ProcessImage.readUnsigned(in, 0, 2));
                assertTrue(h.overruns <= h.cycles / 50, h.overruns + " overruns in " + h.cycles + " cycles; longest: " + h.worst + " on " + h.backend());
            }
        }
    }

    @Test
    void responseWithWrongTransactionIdIsIgnoredAndTheRightOneTaken() throws Exception {
        try (FakePeer peer = new FakePeer((req, out) -> {
            // first a stale answer (another transaction id), then the real one, in one segment
            out.write(new byte[] {(byte) (req[0] ^ 0x55), req[1], 0, 0, 0, 5, 1, 3, 2, 0x11, 0x11,
                    req[0], req[1], 0, 0, 0, 5, 1, 3, 2, 0x12, 0x34});
        })) {
            ProcessImage image = image();
            byte[] in = image.area(IoAddress.Area.I);
            ModbusClientDriver driver = readingDriver(peer.port(), 200);
            try (CycleHarness h = new CycleHarness(CycleIoFactory.Backend.AUTO, driver, image, PERIOD)) {
                assertTrue(h.runUntil(() -> ProcessImage.readUnsigned(in, 0, 2) == 0x1234, 3_000),
                        () -> String.join("\n", driver.status().details()));
                assertTrue(driver.status().rejected() >= 1);
                assertEquals(1, peer.connections.get());
            }
        }
    }

    @Test
    void aResponseArrivingInPiecesOverSeveralCyclesIsJoined() throws Exception {
        try (FakePeer peer = new FakePeer((req, out) -> {
            // the MBAP header first, the rest three cycles later: the receives of later INPUT
            // phases take the rest, and the frame counts only once it is whole
            out.write(new byte[] {req[0], req[1], 0, 0, 0});
            out.flush();
            Thread.sleep(3 * PERIOD / 1_000_000);
            out.write(new byte[] {5, 1, 3, 2, 0x12, 0x34});
        })) {
            ProcessImage image = image();
            byte[] in = image.area(IoAddress.Area.I);
            ModbusClientDriver driver = readingDriver(peer.port(), 500);
            try (CycleHarness h = new CycleHarness(CycleIoFactory.Backend.AUTO, driver, image, PERIOD)) {
                assertTrue(h.runUntil(() -> ProcessImage.readUnsigned(in, 0, 2) == 0x1234, 3_000),
                        () -> String.join("\n", driver.status().details()));
                assertEquals(ClientDevice.OK, in[20] & 0xff);
                assertEquals(0, driver.status().errors(), driver.status().toString());
                assertEquals(0, driver.status().rejected(), driver.status().toString());
                assertEquals(1, peer.connections.get());
            }
        }
    }
}
