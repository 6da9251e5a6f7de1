package org.ringplc.io.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;

/**
 * The far side of {@code bench io}: N UDP sockets, each an echo peer that sends every datagram it
 * receives back to its sender, like N remote I/O devices answering a request.
 *
 * <p>Two ways to run it. As a child process of the benchmark ({@link #main}), on loopback
 * ephemeral ports: a separate process, because peers on threads of the benchmarking JVM would
 * share its scheduling and its CPU accounting with the scan thread being measured. Or on another
 * machine ({@code ringplc bench io-peers}), on N consecutive ports: then the peers' receive work
 * is on their own CPUs, as with real devices on a network, while on loopback the kernel delivers
 * each request into the peer's socket inside the sender's system call and charges the scan thread
 * for it (see iouring-io/README.md, "bench io").
 *
 * <p>One thread serves all N sockets through a selector, so the peers do not need N cores to
 * answer promptly.
 *
 * <p>Child-process protocol: arguments {@code N}; the first line on stdout is
 * {@code ports P1,P2,...}; the process exits when its stdin closes (the parent finished or died).
 */
public final class EchoPeers implements AutoCloseable {

    /** The first word of the line that lists the peers' ports. */
    static final String PORTS = "ports";
    // Larger than any bench datagram, so a request is never truncated on its way back.
    private static final int MAX_DATAGRAM = 2048;

    private final Selector selector;
    private final DatagramChannel[] channels;
    private final int[] ports;

    private EchoPeers(Selector selector, DatagramChannel[] channels, int[] ports) {
        this.selector = selector;
        this.channels = channels;
        this.ports = ports;
    }

    /**
     * Binds {@code n} echo sockets on {@code bindHost}: on ports {@code firstPort ..
     * firstPort + n - 1}, or on ephemeral ports when {@code firstPort} is 0.
     *
     * @throws IOException naming the address that could not be bound (e.g. a port in use)
     */
    public static EchoPeers open(String bindHost, int firstPort, int n) throws IOException {
        if (n < 1 || firstPort < 0 || firstPort + n - 1 > 65_535) {
            throw new IllegalArgumentException("echo peers: " + n + " ports from " + firstPort + " do not fit in 1..65535");
        }
        Selector selector = Selector.open();
        DatagramChannel[] channels = new DatagramChannel[n];
        int[] ports = new int[n];
        try {
            for (int i = 0; i < n; i++) {
                int port = firstPort == 0 ? 0 : firstPort + i;
                channels[i] = DatagramChannel.open(StandardProtocolFamily.INET);
                try {
                    channels[i].bind(new InetSocketAddress(bindHost, port));
                } catch (IOException e) {
                    throw new IOException("echo peer: cannot bind " + bindHost + ":" + port + ": " + e.getMessage(), e);
                }
                channels[i].configureBlocking(false);
                channels[i].register(selector, SelectionKey.OP_READ);
                ports[i] = ((InetSocketAddress) channels[i].getLocalAddress()).getPort();
            }
        } catch (IOException | RuntimeException e) {
            closeAll(selector, channels);
            throw e;
        }
        return new EchoPeers(selector, channels, ports);
    }

    /** The bound ports, in socket order. */
    public int[] ports() {
        return ports.clone();
    }

    /** Answers datagrams until {@link #close()} is called (from another thread) or the thread is interrupted. */
    public void serve() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        try {
            while (selector.isOpen() && !Thread.currentThread().isInterrupted()) {
                selector.select();
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    DatagramChannel channel = (DatagramChannel) keys.next().channel();
                    keys.remove();
                    // Drain: several requests may have queued while this thread was descheduled.
                    SocketAddress sender;
                    while ((sender = channel.receive(buffer.clear())) != null) {
                        channel.send(buffer.flip(), sender);
                    }
                }
            }
        } catch (ClosedSelectorException | ClosedChannelException e) {
            if (selector.isOpen()) {
                throw e;
            }
            // close() from another thread, while selecting or answering: the normal end of serving.
        }
    }

    @Override
    public void close() {
        closeAll(selector, channels);
    }

    private static void closeAll(Selector selector, DatagramChannel[] channels) {
        try {
            selector.close();
        } catch (IOException e) {
            // Nothing left to release that closing the channels does not release.
        }
        for (DatagramChannel channel : channels) {
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException e) {
                // A socket that fails to close is released with the process.
            }
        }
    }

    /** The child-process entry: {@code N} loopback peers on ephemeral ports, until stdin closes. */
    public static void main(String[] args) throws IOException {
        EchoPeers peers = open("127.0.0.1", 0, Integer.parseInt(args[0]));
        StringBuilder line = new StringBuilder(PORTS).append(' ');
        for (int i = 0; i < peers.ports.length; i++) {
            line.append(i == 0 ? "" : ",").append(peers.ports[i]);
        }
        System.out.println(line);
        System.out.flush();
        Thread watchdog = new Thread(EchoPeers::exitWhenStdinCloses, "stdin-watch");
        watchdog.setDaemon(true);
        watchdog.start();
        peers.serve();
    }

    private static void exitWhenStdinCloses() {
        try {
            InputStream in = System.in;
            while (in.read() >= 0) {
                // The parent sends nothing; any byte is ignored until end of stream.
            }
        } catch (IOException e) {
            // A broken pipe means the parent is gone as well.
        }
        System.exit(0);
    }
}
