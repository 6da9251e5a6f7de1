package org.ringplc.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Just enough of the Chrome DevTools Protocol to drive a page from a test: start headless
 * Chromium on one URL, evaluate JavaScript in the page and take a screenshot. Talks to the
 * browser over its loopback debugging socket with java.net.http, so the tests need no driver
 * download (the build machines have no internet).
 */
final class HeadlessChrome implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final List<String> BINARIES = List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable");

    private final Process process;
    private final Path profile;
    private final WebSocket page;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    /** The browser binary on PATH, or null. */
    static String binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            for (String b : BINARIES) {
                Path p = Path.of(dir, b);
                if (Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        return null;
    }

    /**
     * Skips the calling test when there is no browser, unless {@code RINGPLC_REQUIRE_BROWSER} is
     * set (CI sets it after installing Chromium): then a missing browser fails the test, so a
     * broken install can never pass as skipped browser tests.
     */
    static void requireOrSkip() {
        if (binary() != null) {
            return;
        }
        String required = System.getenv("RINGPLC_REQUIRE_BROWSER");
        if (required != null && !required.isBlank() && !required.equals("0")) {
            throw new AssertionError("RINGPLC_REQUIRE_BROWSER is set but no Chromium is on PATH "
                    + "(looked for " + BINARIES + "; Debian: apt-get install chromium)");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(false, "Chromium is not installed (Debian: apt-get install chromium)");
    }

    HeadlessChrome(String url) throws Exception {
        String bin = binary();
        if (bin == null) {
            throw new IllegalStateException("no Chromium on PATH (Debian: apt-get install chromium)");
        }
        profile = Files.createTempDirectory("ringplc-chrome");
        process = new ProcessBuilder(bin, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-extensions", "--window-size=1400,900", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, url).redirectErrorStream(true).start();
        try {
            page = connect();
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private WebSocket connect() throws Exception {
        String browserWs = awaitListening();
        int port = URI.create(browserWs).getPort();
        HttpClient http = HttpClient.newHttpClient();
        String pageWs = null;
        for (int i = 0; i < 100 && pageWs == null; i++) {
            String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (JsonNode t : Json.mapper().readTree(list)) {
                if ("page".equals(t.path("type").asText())) {
                    pageWs = t.get("webSocketDebuggerUrl").asText();
                }
            }
            if (pageWs == null) {
                Thread.sleep(50);
            }
        }
        if (pageWs == null) {
            throw new IllegalStateException("Chromium opened no page");
        }
        return http.newWebSocketBuilder().buildAsync(URI.create(pageWs), new Listener()).get(10, TimeUnit.SECONDS);
    }

    private String awaitListening() throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline && (line = r.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                // keep draining so the browser never blocks on a full pipe
                Thread drain = new Thread(() -> {
                    try {
                        while (r.readLine() != null) {
                            // discard
                        }
                    } catch (IOException ignored) {
                        // the browser exited
                    }
                }, "chrome-output");
                drain.setDaemon(true);
                drain.start();
                return m.group(1);
            }
        }
        throw new IllegalStateException("Chromium did not start:\n" + seen);
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode msg = Json.mapper().readTree(partial.toString());
                    if (msg.has("id")) {
                        CompletableFuture<JsonNode> f = pending.remove(msg.get("id").asInt());
                        if (f != null) {
                            f.complete(msg);
                        }
                    }
                } catch (IOException e) {
                    // not for us
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }

    JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode msg = Json.mapper().createObjectNode().put("id", id).put("method", method);
        msg.set("params", params);
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        page.sendText(Json.mapper().writeValueAsString(msg), true).get(10, TimeUnit.SECONDS);
        JsonNode answer = f.get(20, TimeUnit.SECONDS);
        if (answer.has("error")) {
            throw new IllegalStateException(method + ": " + answer.get("error"));
        }
        return answer.get("result");
    }

    /** The value of a JavaScript expression in the page (promises awaited). */
    JsonNode eval(String expression) throws Exception {
        ObjectNode p = Json.mapper().createObjectNode().put("expression", expression)
                .put("returnByValue", true).put("awaitPromise", true);
        JsonNode r = call("Runtime.evaluate", p);
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("page threw: " + r.get("exceptionDetails"));
        }
        return r.path("result").path("value");
    }

    /** Evaluates {@code condition} until it is true. */
    void await(String condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!holds(condition)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("page condition not met within " + timeout + ": " + condition);
            }
            Thread.sleep(50);
        }
    }

    /** False also while the page is still loading and the expression cannot be evaluated yet. */
    private boolean holds(String condition) throws Exception {
        try {
            return eval("!!(" + condition + ")").asBoolean();
        } catch (IllegalStateException notYet) {
            return false;
        }
    }

    void screenshot(Path to) throws Exception {
        JsonNode r = call("Page.captureScreenshot", Json.mapper().createObjectNode().put("format", "png"));
        Files.createDirectories(to.getParent());
        Files.write(to, java.util.Base64.getDecoder().decode(r.get("data").asText()));
    }

    @Override
    public void close() throws Exception {
        if (page != null) {
            page.abort();
        }
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        // Chromium's helper processes (network service, GPU) may still write to the profile for a
        // moment after the browser exits: a file vanishing under the walk means try again. Three
        // tries 100 ms apart cover that moment; a profile still changing after them is a real fault.
        for (int attempt = 1; ; attempt++) {
            try (Stream<Path> s = Files.walk(profile)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                return;
            } catch (UncheckedIOException | NoSuchFileException e) {
                if (attempt == 3) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
