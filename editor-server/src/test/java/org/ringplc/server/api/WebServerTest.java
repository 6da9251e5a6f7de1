package org.ringplc.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebServerTest {
    private static final String TOKEN = "test-token-0123456789";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private FakePlcRuntime runtime;
    private WebServer server;
    private String base;

    @BeforeEach
    void startServer() {
        runtime = new FakePlcRuntime();
        startWith(Authenticator.fixed(TOKEN));
    }

    private void startWith(Authenticator auth) {
        if (server != null) {
            server.close();
        }
        server = new WebServer(runtime, auth);
        int port = server.start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + port;
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        return send("GET", path, null, headers);
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return send("POST", path, body, "Authorization", "Bearer " + TOKEN);
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.mapper().readTree(r.body());
    }

    private static String error(HttpResponse<String> r) throws Exception {
        JsonNode e = json(r).get("error");
        assertNotNull(e, "expected an error body, got " + r.body());
        return e.asText();
    }

    private String cookieOf(HttpResponse<String> r) {
        String set = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(set.contains("HttpOnly"), set);
        assertTrue(set.contains("SameSite=Strict"), set);
        return set.substring(0, set.indexOf(';'));
    }

    @Test
    void statusNeedsAValidToken() throws Exception {
        HttpResponse<String> none = get("/api/status");
        assertEquals(401, none.statusCode());
        assertTrue(error(none).contains("not logged in"), none.body());
        assertEquals(401, get("/api/status", "Authorization", "Bearer wrong").statusCode());
        assertEquals(401, get("/api/variables", "Authorization", "Basic " + TOKEN).statusCode());
        assertEquals(401, get("/api/no-such-call").statusCode(), "unknown calls need auth too");

        HttpResponse<String> ok = get("/api/status", "Authorization", "Bearer " + TOKEN);
        assertEquals(200, ok.statusCode());
        JsonNode s = json(ok);
        assertEquals("RUN", s.get("state").asText());
        assertEquals("fake-project", s.get("project").asText());
        assertEquals("main", s.get("tasks").get(0).get("name").asText());
        assertEquals(10_000, s.get("tasks").get(0).get("intervalUs").asLong());
        assertFalse(s.get("forcesActive").asBoolean());
        assertTrue(ok.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
    }

    @Test
    void variablesArePlainJsonValuesFilteredByPrefix() throws Exception {
        HttpResponse<String> r = get("/api/variables?prefix=main.s", "Authorization", "Bearer " + TOKEN);
        assertEquals(200, r.statusCode());
        // A REAL is a plain JSON number, never a string and never 1E+10.
        assertEquals("[{\"path\":\"Main.speed\",\"type\":\"REAL\",\"value\":10000000000,\"forced\":false}]", r.body());
        assertEquals(5, json(get("/api/variables", "Authorization", "Bearer " + TOKEN)).size());
    }

    @Test
    void forceListAndUnforceRoundTrip() throws Exception {
        HttpResponse<String> f = post("/api/force", "{\"path\":\"main.run\",\"value\":true}");
        assertEquals(200, f.statusCode(), f.body());
        runtime.cycle();

        JsonNode forces = json(get("/api/forces", "Authorization", "Bearer " + TOKEN));
        assertEquals(1, forces.size());
        assertEquals("Main.run", forces.get(0).get("path").asText());
        assertTrue(forces.get(0).get("value").asBoolean());
        assertEquals("token", forces.get(0).get("user").asText());
        assertEquals("2026-01-02T03:04:05Z", forces.get(0).get("since").asText());

        JsonNode v = json(get("/api/variables?prefix=Main.run", "Authorization", "Bearer " + TOKEN)).get(0);
        assertTrue(v.get("forced").asBoolean());
        assertTrue(v.get("value").asBoolean());
        assertTrue(json(get("/api/status", "Authorization", "Bearer " + TOKEN)).get("forcesActive").asBoolean());

        assertEquals(200, post("/api/unforce", "{\"path\":\"Main.run\"}").statusCode());
        assertEquals(0, json(get("/api/forces", "Authorization", "Bearer " + TOKEN)).size());
        HttpResponse<String> again = post("/api/unforce", "{\"path\":\"Main.run\"}");
        assertEquals(400, again.statusCode());
        assertEquals("Main.run is not forced", error(again));

        post("/api/force", "{\"path\":\"Main.count\",\"value\":7}");
        post("/api/force", "{\"path\":\"Main.delay\",\"value\":\"T#2s\"}");
        assertEquals(2, json(get("/api/forces", "Authorization", "Bearer " + TOKEN)).size());
        HttpResponse<String> all = post("/api/unforce-all", null);
        assertEquals(200, all.statusCode());
        assertEquals("[]", all.body());
    }

    @Test
    void writeIsQueuedUntilTheNextCycle() throws Exception {
        HttpResponse<String> w = post("/api/write", "{\"path\":\"Main.count\",\"value\":100}");
        assertEquals(200, w.statusCode(), w.body());
        assertEquals(0, json(get("/api/variables?prefix=Main.count", "Authorization", "Bearer " + TOKEN)).get(0).get("value").asLong());
        runtime.cycle();
        assertEquals(101, json(get("/api/variables?prefix=Main.count", "Authorization", "Bearer " + TOKEN)).get(0).get("value").asLong());
    }

    @Test
    void badRequestsAnswer400WithAMessageAPersonCanActOn() throws Exception {
        assertEquals("unknown variable 'Main.nope'", error(post("/api/force", "{\"path\":\"Main.nope\",\"value\":1}")));
        HttpResponse<String> range = post("/api/write", "{\"path\":\"Main.count\",\"value\":70000}");
        assertEquals(400, range.statusCode());
        assertEquals("Main.count is INT: 70000 is out of range -32768..32767", error(range));

        HttpResponse<String> broken = post("/api/write", "{\"path\":\"Main.count\",");
        assertEquals(400, broken.statusCode());
        assertTrue(error(broken).startsWith("the request body is not valid JSON at line 1"), broken.body());

        HttpResponse<String> missing = post("/api/force", "{\"path\":\"Main.count\"}");
        assertEquals(400, missing.statusCode());
        assertTrue(error(missing).startsWith("missing field 'value'"), missing.body());
        assertTrue(error(post("/api/unforce", "{}")).startsWith("missing field 'path'"));
        assertTrue(error(post("/api/write", "{\"path\":5,\"value\":1}")).startsWith("field 'path' must be a non-empty string"));
        assertTrue(error(post("/api/write", "{\"path\":\"Main.count\",\"value\":[1]}")).contains("not an array"));
        assertTrue(error(post("/api/write", "[1,2]")).startsWith("the request body must be a JSON object"));
        assertTrue(error(post("/api/write", "")).startsWith("the request body is empty"));
        assertEquals(0, json(get("/api/forces", "Authorization", "Bearer " + TOKEN)).size(), "nothing half-applied");
    }

    @Test
    void internalFailuresNeverShowAStackTrace() throws Exception {
        runtime.failStatus = true;
        HttpResponse<String> r = get("/api/status", "Authorization", "Bearer " + TOKEN);
        assertEquals(500, r.statusCode());
        assertFalse(r.body().contains("secret detail"), r.body());
        assertFalse(r.body().contains("at org."), r.body());
        assertTrue(error(r).startsWith("internal error"));

        HttpResponse<String> nf = get("/api/no-such-call", "Authorization", "Bearer " + TOKEN);
        assertEquals(404, nf.statusCode());
        assertEquals("no such API call: GET /api/no-such-call", error(nf));
    }

    @Test
    void plcStopAndStartChangeTheRunState() throws Exception {
        assertEquals("STOP", json(post("/api/plc/stop", null)).get("state").asText());
        assertEquals("STOP", json(get("/api/status", "Authorization", "Bearer " + TOKEN)).get("state").asText());
        assertEquals("RUN", json(post("/api/plc/start", null)).get("state").asText());
    }

    @Test
    void cookieLoginFlowWithSameOriginChecks() throws Exception {
        assertEquals(401, send("POST", "/api/login", "{\"token\":\"wrong\"}", "X-Requested-With", "t").statusCode());
        HttpResponse<String> login = send("POST", "/api/login", "{\"token\":\"" + TOKEN + "\"}", "X-Requested-With", "t");
        assertEquals(200, login.statusCode(), login.body());
        String cookie = cookieOf(login);

        assertEquals(200, get("/api/status", "Cookie", cookie).statusCode());
        String force = "{\"path\":\"Main.run\",\"value\":true}";
        HttpResponse<String> csrf = send("POST", "/api/force", force, "Cookie", cookie);
        assertEquals(403, csrf.statusCode(), "a cookie alone cannot change state");
        assertEquals(403, send("POST", "/api/force", force, "Cookie", cookie, "Origin", "http://evil.example").statusCode());
        assertEquals(403, send("POST", "/api/force", force, "Cookie", cookie, "Referer", "http://evil.example/x").statusCode());
        assertEquals(0, runtime.forces().size());
        assertEquals(200, send("POST", "/api/force", force, "Cookie", cookie, "Origin", base).statusCode());
        assertEquals(200, send("POST", "/api/unforce-all", null, "Cookie", cookie, "X-Requested-With", "fetch").statusCode());

        assertEquals(204, send("POST", "/api/logout", null, "Cookie", cookie, "X-Requested-With", "t").statusCode());
        assertEquals(401, get("/api/status", "Cookie", cookie).statusCode());
        assertEquals(401, get("/api/status", "Cookie", "ringplc_session=forged").statusCode());
    }

    @Test
    void randomTokenFromTheUrlLogsInOnce() throws Exception {
        Authenticator auth = Authenticator.oneTime();
        assertEquals(32, auth.loginToken().length(), "128 bits in hex");
        startWith(auth);
        assertEquals(200, get("/api/status", "Authorization", "Bearer " + auth.loginToken()).statusCode());

        HttpResponse<String> first = get("/?token=" + auth.loginToken());
        assertEquals(303, first.statusCode());
        assertEquals("/", first.headers().firstValue("Location").orElseThrow());
        String cookie = cookieOf(first);
        assertEquals(200, get("/api/status", "Cookie", cookie).statusCode());

        HttpResponse<String> second = get("/?token=" + auth.loginToken());
        assertEquals(303, second.statusCode());
        assertEquals("/#login-failed", second.headers().firstValue("Location").orElseThrow());
        assertTrue(second.headers().firstValue("Set-Cookie").isEmpty());
        assertEquals(401, get("/api/status", "Authorization", "Bearer " + auth.loginToken()).statusCode());
        assertEquals(200, get("/api/status", "Cookie", cookie).statusCode(), "the session outlives the token");
    }

    @Test
    void fixedTokenKeepsWorkingForLogin() throws Exception {
        assertEquals(303, get("/?token=" + TOKEN).statusCode());
        HttpResponse<String> again = get("/?token=" + TOKEN);
        assertEquals("/", again.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void pageAndAssetsArePublicWithASecurityPolicy() throws Exception {
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElseThrow().contains("default-src 'self'"));
        assertEquals(200, get("/app.js").statusCode());
        assertEquals(200, get("/app.css").statusCode());
        assertEquals(404, get("/pom.xml").statusCode());
        assertEquals(404, get("/web/index.html").statusCode());
        assertTrue(get("/..%2fpom.xml").statusCode() >= 400);
    }

    // --- the monitor socket ---------------------------------------------------------------

    private WebSocket connect(MonitorFrames frames, String... headers) throws Exception {
        WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b.buildAsync(URI.create(base.replace("http:", "ws:") + "/api/monitor"), frames).get(5, TimeUnit.SECONDS);
    }

    private int handshakeStatus(String... headers) throws Exception {
        try {
            connect(new MonitorFrames(), headers).abort();
            return 101;
        } catch (ExecutionException | CompletionException e) {
            WebSocketHandshakeException h = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
            return h.getResponse().statusCode();
        }
    }

    @Test
    void monitorRefusesUnauthenticatedAndForeignOriginHandshakes() throws Exception {
        assertEquals(401, handshakeStatus());
        assertEquals(401, handshakeStatus("Authorization", "Bearer wrong"));
        assertEquals(403, handshakeStatus("Authorization", "Bearer " + TOKEN, "Origin", "http://evil.example"));
        assertEquals(101, handshakeStatus("Authorization", "Bearer " + TOKEN));

        String cookie = cookieOf(get("/?token=" + TOKEN));
        assertEquals(403, handshakeStatus("Cookie", cookie, "Origin", "http://evil.example"));
        assertEquals(403, handshakeStatus("Cookie", cookie), "a cookie handshake must name its origin");
        assertEquals(101, handshakeStatus("Cookie", cookie, "Origin", base));
    }

    @Test
    void closedMonitorSocketsFreeTheirPlace() throws Exception {
        for (int i = 0; i < MonitorRoutes.MAX_SOCKETS + 6; i++) {
            MonitorFrames frames = new MonitorFrames();
            WebSocket ws = connect(frames, "Authorization", "Bearer " + TOKEN);
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
            frames.closed.get(5, TimeUnit.SECONDS);
        }
        assertEquals(101, handshakeStatus("Authorization", "Bearer " + TOKEN));
    }

    @Test
    void monitorSendsOneFramePerPublishedCycleAtMostAtTheRate() throws Exception {
        MonitorFrames frames = new MonitorFrames();
        WebSocket ws = connect(frames, "Authorization", "Bearer " + TOKEN);
        runtime.cycle();
        ws.sendText("{\"subscribe\":[\"main.count\",\"Main.speed\"],\"rateHz\":50}", true).get(5, TimeUnit.SECONDS);
        JsonNode f = frames.next();
        assertEquals(1, f.get("cycle").asLong());
        assertEquals(1, f.get("values").get("Main.count").asLong());
        assertEquals("10000000000", f.get("values").get("Main.speed").toString());

        Thread.sleep(100);
        assertTrue(frames.received.isEmpty(), "no frame without a new cycle");
        runtime.cycle();
        runtime.cycle();
        JsonNode g = frames.next();
        assertEquals(3, g.get("cycle").asLong(), "decimated to the newest cycle");
        assertEquals(3, g.get("values").get("Main.count").asLong());

        ws.sendText("{\"subscribe\":[\"Main.nope\"]}", true).get(5, TimeUnit.SECONDS);
        assertEquals("unknown variable 'Main.nope'", frames.next().get("error").asText());
        ws.sendText("{\"subscribe\":[\"Main.count\"],\"rateHz\":1000}", true).get(5, TimeUnit.SECONDS);
        assertTrue(frames.next().get("error").asText().contains("rateHz"));
        ws.sendText("not json", true).get(5, TimeUnit.SECONDS);
        assertTrue(frames.next().get("error").asText().startsWith("the request body is not valid JSON"));

        runtime.cycle();
        assertEquals(4, frames.next().get("cycle").asLong(), "a refused request keeps the old subscription");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
    }
}
