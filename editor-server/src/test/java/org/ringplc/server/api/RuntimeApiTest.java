package org.ringplc.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API end to end against the real compiler and runtime (scan thread, forcing, snapshots),
 * with {@code st/monitor.st} in the default 10 ms task: what a client sees while the PLC cycles.
 */
class RuntimeApiTest {
    private static final String TOKEN = "runtime-api-test";
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newHttpClient();
    private ServedProject served;
    private BearerClient api;

    @BeforeEach
    void start() throws Exception {
        Path st = Path.of(RuntimeApiTest.class.getResource("/st/monitor.st").toURI());
        served = ServedProject.startWithoutWorkspace(st, TOKEN);
        api = served.api();
    }

    @AfterEach
    void stop() {
        served.close();
    }

    private JsonNode value(String path) throws Exception {
        JsonNode rows = api.answer("GET", "/api/variables?prefix=" + path, null, 200);
        for (JsonNode r : rows) {
            if (r.get("path").asText().equals(path)) {
                return r;
            }
        }
        throw new AssertionError(path + " not in " + rows);
    }

    private void await(String what, Check c) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!c.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            Thread.sleep(20);
        }
    }

    interface Check {
        boolean holds() throws Exception;
    }

    @Test
    void statusAndVariablesOfARunningPlc() throws Exception {
        await("cycles counted", () -> api.answer("GET", "/api/status", null, 200).get("tasks").get(0).get("cycles").asLong() > 3);
        JsonNode s = api.answer("GET", "/api/status", null, 200);
        assertEquals("RUN", s.get("state").asText());
        assertEquals("main", s.get("tasks").get(0).get("name").asText());
        assertEquals(10_000, s.get("tasks").get(0).get("intervalUs").asLong());

        JsonNode count = value("Main.count");
        assertEquals("INT", count.get("type").asText());
        assertTrue(count.get("value").isIntegralNumber(), count.toString());
        JsonNode level = value("Main.level");
        assertEquals("REAL", level.get("type").asText());
        assertTrue(level.get("value").isNumber(), level.toString());
        assertEquals(4, api.answer("GET", "/api/variables?prefix=main.", null, 200).size(), "prefix is case-insensitive");
    }

    @Test
    void aForcedVariableHoldsWhateverTheProgramWrites() throws Exception {
        api.answer("POST", "/api/force", "{\"path\":\"Main.count\",\"value\":5}", 200);
        api.answer("POST", "/api/force", "{\"path\":\"main.run\",\"value\":\"TRUE\"}", 200);
        await("valve follows the forced run", () -> value("Main.valve").get("value").asBoolean());
        for (int i = 0; i < 5; i++) {
            JsonNode c = value("Main.count");
            assertEquals(5, c.get("value").asLong(), "the program's increment never shows");
            assertTrue(c.get("forced").asBoolean());
            Thread.sleep(15);
        }
        JsonNode forces = api.answer("GET", "/api/forces", null, 200);
        assertEquals(2, forces.size());
        assertEquals("Main.count", forces.get(0).get("path").asText());
        assertEquals(5, forces.get(0).get("value").asLong());
        assertEquals("token", forces.get(0).get("user").asText());
        assertTrue(api.answer("GET", "/api/status", null, 200).get("forcesActive").asBoolean());

        api.answer("POST", "/api/unforce", "{\"path\":\"Main.count\"}", 200);
        await("counting resumes", () -> value("Main.count").get("value").asLong() > 5);
        assertEquals(0, api.answer("POST", "/api/unforce-all", null, 200).size());
        assertEquals(0, api.answer("GET", "/api/forces", null, 200).size());
    }

    @Test
    void aWriteIsAppliedOnceAndTheProgramCarriesOn() throws Exception {
        api.answer("POST", "/api/write", "{\"path\":\"Main.count\",\"value\":20000}", 200);
        await("the write landed", () -> {
            long v = value("Main.count").get("value").asLong();
            return v >= 20000 && v < 21000;
        });
        assertTrue(!value("Main.count").get("forced").asBoolean());
    }

    @Test
    void theRuntimesRefusalsAre400WithItsMessage() throws Exception {
        String range = api.answer("POST", "/api/write", "{\"path\":\"Main.count\",\"value\":70000}", 400).get("error").asText();
        assertTrue(range.contains("Main.count") && range.contains("INT"), range);
        String unknown = api.answer("POST", "/api/force", "{\"path\":\"Main.nope\",\"value\":1}", 400).get("error").asText();
        assertTrue(unknown.contains("Main.nope"), unknown);
        String notForced = api.answer("POST", "/api/unforce", "{\"path\":\"Main.count\"}", 400).get("error").asText();
        assertTrue(notForced.contains("Main.count"), notForced);
        assertEquals(0, api.answer("GET", "/api/forces", null, 200).size());
    }

    @Test
    void stopAndStartAreSeenInTheStatus() throws Exception {
        assertEquals("STOP", api.answer("POST", "/api/plc/stop", null, 200).get("state").asText());
        long frozen = value("Main.count").get("value").asLong();
        Thread.sleep(60);
        assertEquals(frozen, value("Main.count").get("value").asLong(), "a stopped PLC does not scan");
        assertEquals("RUN", api.answer("POST", "/api/plc/start", null, 200).get("state").asText());
        await("scanning again", () -> value("Main.count").get("value").asLong() != frozen);
    }

    @Test
    void monitorFramesAreConsistentCyclesAtTheRequestedRate() throws Exception {
        MonitorFrames frames = new MonitorFrames();
        WebSocket ws = http.newWebSocketBuilder().header("Authorization", "Bearer " + TOKEN)
                .buildAsync(URI.create(served.base().replace("http:", "ws:") + "/api/monitor"), frames).get(5, TimeUnit.SECONDS);
        ws.sendText("{\"subscribe\":[\"Main.count\",\"Main.level\"],\"rateHz\":10}", true).get(5, TimeUnit.SECONDS);
        long start = System.nanoTime();
        List<JsonNode> got = new ArrayList<>();
        while (got.size() < 6) {
            got.add(frames.next());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // 6 frames at 10 Hz take about 0.5 s; at the 100 Hz of the task they would take 0.06 s
        assertTrue(seconds > 0.35, "frames came faster than 10 Hz: " + seconds + " s");
        long offset = Long.MIN_VALUE;
        long lastCycle = -1;
        for (JsonNode f : got) {
            long cycle = f.get("cycle").asLong();
            long count = f.get("values").get("Main.count").asLong();
            assertTrue(cycle > lastCycle, "cycles increase: " + got);
            // both values of a frame come from the same cycle: level is count / 4 of that cycle
            assertEquals(count / 4.0, f.get("values").get("Main.level").asDouble(), 1e-3, f.toString());
            if (offset == Long.MIN_VALUE) {
                offset = count - cycle;
            }
            assertEquals(offset, count - cycle, "count advances exactly with the cycle number: " + got);
            lastCycle = cycle;
        }
        ws.abort();
    }
}
