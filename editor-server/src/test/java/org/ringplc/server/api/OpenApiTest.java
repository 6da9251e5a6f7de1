package org.ringplc.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hand-written OpenAPI document against the routes the server really registers: every route
 * is described with its role, and nothing is described that is not served. A new route fails
 * this test until it is added to {@code src/main/resources/api/openapi.json}.
 */
class OpenApiTest {
    private static final String TOKEN = "openapi-token-0123456789";
    private WebServer server;
    private String base;

    @BeforeEach
    void start() {
        server = new WebServer(new FakePlcRuntime(), Authenticator.fixed(TOKEN));
        base = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode document() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/openapi.json"))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        return Json.mapper().readTree(r.body());
    }

    /** Javalin's {@code <path>} and {@code {id}} parameters are both {@code {name}} in OpenAPI. */
    static String openApiPath(String javalinPath) {
        return javalinPath.replaceAll("<([^>]+)>", "{$1}");
    }

    @Test
    void everyRegisteredRouteIsDescribedWithItsRole() throws Exception {
        JsonNode doc = document();
        assertEquals("3.0.3", doc.get("openapi").asText());
        JsonNode paths = doc.get("paths");
        List<String> problems = new ArrayList<>();
        for (RouteInfo r : server.routes()) {
            if (!r.path().startsWith("/api/")) {
                continue; // the page and its assets
            }
            String where = r.method() + " " + r.path();
            JsonNode op = paths.path(openApiPath(r.path())).path(r.method().toLowerCase(Locale.ROOT));
            if (op.isMissingNode()) {
                problems.add(where + " is not in openapi.json");
                continue;
            }
            String documented = op.path("x-ringplc-role").asText(null);
            String actual = r.isPublic() ? null : r.role().label();
            if (actual == null ? documented != null : !actual.equals(documented)) {
                problems.add(where + ": openapi.json says role " + documented + ", the route requires " + actual);
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void nothingIsDescribedThatIsNotServed() throws Exception {
        Set<String> served = new HashSet<>();
        for (RouteInfo r : server.routes()) {
            served.add(r.method().toLowerCase(Locale.ROOT) + " " + openApiPath(r.path()));
        }
        List<String> stale = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> p = document().get("paths").fields(); p.hasNext();) {
            Map.Entry<String, JsonNode> path = p.next();
            for (Iterator<Map.Entry<String, JsonNode>> m = path.getValue().fields(); m.hasNext();) {
                Map.Entry<String, JsonNode> op = m.next();
                if (op.getValue().path("x-ringplc-websocket").asBoolean()) {
                    continue; // the monitor socket is a WebSocket route, not an HTTP one
                }
                if (!served.contains(op.getKey() + " " + path.getKey())) {
                    stale.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            }
        }
        assertEquals(List.of(), stale, "described in openapi.json but not served");
    }
}
