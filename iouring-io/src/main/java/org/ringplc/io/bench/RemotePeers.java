package org.ringplc.io.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Echo peers already running elsewhere, normally {@code ringplc bench io-peers} on a second
 * machine: the benchmark's topology of a PLC and its remote devices on a real network. Before a
 * run, every peer is asked for one echo, so a missing peer process or a firewall shows as a
 * message naming the ports instead of a run of failed exchanges.
 */
public final class RemotePeers implements PeerSet {

    // Generous for a LAN and a peer JVM that has not run its receive loop hot yet.
    private static final long PROBE_TIMEOUT_MILLIS = 2_000;
    private static final int PORTS_NAMED = 4;

    private final String host;
    private final int[] ports;

    private RemotePeers(String host, int[] ports) {
        this.host = host;
        this.ports = ports;
    }

    /** Peers on {@code host}, ports {@code firstPort ..}: as many as each run has exchanges. */
    public static PeerSet.Source at(String host, int firstPort) {
        if (firstPort < 1 || firstPort > 65_535) {
            throw new IllegalArgumentException("peer port " + firstPort + " is not in 1..65535");
        }
        return exchanges -> {
            int[] ports = new int[exchanges];
            Arrays.setAll(ports, i -> firstPort + i);
            return at(host, ports);
        };
    }

    /** Peers on {@code host} at exactly {@code ports}, checked to answer. */
    static RemotePeers at(String host, int[] ports) throws IOException {
        RemotePeers peers = new RemotePeers(host, ports.clone());
        peers.checkEveryPeerAnswers();
        return peers;
    }

    private void checkEveryPeerAnswers() throws IOException {
        List<Integer> silent = new ArrayList<>();
        try (Selector selector = Selector.open()) {
            List<DatagramChannel> probes = new ArrayList<>();
            try {
                for (int port : ports) {
                    DatagramChannel probe = DatagramChannel.open(StandardProtocolFamily.INET);
                    probes.add(probe);
                    probe.configureBlocking(false);
                    probe.connect(new InetSocketAddress(host, port));
                    probe.register(selector, SelectionKey.OP_READ, port);
                    probe.write(ByteBuffer.wrap(new byte[] {'?'}));
                }
                List<Integer> answered = awaitAnswers(selector);
                for (int port : ports) {
                    if (!answered.contains(port)) {
                        silent.add(port);
                    }
                }
            } finally {
                for (DatagramChannel probe : probes) {
                    probe.close();
                }
            }
        }
        if (!silent.isEmpty()) {
            String named = silent.stream().limit(PORTS_NAMED).map(String::valueOf).collect(Collectors.joining(", "));
            String more = silent.size() > PORTS_NAMED ? " and " + (silent.size() - PORTS_NAMED) + " more" : "";
            throw new IOException("no echo from " + host + " port " + named + more + " within " + PROBE_TIMEOUT_MILLIS
                    + " ms: start 'ringplc bench io-peers --n " + ports.length + " --port " + ports[0] + "' on "
                    + host + ", and let UDP to those ports through its firewall");
        }
    }

    private List<Integer> awaitAnswers(Selector selector) throws IOException {
        List<Integer> answered = new ArrayList<>();
        ByteBuffer answer = ByteBuffer.allocate(64);
        long deadline = System.nanoTime() + PROBE_TIMEOUT_MILLIS * 1_000_000L;
        while (answered.size() < ports.length) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0 || selector.select(left) == 0 && System.nanoTime() >= deadline) {
                break;
            }
            for (SelectionKey key : selector.selectedKeys()) {
                try {
                    if (((DatagramChannel) key.channel()).read(answer.clear()) > 0) {
                        answered.add((Integer) key.attachment());
                        key.cancel();
                    }
                } catch (IOException e) {
                    // ECONNREFUSED: nothing listens on that port; it stays silent.
                    key.cancel();
                }
            }
            selector.selectedKeys().clear();
        }
        return answered;
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public int port(int i) {
        return ports[i];
    }

    @Override
    public boolean loopback() {
        return false;
    }

    @Override
    public void close() {
        // The peers belong to whoever started them; nothing of theirs is held here.
    }
}
