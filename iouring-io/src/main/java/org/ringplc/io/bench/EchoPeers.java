package org.ringplc.io.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;

/**
 * The far side of {@code bench io}, run as a child process: N loopback UDP sockets, each an echo
 * peer that sends every datagram it receives back to its sender, like N remote I/O devices
 * answering a request.
 *
 * <p>A separate process, because peers on threads of the benchmarking JVM would share its
 * scheduling and its CPU accounting with the scan thread being measured; a remote I/O device is
 * never in the PLC's process. One thread serves all N sockets through a selector, so the peers
 * do not need N cores to answer promptly.
 *
 * <p>Protocol with the parent: arguments {@code N}; the first line on stdout is
 * {@code ports P1,P2,...}; the process exits when its stdin closes (the parent finished or died).
 */
public final class EchoPeers {

    /** The first word of the line that lists the peers' ports. */
    static final String PORTS = "ports";
    // Larger than any bench datagram, so a request is never truncated on its way back.
    private static final int MAX_DATAGRAM = 2048;

    private EchoPeers() {
    }

    public static void main(String[] args) throws IOException {
        int n = Integer.parseInt(args[0]);
        Selector selector = Selector.open();
        StringBuilder ports = new StringBuilder(PORTS).append(' ');
        for (int i = 0; i < n; i++) {
            DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
            channel.bind(new InetSocketAddress("127.0.0.1", 0));
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            ports.append(i == 0 ? "" : ",").append(((InetSocketAddress) channel.getLocalAddress()).getPort());
        }
        System.out.println(ports);
        System.out.flush();
        Thread watchdog = new Thread(EchoPeers::exitWhenStdinCloses, "stdin-watch");
        watchdog.setDaemon(true);
        watchdog.start();
        ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        while (true) {
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
