package org.ringplc.runtime.drivers.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ringplc.io.CycleIo;
import org.ringplc.io.CycleIoFactory;
import org.ringplc.io.Exchange;
import org.ringplc.io.ExchangeStatus;
import org.ringplc.io.Phase;
import org.ringplc.io.uring.Uring;
import org.ringplc.lang.program.IoAddress;
import org.ringplc.runtime.DriverStatus;
import org.ringplc.runtime.image.ProcessImage;
import org.ringplc.runtime.project.UdpDriverConfig;

/**
 * The UDP driver's input side, cycle by cycle on the calling thread, against datagrams a test peer
 * queued on loopback before the cycle: which datagram fills the image, on io_uring and the fallback
 * (both receive with RECV_LATEST here) and on the RECV path that kernels before 6.0 get.
 */
class UdpImageDriverTest {

    /** How the driver receives. */
    enum Mode {
        /** io_uring, one RECV_LATEST multishot receive. */
        IOURING,
        /** plain syscalls, RECV_LATEST as a drain with non-blocking receives. */
        FALLBACK,
        /** io_uring as a kernel without RECV_LATEST offers it: {@link UdpImageDriver#RECV_SLOTS} RECVs. */
        IOURING_WITHOUT_RECV_LATEST
    }

    private final List<AutoCloseable> open = new ArrayList<>();
    private CycleIo io;
    private UdpImageDriver driver;
    private byte[] inputs;
    private DatagramSocket peer;
    private int port;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private void start(Mode mode) throws Exception {
        start(mode, false);
    }

    /** With {@code outputs}, the driver also sends its 4-byte %Q image to the peer each cycle. */
    private void start(Mode mode, boolean outputs) throws Exception {
        if (mode != Mode.FALLBACK) {
            assumeTrue(Uring.isAvailable(), "io_uring unavailable");
        }
        CycleIo raw = CycleIoFactory.open(mode == Mode.FALLBACK ? CycleIoFactory.Backend.FALLBACK
                : CycleIoFactory.Backend.IOURING);
        io = mode == Mode.IOURING_WITHOUT_RECV_LATEST ? new WithoutRecvLatest(raw) : raw;
        open.add(io);
        if (mode != Mode.IOURING_WITHOUT_RECV_LATEST) {
            assumeTrue(io.supports(Exchange.Op.RECV_LATEST), "this kernel has no RECV_LATEST: " + io.backendReason());
        }
        peer = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        open.add(peer);
        driver = new UdpImageDriver(new UdpDriverConfig("plant", null, new UdpDriverConfig.Endpoint("127.0.0.1", 0),
                outputs ? new UdpDriverConfig.Endpoint("127.0.0.1", peer.getLocalPort()) : null,
                new UdpDriverConfig.ImageRange(0, 4), outputs ? new UdpDriverConfig.ImageRange(0, 4) : null, 1), "main");
        ProcessImage image = new ProcessImage(4, 4, 0);
        inputs = image.area(IoAddress.Area.I);
        driver.init(io, image);
        open.add(driver::close);
        port = driver.localPort();
    }

