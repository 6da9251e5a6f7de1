package org.ringplc.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ringplc.server.cli.CliTest.ringplc;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ringplc.server.api.Authenticator;
import org.ringplc.server.api.BearerClient;
import org.ringplc.server.api.Json;
import org.ringplc.server.api.LadderConveyor;

/**
 * The ladder demo {@code projects/ladder-conveyor} (PLCopen XML) through the commands a user types:
 * {@code check} clean and with a misspelt contact, {@code sim} with the values the ladder must
 * reach on the virtual clock (start-up delay, photo-eye pulses, a full batch stopping the belt),
 * and {@code run} serving the API, where the importer's hidden variables stay out of the variables
 * list unless asked for, and the diagram of the instance is there.
 */
class LadderConveyorEndToEndTest {
    private static final String TOKEN = "ladder-e2e";

    @TempDir
    Path tmp;

    @Test
    void checkIsCleanAndNamesTheElementOfAMisspeltVariable() throws Exception {
        Path project = LadderConveyor.copy(tmp.resolve("conveyor"));
        CliTest.Result clean = ringplc("check", project.toString());
        assertEquals(0, clean.code(), clean.both());
        assertEquals("0 errors\n", clean.err(), clean.both());

        Path xml = project.resolve("src/conveyor.xml");
        String text = Files.readString(xml);
        Files.writeString(xml, text.replaceFirst("<variable>StartPB</variable>", "<variable>Strat</variable>"));
        CliTest.Result typo = ringplc("check", project.toString());
        assertEquals(1, typo.code(), typo.both());
        assertTrue(typo.out().matches("(?s).*conveyor\\.xml:\\d+:\\d+: error: pou ConveyorLogic, LD body, contact localId 2: "
                + "[^\\n]*'Strat'.*"), typo.both());
        assertTrue(typo.out().contains("<variable>Strat</variable>"), "the XML line under the message: " + typo.both());
        assertEquals("1 error\n", typo.err(), typo.both());
    }

    @Test
    void simRunsTheLadderOnTheVirtualClock() throws Exception {
        String project = LadderConveyor.copy(tmp.resolve("conveyor")).toString();

        // 3 s at 10 ms: the motor sealed in at once, the belt after the 2 s delay, one part seen at 2.5 s
        Map<String, JsonNode> at300 = sim(project, 300);
        assertEquals(true, at300.get("Conveyor.Motor").asBoolean());
        assertEquals(true, at300.get("Conveyor.BeltRunning").asBoolean());
        assertEquals("T#2s", at300.get("Conveyor.StartDelay.ET").asText());
        assertEquals(1, at300.get("Conveyor.PartCount").asInt());
        assertEquals("T#470ms", at300.get("Conveyor.PartTimer.ET").asText(), "the second part's timer restarted at 2.52 s");
        assertEquals(false, at300.get("Conveyor.BatchDone").asBoolean());
        assertEquals(false, at300.get("Conveyor.ReadyLamp").asBoolean());
        assertEquals(true, at300.get("Conveyor.StopPB").isBoolean());

        // a part every 0.52 s: the fifth in cycle 459 completes the batch, the next cycle stops the motor
        CliTest.Result before = ringplc("sim", project, "--cycles", "458", "--set", "Conveyor.StartPB=TRUE",
                "--watch", "Conveyor.PartCount", "--watch", "conveyor.batchdone");
        assertEquals(0, before.code(), before.both());
        assertEquals("Conveyor.PartCount = 4\nConveyor.BatchDone = FALSE\n", before.out());
        Map<String, JsonNode> at500 = sim(project, 500);
        assertEquals(5, at500.get("Conveyor.PartCount").asInt());
        assertEquals(true, at500.get("Conveyor.BatchDone").asBoolean());
        assertEquals(true, at500.get("Conveyor.DoneLamp").asBoolean());
        assertEquals(false, at500.get("Conveyor.Motor").asBoolean(), "the batch stops the belt although StartPB is held");
        assertEquals(false, at500.get("Conveyor.BeltRunning").asBoolean());
        assertEquals(true, at500.get("Conveyor.ReadyLamp").asBoolean());
    }

    private static Map<String, JsonNode> sim(String project, int cycles) throws Exception {
        CliTest.Result r = ringplc("sim", project, "--cycles", String.valueOf(cycles), "--set", "Conveyor.StartPB=TRUE", "--json");
        assertEquals(0, r.code(), r.both());
        Map<String, JsonNode> values = new HashMap<>();
        Json.mapper().readTree(r.out()).fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue()));
        return values;
    }

    @Test
    void runServesTheLadderWithTheImportersVariablesOutOfTheList() throws Exception {
        Path project = LadderConveyor.copy(tmp.resolve("conveyor"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try (RunningPlc plc = RunningPlc.start(project, 0, "127.0.0.1", Authenticator.fixed(TOKEN),
                new PrintWriter(out, true), new PrintWriter(err, true))) {
            BearerClient api = new BearerClient("http://127.0.0.1:" + plc.port(), TOKEN);

            JsonNode vars = api.json("/api/variables");
            assertTrue(find(vars, "Conveyor.Motor") != null, vars.toString());
            assertTrue(find(vars, "Conveyor.PartTimer.Q") != null, "FB members stay: " + vars);
            for (JsonNode v : vars) {
                assertFalse(v.get("path").asText().contains("._"), "an importer variable in the list: " + v);
                assertFalse(v.has("generated"), v.toString());
            }

            JsonNode all = api.json("/api/variables?generated=true");
            JsonNode trigger = find(all, "Conveyor._contact31_r.Q");
            assertTrue(trigger != null, "asked for, the edge contact's trigger is listed: " + all);
            assertTrue(trigger.get("generated").asBoolean(), trigger.toString());
            assertFalse(find(all, "Conveyor.Motor").has("generated"));
            assertEquals(vars.size() + 2, all.size(), "the trigger's CLK and Q are the only additions");

            // the program runs: a held start button starts the motor
            HttpResponse<String> forced = api.send("POST", "/api/force", "{\"path\":\"Conveyor.StartPB\",\"value\":true}");
            assertEquals(200, forced.statusCode(), forced.body());
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!find(api.json("/api/variables?prefix=Conveyor.Motor"), "Conveyor.Motor").get("value").asBoolean()) {
                assertTrue(System.nanoTime() < deadline, "the motor did not start within 5 s");
                Thread.sleep(20);
            }

            JsonNode diagrams = api.json("/api/diagrams");
            assertEquals("Conveyor", diagrams.get(0).get("instance").asText(), diagrams.toString());
        }
        assertFalse(err.toString().contains("Exception"), err.toString());
    }

    private static JsonNode find(JsonNode rows, String path) {
        for (JsonNode r : rows) {
            if (r.get("path").asText().equals(path)) {
                return r;
            }
        }
        return null;
    }
}
