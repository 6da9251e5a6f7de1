package org.ringplc.io.uring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ringplc.io.CycleIo;
import org.ringplc.io.CycleIoContract;
import org.ringplc.io.Exchange;
import org.ringplc.io.ExchangeStatus;
import org.ringplc.io.NativeFiles;
import org.ringplc.io.Phase;

class UringCycleIoTest extends CycleIoContract {

    @BeforeAll
    static void needsIoUring() {
        assumeTrue(Uring.isAvailable(), Uring.reason());
    }

    @Override
    protected CycleIo open() throws IOException {
        return new UringCycleIo("test");
    }

    @Test
    void receiveLatestIsSupportedFromLinux60AndRefusedBeforeRegistrationOtherwise() {
        assertTrue(UringCycleIo.kernelAtLeast(5, 11) || !UringCycleIo.kernelAtLeast(6, 0));
        assertEquals(UringCycleIo.kernelAtLeast(6, 0), io.supports(Exchange.Op.RECV_LATEST));
        String version = System.getProperty("os.version");
        try {
            System.setProperty("os.version", "5.19.0-generic");
            assertTrue(!UringCycleIo.kernelAtLeast(6, 0));
            System.setProperty("os.version", "6.1.0-rpi7-rpi-v8");
            assertTrue(UringCycleIo.kernelAtLeast(6, 0));
            System.setProperty("os.version", "10.2");
            assertTrue(UringCycleIo.kernelAtLeast(6, 0));
            System.setProperty("os.version", "weird");
            assertTrue(!UringCycleIo.kernelAtLeast(6, 0));
        } finally {
            System.setProperty("os.version", version);
        }
    }

    @Test
    void aPhaseWhereNothingTimesOutIsOneSystemCall() throws IOException {
        DatagramChannel a = peer();
        DatagramChannel b = peer();
        int fdA = socketConnectedTo(a);
        int fdB = socketConnectedTo(b);
        ByteBuffer inA = ByteBuffer.allocateDirect(16);
        ByteBuffer inB = ByteBuffer.allocateDirect(16);
        int recvA = io.register(new Exchange(Phase.INPUT, Exchange.Op.RECV, fdA, inA, -1, true));
        int recvB = io.register(new Exchange(Phase.INPUT, Exchange.Op.RECV, fdB, inB, -1, false));
        ByteBuffer out = ByteBuffer.allocateDirect(4);
        io.register(new Exchange(Phase.OUTPUT, Exchange.Op.SEND, fdA, out, -1, false));
        io.register(new Exchange(Phase.OUTPUT, Exchange.Op.SEND, fdB, out, -1, false));
        // The first phase also enables the ring on this thread (one io_uring_register).
        io.runPhase(Phase.OUTPUT, in(1000));

        sendTo(a, fdA, "a");
        sendTo(b, fdB, "b");
        io.runPhase(Phase.INPUT, in(1000));
        assertEquals(ExchangeStatus.OK, io.status(recvA));
        assertEquals(ExchangeStatus.OK, io.status(recvB));
        assertEquals(1, io.lastPhaseSyscalls());

        io.runPhase(Phase.OUTPUT, in(1000));
        assertEquals(1, io.lastPhaseSyscalls());

        io.runPhase(Phase.INPUT, in(1000));
        assertEquals(ExchangeStatus.NO_DATA, io.status(recvA));
        assertEquals(ExchangeStatus.TIMEOUT, io.status(recvB));
        assertTrue(io.lastPhaseSyscalls() >= 2, "a timed-out phase also submits the cancellation");
    }

