package org.ringplc.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.ringplc.io.bench.EchoPeers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ringplc bench io-peers}: the echo peers of {@code bench io} on a second machine, so that
 * the benchmark can run in the topology it is about: a PLC and its I/O devices on a network. On
 * loopback the kernel delivers each request into the peer's socket inside the sender's system
 * call, which charges the scan thread for the device's receive work; across a network it does not.
 */
@Command(name = "io-peers", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Echo peers for 'bench io --peers HOST:PORT', run on another machine: N UDP sockets on "
                + "consecutive ports, each sending every datagram back; until stopped (Ctrl-C) or for --seconds.")
final class BenchIoPeersCommand implements Callable<Integer> {
    @Option(names = "--n", paramLabel = "N", defaultValue = "32",
            description = "peers, i.e. the largest N the PLC will measure (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "0.0.0.0",
            description = "local IPv4 address to listen on (default: ${DEFAULT-VALUE}, every interface)")
    String bind;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "7400",
            description = "first port; the peers use PORT .. PORT+N-1 (default: ${DEFAULT-VALUE}; 0: any free ports)")
    int port;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "0",
            description = "stop after this many seconds (default: 0, run until stopped)")
    double seconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (count < 1 || count > 1024 || port < 0 || port > 65_535 || seconds < 0) {
            throw new CliException(ExitCodes.USAGE, "bench io-peers: --n 1..1024, --port 0..65535, --seconds 0 or more");
        }
        EchoPeers peers;
        try {
            peers = EchoPeers.open(bind, port, count);
        } catch (IOException | IllegalArgumentException e) {
            throw new CliException(ExitCodes.START_FAILED, "bench io-peers: " + e.getMessage());
        }
        int[] ports = peers.ports();
        PrintWriter out = spec.commandLine().getOut();
        out.println("bench io-peers: " + count + " echo peers on " + bind + " ports " + describe(ports)
                + "; on the PLC run: ringplc bench io --peers <this machine's address>:" + ports[0] + " --n "
                + (count >= 32 ? "1,8,32" : String.valueOf(count)) + (seconds > 0 ? "" : " (Ctrl-C stops)"));
        out.flush();
        Thread server = new Thread(() -> {
            try {
                peers.serve();
            } catch (IOException e) {
                spec.commandLine().getErr().println("ringplc: bench io-peers: " + e.getMessage());
            }
        }, "echo-peers");
        server.start();
        try {
            if (seconds > 0) {
                server.join(Math.max(1, (long) (seconds * 1000)));   // join(0) would wait forever
            } else {
                server.join();
            }
        } finally {
            peers.close();
            server.join();
        }
        return ExitCodes.OK;
    }

    private static String describe(int[] ports) {
        boolean consecutive = true;
        for (int i = 1; i < ports.length; i++) {
            consecutive &= ports[i] == ports[0] + i;
        }
        if (ports.length == 1) {
            return String.valueOf(ports[0]);
        }
        if (consecutive) {
            return ports[0] + "-" + ports[ports.length - 1];
        }
        StringBuilder list = new StringBuilder();
        for (int p : ports) {
            list.append(list.length() == 0 ? "" : ",").append(p);
        }
        return list.toString();
    }
}
