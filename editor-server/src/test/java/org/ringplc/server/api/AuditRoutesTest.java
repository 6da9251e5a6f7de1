package org.ringplc.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ringplc.runtime.force.AuditLog;

/** {@code GET /api/audit}: newest first, the limit, the fields, and administrators only. */
class AuditRoutesTest {
    private static final String TOKEN = "audit-token-0123456789";
    private final List<AuditLog.Entry> entries = new ArrayList<>();
    private WebServer server;
    private String base;

    @BeforeEach
    void start() {
        for (int i = 0; i < 150; i++) {
            entries.add(new AuditLog.Entry(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i), "alice", "force",
                    "Main.x", (long) i, (long) i + 1, i == 149 ? "last" : null));
        }
        server = new WebServer(new FakePlcRuntime(), Authenticator.fixed(TOKEN), null,
                ServerOptions.defaults().withAudit(() -> List.copyOf(entries)));
        base = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return new BearerClient(base, TOKEN).get(path);
    }

    @Test
    void newestFirstWithEveryField() throws Exception {
        JsonNode all = Json.mapper().readTree(get("/api/audit").body());
        assertEquals(AuditRoutes.DEFAULT_LIMIT, all.size());
        JsonNode first = all.get(0);
        assertEquals("2026-01-01T00:02:29Z", first.get("time").asText());
        assertEquals("alice", first.get("user").asText());
        assertEquals("force", first.get("action").asText());
        assertEquals("Main.x", first.get("path").asText());
        assertEquals(149, first.get("old").asLong());
        assertEquals(150, first.get("new").asLong());
        assertEquals("last", first.get("note").asText());

        JsonNode three = Json.mapper().readTree(get("/api/audit?limit=3").body());
        assertEquals(3, three.size());
        assertEquals(147, three.get(2).get("old").asLong());
    }

    @Test
    void aBadLimitIs400() throws Exception {
        for (String bad : List.of("0", "-1", "ten", "10001")) {
            HttpResponse<String> r = get("/api/audit?limit=" + bad);
            assertEquals(400, r.statusCode(), bad);
            assertTrue(r.body().contains("from 1 to 10000"), r.body());
        }
    }
}
