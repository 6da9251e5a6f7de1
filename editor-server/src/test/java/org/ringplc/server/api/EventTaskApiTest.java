package org.ringplc.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An event task (IEC SINGLE) as a client sees it: the status and the project say which BOOL
 * starts it instead of a period, and forcing that BOOL TRUE runs it once.
 */
class EventTaskApiTest {
    private static final String TOKEN = "event-task-api-test";

    @TempDir
    Path dir;

    @Test
    void statusAndProjectNameTheTriggerOfAnEventTaskAndForcingItRunsTheTaskOnce() throws Exception {
        Files.writeString(dir.resolve("project.yaml"), """
                name: event-api
                sources: [main.st]
                tasks:
                  - {name: cyclic, interval: 10ms, programs: [Main]}
                  - {name: onStart, single: startPB, programs: [Count]}
                """);
        Files.writeString(dir.resolve("main.st"), """
                VAR_GLOBAL
                  startPB : BOOL;
                END_VAR
                PROGRAM Main
                VAR ticks : INT; END_VAR
                  ticks := ticks + 1;
                END_PROGRAM
                PROGRAM Count
                VAR runs : INT; END_VAR
                  runs := runs + 1;
                END_PROGRAM
                """);
        try (ServedProject served = ServedProject.start(dir, TOKEN)) {
            BearerClient api = served.api();

            JsonNode project = api.ok("GET", "/api/project", null);
            assertEquals("onStart", project.get("tasks").get(1).get("name").asText());
            assertEquals("startPB", project.get("tasks").get(1).get("trigger").asText(), project.toString());
            assertEquals(0, project.get("tasks").get(1).get("intervalUs").asLong());
            assertTrue(project.get("tasks").get(0).get("trigger").isNull(), "a cyclic task has none: " + project);

            JsonNode status = api.ok("GET", "/api/status", null);
            assertEquals("startPB", status.get("tasks").get(1).get("trigger").asText(), status.toString());
            assertEquals(0, status.get("tasks").get(1).get("cycles").asLong(), "not run before its edge: " + status);

            api.answer("POST", "/api/force", "{\"path\":\"startPB\",\"value\":true}", 200);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (api.ok("GET", "/api/status", null).get("tasks").get(1).get("cycles").asLong() < 1
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(100);   // more ticks with the trigger still TRUE must not run it again

            assertEquals(1, api.ok("GET", "/api/status", null).get("tasks").get(1).get("cycles").asLong());
        }
    }
}
