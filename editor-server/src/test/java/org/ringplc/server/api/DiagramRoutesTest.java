package org.ringplc.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/diagrams} and {@code GET /api/diagrams/{instance}} on the ladder demo run by the
 * real compiler and runtime: the drawing as saved in the XML, and the bindings that tie what the
 * drawing shows to monitor paths (declared case, types, addresses, the hidden trigger of an edge
 * contact); plus the reader on an SFC and an ST-only project.
 */
class DiagramRoutesTest {
    private static final String TOKEN = "diagram-test";

    @TempDir
    Path dir;
    private ServedProject served;

    private void start(Path project) throws Exception {
        served = ServedProject.start(project, TOKEN);
    }

    @AfterEach
    void stop() {
        if (served != null) {
            served.close();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return served.api().get(path);
    }

    private JsonNode json(String path) throws Exception {
        return served.api().json(path);
    }

    private static JsonNode element(JsonNode body, int id) {
        for (JsonNode e : body.get("elements")) {
            if (e.get("id").asInt() == id) {
                return e;
            }
        }
        throw new AssertionError("no element " + id);
    }

    @Test
    void theLadderDemoIsListedAndDrawnAsSaved() throws Exception {
        Path project = LadderConveyor.copy(dir.resolve("conveyor"));
        LadderConveyor.locate(project, "DoneLamp", "%QX0.1");
        start(project);

        JsonNode list = json("/api/diagrams");
        assertEquals(1, list.size(), list.toString());
        assertEquals("Conveyor", list.get(0).get("instance").asText());
        assertEquals("ConveyorLogic", list.get(0).get("pou").asText());
        assertEquals("main", list.get(0).get("task").asText());
        assertEquals("[\"LD\"]", list.get(0).get("languages").toString());

        JsonNode d = json("/api/diagrams/conveyor");
        assertEquals("Conveyor", d.get("instance").asText(), "the instance as declared, whatever the case asked");
        assertEquals("src/conveyor.xml", d.get("file").asText().replace('\\', '/'));
        JsonNode body = d.get("bodies").get(0);
        assertEquals("LD", body.get("language").asText());
        assertEquals("body", body.get("name").asText());
        assertEquals(803, body.get("width").asInt(), "the right rail's right edge");

        JsonNode stop = element(body, 4);
        assertEquals("contact", stop.get("kind").asText());
        assertEquals("StopPB", stop.get("text").asText());
        assertEquals("true", stop.get("attrs").get("negated").asText());
        assertEquals(160, stop.get("x").asInt());
        List<Integer> from = new ArrayList<>();
        stop.get("inputs").get(0).get("links").forEach(l -> from.add(l.get("ref").asInt()));
        assertEquals(List.of(2, 3), from, "the seal-in branch: two wires into one input");

        JsonNode timer = element(body, 13);
        assertEquals("TON", timer.get("text").asText());
        assertEquals("StartDelay", timer.get("instance").asText());
        assertEquals("[\"IN\",\"PT\"]", names(timer.get("inputs")));
        assertEquals("[\"Q\",\"ET\"]", names(timer.get("outputs")));
        JsonNode belt = element(body, 14).get("inputs").get(0).get("links").get(0);
        assertEquals(13, belt.get("ref").asInt());
        assertEquals("Q", belt.get("pin").asText());
        assertEquals("rising", element(body, 31).get("attrs").get("edge").asText());
        assertTrue(element(body, 100).get("text").asText().startsWith("Conveyor: start/stop"), "the comment");

        JsonNode b = d.get("bindings");
        assertEquals("Conveyor.StartPB", b.get("startpb").get("path").asText());
        assertEquals("BOOL", b.get("startpb").get("type").asText());
        assertNull(b.get("startpb").get("address"));
        assertEquals("Conveyor.PartTimer.Q", b.get("parttimer.q").get("path").asText());
        assertEquals("Conveyor.StartDelay.ET", b.get("startdelay.et").get("path").asText());
        assertEquals("TIME", b.get("startdelay.et").get("type").asText());
        assertEquals("Conveyor.PartCount", b.get("partcount").get("path").asText());
        assertEquals("%QX0.1", b.get("donelamp").get("address").asText());
        assertEquals("Conveyor._contact31_r.Q", b.get("#edge31").get("path").asText(),
                "the edge contact's own trigger, as the program evaluates it");
        assertNull(b.get("t#2s"), "a literal is not a variable");
        // every binding is a path the monitor accepts
        List<String> paths = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) b::fields) {
            paths.add(e.getValue().get("path").asText());
        }
        served.runtime().monitor(paths).close();
    }

    @Test
    void anUnknownInstanceOrAnStProgramIsA404ThatSaysWhy() throws Exception {
        start(LadderConveyor.copy(dir.resolve("conveyor")));
        HttpResponse<String> r = get("/api/diagrams/Nope");
        assertEquals(404, r.statusCode());
        assertTrue(r.body().contains("no program instance 'Nope'"), r.body());

        Path st = dir.resolve("st");
        Files.createDirectories(st.resolve("src"));
        Files.writeString(st.resolve("project.yaml"), "name: st-only\nsources: [src/*.st]\n");
        Files.writeString(st.resolve("src/main.st"), "PROGRAM Main\nVAR _x : INT; END_VAR\n_x := _x + 1;\nEND_PROGRAM\n");
        stop();
        start(st);
        assertEquals("[]", json("/api/diagrams").toString());
        assertTrue(json("/api/variables").toString().contains("\"path\":\"Main._x\""),
                "a user's own _x in ST is not taken for an importer variable");
        HttpResponse<String> none = get("/api/diagrams/Main");
        assertEquals(404, none.statusCode());
        assertTrue(none.body().contains("no LD, FBD or SFC body"), none.body());
    }

    @Test
    void anSfcChartIsDrawnWithItsStepsBoundToTheirXAndT() {
        PlcOpenDiagrams d = PlcOpenDiagrams.read(Map.of("sfc.xml", """
                <?xml version="1.0"?>
                <project xmlns="http://www.plcopen.org/xml/tc6_0201">
                  <types><pous><pou name="Seq" pouType="program"><body><SFC>
                    <step localId="1" name="Init" initialStep="true" height="30" width="60"><position x="100" y="20"/>
                      <connectionPointOut formalParameter=""><relPosition x="30" y="30"/></connectionPointOut></step>
                    <transition localId="2" height="2" width="20"><position x="120" y="80"/>
                      <connectionPointIn><relPosition x="10" y="0"/><connection refLocalId="1"/></connectionPointIn>
                      <condition><inline name=""><ST><p xmlns="http://www.w3.org/1999/xhtml">Start;</p></ST></inline></condition></transition>
                    <actionBlock localId="3" height="30" width="120"><position x="200" y="20"/>
                      <connectionPointIn><connection refLocalId="1"/></connectionPointIn>
                      <action localId="0" qualifier="L" duration="T#3s"><reference name="Lamp"/></action></actionBlock>
                  </SFC></body></pou></pous></types>
                </project>
                """));
        PlcOpenDiagrams.Body body = d.pou("seq").bodies().get(0);
        assertEquals("SFC", body.language());
        assertEquals("true", body.elements().get(0).attrs().get("initialStep"));
        assertEquals("Start", body.elements().get(1).text(), "the inline condition without its ';'");
        PlcOpenDiagrams.Action a = body.elements().get(2).actions().get(0);
        assertEquals(List.of("L", "T#3s", "Lamp"), List.of(a.qualifier(), a.duration(), a.name()));
    }

    @Test
    void aDoctypeIsRefusedSoNoEntityIsExpanded() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> PlcOpenDiagrams.read(Map.of("evil.xml", "<?xml version=\"1.0\"?><!DOCTYPE project [<!ENTITY x SYSTEM "
                        + "\"file:///etc/passwd\">]><project>&x;</project>")));
        assertTrue(e.getMessage().startsWith("evil.xml is not well-formed XML"), e.getMessage());
    }

    private static String names(JsonNode pins) {
        List<String> n = new ArrayList<>();
        pins.forEach(p -> n.add(p.get("name").asText()));
        return n.toString().replace(", ", "\",\"").replace("[", "[\"").replace("]", "\"]");
    }

    @Test
    void sfcActionFlagsAndTheCompilersConditionFlagsAreBound() throws Exception {
        Path project = dir.resolve("actions");
        Files.createDirectories(project.resolve("src"));
        Files.writeString(project.resolve("project.yaml"), "name: actions\nsources: [src/*.xml]\n");
        String xml;
        try (var in = DiagramRoutesTest.class.getResourceAsStream("/plcopen/actions.xml")) {
            xml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        // variables of the user's with the names the importer would give the inline action's flags
        // and transition 5's condition flag
        xml = xml.replace("<variable name=\"Ack\">", "<variable name=\"_inline4_1\"><type><INT/></type></variable>"
                + "<variable name=\"_cond5\"><type><INT/></type></variable><variable name=\"Ack\">");
        Files.writeString(project.resolve("src/actions.xml"), xml);
        start(project);

        JsonNode d = json("/api/diagrams/Fill1");
        JsonNode b = d.get("bindings");
        assertEquals("Fill1.Pump.Q", b.get("#action4_0.q").get("path").asText());
        assertEquals("Fill1.Pump.A", b.get("#action4_0.a").get("path").asText());
        assertEquals("BOOL", b.get("#action4_0.q").get("type").asText());
        assertEquals("Fill1._inline4_1_2.Q", b.get("#action4_1.q").get("path").asText(),
                "the importer's name for the inline action's flags, past the user's own _inline4_1");
        assertEquals("Fill1._inline4_1_2.A", b.get("#action4_1.a").get("path").asText());
        // every transition's condition as the compiled program computed it: inline Go (2), the
        // inline expression (5, past the user's own _cond5) and the named LevelOk (7)
        assertEquals("Fill1._cond2", b.get("#cond2").get("path").asText());
        assertEquals("Fill1._cond5_2", b.get("#cond5").get("path").asText(), "past the user's own _cond5");
        assertEquals("Fill1._cond7", b.get("#cond7").get("path").asText());
        assertEquals("BOOL", b.get("#cond7").get("type").asText());
        // no longer bound: the variables a condition reads (the page computes nothing from them)
        for (String ref : List.of("go", "hold", "level", "ack", "levelok")) {
            assertTrue(!b.has(ref), ref + " in " + b);
        }
        JsonNode body = d.get("bodies").get(0);
        assertEquals("LevelOk", element(body, 7).get("attrs").get("reference").asText());
        assertEquals("LIMIT(0, Level * 2, 100) > 4 AND Ack", element(body, 7).get("attrs").get("expression").asText(),
                "the named transition's expression, shown on hover");
        // the condition flags are the importer's: listed only with ?generated=true, unlike the user's _cond5
        String plain = json("/api/variables").toString();
        assertTrue(plain.contains("\"Fill1._cond5\"") && !plain.contains("Fill1._cond2") && !plain.contains("Fill1._cond5_2"), plain);
        String all = json("/api/variables?generated=true").toString();
        assertTrue(all.contains("\"Fill1._cond2\"") && all.contains("\"Fill1._cond5_2\""), all);
        assertEquals("1", element(body, 4).get("actions").get(1).get("localId").asText());
    }
}
