package org.ringplc.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ringplc.server.api.Authenticator;
import org.ringplc.server.api.Json;

/**
 * {@code ringplc deploy} against what {@code ringplc run} starts, with the real runtime: an online
 * change keeps the counter's value and runs the new code, a change of the tasks is refused online
 * and done by a restart, and every deploy is in the audit log an administrator reads.
 */
class DeployEndToEndTest {
    private static final String TOKEN = "e2e-token-0123456789";
    private final HttpClient http = HttpClient.newHttpClient();

    private static void write(Path dir, String step, String interval) throws Exception {
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("src/main.st"),
                "PROGRAM Main\nVAR count : DINT; END_VAR\ncount := count + " + step + ";\nEND_PROGRAM\n");
        Files.writeString(dir.resolve("project.yaml"), "name: counter\nsources: [src/*.st]\ntasks:\n"
                + "  - name: main\n    interval: " + interval + "\n    programs: [{instance: Main, program: Main}]\n"
                + "web:\n  port: 0\n  bind: 127.0.0.1\n");
    }

    private JsonNode get(int port, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return Json.mapper().readTree(r.body());
    }

    private long count(int port) throws Exception {
        return get(port, "/api/variables?prefix=Main.count").get(0).get("value").asLong();
    }

    private static String[] deploy(Path project, int port, String mode) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[] {"deploy", project.toString(), "--to", "http://127.0.0.1:" + port,
                "--token", TOKEN, "--mode", mode}, new PrintWriter(out), new PrintWriter(err));
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    private void awaitCount(int port, java.util.function.LongPredicate p, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            last = count(port);
            if (p.test(last)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(what + "; last Main.count = " + last);
    }

    @Test
    void onlineChangeKeepsValuesAndATaskChangeNeedsARestart(@TempDir Path dir) throws Exception {
        Path running = dir.resolve("running");
        write(running, "1", "10ms");
        try (RunningPlc plc = RunningPlc.start(running, null, null, Authenticator.fixed(TOKEN),
                new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true))) {
            int port = plc.port();
            awaitCount(port, c -> c >= 5, "the counter runs");

            Path next = dir.resolve("next");
            write(next, "1000", "10ms");
            long before = count(port);
            String[] online = deploy(next, port, "online");
            assertEquals("0", online[0], online[1] + online[2]);
            assertTrue(online[1].contains("ringplc: deployed counter (online): CHANGED_ONLINE"), online[1]);
            long after = count(port);
            assertTrue(after >= before, "the value carried over: " + before + " -> " + after);
            awaitCount(port, c -> c >= after + 2000 && c < after + 1_000_000, "the new code adds 1000 per cycle");

            Path slower = dir.resolve("slower");
            write(slower, "1", "20ms");
            String[] refused = deploy(slower, port, "online");
            assertEquals("5", refused[0], refused[1] + refused[2]);
            assertTrue(refused[2].contains("REFUSED"), refused[2]);
            assertTrue(count(port) > after, "the refused deploy left the program running");

            String[] restart = deploy(slower, port, "restart");
            assertEquals("0", restart[0], restart[1] + restart[2]);
            assertTrue(restart[1].contains("RESTARTED"), restart[1]);
            awaitCount(port, c -> c < 1000, "a restart starts from the initial values");
            assertEquals(20_000, get(port, "/api/status").get("tasks").get(0).get("intervalUs").asLong());

            JsonNode audit = get(port, "/api/audit?limit=50");
            int deploys = 0;
            for (JsonNode e : audit) {
                // The runtime records an online change as "deploy" and a deploy by restart as "restart".
                if (e.get("user").asText().equals("token") && e.get("action").asText().matches("deploy|restart")) {
                    deploys++;
                }
            }
            assertTrue(deploys >= 2, "online and restart deploys are audited: " + audit);
            try (var s = Files.list(running.resolve(".ringplc/deploys"))) {
                assertEquals(2, s.filter(Files::isDirectory).count(), "the two projects that ran are kept, the refused one is not");
            }
        }
    }

    private static RunningPlc start(Path project, boolean sources, StringWriter out) {
        return RunningPlc.start(project, sources, null, null, Authenticator.fixed(TOKEN),
                org.ringplc.server.api.ServerOptions.defaults(), new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true));
    }

    @Test
    void theDeployedVersionSurvivesARestartAndSourcesRunsTheSources(@TempDir Path dir) throws Exception {
        Path box = dir.resolve("box");
        write(box, "1", "10ms");
        Path workstation = dir.resolve("workstation");
        write(workstation, "1000", "10ms");
        try (RunningPlc plc = start(box, false, new StringWriter())) {
            int port = plc.port();
            String[] deployed = deploy(workstation, port, "online");
            assertEquals("0", deployed[0], deployed[1] + deployed[2]);
            JsonNode version = get(port, "/api/project").get("deployed");
            assertEquals("token", version.get("user").asText());
            assertFalse(version.get("sourcesMatch").asBoolean(), "the box's sources still add 1: " + version);
        }

        StringWriter out = new StringWriter();
        try (RunningPlc plc = start(box, false, out)) {
            int port = plc.port();
            assertTrue(out.toString().startsWith("ringplc: starting deployed version "), out.toString());
            assertTrue(out.toString().contains("(deployed by token); the sources in " + box + " are not what runs "
                    + "('ringplc run --sources " + box + "' runs them)"), out.toString());
            awaitCount(port, c -> c >= 3000, "the deployed code (adds 1000) runs after the restart");
            JsonNode version = get(port, "/api/project").get("deployed");
            assertFalse(version.get("sourcesMatch").asBoolean(), version.toString());
            assertTrue(Files.exists(box.resolve(".ringplc/audit.log")), "the state stays in the project directory");
        }

        out = new StringWriter();
        try (RunningPlc plc = start(box, true, out)) {
            int port = plc.port();
            assertTrue(out.toString().startsWith("ringplc: running the sources in " + box + " (--sources); "
                    + "the deployed version "), out.toString());
            awaitCount(port, c -> c >= 5, "the sources run");
            long c = count(port);
            assertTrue(c < 1000, "the sources add 1 per cycle: " + c);
            assertTrue(get(port, "/api/project").get("deployed").isNull());
        }

        // The IDE's flow: the sources are edited on the box and deployed; they then are what runs.
        Files.writeString(box.resolve("src/main.st"), Files.readString(workstation.resolve("src/main.st")));
        try (RunningPlc plc = start(box, false, new StringWriter())) {
            assertTrue(get(plc.port(), "/api/project").get("deployed").get("sourcesMatch").asBoolean());
        }
    }

    @Test
    void aDamagedBootRecordStopsTheStartSayingHowToRunTheSources(@TempDir Path dir) throws Exception {
        Path box = dir.resolve("box");
        write(box, "1", "10ms");
        Files.createDirectories(box.resolve(".ringplc/deploys"));
        Files.writeString(box.resolve(".ringplc/deploys/current"), "{\"directory\": \"gone\", \"deployed\": \"2026-11-21T20:14:03Z\"}");
        CliException e = assertThrows(CliException.class, () -> start(box, false, new StringWriter()));
        assertEquals(ExitCodes.PROJECT_ERRORS, e.exitCode());
        assertTrue(e.getMessage().contains("has no project.yaml") && e.getMessage().contains("'ringplc run --sources "),
                e.getMessage());
        try (RunningPlc plc = start(box, true, new StringWriter())) {
            awaitCount(plc.port(), c -> c >= 2, "--sources still starts the sources");
        }
    }
}
