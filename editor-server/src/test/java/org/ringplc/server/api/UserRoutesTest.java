package org.ringplc.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ringplc.runtime.force.AuditLog;

/** User management over the API by an administrator, and the audit entries of logins, user changes, start and stop. */
class UserRoutesTest {
    private static final String TOKEN = "users-token-0123456789";

    @TempDir
    Path dir;

    private final List<AuditLog.Entry> recorded = new CopyOnWriteArrayList<>();
    private UserStore users;
    private WebServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        users = new UserStore(dir.resolve("users.yaml"), 1_000);
        server = new WebServer(new FakePlcRuntime(), Authenticator.fixed(TOKEN).withUsers(users), null,
                new ServerOptions(null, () -> List.copyOf(recorded), recorded::add, null, null));
        base = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return new BearerClient(base, TOKEN).send(method, path, body);
    }

    private HttpResponse<String> login(String user, String password) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                .header("Origin", base).POST(HttpRequest.BodyPublishers.ofString(
                        "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private List<String> actions() {
        return recorded.stream().map(e -> e.action() + " " + e.user() + " " + e.oldValue() + "->" + e.newValue()).toList();
    }

    @Test
    void anAdministratorAddsChangesAndRemovesUsers() throws Exception {
        HttpResponse<String> add = send("PUT", "/api/users/carol", "{\"role\":\"operator\",\"password\":\"carol-password\"}");
        assertEquals(201, add.statusCode(), add.body());
        assertEquals("{\"name\":\"carol\",\"role\":\"operator\"}", add.body());
        assertEquals(200, login("carol", "carol-password").statusCode());

        HttpResponse<String> role = send("PUT", "/api/users/carol", "{\"role\":\"engineer\"}");
        assertEquals(200, role.statusCode(), role.body());
        assertEquals("[{\"name\":\"carol\",\"role\":\"engineer\"}]", send("GET", "/api/users", null).body());
        assertTrue(!send("GET", "/api/users", null).body().contains("pbkdf2"), "hashes never leave the box");

        assertEquals(204, send("DELETE", "/api/users/carol", null).statusCode());
        assertEquals(401, login("carol", "carol-password").statusCode());
        assertEquals(404, send("DELETE", "/api/users/carol", null).statusCode());

        assertEquals(List.of("user-add token null->operator", "login carol null->null", "user-change token operator->engineer",
                "user-remove token engineer->null", "login-failed carol null->null"), actions());
    }

    @Test
    void startAndStopAreRecordedWithTheUser() throws Exception {
        assertEquals(200, send("POST", "/api/plc/stop", null).statusCode());
        assertEquals(200, send("POST", "/api/plc/start", null).statusCode());
        assertEquals(List.of("stop token null->null", "start token null->null"), actions());
    }

    @Test
    void badRequestsSayWhatIsWrong() throws Exception {
        HttpResponse<String> noPassword = send("PUT", "/api/users/dave", "{\"role\":\"viewer\"}");
        assertEquals(400, noPassword.statusCode());
        assertTrue(noPassword.body().contains("a new user needs a 'password'"), noPassword.body());
        HttpResponse<String> badRole = send("PUT", "/api/users/dave", "{\"role\":\"boss\",\"password\":\"long-enough\"}");
        assertEquals(400, badRole.statusCode());
        assertTrue(badRole.body().contains("'boss' is not a role"), badRole.body());
        HttpResponse<String> shortPw = send("PUT", "/api/users/dave", "{\"role\":\"viewer\",\"password\":\"short\"}");
        assertEquals(400, shortPw.statusCode());
        assertTrue(shortPw.body().contains("at least 8"), shortPw.body());
        HttpResponse<String> reserved = send("PUT", "/api/users/token", "{\"role\":\"admin\",\"password\":\"long-enough\"}");
        assertEquals(400, reserved.statusCode());
        assertTrue(reserved.body().contains("reserved"), reserved.body());
        JsonNode none = Json.mapper().readTree(send("GET", "/api/users", null).body());
        assertEquals(0, none.size());
    }

    @Test
    void withoutAUsersFileThereIsNothingToManage() throws Exception {
        server.close();
        server = new WebServer(new FakePlcRuntime(), Authenticator.fixed(TOKEN));
        base = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
        HttpResponse<String> r = send("GET", "/api/users", null);
        assertEquals(409, r.statusCode());
        assertTrue(r.body().contains("no users file"), r.body());
    }
}
