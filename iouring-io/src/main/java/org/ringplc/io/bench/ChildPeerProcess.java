package org.ringplc.io.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/** {@link EchoPeers} on loopback in a child JVM; closing it closes the child's stdin, which ends it. */
final class ChildPeerProcess implements PeerSet {

    // A JVM starts within a second or two even on a loaded 2-core machine.
    private static final long EXIT_WAIT_SECONDS = 5;

    private final Process process;
    private final int[] ports;

    private ChildPeerProcess(Process process, int[] ports) {
        this.process = process;
        this.ports = ports;
    }

    static ChildPeerProcess start(int n) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The peers need only this module's classes; the CLI's and surefire's class paths
        // both contain them, but the code source is the one place certain to.
        String classPath = classPathOf(EchoPeers.class);
        // Small heap, C1 only, serial GC: a quick start and little CPU taken from the bench.
        Process process = new ProcessBuilder(java, "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", classPath, EchoPeers.class.getName(), Integer.toString(n))
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
            String line = out.readLine();
            if (line == null || !line.startsWith(EchoPeers.PORTS + " ")) {
                StringBuilder rest = new StringBuilder(line == null ? "" : line);
                for (String more = out.readLine(); more != null && rest.length() < 4000; more = out.readLine()) {
                    rest.append('\n').append(more);
                }
                throw new IOException("the echo peer process did not start: " + rest);
            }
            int[] ports = Arrays.stream(line.substring(EchoPeers.PORTS.length() + 1).split(","))
                    .mapToInt(Integer::parseInt).toArray();
            if (ports.length != n) {
                throw new IOException("the echo peer process opened " + ports.length + " of " + n + " sockets");
            }
            return new ChildPeerProcess(process, ports);
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private static String classPathOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException | RuntimeException e) {
            return System.getProperty("java.class.path");
        }
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port(int i) {
        return ports[i];
    }

    @Override
    public boolean loopback() {
        return true;
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
