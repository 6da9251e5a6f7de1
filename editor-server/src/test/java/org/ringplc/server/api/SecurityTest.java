package org.ringplc.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Users, roles, password logins, the login throttle and the cross-site checks over real HTTP.
 * Users are stored with few PBKDF2 iterations so the suite does not spend seconds per login; the
 * production count is checked in {@link PasswordHashTest}.
 */
class SecurityTest {
    private static final String TOKEN = "security-token-0123456789";
    private static final int FAST_ITERATIONS = 1_000;

    /**
     * Every API call and the least role that may make it, PRODUCT.md §5. A route the server
     * registers and this table lacks fails {@link #everyRouteIsInTheRoleTable}, so a new route
     * cannot skip this test.
     */
    static final Map<String, Role> ROUTE_ROLES = Map.ofEntries(
            Map.entry("GET /api/status", Role.VIEWER),
            Map.entry("GET /api/variables", Role.VIEWER),
            Map.entry("GET /api/forces", Role.VIEWER),
            Map.entry("GET /api/me", Role.VIEWER),
            Map.entry("POST /api/write", Role.OPERATOR),
            Map.entry("POST /api/force", Role.ENGINEER),
            Map.entry("POST /api/unforce", Role.ENGINEER),
            Map.entry("POST /api/unforce-all", Role.ENGINEER),
            Map.entry("POST /api/plc/start", Role.ENGINEER),
            Map.entry("POST /api/plc/stop", Role.ENGINEER),
            Map.entry("GET /api/project", Role.VIEWER),
            Map.entry("GET /api/files", Role.VIEWER),
            Map.entry("GET /api/files/<path>", Role.VIEWER),
            Map.entry("PUT /api/files/<path>", Role.ENGINEER),
            Map.entry("POST /api/check", Role.VIEWER),
            Map.entry("GET /api/audit", Role.ADMIN),
            Map.entry("GET /api/diagrams", Role.VIEWER),
            Map.entry("GET /api/diagrams/{instance}", Role.VIEWER),
            Map.entry("POST /api/deploy", Role.ENGINEER),
            Map.entry("GET /api/openapi.json", Role.VIEWER),
            Map.entry("POST /api/trace", Role.VIEWER),
            Map.entry("GET /api/trace/{id}", Role.VIEWER),
            Map.entry("DELETE /api/trace/{id}", Role.VIEWER),
            Map.entry("GET /api/users", Role.ADMIN),
            Map.entry("PUT /api/users/{name}", Role.ADMIN),
            Map.entry("DELETE /api/users/{name}", Role.ADMIN));

