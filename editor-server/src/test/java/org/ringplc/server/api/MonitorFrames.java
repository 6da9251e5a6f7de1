package org.ringplc.server.api;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A test's end of the monitor socket: every text message, reassembled from its parts, queued as
 * it arrives ({@code received}), and the close code once the server closes ({@code closed}).
 */
final class MonitorFrames implements WebSocket.Listener {
    final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            received.add(partial.toString());
            partial.setLength(0);
        }
        ws.request(1);
        return null;
    }

    /** The next message as JSON; fails the test when none comes within 5 s. */
    JsonNode next() throws Exception {
        String s = received.poll(5, TimeUnit.SECONDS);
        assertNotNull(s, "no frame within 5 s");
        return Json.mapper().readTree(s);
    }
}
