package org.ringplc.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * What a script sees of the API: calls authenticated with {@code Authorization: Bearer TOKEN}
 * against one server, answers as text or, for the calls a test expects to succeed, as JSON.
 */
public final class BearerClient {
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String token;

    /** @param base {@code http://127.0.0.1:PORT}, without a trailing slash */
    public BearerClient(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /** @param body JSON text, or null for none */
    public HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, null);
    }

    /** The answer's JSON, after asserting 200 (the failure names the call and the server's answer). */
    public JsonNode ok(String method, String path, String body) throws Exception {
        return answer(method, path, body, 200);
    }

    /** {@link #ok} for a GET. */
    public JsonNode json(String path) throws Exception {
        return ok("GET", path, null);
    }

    /** The answer's JSON, after asserting its status. */
    public JsonNode answer(String method, String path, String body, int status) throws Exception {
        HttpResponse<String> r = send(method, path, body);
        assertEquals(status, r.statusCode(), method + " " + path + ": " + r.body());
        return Json.mapper().readTree(r.body());
    }

    /** The {@code error} message of a refused call, after asserting its status. */
    public String refused(String method, String path, String body, int status) throws Exception {
        return answer(method, path, body, status).get("error").asText();
    }
}
