package org.ringplc.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The calls the browser IDE adds, against a real project directory, compiler and runtime: the
 * project's tasks and instances, addresses in the variables list, listing/reading/saving files
 * (and refusing every way out of the project), and checking unsaved edits with the compiler.
 */
class ProjectIdeApiTest {
    private static final String TOKEN = "ide-api-test";
    static final String MAIN_ST = """
            TYPE Motor : STRUCT
                speed : INT;
                on : BOOL;
            END_STRUCT;
            END_TYPE
            PROGRAM Main
            VAR
                count : INT;
                start AT %IX0.0 : BOOL;
                lamp AT %QX0.1 : BOOL;
                m : Motor;
                t : TON;
                a : ARRAY[1..3] OF INT;
            END_VAR
            count := count + 1;
            lamp := start;
            t(IN := TRUE, PT := T#50ms);
            END_PROGRAM
            """;

    @TempDir
    Path dir;
    private ServedProject served;
    private BearerClient api;

    @BeforeEach
    void start() throws Exception {
        writeProject(dir, "ide-test");
        Files.createDirectories(dir.resolve(".ringplc"));
        Files.writeString(dir.resolve(".ringplc/audit.log"), "secret history");
        served = ServedProject.start(dir, TOKEN);
        api = served.api();
    }

