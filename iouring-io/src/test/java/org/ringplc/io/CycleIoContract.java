package org.ringplc.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ringplc.io.sys.LibC;

/**
 * What every {@link CycleIo} back end must do, on real loopback UDP sockets and real files.
 * Subclasses supply the back end; the peer side is a plain {@link DatagramChannel}.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
public abstract class CycleIoContract {

    private static final long MS = 1_000_000L;

    protected CycleIo io;
    private final List<Integer> fds = new ArrayList<>();
    private final List<DatagramChannel> peers = new ArrayList<>();

    @TempDir
    Path tmp;

    /** Opens a fresh instance of the back end under test. */
    protected abstract CycleIo open() throws IOException;

    @BeforeEach
    void openIo() throws IOException {
        io = open();
    }

    @AfterEach
    void closeEverything() throws IOException {
        io.close();
        for (int fd : fds) {
            NativeFiles.close(fd);
        }
        for (DatagramChannel peer : peers) {
            peer.close();
        }
    }

    /** A loopback peer channel, non-blocking, on an ephemeral port. */
    protected DatagramChannel peer() throws IOException {
        DatagramChannel peer = DatagramChannel.open(StandardProtocolFamily.INET);
        peer.bind(new InetSocketAddress("127.0.0.1", 0));
        peers.add(peer);
        return peer;
    }

    /** A PLC-side UDP socket on an ephemeral loopback port, connected to {@code peer}. */
    protected int socketConnectedTo(DatagramChannel peer) throws IOException {
        int fd = NativeFiles.openUdpSocket("127.0.0.1", 0);
        fds.add(fd);
        NativeFiles.connect(fd, "127.0.0.1", port(peer));
        return fd;
    }

    protected static int port(DatagramChannel channel) throws IOException {
        return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    protected static void sendTo(DatagramChannel peer, int fd, String text) throws IOException {
        int sent = peer.send(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)),
                new InetSocketAddress("127.0.0.1", NativeFiles.localPort(fd)));
        assertEquals(text.length(), sent);
    }

    protected static String text(ByteBuffer buffer, int length) {
        byte[] bytes = new byte[length];
        buffer.duplicate().position(0).get(bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    protected static long in(long millis) {
        return System.nanoTime() + millis * MS;
    }

    /**
     * How late {@code phase} returns after a deadline {@code millis} ahead, as the least of up
     * to five runs: on a shared 2-core machine a load spike can delay any single run by tens of
     * milliseconds, while a systematic delay (waiting out a timer slice) shows in every run.
     */
    protected long leastLateness(Phase phase, long millis) {
        return leastLateness(phase, millis, 5, 10 * MS);
    }

    /** {@link #leastLateness(Phase, long)} over up to {@code runs} runs, stopping at one below {@code enough}. */
    protected long leastLateness(Phase phase, long millis, int runs, long enough) {
        long least = Long.MAX_VALUE;
        for (int run = 0; run < runs && least >= enough; run++) {
            long deadline = in(millis);
            io.runPhase(phase, deadline);
            long late = System.nanoTime() - deadline;
            assertTrue(late >= 0, "returned " + -late / 1000 + " us before the deadline");
            least = Math.min(least, late);
        }
        return least;
    }

    @Test
    void exchangesAreIdleBeforeTheirFirstPhase() throws IOException {
        int fd = socketConnectedTo(peer());
        int id = io.register(new Exchange(Phase.INPUT, Exchange.Op.RECV, fd, ByteBuffer.allocateDirect(16), -1, true));
        assertEquals(0, id);
        assertEquals(ExchangeStatus.IDLE, io.status(id));
        assertThrows(IndexOutOfBoundsException.class, () -> io.status(1));
    }

    @Test
    void datagramIsReceivedIntoTheBufferInTheInputPhase() throws IOException {
        DatagramChannel peer = peer();
        int fd = socketConnectedTo(peer);
        ByteBuffer buffer = ByteBuffer.allocateDirect(64);
        int id = io.register(new Exchange(Phase.INPUT, Exchange.Op.RECV, fd, buffer, -1, true));
        sendTo(peer, fd, "hello");

        io.runPhase(Phase.INPUT, in(1000));

        assertEquals(ExchangeStatus.OK, io.status(id));
        assertEquals(5, io.result(id));
        assertEquals("", io.errorName(id));
        assertEquals("hello", text(buffer, 5));
    }

    @Test
    void nonBlockingReceiveReportsNoDataAtOnceWhenNothingArrived() throws IOException {
        int fd = socketConnectedTo(peer());
        int id = io.register(new Exchange(Phase.INPUT, Exchange.Op.RECV, fd, ByteBuffer.allocateDirect(64), -1, true));

        long start = System.nanoTime();
        io.runPhase(Phase.INPUT, in(2000));
        long elapsed = System.nanoTime() - start;

        assertEquals(ExchangeStatus.NO_DATA, io.status(id));
        assertTrue(elapsed < 500 * MS, "a non-blocking receive must not wait for the deadline: " + elapsed / MS + " ms");
    }

    @Test
    void sendInTheOutputPhaseReachesThePeer() throws IOException {
        DatagramChannel peer = peer();
        int fd = socketConnectedTo(peer);
        ByteBuffer out = ByteBuffer.allocateDirect(8);
        out.put("RPIO\1\0\0\0".getBytes(StandardCharsets.US_ASCII)).flip();
        int id = io.register(new Exchange(Phase.OUTPUT, Exchange.Op.SEND, fd, out, -1, false));

        io.runPhase(Phase.OUTPUT, in(1000));

        assertEquals(ExchangeStatus.OK, io.status(id));
        assertEquals(8, io.result(id));
        ByteBuffer got = ByteBuffer.allocate(64);
        assertEquals(NativeFiles.localPort(fd), ((InetSocketAddress) peer.receive(got)).getPort());
        assertEquals("RPIO", new String(got.array(), 0, 4, StandardCharsets.US_ASCII));
        assertEquals(8, got.position());
    }

    @Test
    void severalExchangesRunInOnePhase() throws IOException {
        int n = 4;
        DatagramChannel[] peers = new DatagramChannel[n];
        int[] fds = new int[n];
        ByteBuffer[] buffers = new ByteBuffer[n];
        int[] recvIds = new int[n];
        int[] sendIds = new int[n];
        for (int i = 0; i < n; i++) {
            peers[i] = peer();
            fds[i] = socketConnectedTo(peers[i]);
            buffers[i] = ByteBuffer.allocateDirect(32);
            recvIds[i] = io.register(new Exchange(Phase.INPUT, Exchange.Op.RECV, fds[i], buffers[i], -1, false));
            ByteBuffer out = ByteBuffer.allocateDirect(3);
            out.put(("o" + i + "!").getBytes(StandardCharsets.US_ASCII)).flip();
            sendIds[i] = io.register(new Exchange(Phase.OUTPUT, Exchange.Op.SEND, fds[i], out, -1, false));
        }
        for (int i = 0; i < n; i++) {
            sendTo(peers[i], fds[i], "in" + i);
        }

        io.runPhase(Phase.INPUT, in(1000));
        io.runPhase(Phase.OUTPUT, in(1000));

        for (int i = 0; i < n; i++) {
            assertEquals(ExchangeStatus.OK, io.status(recvIds[i]), "recv " + i);
            assertEquals("in" + i, text(buffers[i], io.result(recvIds[i])));
            assertEquals(ExchangeStatus.OK, io.status(sendIds[i]), "send " + i);
            ByteBuffer got = ByteBuffer.allocate(16);
            peers[i].receive(got);
            assertEquals("o" + i + "!", new String(got.array(), 0, got.position(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void blockingReceiveTimesOutAtTheDeadline() throws IOException {
        int fd = socketConnectedTo(peer());
        ByteBuffer buffer = ByteBuffer.allocateDirect(64);
        int id = io.register(new Exchange(Phase.INPUT, Exchange.Op.RECV, fd, buffer, -1, false));

        long late = leastLateness(Phase.INPUT, 30);

        assertEquals(ExchangeStatus.TIMEOUT, io.status(id));
        assertEquals("ETIMEDOUT", io.errorName(id));
        assertEquals(0, buffer.get(0), "a cancelled receive transfers nothing");
        assertTrue(late < 10 * MS, "returned " + late / 1000 + " us after the deadline");
    }

    /** The PLC side of a loopback TCP connection to {@code server}, as a plain fd; the server side is accepted. */
    protected SocketChannel tcpConnection(ServerSocketChannel server, int[] plcFd) throws IOException {
        int fd = LibC.socket(LibC.AF_INET, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0);
        assertTrue(fd >= 0, "socket: " + Errno.name(LibC.errno()));
        fds.add(fd);
        NativeFiles.connect(fd, "127.0.0.1", ((InetSocketAddress) server.getLocalAddress()).getPort());
        plcFd[0] = fd;
        return server.accept();
    }

    @Test
    void aBlockingTcpReceiveWithNothingToReadReturnsPromptlyAfterTheDeadline() throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            int[] fd = new int[1];
            try (SocketChannel device = tcpConnection(server, fd)) {
                ByteBuffer buffer = ByteBuffer.allocateDirect(260);
                int id = io.register(new Exchange(Phase.INPUT, Exchange.Op.RECV, fd[0], buffer, -1, false));

                // A 5 ms deadline as a Modbus TCP client's INPUT phase has; every run cancels a receive.
                long late = leastLateness(Phase.INPUT, 5, 10, MS);

                assertEquals(ExchangeStatus.TIMEOUT, io.status(id));
                assertTrue(late < 2 * MS, "a cancelled TCP receive returned " + late / 1000 + " us after the deadline");

                // The connection survived the cancellations: the next answer is received whole.
                device.write(ByteBuffer.wrap("answer".getBytes(StandardCharsets.US_ASCII)));
                io.runPhase(Phase.INPUT, in(1000));
                assertEquals(ExchangeStatus.OK, io.status(id));
                assertEquals("answer", text(buffer, io.result(id)));
            }
        }
    }

    @Test
    void aDisabledExchangeIsSkippedAndKeepsItsLastStatusUntilEnabledAgain() throws IOException {
        DatagramChannel peer = peer();
        int fd = socketConnectedTo(peer);
        ByteBuffer first = ByteBuffer.allocateDirect(5);
        first.put("first".getBytes(StandardCharsets.US_ASCII)).flip();
        ByteBuffer second = ByteBuffer.allocateDirect(6);
        second.put("second".getBytes(StandardCharsets.US_ASCII)).flip();
        int a = io.register(new Exchange(Phase.OUTPUT, Exchange.Op.SEND, fd, first, -1, false));
        int b = io.register(new Exchange(Phase.OUTPUT, Exchange.Op.SEND, fd, second, -1, false));
        assertTrue(io.isEnabled(b));

        io.setEnabled(b, false);
        io.runPhase(Phase.OUTPUT, in(1000));
        assertEquals(ExchangeStatus.OK, io.status(a));
        assertEquals(ExchangeStatus.IDLE, io.status(b), "a disabled exchange does not run");
        assertEquals(List.of("first"), drain(peer));

        io.setEnabled(a, false);
        io.setEnabled(b, true);
        io.runPhase(Phase.OUTPUT, in(1000));
        assertEquals(ExchangeStatus.OK, io.status(a), "kept from the last phase it ran in");
        assertEquals(6, io.result(b));
        assertEquals(List.of("second"), drain(peer));

        io.setEnabled(a, false);
        io.setEnabled(b, false);
        io.runPhase(Phase.OUTPUT, in(1000));
        assertEquals(0, io.lastPhaseSyscalls(), "a phase with everything switched off makes no system call");
        assertEquals(List.of(), drain(peer));
        assertThrows(IndexOutOfBoundsException.class, () -> io.setEnabled(2, true));
    }

    @Test
    void setLengthSendsAndReceivesAPrefixOfTheRegisteredRegion() throws IOException {
        DatagramChannel peer = peer();
        int fd = socketConnectedTo(peer);
        ByteBuffer out = ByteBuffer.allocateDirect(8);
        out.put("12345678".getBytes(StandardCharsets.US_ASCII)).flip();
        ByteBuffer in = ByteBuffer.allocateDirect(8);
        int send = io.register(new Exchange(Phase.OUTPUT, Exchange.Op.SEND, fd, out, -1, false));
        int recv = io.register(new Exchange(Phase.INPUT, Exchange.Op.RECV, fd, in, -1, true));

        io.setLength(send, 3);
        io.runPhase(Phase.OUTPUT, in(1000));
        assertEquals(3, io.result(send));
        assertEquals(List.of("123"), drain(peer));

        io.setLength(send, 8);
        io.runPhase(Phase.OUTPUT, in(1000));
        assertEquals(List.of("12345678"), drain(peer));

        io.setLength(recv, 2);
        sendTo(peer, fd, "abcdef");
        io.runPhase(Phase.INPUT, in(1000));
        assertEquals(2, io.result(recv), "the datagram is truncated to the shorter length");
        assertEquals("ab", text(in, 2));
        assertEquals(0, in.get(2));

        assertThrows(IllegalArgumentException.class, () -> io.setLength(send, 9));
        assertThrows(IllegalArgumentException.class, () -> io.setLength(send, -1));
    }

    @Test
    void setLengthAppliesToFileWrites() throws IOException {
        Path file = tmp.resolve("value");
        Files.write(file, "....".getBytes(StandardCharsets.US_ASCII));
        int fd = NativeFiles.open(file, NativeFiles.O_RDWR);
        fds.add(fd);
        ByteBuffer out = ByteBuffer.allocateDirect(3);
        out.put("255".getBytes(StandardCharsets.US_ASCII)).flip();
        int write = io.register(new Exchange(Phase.OUTPUT, Exchange.Op.WRITE, fd, out, 0, false));

        io.setLength(write, 1);
        io.runPhase(Phase.OUTPUT, in(1000));

        assertEquals(1, io.result(write));
        assertEquals("2...", Files.readString(file, StandardCharsets.US_ASCII));
    }

    @Test
    void setFdMovesAnExchangeToAnotherSocket() throws IOException {
        DatagramChannel first = peer();
        DatagramChannel second = peer();
        int fdFirst = socketConnectedTo(first);
        int fdSecond = socketConnectedTo(second);
        ByteBuffer out = ByteBuffer.allocateDirect(4);
        out.put("ping".getBytes(StandardCharsets.US_ASCII)).flip();
        ByteBuffer in = ByteBuffer.allocateDirect(16);
        int send = io.register(new Exchange(Phase.OUTPUT, Exchange.Op.SEND, fdFirst, out, -1, false));
        int recv = io.register(new Exchange(Phase.INPUT, Exchange.Op.RECV, fdFirst, in, -1, true));
        io.runPhase(Phase.OUTPUT, in(1000));
        assertEquals(List.of("ping"), drain(first));

        io.setFd(send, fdSecond);
        io.setFd(recv, fdSecond);
        sendTo(second, fdSecond, "pong");
        io.runPhase(Phase.OUTPUT, in(1000));
        io.runPhase(Phase.INPUT, in(1000));

        assertEquals(List.of(), drain(first));
        assertEquals(List.of("ping"), drain(second));
        assertEquals(ExchangeStatus.OK, io.status(recv));
        assertEquals("pong", text(in, io.result(recv)));
    }

    @Test
    void switchingAndResizingExchangesAllocatesNothing() throws IOException {
        DatagramChannel peer = peer();
        int fd = socketConnectedTo(peer);
        ByteBuffer out = ByteBuffer.allocateDirect(16);
        int send = io.register(new Exchange(Phase.OUTPUT, Exchange.Op.SEND, fd, out, -1, false));
        int other = io.register(new Exchange(Phase.OUTPUT, Exchange.Op.SEND, fd, out, -1, false));
        int[] failures = new int[1];
        Runnable phases = () -> {
            for (int i = 0; i < 1_000; i++) {
                io.setEnabled(other, (i & 1) == 0);
                io.setLength(send, 1 + (i & 15));
                io.setFd(send, fd);
                io.runPhase(Phase.OUTPUT, System.nanoTime() + 100 * MS);
                if (io.status(send) != ExchangeStatus.OK || io.result(send) != 1 + (i & 15)) {
                    failures[0]++;
                }
            }
            // The peer never reads: once its receive queue is full, loopback drops the datagrams
            // silently, and the sends still succeed.
        };
        phases.run();

        long bytes = allocatedBy(phases);

        assertEquals(0, failures[0], "phases with an unexpected outcome");
        assertEquals(0, bytes, "bytes allocated by 1,000 phases that switch and resize exchanges");
    }

    /** Every datagram queued at {@code peer}, as text, waiting briefly for loopback delivery. */
    protected static List<String> drain(DatagramChannel peer) throws IOException {
        sleep(20);
        peer.configureBlocking(false);
        List<String> got = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.allocate(2048);
        while (peer.receive(buffer.clear()) != null) {
            got.add(new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII));
        }
        return got;
    }

    @Test
    void somePendingSomeCompletedAtTheDeadline() throws IOException {
        int n = 4;
        DatagramChannel[] peers = new DatagramChannel[n];
        int[] fds = new int[n];
        ByteBuffer[] buffers = new ByteBuffer[n];
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            peers[i] = peer();
            fds[i] = socketConnectedTo(peers[i]);
            buffers[i] = ByteBuffer.allocateDirect(16);
            ids[i] = io.register(new Exchange(Phase.INPUT, Exchange.Op.RECV, fds[i], buffers[i], -1, false));
        }
        sendTo(peers[1], fds[1], "one");
        sendTo(peers[3], fds[3], "three");

        io.runPhase(Phase.INPUT, in(50));

        assertEquals(ExchangeStatus.TIMEOUT, io.status(ids[0]));
        assertEquals(ExchangeStatus.OK, io.status(ids[1]));
        assertEquals("one", text(buffers[1], io.result(ids[1])));
        assertEquals(ExchangeStatus.TIMEOUT, io.status(ids[2]));
        assertEquals(ExchangeStatus.OK, io.status(ids[3]));
        assertEquals("three", text(buffers[3], io.result(ids[3])));
        long late = leastLateness(Phase.INPUT, 30);
        assertTrue(late < 10 * MS, "four cancelled receives returned " + late / 1000 + " us after the deadline");

        // The cancelled receives are really gone: the next datagram lands in the next phase.
        sendTo(peers[0], fds[0], "zero");
        io.runPhase(Phase.INPUT, in(50));
        assertEquals(ExchangeStatus.OK, io.status(ids[0]));
        assertEquals("zero", text(buffers[0], io.result(ids[0])));
    }

    @Test
    void blockingReceiveCompletesWhenADatagramArrivesDuringThePhase() throws Exception {
        DatagramChannel peer = peer();
        int fd = socketConnectedTo(peer);
        ByteBuffer buffer = ByteBuffer.allocateDirect(64);
        int id = io.register(new Exchange(Phase.INPUT, Exchange.Op.RECV, fd, buffer, -1, false));
        Thread sender = new Thread(() -> {
            try {
                Thread.sleep(30);
                sendTo(peer, fd, "late");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        long start = System.nanoTime();
        sender.start();
        io.runPhase(Phase.INPUT, in(5000));
        long elapsed = System.nanoTime() - start;
        sender.join();

        assertEquals(ExchangeStatus.OK, io.status(id));
        assertEquals("late", text(buffer, io.result(id)));
        assertTrue(elapsed < 2000 * MS, "waited " + elapsed / MS + " ms for a datagram sent after 30 ms");
    }

    @Test
    void sendToAClosedPortReportsConnectionRefusedOnTheNextOperation() throws IOException {
        DatagramChannel gone = peer();
        int fd = socketConnectedTo(gone);
        gone.close();
        ByteBuffer out = ByteBuffer.allocateDirect(4);
        out.put("ping".getBytes(StandardCharsets.US_ASCII)).flip();
        int send = io.register(new Exchange(Phase.OUTPUT, Exchange.Op.SEND, fd, out, -1, false));
        int recv = io.register(new Exchange(Phase.INPUT, Exchange.Op.RECV, fd, ByteBuffer.allocateDirect(16), -1, true));

        io.runPhase(Phase.OUTPUT, in(1000));
        assertEquals(ExchangeStatus.OK, io.status(send), "the first send leaves before the ICMP error returns");
        // The port-unreachable ICMP comes back through the loopback softirq; give it a few tries.
        for (int attempt = 0; attempt < 50 && io.status(recv) != ExchangeStatus.ERROR; attempt++) {
            io.runPhase(Phase.INPUT, in(100));
            if (io.status(recv) != ExchangeStatus.ERROR) {
                sleep(10);
            }
        }

        assertEquals(ExchangeStatus.ERROR, io.status(recv));
        assertEquals(-Errno.ECONNREFUSED, io.result(recv));
        assertEquals("ECONNREFUSED", io.errorName(recv));
    }

    @Test
    void anInvalidFdIsReportedWithItsErrnoName() {
        ByteBuffer out = ByteBuffer.allocateDirect(4);
        int id = io.register(new Exchange(Phase.OUTPUT, Exchange.Op.SEND, 1_000_000, out, -1, false));

        io.runPhase(Phase.OUTPUT, in(1000));

        assertEquals(ExchangeStatus.ERROR, io.status(id));
        assertEquals(-Errno.EBADF, io.result(id));
        assertEquals("EBADF", io.errorName(id));
    }

    @Test
    void fileReadAndWriteUseTheirOffsets() throws IOException {
        Path file = tmp.resolve("image.bin");
        Files.write(file, "0123456789".getBytes(StandardCharsets.US_ASCII));
        int fd = NativeFiles.open(file, NativeFiles.O_RDWR);
        fds.add(fd);
        ByteBuffer out = ByteBuffer.allocateDirect(2);
        out.put("AB".getBytes(StandardCharsets.US_ASCII)).flip();
        ByteBuffer in = ByteBuffer.allocateDirect(3);
        int write = io.register(new Exchange(Phase.OUTPUT, Exchange.Op.WRITE, fd, out, 4, false));
        int read = io.register(new Exchange(Phase.INPUT, Exchange.Op.READ, fd, in, 3, false));

        io.runPhase(Phase.OUTPUT, in(1000));
        io.runPhase(Phase.INPUT, in(1000));

        assertEquals(ExchangeStatus.OK, io.status(write));
        assertEquals(2, io.result(write));
        assertEquals(ExchangeStatus.OK, io.status(read));
        assertEquals(3, io.result(read));
        assertEquals("3AB", text(in, 3));
        assertEquals("0123AB6789", Files.readString(file, StandardCharsets.US_ASCII));
    }

    @Test
    void aBufferSliceTransfersOnlyItsRegion() throws IOException {
        DatagramChannel peer = peer();
        int fd = socketConnectedTo(peer);
        ByteBuffer whole = ByteBuffer.allocateDirect(32);
        whole.position(12).limit(20);
        int id = io.register(new Exchange(Phase.INPUT, Exchange.Op.RECV, fd, whole, -1, true));
        sendTo(peer, fd, "0123456789ABCDEF");

        io.runPhase(Phase.INPUT, in(1000));

        assertEquals(8, io.result(id), "a datagram longer than the region is truncated to it");
        byte[] all = new byte[32];
        whole.duplicate().clear().get(all);
        byte[] expected = new byte[32];
        System.arraycopy("01234567".getBytes(StandardCharsets.US_ASCII), 0, expected, 12, 8);
        assertArrayEquals(expected, all);
    }

    @Test
    void closeAfterATimedOutPhaseLeavesTheBufferAloneAndTheFdOpen() throws IOException {
        DatagramChannel peer = peer();
        int fd = socketConnectedTo(peer);
        ByteBuffer buffer = ByteBuffer.allocateDirect(16);
        int id = io.register(new Exchange(Phase.INPUT, Exchange.Op.RECV, fd, buffer, -1, false));
        io.runPhase(Phase.INPUT, in(20));
        assertEquals(ExchangeStatus.TIMEOUT, io.status(id));

        io.close();
        io.close();
        sendTo(peer, fd, "after");
        sleep(20);

        assertEquals(0, buffer.get(0), "no receive may still be in flight into the buffer after close()");
        try (CycleIo again = open()) {
            int id2 = again.register(new Exchange(Phase.INPUT, Exchange.Op.RECV, fd, buffer, -1, true));
            again.runPhase(Phase.INPUT, in(1000));
            assertEquals(ExchangeStatus.OK, again.status(id2), "close() must not close the fd");
            assertEquals("after", text(buffer, 5));
        }
        assertThrows(IllegalStateException.class, () -> io.runPhase(Phase.INPUT, in(10)));
    }

    @Test
    void manyPhasesInARowKeepWorking() throws IOException {
        DatagramChannel peer = peer();
        int fd = socketConnectedTo(peer);
        ByteBuffer in = ByteBuffer.allocateDirect(16);
        ByteBuffer out = ByteBuffer.allocateDirect(4);
        int recv = io.register(new Exchange(Phase.INPUT, Exchange.Op.RECV, fd, in, -1, true));
        int send = io.register(new Exchange(Phase.OUTPUT, Exchange.Op.SEND, fd, out, -1, false));
        ByteBuffer got = ByteBuffer.allocate(16);
        peer.configureBlocking(true);
        for (int cycle = 0; cycle < 200; cycle++) {
            sendTo(peer, fd, "c" + cycle);
            io.runPhase(Phase.INPUT, in(1000));
            assertEquals(ExchangeStatus.OK, io.status(recv), "cycle " + cycle);
            assertEquals("c" + cycle, text(in, io.result(recv)));
            out.putInt(0, cycle);
            io.runPhase(Phase.OUTPUT, in(1000));
            assertEquals(ExchangeStatus.OK, io.status(send), "cycle " + cycle);
            got.clear();
            peer.receive(got);
            assertEquals(cycle, got.getInt(0));
        }
    }

    @Test
    void phasesMayMoveToANewScanThreadAfterARestart() throws Exception {
        DatagramChannel peer = peer();
        int fd = socketConnectedTo(peer);
        ByteBuffer buffer = ByteBuffer.allocateDirect(16);
        int id = io.register(new Exchange(Phase.INPUT, Exchange.Op.RECV, fd, buffer, -1, true));
        for (int restart = 0; restart < 3; restart++) {
            String expected = "run" + restart;
            sendTo(peer, fd, expected);
            ExchangeStatus[] seen = new ExchangeStatus[1];
            Throwable[] failure = new Throwable[1];
            Thread scan = new Thread(() -> {
                try {
                    io.runPhase(Phase.INPUT, in(1000));
                    seen[0] = io.status(id);
                } catch (Throwable t) {
                    failure[0] = t;
                }
            });
            scan.start();
            scan.join();

            assertEquals(null, failure[0], "scan thread " + restart);
            assertEquals(ExchangeStatus.OK, seen[0]);
            assertEquals(expected, text(buffer, io.result(id)));
        }
    }

    /** A named pipe opened read-write (so opening never waits for a peer): a device with nothing to give. */
    private int emptyFifo(boolean nonBlockingFd) throws IOException, InterruptedException {
        Path fifo = tmp.resolve("fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo");
        int fd = NativeFiles.open(fifo, NativeFiles.O_RDWR | (nonBlockingFd ? NativeFiles.O_NONBLOCK : 0));
        fds.add(fd);
        return fd;
    }

    @Test
    void aBlockingReadOfADeviceWithNothingToGiveTimesOutAtTheDeadline() throws Exception {
        int fd = emptyFifo(false);
        int id = io.register(new Exchange(Phase.INPUT, Exchange.Op.READ, fd, ByteBuffer.allocateDirect(8), -1, false));

        long late = leastLateness(Phase.INPUT, 30);

        assertEquals(ExchangeStatus.TIMEOUT, io.status(id));
        assertTrue(late < 10 * MS, "returned " + late / 1000 + " us after the deadline");
    }

    @Test
    void aNonBlockingReadOfAProcfsFileReturnsItsValueAtOnceEveryPhase() throws Exception {
        // procfs and sysfs (a GPIO's value file) refuse RWF_NOWAIT; such a read must still return
        // the file's value, not NO_DATA, and from offset 0 every phase.
        int fd = NativeFiles.open(Path.of("/proc/self/stat"), NativeFiles.O_RDONLY);
        fds.add(fd);
        ByteBuffer buffer = ByteBuffer.allocateDirect(64);
        int id = io.register(new Exchange(Phase.INPUT, Exchange.Op.READ, fd, buffer, 0, true));
        String pid = Long.toString(ProcessHandle.current().pid());

        for (int phase = 0; phase < 3; phase++) {
            io.runPhase(Phase.INPUT, in(2000));

            assertEquals(ExchangeStatus.OK, io.status(id), "phase " + phase + ": " + io.errorName(id));
            assertTrue(text(buffer, io.result(id)).startsWith(pid + " ("), text(buffer, io.result(id)));
        }
    }

    @Test
    void aNonBlockingReadReportsNoDataAtOnceThenReadsWhatArrived() throws Exception {
        int fd = emptyFifo(false);
        ByteBuffer buffer = ByteBuffer.allocateDirect(8);
        int id = io.register(new Exchange(Phase.INPUT, Exchange.Op.READ, fd, buffer, -1, true));

        long start = System.nanoTime();
        io.runPhase(Phase.INPUT, in(2000));
        assertEquals(ExchangeStatus.NO_DATA, io.status(id));
        assertTrue(System.nanoTime() - start < 500 * MS, "a non-blocking read must not wait for the deadline");

        Files.write(tmp.resolve("fifo"), "go".getBytes(StandardCharsets.US_ASCII));
        io.runPhase(Phase.INPUT, in(2000));
        assertEquals(ExchangeStatus.OK, io.status(id));
        assertEquals("go", text(buffer, io.result(id)));
    }

    @Test
    void aBlockingReadOnANonBlockingFdStillWaitsForData() throws Exception {
        int fd = emptyFifo(true);
        ByteBuffer buffer = ByteBuffer.allocateDirect(8);
        int id = io.register(new Exchange(Phase.INPUT, Exchange.Op.READ, fd, buffer, -1, false));
        Path fifo = tmp.resolve("fifo");
        Thread writer = new Thread(() -> {
            try {
                Thread.sleep(30);
                Files.write(fifo, "late".getBytes(StandardCharsets.US_ASCII));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        io.runPhase(Phase.INPUT, in(5000));
        writer.join();

        assertEquals(ExchangeStatus.OK, io.status(id));
        assertEquals("late", text(buffer, io.result(id)));
    }

    /**
     * Bytes the calling thread allocated while {@code body} ran in steady state: the least of up
     * to five runs, because a run may include one-off JIT effects (a deoptimization while a
     * branch is first taken). An allocation per phase shows in every run, so it cannot hide.
     */
    private static long allocatedBy(Runnable body) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        long empty = threads.getCurrentThreadAllocatedBytes();
        long calibration = threads.getCurrentThreadAllocatedBytes() - empty;
        long least = Long.MAX_VALUE;
        for (int run = 0; run < 5 && least > 0; run++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            body.run();
            long after = threads.getCurrentThreadAllocatedBytes();
            least = Math.min(least, after - before - calibration);
        }
        return least;
    }

    @Test
    void tenThousandPhasesAllocateNothing() throws IOException {
        int a = NativeFiles.openUdpSocket("127.0.0.1", 0);
        fds.add(a);
        int b = NativeFiles.openUdpSocket("127.0.0.1", 0);
        fds.add(b);
        NativeFiles.connect(a, "127.0.0.1", NativeFiles.localPort(b));
        NativeFiles.connect(b, "127.0.0.1", NativeFiles.localPort(a));
        Path file = tmp.resolve("values");
        Files.write(file, new byte[16]);
        int f = NativeFiles.open(file, NativeFiles.O_RDWR);
        fds.add(f);
        ByteBuffer out = ByteBuffer.allocateDirect(16);
        int send = io.register(new Exchange(Phase.OUTPUT, Exchange.Op.SEND, a, out, -1, false));
        int write = io.register(new Exchange(Phase.OUTPUT, Exchange.Op.WRITE, f, out, 0, false));
        int recv = io.register(new Exchange(Phase.INPUT, Exchange.Op.RECV, b, ByteBuffer.allocateDirect(16), -1, true));
        int empty = io.register(new Exchange(Phase.INPUT, Exchange.Op.RECV, a, ByteBuffer.allocateDirect(16), -1, true));
        int read = io.register(new Exchange(Phase.INPUT, Exchange.Op.READ, f, ByteBuffer.allocateDirect(16), 0, true));
        int[] failures = new int[1];
        // The first unexpected outcome, as primitives so that recording it allocates nothing.
        int[] firstFailure = {-1, -1, 0};
        int[] ids = {send, write, recv, empty, read};
        ExchangeStatus[] expected = {ExchangeStatus.OK, ExchangeStatus.OK, ExchangeStatus.OK, ExchangeStatus.NO_DATA,
            ExchangeStatus.OK};
        Runnable cycles = () -> {
            for (int cycle = 0; cycle < 5_000; cycle++) {
                io.runPhase(Phase.OUTPUT, System.nanoTime() + 100 * MS);
                io.runPhase(Phase.INPUT, System.nanoTime() + 100 * MS);
                boolean failed = false;
                for (int k = 0; k < ids.length; k++) {
                    if (io.status(ids[k]) != expected[k]) {
                        failed = true;
                        if (firstFailure[0] < 0) {
                            firstFailure[0] = k;
                            firstFailure[1] = io.status(ids[k]).ordinal();
                            firstFailure[2] = io.result(ids[k]);
                        }
                    }
                }
                failures[0] += failed ? 1 : 0;
            }
        };
        cycles.run(); // warm-up: class loading, JIT

        long bytes = allocatedBy(cycles);

        assertEquals(0, failures[0], () -> "cycles with an unexpected status; the first: "
                + List.of("send", "write", "recv", "empty recv", "read").get(firstFailure[0]) + " was "
                + ExchangeStatus.values()[firstFailure[1]] + " (result " + firstFailure[2] + ")");
        assertEquals(0, bytes, "bytes allocated by 10,000 phases");
    }

    @Test
    void timedOutPhasesAllocateNothing() throws IOException {
        int fd = socketConnectedTo(peer());
        int id = io.register(new Exchange(Phase.INPUT, Exchange.Op.RECV, fd, ByteBuffer.allocateDirect(16), -1, false));
        int[] failures = new int[1];
        Runnable phases = () -> {
            for (int i = 0; i < 1_000; i++) {
                io.runPhase(Phase.INPUT, System.nanoTime());
                if (io.status(id) != ExchangeStatus.TIMEOUT) {
                    failures[0]++;
                }
            }
        };
        phases.run();

        long bytes = allocatedBy(phases);

        assertEquals(0, failures[0], "phases that did not time out");
        assertEquals(0, bytes, "bytes allocated by 1,000 timed-out phases");
    }

    /**
     * True when a RECV_LATEST phase reports the newest of a backlog larger than the back end's
     * receive buffers in the same phase; an SQPOLL ring receives in its poller thread, apart from
     * the phase, and may report it one phase later.
     */
    protected boolean latestDrainsABacklogInOnePhase() {
        return true;
    }

    /** Sends {@code count} datagrams "d1" .. "dCOUNT" from {@code peer} to {@code fd}, in order. */
    private static void sendNumbered(DatagramChannel peer, int fd, int from, int count) throws IOException {
        for (int i = from; i < from + count; i++) {
            sendTo(peer, fd, "d" + i);
        }
    }

    @Test
    void everyBackEndSupportsTheClassicOpsAndSaysWhetherItHasReceiveLatest() {
        for (Exchange.Op op : List.of(Exchange.Op.READ, Exchange.Op.WRITE, Exchange.Op.SEND, Exchange.Op.RECV)) {
            assertTrue(io.supports(op), op.name());
        }
        if (io.backend().equals("fallback")) {
            assertTrue(io.supports(Exchange.Op.RECV_LATEST), "the fallback drains with plain receives anywhere");
        }
    }

    @Test
    void receiveLatestReportsTheNewestQueuedDatagramAndDropsTheOlderOnes() throws IOException {
        DatagramChannel peer = peer();
        int fd = socketConnectedTo(peer);
        ByteBuffer buffer = ByteBuffer.allocateDirect(16);
        int id = io.register(new Exchange(Phase.INPUT, Exchange.Op.RECV_LATEST, fd, buffer, -1, true));
        io.runPhase(Phase.INPUT, in(1000));
        assertEquals(ExchangeStatus.NO_DATA, io.status(id));
        assertEquals("EAGAIN", io.errorName(id));

        sendNumbered(peer, fd, 1, 3);
        sleep(20);
        io.runPhase(Phase.INPUT, in(1000));
        assertEquals(ExchangeStatus.OK, io.status(id));
        assertEquals("d3", text(buffer, io.result(id)));

        // d1 and d2 were dropped, not kept for later phases.
        io.runPhase(Phase.INPUT, in(1000));
        assertEquals(ExchangeStatus.NO_DATA, io.status(id));

        sendNumbered(peer, fd, 4, 1);
        sleep(20);
        io.runPhase(Phase.INPUT, in(1000));
        assertEquals(ExchangeStatus.OK, io.status(id));
        assertEquals("d4", text(buffer, io.result(id)));
    }

    @Test
    void receiveLatestOfABacklogLargerThanTheReceiveBuffers() throws IOException {
        DatagramChannel peer = peer();
        int fd = socketConnectedTo(peer);
        ByteBuffer buffer = ByteBuffer.allocateDirect(16);
        int id = io.register(new Exchange(Phase.INPUT, Exchange.Op.RECV_LATEST, fd, buffer, -1, true));
        io.runPhase(Phase.INPUT, in(1000));

        sendNumbered(peer, fd, 10, 20);
        sleep(20);
        io.runPhase(Phase.INPUT, in(1000));

        assertEquals(ExchangeStatus.OK, io.status(id));
        if (latestDrainsABacklogInOnePhase()) {
            assertEquals("d29", text(buffer, io.result(id)));
        } else {
            String got = text(buffer, io.result(id));
            for (int phase = 0; phase < 5 && !got.equals("d29"); phase++) {
                sleep(20);
                io.runPhase(Phase.INPUT, in(1000));
                assertEquals(ExchangeStatus.OK, io.status(id), "after " + got);
                got = text(buffer, io.result(id));
            }
            assertEquals("d29", got);
        }
        for (int round = 0; round < 3; round++) {
            sendNumbered(peer, fd, 100 + 10 * round, 5);
            sleep(20);
            io.runPhase(Phase.INPUT, in(1000));
            assertEquals("d" + (104 + 10 * round), text(buffer, io.result(id)), "round " + round);
        }
    }

    @Test
    void aBlockingReceiveLatestWaitsForADatagramOrTimesOutAndStaysReady() throws Exception {
        DatagramChannel peer = peer();
        int fd = socketConnectedTo(peer);
        ByteBuffer buffer = ByteBuffer.allocateDirect(16);
        int id = io.register(new Exchange(Phase.INPUT, Exchange.Op.RECV_LATEST, fd, buffer, -1, false));

        long late = leastLateness(Phase.INPUT, 20);
        assertEquals(ExchangeStatus.TIMEOUT, io.status(id));
        assertEquals("ETIMEDOUT", io.errorName(id));
        assertTrue(late < 10 * MS, "returned " + late / 1000 + " us after the deadline");

        Thread sender = new Thread(() -> {
            sleep(30);
            try {
                sendTo(peer, fd, "late");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        sender.start();
        long start = System.nanoTime();
        io.runPhase(Phase.INPUT, in(5000));
        long elapsed = System.nanoTime() - start;
        sender.join();
        assertEquals(ExchangeStatus.OK, io.status(id));
        assertEquals("late", text(buffer, io.result(id)));
        assertTrue(elapsed < 2000 * MS, "the phase returned when the datagram came, not at the deadline: "
                + elapsed / MS + " ms");

        // Already queued before the phase: no wait at all.
        sendTo(peer, fd, "now");
        sleep(20);
        start = System.nanoTime();
        io.runPhase(Phase.INPUT, in(5000));
        assertEquals("now", text(buffer, io.result(id)));
        assertTrue(System.nanoTime() - start < 1000 * MS);
    }

    @Test
    void receiveLatestHonoursSetLengthAndSetFdAndSkipsWhileDisabled() throws IOException {
        DatagramChannel first = peer();
        DatagramChannel second = peer();
        int fdFirst = socketConnectedTo(first);
        int fdSecond = socketConnectedTo(second);
        ByteBuffer buffer = ByteBuffer.allocateDirect(16);
        int id = io.register(new Exchange(Phase.INPUT, Exchange.Op.RECV_LATEST, fdFirst, buffer, -1, true));
        io.runPhase(Phase.INPUT, in(1000));

        io.setLength(id, 3);
        sendTo(first, fdFirst, "abcdef");
        sleep(20);
        io.runPhase(Phase.INPUT, in(1000));
        assertEquals(ExchangeStatus.OK, io.status(id));
        assertEquals(3, io.result(id));
        assertEquals("abc", text(buffer, 3));
        io.setLength(id, 16);

        sendTo(first, fdFirst, "stale");
        sleep(20);
        io.setFd(id, fdSecond);
        sendTo(second, fdSecond, "fresh");
        sleep(20);
        io.runPhase(Phase.INPUT, in(1000));
        assertEquals("fresh", text(buffer, io.result(id)));
        sendTo(first, fdFirst, "old fd");
        sleep(20);
        io.runPhase(Phase.INPUT, in(1000));
        assertEquals(ExchangeStatus.NO_DATA, io.status(id), "the old fd is not read any more");

        io.setEnabled(id, false);
        sendTo(second, fdSecond, "while off");
        sleep(20);
        io.runPhase(Phase.INPUT, in(1000));
        assertEquals(ExchangeStatus.NO_DATA, io.status(id), "a disabled exchange keeps its status");
        io.setEnabled(id, true);
        io.runPhase(Phase.INPUT, in(1000));
        assertEquals(ExchangeStatus.OK, io.status(id));
        assertEquals("while off", text(buffer, io.result(id)));
    }

    @Test
    void receiveLatestPhasesAllocateNothing() throws IOException {
        int a = NativeFiles.openUdpSocket("127.0.0.1", 0);
        fds.add(a);
        int b = NativeFiles.openUdpSocket("127.0.0.1", 0);
        fds.add(b);
        NativeFiles.connect(a, "127.0.0.1", NativeFiles.localPort(b));
        NativeFiles.connect(b, "127.0.0.1", NativeFiles.localPort(a));
        ByteBuffer out = ByteBuffer.allocateDirect(16);
        ByteBuffer in = ByteBuffer.allocateDirect(16);
        int send = io.register(new Exchange(Phase.OUTPUT, Exchange.Op.SEND, a, out, -1, false));
        int recv = io.register(new Exchange(Phase.INPUT, Exchange.Op.RECV_LATEST, b, in, -1, false));
        int[] failures = new int[1];
        Runnable cycles = () -> {
            for (int cycle = 0; cycle < 3_000; cycle++) {
                out.putInt(0, cycle);
                io.runPhase(Phase.OUTPUT, System.nanoTime() + 100 * MS);
                io.runPhase(Phase.INPUT, System.nanoTime() + 100 * MS);
                if (io.status(send) != ExchangeStatus.OK || io.status(recv) != ExchangeStatus.OK
                        || in.getInt(0) != cycle) {
                    failures[0]++;
                }
            }
        };
        cycles.run();

        long bytes = allocatedBy(cycles);

        assertEquals(0, failures[0], "cycles whose newest datagram was not this cycle's");
        assertEquals(0, bytes, "bytes allocated by 6,000 phases");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
