package org.ringplc.io.bench;

import java.io.IOException;

/**
 * The N echo peers one {@code bench io} run talks to: where they are, and how to let them go.
 * {@link ChildPeerProcess} starts them on loopback in a child JVM; {@link RemotePeers} points at
 * {@code ringplc bench io-peers} on another machine.
 */
public interface PeerSet extends AutoCloseable {

    /** The peers' IPv4 address or host name, to connect the benchmark's sockets to. */
    String host();

    /** The port of peer {@code i}, 0 &lt;= i &lt; the number of exchanges of the run. */
    int port(int i);

    /** Whether the peers are on this machine's loopback (the bench then binds its sockets there too). */
    boolean loopback();

    @Override
    void close();

    /** Makes the peers for a run of {@code exchanges} exchanges. */
    @FunctionalInterface
    interface Source {
        PeerSet open(int exchanges) throws IOException;

        /** Loopback peers in a child JVM, started for each run: the default. */
        Source CHILD_PROCESS = ChildPeerProcess::start;
    }
}
