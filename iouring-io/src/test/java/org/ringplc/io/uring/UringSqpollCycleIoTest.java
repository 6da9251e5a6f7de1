package org.ringplc.io.uring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ringplc.io.CycleIo;
import org.ringplc.io.CycleIoContract;
import org.ringplc.io.CycleIoFactory;
import org.ringplc.io.Exchange;
import org.ringplc.io.ExchangeStatus;
import org.ringplc.io.Phase;

/**
 * The contract on an SQPOLL ring. The poller's idle time is short (2 ms), so it falls asleep
 * between most test phases and the wake-up path is exercised as much as the polled one.
 */
class UringSqpollCycleIoTest extends CycleIoContract {

    @BeforeAll
    static void needsIoUring() {
        assumeTrue(Uring.isAvailable(), Uring.reason());
    }

    @Override
    protected CycleIo open() throws IOException {
        UringCycleIo ring = UringCycleIo.withSqpoll("test", 2, -1);
        assumeTrue(ring.sqpoll(), "this kernel refused SQPOLL");
        return ring;
    }

    @Override
    protected boolean latestDrainsABacklogInOnePhase() {
        return false;
    }

    @Test
    void theRingHasAPollerThreadAndSaysSo() {
        UringCycleIo ring = (UringCycleIo) io;
        assertTrue(ring.sqpoll());
        assertTrue(ring.setupFlags().startsWith("SQPOLL"), ring.setupFlags());
    }

    @Test
    void aPollerThatFellAsleepIsWokenAndAPhaseTakesOneSystemCallAtMost() throws Exception {
        DatagramChannel peer = peer();
        int fd = socketConnectedTo(peer);
        ByteBuffer in = ByteBuffer.allocateDirect(16);
        int recv = io.register(new Exchange(Phase.INPUT, Exchange.Op.RECV, fd, in, -1, false));
        for (int round = 0; round < 5; round++) {
            // 20 ms is ten times the idle time: the poller sleeps and needs IORING_ENTER_SQ_WAKEUP.
            Thread.sleep(20);
            sendTo(peer, fd, "r" + round);
            long start = System.nanoTime();
            io.runPhase(Phase.INPUT, in(1000));
            assertTrue(System.nanoTime() - start < 500_000_000L, "the phase waited for its deadline: no wake-up");
            assertEquals(ExchangeStatus.OK, io.status(recv));
            assertEquals("r" + round, text(in, io.result(recv)));
            assertTrue(io.lastPhaseSyscalls() <= 1, "syscalls: " + io.lastPhaseSyscalls());
        }
    }

    @Test
    void theFactoryOpensAnSqpollRingWhenAsked() throws IOException {
        try (CycleIo opened = CycleIoFactory.open(CycleIoFactory.Backend.IOURING, CycleIoFactory.Options.sqpoll(5))) {
            assertTrue(((UringCycleIo) opened).sqpoll());
            assertTrue(opened.backendReason().contains("SQPOLL requested (idle 5 ms)"), opened.backendReason());
        }
        try (CycleIo opened = CycleIoFactory.open(CycleIoFactory.Backend.IOURING)) {
            assertTrue(!((UringCycleIo) opened).sqpoll(), "SQPOLL is opt-in");
        }
    }
}