    /** A body each call accepts, so a sufficient role gets past validation too. */
    private static final Map<String, String> BODIES = Map.of(
            "POST /api/write", "{\"path\":\"Main.count\",\"value\":3}",
            "POST /api/force", "{\"path\":\"Main.run\",\"value\":true}",
            "POST /api/unforce", "{\"path\":\"Main.run\"}");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final MutableClock clock = new MutableClock();
    private FakePlcRuntime runtime;
    private UserStore users;
    private WebServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        runtime = new FakePlcRuntime();
        users = new UserStore(dir.resolve("users.yaml"), FAST_ITERATIONS);
        for (Role r : Role.values()) {
            users.put(r.label() + "1", r, (r.label() + "-password").toCharArray());
        }
        server = new WebServer(runtime, Authenticator.fixed(TOKEN, clock).withUsers(users));
        base = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        // Route patterns name their parameters (<path>, {id}); any concrete value does for role checks.
        String concrete = path.replaceAll("<[^>]+>", "src/main.st").replaceAll("\\{[^}]+}", "x1");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + concrete)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> login(String user, String password) throws Exception {
        return send("POST", "/api/login", "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}", "Origin", base);
    }

    private String cookie(String user, String password) throws Exception {
        HttpResponse<String> r = login(user, password);
        assertEquals(200, r.statusCode(), r.body());
        String set = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(set.contains("HttpOnly") && set.contains("SameSite=Strict"), set);
        assertFalse(set.contains("Secure"), "plain HTTP: a Secure cookie would never be sent back");
        return set.substring(0, set.indexOf(';'));
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.mapper().readTree(r.body());
    }

    @Test
    void aUserLogsInWithAPasswordAndGetsTheirRole() throws Exception {
        String c = cookie("operator1", "operator-password");
        JsonNode me = json(send("GET", "/api/me", null, "Cookie", c));
        assertEquals("operator1", me.get("name").asText());
        assertEquals("OPERATOR", me.get("role").asText());

        HttpResponse<String> wrong = login("operator1", "not-the-password");
        assertEquals(401, wrong.statusCode());
        assertEquals("wrong user name or password", json(wrong).get("error").asText());
        HttpResponse<String> unknown = login("nobody", "whatever-password");
        assertEquals(401, unknown.statusCode());
        assertEquals(json(wrong).get("error").asText(), json(unknown).get("error").asText(),
                "an unknown name and a wrong password look the same");
    }

    @Test
    void eachRoleMayDoExactlyWhatPRODUCTSection5Says() throws Exception {
        for (Role role : Role.values()) {
            String c = cookie(role.label() + "1", role.label() + "-password");
            for (Map.Entry<String, Role> e : ROUTE_ROLES.entrySet()) {
                String[] mp = e.getKey().split(" ", 2);
                HttpResponse<String> r = send(mp[0], mp[1], BODIES.get(e.getKey()), "Cookie", c, "Origin", base);
                String what = role + " on " + e.getKey() + ": " + r.body();
                if (role.includes(e.getValue())) {
                    assertNotEquals(403, r.statusCode(), what);
                    assertNotEquals(401, r.statusCode(), what);
                } else {
                    assertEquals(403, r.statusCode(), what);
                    String error = json(r).get("error").asText();
                    assertTrue(error.contains("requires the " + e.getValue().label() + " role"), what);
                    assertTrue(error.contains(role.label() + "1 has the " + role.label() + " role"), what);
                }
            }
            runtime.unforceAll("test");
        }
        assertEquals(List.of(), runtime.forces(), "no force was left by a refused call");
    }

    @Test
    void everyRouteIsInTheRoleTable() {
        List<String> missing = new ArrayList<>();
        for (RouteInfo r : server.routes()) {
            if (!ROUTE_ROLES.containsKey(r.method() + " " + r.path()) && !r.isPublic()) {
                missing.add(r.method() + " " + r.path());
            } else if (!r.isPublic()) {
                assertEquals(ROUTE_ROLES.get(r.method() + " " + r.path()), r.role(), r.toString());
            }
        }
        assertEquals(List.of(), missing, "routes whose role this test does not check");
    }

    @Test
    void theTokenStaysAdministrator() throws Exception {
        JsonNode me = json(send("GET", "/api/me", null, "Authorization", "Bearer " + TOKEN));
        assertEquals("ADMIN", me.get("role").asText());
        HttpResponse<String> r = send("POST", "/api/login", "{\"token\":\"" + TOKEN + "\"}", "Origin", base);
        assertEquals(200, r.statusCode());
        assertEquals("ADMIN", json(r).get("role").asText());
    }

    @Test
    void aRemovedUserOrChangedRoleTakesEffectAtTheNextRequest() throws Exception {
        String c = cookie("engineer1", "engineer-password");
        assertEquals(200, send("POST", "/api/plc/stop", null, "Cookie", c, "Origin", base).statusCode());
        users.setRole("engineer1", Role.VIEWER);
        HttpResponse<String> r = send("POST", "/api/plc/start", null, "Cookie", c, "Origin", base);
        assertEquals(403, r.statusCode(), r.body());
        users.remove("engineer1");
        assertEquals(401, send("GET", "/api/status", null, "Cookie", c).statusCode());
    }

    @Test
    void aUsersFileChangedByAnotherProcessIsReadAgain() throws Exception {
        // What 'ringplc user add' does while the server runs: another store on the same file.
        UserStore other = new UserStore(dir.resolve("users.yaml"), FAST_ITERATIONS);
        other.put("late", Role.ENGINEER, "late-password".toCharArray());
        String c = cookie("late", "late-password");
        assertEquals("ENGINEER", json(send("GET", "/api/me", null, "Cookie", c)).get("role").asText());
    }

    @Test
    void repeatedFailuresFromOneAddressAreSlowedDownWith429() throws Exception {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            assertEquals(401, login("operator1", "wrong-" + i).statusCode());
        }
        HttpResponse<String> blocked = login("operator1", "operator-password");
        assertEquals(429, blocked.statusCode(), "even the right password waits: the guess is not even checked");
        assertTrue(json(blocked).get("error").asText().contains("too many failed logins"), blocked.body());
        assertEquals("1", blocked.headers().firstValue("Retry-After").orElseThrow());
        assertEquals(429, send("GET", "/api/status", null, "Authorization", "Bearer " + TOKEN).statusCode(),
                "Bearer guesses share the back-off");

        clock.advance(Duration.ofMillis(1_100));
        assertEquals(401, login("operator1", "wrong-again").statusCode());
        HttpResponse<String> longer = login("operator1", "operator-password");
        assertEquals(429, longer.statusCode());
        assertEquals("2", longer.headers().firstValue("Retry-After").orElseThrow(), "the wait doubles");

        clock.advance(Duration.ofSeconds(3));
        assertEquals(200, login("operator1", "operator-password").statusCode());
        assertEquals(401, login("operator1", "wrong").statusCode(), "a success clears the count");
    }

    private int handshake(String... headers) throws Exception {
        java.net.http.WebSocket.Builder b = http.newWebSocketBuilder();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            b.buildAsync(URI.create(base.replace("http:", "ws:") + "/api/monitor"),
                    new java.net.http.WebSocket.Listener() { }).get(10, java.util.concurrent.TimeUnit.SECONDS).abort();
            return 101;
        } catch (java.util.concurrent.ExecutionException e) {
            return ((java.net.http.WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
        }
    }

    @Test
    void tokenGuessesOnTheMonitorSocketCountToo() throws Exception {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            assertEquals(401, handshake("Authorization", "Bearer guess-" + i));
        }
        assertEquals(429, handshake("Authorization", "Bearer " + TOKEN), "the socket waits out the back-off like a login");
        assertEquals(429, login("operator1", "operator-password").statusCode());
        clock.advance(Duration.ofSeconds(2));
        assertEquals(101, handshake("Authorization", "Bearer " + TOKEN));
    }

    @Test
    void backOffDoublesUpToItsCap() {
        assertEquals(Duration.ZERO, LoginThrottle.delayAfter(4));
        assertEquals(Duration.ofSeconds(1), LoginThrottle.delayAfter(5));
        assertEquals(Duration.ofSeconds(8), LoginThrottle.delayAfter(8));
        assertEquals(LoginThrottle.MAX_DELAY, LoginThrottle.delayAfter(40));
    }

    @Test
    void everyStateChangingCallRefusesACrossSiteCookieRequest() throws Exception {
        String c = cookie("admin1", "admin-password");
        for (RouteInfo r : server.routes()) {
            if (r.method().equals("GET") || r.isPublic()) {
                continue;
            }
            String call = r.method() + " " + r.path();
            String body = BODIES.get(call);
            HttpResponse<String> bare = send(r.method(), r.path(), body, "Cookie", c);
            assertEquals(403, bare.statusCode(), call + " with a cookie and no Origin/Referer/X-Requested-With");
            HttpResponse<String> evil = send(r.method(), r.path(), body, "Cookie", c, "Origin", "http://evil.example");
            assertEquals(403, evil.statusCode(), call + " from a foreign origin");
            assertTrue(json(evil).get("error").asText().contains("cross-site"), evil.body());
            HttpResponse<String> ref = send(r.method(), r.path(), body, "Cookie", c, "Referer", "http://evil.example/");
            assertEquals(403, ref.statusCode(), call + " with a foreign Referer");
        }
        assertEquals(List.of(), runtime.forces());
        assertEquals("RUN", runtime.status().state());
        // The login form itself: another site cannot log this browser in either.
        assertEquals(403, send("POST", "/api/login", "{\"user\":\"admin1\",\"password\":\"admin-password\"}",
                "Origin", "http://evil.example").statusCode());
    }

    @Test
    void theUsersFileIsOwnerOnlyAndHoldsNoPassword() throws Exception {
        Path f = dir.resolve("users.yaml");
        String text = Files.readString(f);
        assertFalse(text.contains("operator-password"));
        assertTrue(text.contains("$pbkdf2-sha256$" + FAST_ITERATIONS + "$"), text);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertEquals(4, UserStore.parse(f, text).size());
    }

    @Test
    void aBrokenUsersFileIsRefusedWithTheEntryNamed() throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "users:\n  - name: bob\n    role: boss\n    password: 'x'\n");
        UserStore.InvalidFile e = org.junit.jupiter.api.Assertions.assertThrows(UserStore.InvalidFile.class,
                () -> new UserStore(f));
        assertTrue(e.getMessage().contains("users[0].role: 'boss' is not a role"), e.getMessage());
        Files.writeString(f, "users:\n  - name: bob\n    role: viewer\n    password: 'secret'\n");
        e = org.junit.jupiter.api.Assertions.assertThrows(UserStore.InvalidFile.class, () -> new UserStore(f));
        assertTrue(e.getMessage().contains("users[0].password: not a '$pbkdf2-sha256$...' hash"), e.getMessage());
    }

    @Test
    void namesAndPasswordsAreChecked() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> users.put("token", Role.ADMIN, "long-enough".toCharArray()));
        assertTrue(e.getMessage().contains("reserved"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> users.put("x y", Role.ADMIN, "long-enough".toCharArray()));
        assertTrue(e.getMessage().contains("not valid"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> users.put("shorty", Role.ADMIN, "short".toCharArray()));
        assertTrue(e.getMessage().contains("at least 8"), e.getMessage());
        assertNotNull(users.find("OPERATOR1").orElse(null), "names match case-insensitively");
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-02T03:04:05Z");

        synchronized void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public synchronized Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