    /** A project directory {@code name} running {@link #MAIN_ST} as {@code Line1} every 10 ms. */
    static void writeProject(Path dir, String name) throws IOException {
        Files.writeString(dir.resolve("project.yaml"), """
                name: %s
                sources: [src/*.st]
                tasks:
                  - name: fast
                    interval: 10ms
                    programs: [{instance: Line1, program: Main}]
                """.formatted(name));
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("src/main.st"), MAIN_ST);
    }

    @AfterEach
    void stop() {
        if (served != null) {
            served.close();
        }
    }

    private static String saveBody(String text) {
        ObjectNode o = Json.mapper().createObjectNode().put("text", text);
        return o.toString();
    }

    @Test
    void projectListsTasksWithTheirProgramInstances() throws Exception {
        JsonNode p = api.ok("GET", "/api/project", null);
        assertEquals("ide-test", p.get("name").asText());
        assertTrue(p.get("editable").asBoolean());
        JsonNode task = p.get("tasks").get(0);
        assertEquals("fast", task.get("name").asText());
        assertEquals(10_000, task.get("intervalUs").asLong());
        assertEquals("Line1", task.get("programs").get(0).get("instance").asText());
        assertEquals("Main", task.get("programs").get(0).get("program").asText());
    }

    @Test
    void variablesCarryTheAddressOfLocatedVariablesOnlyAndTheirDeclarationSection() throws Exception {
        JsonNode vars = api.ok("GET", "/api/variables?prefix=Line1.", null);
        JsonNode lamp = null;
        JsonNode count = null;
        JsonNode timerOut = null;
        for (JsonNode v : vars) {
            switch (v.get("path").asText()) {
                case "Line1.lamp" -> lamp = v;
                case "Line1.count" -> count = v;
                case "Line1.t.Q" -> timerOut = v;
                default -> { }
            }
        }
        assertEquals("LOCAL", lamp.get("kind").asText(), lamp.toString());
        assertEquals("LOCAL", count.get("kind").asText(), count.toString());
        assertEquals("OUTPUT", timerOut.get("kind").asText(), "an FB member's own section: " + timerOut);
        assertEquals("%QX0.1", lamp.get("address").asText(), vars.toString());
        assertEquals("%IX0.0", api.ok("GET", "/api/variables?prefix=line1.START", null).get(0).get("address").asText());
        assertFalse(count.has("address"), count.toString());
        assertTrue(vars.toString().contains("Line1.m.speed"), "struct members are listed: " + vars);
    }

    @Test
    void filesAreListedReadAndSavedInsideTheProjectOnly() throws Exception {
        JsonNode list = api.ok("GET", "/api/files", null);
        assertTrue(list.get("editable").asBoolean());
        List<String> paths = new java.util.ArrayList<>();
        list.get("files").forEach(f -> paths.add(f.get("path").asText()));
        assertEquals(List.of("project.yaml", "src/main.st"), paths, "hidden state folders are not offered");

        assertEquals(MAIN_ST, api.ok("GET", "/api/files/src/main.st", null).get("text").asText());

        String edited = MAIN_ST.replace("count := count + 1;", "count := count + 2;");
        JsonNode saved = api.ok("PUT", "/api/files/src/main.st", saveBody(edited));
        assertFalse(saved.get("created").asBoolean());
        assertEquals(edited, Files.readString(dir.resolve("src/main.st")));
        assertTrue(api.ok("PUT", "/api/files/src/extra.st", saveBody("(* new *)")).get("created").asBoolean());
        try (var s = Files.list(dir.resolve("src"))) {
            assertEquals(2, s.count(), "no temporary file is left behind");
        }

        Files.writeString(dir.getParent().resolve("outside.st"), "x");
        assertTrue(api.refused("GET", "/api/files/../outside.st", null, 400).contains("refused"));
        assertTrue(api.refused("GET", "/api/files/src/..%2F..%2Foutside.st", null, 400).contains("refused"));
        assertTrue(api.refused("GET", "/api/files/%2Fetc%2Fpasswd.txt", null, 400).contains("refused"));
        assertTrue(api.refused("GET", "/api/files/.ringplc/audit.log", null, 400).contains("refused"));
        assertTrue(api.refused("PUT", "/api/files/src/evil.sh", saveBody("x"), 400).contains(".st"));
        assertTrue(api.refused("PUT", "/api/files/nowhere/x.st", saveBody("x"), 400).contains("does not exist"));
        assertEquals(404, api.send("GET", "/api/files/src/missing.st", null).statusCode());
        Files.createSymbolicLink(dir.resolve("src/link.st"), dir.getParent().resolve("outside.st"));
        assertTrue(api.refused("GET", "/api/files/src/link.st", null, 400).contains("symbolic link"));
        assertTrue(api.refused("PUT", "/api/files/src/link.st", saveBody("y"), 400).contains("symbolic link"));
        assertEquals("x", Files.readString(dir.getParent().resolve("outside.st")));
    }

    @Test
    void checkCompilesUnsavedEditsAndNamesFilesAsTheEditorDoes() throws Exception {
        JsonNode clean = api.ok("POST", "/api/check", "{}");
        assertTrue(clean.get("ok").asBoolean(), clean.toString());
        assertEquals(0, clean.get("errors").asInt());

        String broken = MAIN_ST.replace("count := count + 1;", "count := count + ;");
        ObjectNode body = Json.mapper().createObjectNode();
        body.putObject("files").put("src/main.st", broken);
        JsonNode r = api.ok("POST", "/api/check", body.toString());
        assertFalse(r.get("ok").asBoolean());
        JsonNode d = r.get("diagnostics").get(0);
        assertEquals("src/main.st", d.get("file").asText());
        assertEquals(15, d.get("line").asInt(), r.toString());
        assertEquals("error", d.get("severity").asText());
        assertEquals(MAIN_ST, Files.readString(dir.resolve("src/main.st")), "a check never writes the project");

        ObjectNode typeError = Json.mapper().createObjectNode();
        typeError.putObject("files").put("src/main.st", MAIN_ST.replace("lamp := start;", "lamp := 5;"));
        JsonNode t = api.ok("POST", "/api/check", typeError.toString());
        assertEquals(16, t.get("diagnostics").get(0).get("line").asInt(), t.toString());

        ObjectNode badYaml = Json.mapper().createObjectNode();
        badYaml.putObject("files").put("project.yaml", "tasks:\n  - name: fast\n    intervall: 10ms\n    programs: [Main]\n");
        JsonNode y = api.ok("POST", "/api/check", badYaml.toString());
        assertFalse(y.get("ok").asBoolean());
        assertTrue(y.get("problems").get(0).asText().startsWith("project.yaml:"), y.toString());

        ObjectNode escape = Json.mapper().createObjectNode();
        escape.putObject("files").put("../x.st", "x");
        assertTrue(api.refused("POST", "/api/check", escape.toString(), 400).contains("refused"));
    }

    @Test
    void aTraceRecordsEveryCycleUntilItIsStopped() throws Exception {
        JsonNode t = api.ok("POST", "/api/trace", "{\"paths\": [\"line1.count\", \"Line1.lamp\"]}");
        String id = t.get("id").asText();
        assertEquals("fast", t.get("task").asText());
        assertEquals("Line1.count", t.get("paths").get(0).asText());
        Thread.sleep(200);
        JsonNode first = api.ok("GET", "/api/trace/" + id + "?since=0", null);
        JsonNode samples = first.get("samples");
        assertTrue(samples.size() >= 5, first.toString());
        for (int i = 1; i < samples.size(); i++) {
            assertEquals(samples.get(i - 1).get("cycle").asLong() + 1, samples.get(i).get("cycle").asLong(), "no cycle missing");
            assertEquals(samples.get(i - 1).get("values").get(0).asLong() + 1, samples.get(i).get("values").get(0).asLong(),
                    "the counter of consecutive cycles");
        }
        long last = first.get("lastCycle").asLong();
        Thread.sleep(100);
        JsonNode next = api.ok("GET", "/api/trace/" + id + "?since=" + last, null);
        assertEquals(last + 1, next.get("samples").get(0).get("cycle").asLong(), "reading on gives only new rows");

        assertEquals(204, api.send("DELETE", "/api/trace/" + id, null).statusCode());
        assertTrue(api.refused("GET", "/api/trace/" + id, null, 404).contains("no trace"));
        assertEquals(400, api.send("POST", "/api/trace", "{\"paths\": [\"Line1.nothing\"]}").statusCode());
        assertEquals(400, api.send("POST", "/api/trace", "{\"paths\": []}").statusCode());
        assertTrue(api.refused("GET", "/api/trace/" + id + "x?since=zz", null, 404).contains("no trace"));
    }
}
