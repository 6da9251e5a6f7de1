package org.ringplc.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ringplc.server.api.Authenticator;

/** What {@code ringplc run} starts and prints, on a one-program project in a temporary directory. */
class RunningPlcTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final HttpClient http = HttpClient.newHttpClient();

    private static Path project(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("src/main.st"), "PROGRAM Main\nVAR count : INT; END_VAR\ncount := count + 1;\nEND_PROGRAM\n");
        Files.writeString(dir.resolve("project.yaml"), """
                name: counter-demo
                sources: [src/*.st]
                tasks:
                  - name: main
                    interval: 10ms
                    programs: [{instance: Main, program: Main}]
                web:
                  port: 0
                  bind: 127.0.0.1
                """);
        return dir;
    }

    private RunningPlc start(Path dir, Integer port, Authenticator auth) {
        return RunningPlc.start(dir, port, null, auth, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void printsTheUrlWithTheTokenAndServesTheApi(@TempDir Path dir) throws Exception {
        int port;
        try (RunningPlc plc = start(project(dir), null, Authenticator.fixed("tok"))) {
            port = plc.port();
            String[] lines = out.toString().split("\n");
            assertEquals("ringplc: counter-demo running, open http://127.0.0.1:" + port + "/?token=tok", lines[0], out.toString());
            assertTrue(lines[1].startsWith("ringplc: I/O backend: "), out.toString());
            assertEquals("", err.toString());
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/status"))
                    .header("Authorization", "Bearer tok").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertTrue(r.body().contains("\"project\":\"counter-demo\""), r.body());
        }
        assertThrows(ConnectException.class, () -> http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/status")).build(), HttpResponse.BodyHandlers.ofString()),
                "closed means the port is released");
    }

    @Test
    void aOneTimeTokenIsAnnounced(@TempDir Path dir) throws Exception {
        Authenticator auth = Authenticator.oneTime();
        try (RunningPlc plc = start(project(dir), null, auth)) {
            assertTrue(out.toString().contains("/?token=" + auth.loginToken() + "\n"), out.toString());
            assertTrue(out.toString().contains("logs in once"), out.toString());
        }
    }

    @Test
    void aBusyPortFailsTheStartWithExitFourAndLeavesNothingRunning(@TempDir Path dir) throws Exception {
        // Only threads this start made count: servers of earlier tests in this JVM may still be
        // winding down their own threads.
        Set<Thread> before = webThreads();
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliException e = assertThrows(CliException.class, () -> start(project(dir), busy.getLocalPort(), Authenticator.fixed("t")));
            assertEquals(ExitCodes.START_FAILED, e.exitCode());
            assertTrue(e.getMessage().startsWith("cannot serve the web UI on 127.0.0.1:" + busy.getLocalPort()), e.getMessage());
        }
        Set<Thread> left = webThreads();
        left.removeAll(before);
        for (Thread t : left) {
            t.join(2_000); // a stopping server's threads end within its stop timeout
        }
        left.removeIf(t -> !t.isAlive());
        assertTrue(left.isEmpty(), "web threads left behind: " + left);
    }

    private static Set<Thread> webThreads() {
        Set<Thread> threads = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("ringplc-web")) {
                threads.add(t);
            }
        }
        return threads;
    }

    @Test
    void theTokenComesFromTheOptionThenTheEnvironmentThenChance() {
        assertEquals("opt", RunCommand.authenticator("opt", Map.of("RINGPLC_TOKEN", "env")::get).loginToken());
        Authenticator env = RunCommand.authenticator(null, Map.of("RINGPLC_TOKEN", "env")::get);
        assertEquals("env", env.loginToken());
        assertFalse(env.isOneTime());
        Authenticator random = RunCommand.authenticator(null, Map.<String, String>of()::get);
        assertTrue(random.isOneTime());
        assertTrue(random.loginToken().matches("[0-9a-f]{32}"));
        assertEquals(ExitCodes.USAGE, assertThrows(CliException.class, () -> RunCommand.authenticator(" ", k -> null)).exitCode());
    }

    @Test
    void wildcardBindsAreOpenedByLoopbackInTheUrl() {
        assertEquals("127.0.0.1", RunningPlc.urlHost("0.0.0.0"));
        assertEquals("[::1]", RunningPlc.urlHost("::1"));
        assertEquals("192.0.2.7", RunningPlc.urlHost("192.0.2.7"));
    }
}