    @Test
    void aBlockingReceiveThatCompletesInTime() throws Exception {
        DatagramChannel a = peer();
        int fd = socketConnectedTo(a);
        ByteBuffer in = ByteBuffer.allocateDirect(16);
        int id = io.register(new Exchange(Phase.INPUT, Exchange.Op.RECV, fd, in, -1, false));
        io.runPhase(Phase.INPUT, in(5));
        Thread sender = new Thread(() -> {
            try {
                Thread.sleep(20);
                a.send(ByteBuffer.wrap("x".getBytes(StandardCharsets.US_ASCII)),
                        new InetSocketAddress("127.0.0.1", NativeFiles.localPort(fd)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        sender.start();
        io.runPhase(Phase.INPUT, in(5000));
        sender.join();

        assertEquals(ExchangeStatus.OK, io.status(id));
        assertEquals(1, io.lastPhaseSyscalls(), "the kernel waited inside the one io_uring_enter");
    }

    @Test
    void aBadFdAmongGoodExchangesStillTakesOneSystemCall() throws IOException {
        assumeTrue(((UringCycleIo) io).setupFlags().contains("SUBMIT_ALL"), "kernel without IORING_SETUP_SUBMIT_ALL");
        DatagramChannel peer = peer();
        int fd = socketConnectedTo(peer);
        ByteBuffer out = ByteBuffer.allocateDirect(4);
        int bad = io.register(new Exchange(Phase.OUTPUT, Exchange.Op.SEND, 1_000_000, out, -1, false));
        int good = io.register(new Exchange(Phase.OUTPUT, Exchange.Op.SEND, fd, out, -1, false));
        io.runPhase(Phase.OUTPUT, in(1000)); // also enables the ring

        io.runPhase(Phase.OUTPUT, in(1000));

        assertEquals(ExchangeStatus.ERROR, io.status(bad));
        assertEquals(ExchangeStatus.OK, io.status(good));
        assertEquals(1, io.lastPhaseSyscalls(), "the kernel went on submitting after the failed SQE");
    }

    @Test
    void aTimedOutTcpReceiveCostsOneWaitAndOneCancelRound() throws IOException {
        try (java.nio.channels.ServerSocketChannel server = java.nio.channels.ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            int[] fd = new int[1];
            try (java.nio.channels.SocketChannel device = tcpConnection(server, fd)) {
                int id = io.register(new Exchange(Phase.INPUT, Exchange.Op.RECV, fd[0], ByteBuffer.allocateDirect(16), -1, false));
                io.runPhase(Phase.INPUT, in(5));

                io.runPhase(Phase.INPUT, in(5));

                assertEquals(ExchangeStatus.TIMEOUT, io.status(id));
                // No third call: the cancelled receive's completion is reaped in the cancel's own enter.
                assertEquals(2, io.lastPhaseSyscalls());
            }
        }
    }

    @Test
    void setupFlagsAreTheBestTheKernelAccepts() throws IOException {
        UringCycleIo uring = (UringCycleIo) io;
        assertTrue(uring.backendReason().contains(uring.setupFlags()), uring.backendReason());
        assertEquals(0, uring.cqOverflows());
        assertEquals(0, uring.strayCompletions());
    }

    @Test
    void manyExchangesGrowTheRing() throws IOException {
        DatagramChannel peer = peer();
        int fd = socketConnectedTo(peer);
        int n = 40;
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = io.register(new Exchange(Phase.INPUT, Exchange.Op.RECV, fd, ByteBuffer.allocateDirect(8), -1, true));
        }
        for (int i = 0; i < 3; i++) {
            sendTo(peer, fd, "d" + i);
        }

        io.runPhase(Phase.INPUT, in(1000));

        int ok = 0;
        for (int id : ids) {
            ok += io.status(id) == ExchangeStatus.OK ? 1 : 0;
            assertTrue(io.status(id) == ExchangeStatus.OK || io.status(id) == ExchangeStatus.NO_DATA);
        }
        assertEquals(3, ok, "three datagrams fill three of the receives");
        assertEquals(0, ((UringCycleIo) io).cqOverflows());
    }

    @Test
    void anArmedReceiveLatestFollowsTheScanThreadToANewRing() throws Exception {
        assumeTrue(io.supports(Exchange.Op.RECV_LATEST), "kernel without multishot receives");
        DatagramChannel peer = peer();
        int fd = socketConnectedTo(peer);
        ByteBuffer buffer = ByteBuffer.allocateDirect(16);
        int id = io.register(new Exchange(Phase.INPUT, Exchange.Op.RECV_LATEST, fd, buffer, -1, false));
        io.runPhase(Phase.INPUT, in(20)); // arms the multishot receive on this thread's ring
        assertEquals(ExchangeStatus.TIMEOUT, io.status(id));
        for (int restart = 0; restart < 3; restart++) {
            String expected = "run" + restart;
            ExchangeStatus[] seen = new ExchangeStatus[1];
            Throwable[] failure = new Throwable[1];
            // The datagram comes while the new thread's phase waits: it can only be received by a
            // receive armed on the new ring, into buffers registered with it.
            Thread scan = new Thread(() -> {
                try {
                    Thread sender = new Thread(() -> {
                        try {
                            Thread.sleep(30);
                            sendTo(peer, fd, expected);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    sender.start();
                    io.runPhase(Phase.INPUT, in(5000));
                    sender.join();
                    seen[0] = io.status(id);
                } catch (Throwable t) {
                    failure[0] = t;
                }
            });
            scan.start();
            scan.join();

            assertEquals(null, failure[0], "scan thread " + restart);
            assertEquals(ExchangeStatus.OK, seen[0], "scan thread " + restart);
            assertEquals(expected, text(buffer, io.result(id)));
        }
        UringCycleIo uring = (UringCycleIo) io;
        assertEquals(0, uring.strayCompletions());
        assertEquals(0, uring.cqOverflows());
    }

    @Test
    void closeOnTheScanThreadCancelsTheArmedReceivesPromptly() throws IOException {
        assumeTrue(io.supports(Exchange.Op.RECV_LATEST), "kernel without multishot receives");
        DatagramChannel peer = peer();
        ByteBuffer buffer = ByteBuffer.allocateDirect(16);
        for (int i = 0; i < 3; i++) {
            io.register(new Exchange(Phase.INPUT, Exchange.Op.RECV_LATEST, socketConnectedTo(peer), buffer, -1, false));
        }
        io.runPhase(Phase.INPUT, in(5)); // all three armed, waiting in poll
        UringCycleIo uring = (UringCycleIo) io;

        long start = System.nanoTime();
        io.close();
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        // Close waits up to 10 slices of 100 ms for the receives' last CQEs; a cancel that
        // missed its receive would use them all.
        assertTrue(elapsedMillis < 500, "close took " + elapsedMillis + " ms");
        assertEquals(0, uring.strayCompletions(), "the cancels and the receives' last CQEs all matched");
    }
}