    private void send(int seq, int value) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RPIO".getBytes()).put((byte) 1).put(new byte[3]).putInt(seq).putInt(value);
        sendRaw(b.array());
    }

    private void sendRaw(byte[] datagram) throws IOException {
        peer.send(new DatagramPacket(datagram, datagram.length, InetAddress.getLoopbackAddress(), port));
    }

    /** One INPUT phase and decode, after the datagrams sent so far had time to reach the socket. */
    private int cycle() throws InterruptedException {
        Thread.sleep(20);
        io.runPhase(Phase.INPUT, System.nanoTime() + 5_000_000L);
        driver.decodeInputs();
        return image();
    }

    private int image() {
        return ByteBuffer.wrap(inputs).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"IOURING", "FALLBACK"})
    void theNewestOfABacklogOfDatagramsFillsTheImageInOneCycle(Mode mode) throws Exception {
        start(mode);
        assertEquals(List.of("inputs: newest datagram per cycle (RECV_LATEST)"), driver.status().details());
        for (int seq = 1; seq <= 30; seq++) {
            send(seq, seq * 100);
        }
        assertEquals(3000, cycle());
        DriverStatus s = driver.status();
        assertEquals(1, s.received());
        assertEquals(0, s.rejected());
        assertEquals(3000, cycle(), "nothing new: the image keeps its value");
        assertEquals(1, driver.status().received());
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"IOURING", "FALLBACK"})
    void aLargerBacklogIsCaughtUpWithinAFewCyclesNeverGoingBack(Mode mode) throws Exception {
        start(mode);
        cycle();
        // 100: the whole backlog fits the socket's default receive buffer
        for (int seq = 1; seq <= 100; seq++) {
            send(seq, seq);
        }
        int last = 0;
        int cycles = 0;
        while (last != 100 && cycles < 10) {
            int v = cycle();
            assertTrue(v >= last, "went back from " + last + " to " + v);
            last = v;
            cycles++;
        }
        // io_uring: 8 provided buffers re-armed up to 4 times per phase; fallback: 64 receives per phase
        assertEquals(100, last, "after " + cycles + " cycles");
        assertTrue(cycles <= 5, cycles + " cycles to catch up");
        assertEquals(cycles, driver.status().received());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aRejectedNewestDatagramKeepsTheLastGoodImage(Mode mode) throws Exception {
        start(mode);
        send(1, 7);
        assertEquals(7, cycle());
        send(2, 9);
        sendRaw("XXXX garbage 123".getBytes());
        int expected = mode == Mode.IOURING_WITHOUT_RECV_LATEST ? 9 : 7;
        // RECV_LATEST: the newest is the junk, and 9 was dropped with the older datagrams; several
        // RECVs see both and take the valid one
        assertEquals(expected, cycle());
        assertEquals(1, driver.status().rejected());
        send(3, 4);
        ByteBuffer shortOne = ByteBuffer.allocate(14).order(ByteOrder.LITTLE_ENDIAN);
        shortOne.put("RPIO".getBytes()).put((byte) 1).put(new byte[3]).putInt(4).putShort((short) 5);
        sendRaw(shortOne.array());
        assertEquals(mode == Mode.IOURING_WITHOUT_RECV_LATEST ? 4 : expected, cycle());
        assertEquals(2, driver.status().rejected());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aDatagramOlderThanTheAppliedOneIsRejectedUnlessThePeerRestartedItsCount(Mode mode) throws Exception {
        start(mode);
        send(100, 1);
        assertEquals(1, cycle());
        // reordered by the network: arrives after 100 was applied
        send(99, 2);
        assertEquals(1, cycle());
        assertEquals(1, driver.status().rejected());
        send(100, 3);
        assertEquals(3, cycle(), "the same number again is accepted (a duplicate, or a peer that does not count)");
        send(101, 4);
        assertEquals(4, cycle());
        // far behind: the peer restarted and counts from 1 again
        send(1, 5);
        assertEquals(5, cycle());
        // serial-number order across the u32 wrap
        send(-100, 6);
        assertEquals(6, cycle());
        send(-1, 7);
        assertEquals(7, cycle());
        send(0, 8);
        assertEquals(8, cycle());
        send(-2, 9);
        assertEquals(8, cycle());
        assertEquals(2, driver.status().rejected());
        assertEquals(7, driver.status().received());
    }

    @Test
    void withoutRecvLatestTheNewestSequenceNumberOfTheReceivesWins() throws Exception {
        start(Mode.IOURING_WITHOUT_RECV_LATEST);
        assertEquals(List.of("inputs: 4 receives per cycle (RECV; RECV_LATEST unsupported here)"), driver.status().details());
        send(5, 50);
        send(7, 70);
        send(6, 60);
        assertEquals(70, cycle());
        assertEquals(1, driver.status().received());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void theDriversCycleAllocatesNothing(Mode mode) throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(mx.isThreadAllocatedMemorySupported());
        start(mode, true);
        byte[] drain = new byte[64];
        DatagramPacket out = new DatagramPacket(drain, drain.length);
        int seq = 0;
        // Windows of 1000 cycles until one allocates nothing: code that allocates per cycle, or per
        // datagram of any kind below, shows in every window, while the JIT's one-off tier changes
        // (a deoptimisation re-creating scalar-replaced objects) settle after the first few. With
        // -Xint every window is 0.
        List<Long> windows = new ArrayList<>();
        while (windows.isEmpty() || windows.get(windows.size() - 1) != 0 && windows.size() < 12) {
            long allocated = 0;
            for (int i = 0; i < 1000; i++) {
                // nothing, one datagram, a backlog of three, a junk one on top of a good one
                int kind = i % 4;
                for (int k = kind == 0 ? 0 : kind == 2 ? 3 : 1; k > 0; k--) {
                    seq++;
                    send(seq, seq);
                }
                if (kind == 3) {
                    sendRaw("XXXX garbage 123".getBytes());
                }
                long before = mx.getCurrentThreadAllocatedBytes();
                io.runPhase(Phase.INPUT, System.nanoTime() + 1_000_000L);
                driver.decodeInputs();
                driver.encodeOutputs();
                io.runPhase(Phase.OUTPUT, System.nanoTime() + 1_000_000L);
                driver.outputsDone();
                allocated += mx.getCurrentThreadAllocatedBytes() - before;
                peer.receive(out);
            }
            windows.add(allocated);
        }
        assertEquals(0, windows.get(windows.size() - 1), "bytes allocated per 1000 cycles: " + windows);
        // per 4 cycles: a single datagram and a backlog accepted (and with several RECVs the good one under the junk)
        assertTrue(driver.status().received() >= 500L * windows.size(), driver.status().toString());
        assertEquals(250L * windows.size(), driver.status().rejected(), driver.status().toString());
        assertEquals(1000L * windows.size(), driver.status().sent());
    }

    /** A CycleIo that does not offer RECV_LATEST, as io_uring on kernels before 6.0. */
    private record WithoutRecvLatest(CycleIo io) implements CycleIo {
        @Override
        public boolean supports(Exchange.Op op) {
            return op != Exchange.Op.RECV_LATEST;
        }

        @Override
        public int register(Exchange exchange) {
            assertTrue(exchange.op() != Exchange.Op.RECV_LATEST, "RECV_LATEST registered although unsupported");
            return io.register(exchange);
        }

        @Override
        public void runPhase(Phase phase, long deadlineNanos) {
            io.runPhase(phase, deadlineNanos);
        }

        @Override
        public ExchangeStatus status(int id) {
            return io.status(id);
        }

        @Override
        public int result(int id) {
            return io.result(id);
        }

        @Override
        public String errorName(int id) {
            return io.errorName(id);
        }

        @Override
        public int lastPhaseSyscalls() {
            return io.lastPhaseSyscalls();
        }

        @Override
        public String backend() {
            return io.backend();
        }

        @Override
        public String backendReason() {
            return io.backendReason();
        }

        @Override
        public void close() {
            io.close();
        }
    }
}
