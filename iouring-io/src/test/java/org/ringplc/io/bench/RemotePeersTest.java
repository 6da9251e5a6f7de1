package org.ringplc.io.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ringplc.io.CycleIoFactory;
import org.ringplc.io.CycleIoFactory.Backend;
import org.ringplc.io.uring.Uring;

/**
 * {@code bench io --peers}: the benchmark against echo peers that someone else started, here
 * {@link EchoPeers} served on a thread of this JVM over real loopback sockets, as
 * {@code ringplc bench io-peers} serves them on another machine.
 */
class RemotePeersTest {

    private EchoPeers peers;
    private Thread server;

    @BeforeEach
    void startPeers() throws IOException {
        peers = EchoPeers.open("127.0.0.1", 0, 3);
        server = new Thread(() -> {
            try {
                peers.serve();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, "echo-peers");
        server.start();
    }

    @AfterEach
    void stopPeers() throws InterruptedException {
        peers.close();
        server.join(5_000);
        assertTrue(!server.isAlive(), "closing the peers ends serve()");
    }

    @Test
    void theFallbackRunsAgainstPeersSomeoneElseStarted() throws IOException {
        int[] ports = peers.ports();
        IoBench.Figures figures = IoBench.run(Backend.FALLBACK, CycleIoFactory.Options.DEFAULT, 3, 200, false,
                n -> RemotePeers.at("127.0.0.1", ports));

        assertEquals("fallback", figures.backend());
        assertEquals(0, figures.failedExchanges(), "every answer carries its cycle's number: " + figures);
    }

    @Test
    void ioUringNeedsOneSystemCallPerPhaseAgainstRemotePeersToo() throws IOException {
        assumeTrue(Uring.isAvailable(), Uring.reason());
        int[] ports = peers.ports();
        IoBench.Figures figures = IoBench.run(Backend.IOURING, CycleIoFactory.Options.DEFAULT, 3, 200, false,
                n -> RemotePeers.at("127.0.0.1", ports));

        assertEquals(0, figures.failedExchanges(), figures.toString());
        assertEquals(2.0, figures.syscallsPerCycle(), figures.toString());
    }

    @Test
    void aPeerThatDoesNotAnswerIsNamedWithTheCommandThatStartsIt() throws IOException {
        // A socket that is bound but never read: the probe's datagram goes unanswered.
        try (DatagramChannel silent = DatagramChannel.open()) {
            silent.bind(new InetSocketAddress("127.0.0.1", 0));
            int silentPort = ((InetSocketAddress) silent.getLocalAddress()).getPort();
            int[] ports = {peers.ports()[0], silentPort};

            IOException e = assertThrows(IOException.class, () -> RemotePeers.at("127.0.0.1", ports));

            assertTrue(e.getMessage().startsWith("no echo from 127.0.0.1 port " + silentPort + " within "),
                    e.getMessage());
            assertTrue(e.getMessage().contains("'ringplc bench io-peers --n 2 --port " + ports[0] + "'"), e.getMessage());
        }
    }

    @Test
    void echoPeersRefuseAPortRangeBeyond65535() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EchoPeers.open("127.0.0.1", 65_535, 2));

        assertEquals("echo peers: 2 ports from 65535 do not fit in 1..65535", e.getMessage());
    }
}
