package org.ringplc.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SFC online view of action flags and transition conditions
 * ({@code src/test/resources/plcopen/actions.xml}) in headless Chromium, compiled and run by the
 * real compiler and runtime: an action's line is lit while its {@code Q} is TRUE, shows its final
 * run ({@code A} TRUE, {@code Q} FALSE) distinctly, and goes dark once its step is left. The chart
 * runs in a 250 ms task so that the one cycle of the final run spans a few monitor frames. A
 * transition whose condition is an ST expression shows the expression's value.
 * Screenshots go to {@code target/screenshots/}.
 */
@Tag("browser")
class SfcActionViewTest {
    private static final String TOKEN = "sfc-action-view-test";
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;
    private ServedProject served;
    private HeadlessChrome chrome;

    @BeforeEach
    void start() throws Exception {
        HeadlessChrome.requireOrSkip();
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("project.yaml"), "name: actions\nsources: [src/*.xml]\n");
        try (var in = SfcActionViewTest.class.getResourceAsStream("/plcopen/actions.xml")) {
            Files.write(dir.resolve("src/actions.xml"), in.readAllBytes());
        }
        served = ServedProject.start(dir, TOKEN);
    }

    @AfterEach
    void stop() throws Exception {
        if (chrome != null) {
            chrome.close();
        }
        if (served != null) {
            served.close();
        }
    }

    private static String el(int id) {
        return "document.querySelector('#lv-main [data-id=\"" + id + "\"]')";
    }

    /** Line {@code line} (from 0) of action block 4. */
    private static String action(int line) {
        return el(4) + ".querySelectorAll('.action')[" + line + "]";
    }

    @Test
    void anActionIsLitWhileItRunsShowsItsFinalRunAndGoesDarkAfterItsStep() throws Exception {
        chrome = new HeadlessChrome(served.pageUrl("#monitor"));
        chrome.await("document.getElementById('link') && document.getElementById('link').dataset.ok === 'true'", WAIT);
        chrome.eval("location.href = '/ladder.html#Fill1'");
        chrome.await("document.body.dataset.shown === 'Fill1' && Number(document.body.dataset.cycle) > 0", WAIT);
        chrome.await(el(1) + ".dataset.active === 'true'", WAIT);
        chrome.await(action(0) + ".dataset.state === 'idle' && " + action(1) + ".dataset.state === 'idle'", WAIT);

        // every state each line goes through, frame by frame, so the short final run is not missed
        chrome.eval("window.seen = [[], []]; [0, 1].forEach((i) => { const row = " + el(4)
                + ".querySelectorAll('.action')[i]; new MutationObserver(() => window.seen[i].push(row.dataset.state"
                + " + (row.dataset.state === 'final' ? ' ' + getComputedStyle(row.querySelector('.box')).fill : '')))"
                + ".observe(row, { attributes: true, attributeFilter: ['data-state'] }); })");
        served.runtime().write("Fill1.Hold", true, "test");
        served.runtime().write("Fill1.Go", true, "test");
        chrome.await(el(3) + ".dataset.active === 'true'", WAIT);
        chrome.await(action(0) + ".dataset.state === 'running' && " + action(1) + ".dataset.state === 'running'", WAIT);
        assertEquals("true", chrome.eval(action(0) + ".dataset.lit").asText());
        assertTrue(chrome.eval(action(0) + ".classList.contains('on')").asBoolean());
        assertTrue(chrome.eval(action(0) + ".querySelector('title').textContent").asText()
                .startsWith("Fill1.Pump: Q = TRUE, A = TRUE"));
        chrome.screenshot(Path.of("target", "screenshots", "sfc-action-running.png"));

        // leaving Fill: Q falls, one more cycle with A (the final run), then both FALSE
        served.runtime().write("Fill1.Go", false, "test");
        served.runtime().write("Fill1.Hold", false, "test");
        chrome.await(el(6) + ".dataset.active === 'true'", WAIT);
        chrome.await(action(0) + ".dataset.state === 'idle' && " + action(1) + ".dataset.state === 'idle'", WAIT);
        assertEquals("false", chrome.eval(action(0) + ".dataset.lit").asText());
        assertEquals("[\"running\",\"final rgb(255, 227, 176)\",\"idle\"]",
                chrome.eval("JSON.stringify(window.seen[0].filter((s, i, a) => i === 0 || a[i - 1] !== s).slice(-3))").asText(),
                "Pump's states as the frames showed them, the final run in amber");
        assertTrue(chrome.eval("window.seen[1].some((s) => s.startsWith('final'))").asBoolean(), "the inline action's final run");
        assertEquals(1, ((Number) served.runtime().variables("Fill1.Stops").get(0).value()).intValue(), "Pump's body ran its final run once");
        chrome.screenshot(Path.of("target", "screenshots", "sfc-action-done.png"));
    }

    @Test
    void expressionTransitionsShowTheValueOfTheirCondition() throws Exception {
        chrome = new HeadlessChrome(served.pageUrl("#monitor"));
        chrome.await("document.getElementById('link') && document.getElementById('link').dataset.ok === 'true'", WAIT);
        chrome.eval("location.href = '/ladder.html#Fill1'");
        chrome.await("document.body.dataset.shown === 'Fill1' && Number(document.body.dataset.cycle) > 0", WAIT);
        // Go is a variable; the inline expression and the named transition's one-expression body
        // have no variable of their own in the compiled program, so the page computes them
        assertEquals("variable", chrome.eval(el(2) + ".dataset.source").asText());
        assertEquals("page", chrome.eval(el(5) + ".dataset.source").asText());
        assertEquals("page", chrome.eval(el(7) + ".dataset.source").asText());
        chrome.await(el(2) + ".dataset.lit === 'false' && " + el(5) + ".dataset.lit === 'false' && "
                + el(7) + ".dataset.lit === 'false'", WAIT);

        // the page's evaluation itself, on made-up values: ST precedence (OR < XOR < AND < comparisons
        // < NOT), three-valued unknowns, and "not evaluated" for what it does not compute exactly
        String[][] cases = {
            {"a AND NOT b", "true"}, {"b AND b OR a", "true"}, {"a XOR a OR a", "true"}, {"NOT (a AND b)", "true"},
            {"n > 4 AND n <= 5", "true"}, {"INT#5 = n", "true"}, {"r > 2", "true"}, {"(* why *) a;", "true"},
            {"t >= T#1s", "true"}, {"t < T#1s500ms", "false"}, {"t = TIME#1_500ms", "true"},
            {"u AND b", "false"}, {"u OR b", "null"},
            {"n + 1 > 5", "n/a"}, {"n > T#1s", "n/a"}, {"zz", "n/a"}, {"s = 'abc'", "n/a"}, {"ABS(n) > 1", "n/a"},
            {"t = T#1.5s", "n/a"}, {"a AND", "n/a"},
        };
        StringBuilder js = new StringBuilder("(() => { const vals = {a: true, b: false, n: 5, r: 2.5, t: 'T#1s500ms', u: null};"
                + " const live = (r) => vals[r.toLowerCase()] === null ? undefined : vals[r.toLowerCase()];"
                + " const binding = (r) => (r.toLowerCase() in vals) ? {} : null; return [");
        for (String[] c : cases) {
            js.append("LadderCond.evaluate(").append(com.fasterxml.jackson.databind.node.TextNode.valueOf(c[0])).append(", live, binding),");
        }
        js.append("].map((v) => v === undefined ? 'n/a' : String(v)).join('|'); })()");
        String[] got = chrome.eval(js.toString()).asText().split("\\|");
        for (int i = 0; i < cases.length; i++) {
            assertEquals(cases[i][1], got[i], cases[i][0]);
        }

        // in Fill with Hold: Fill.T passes 1 s, but NOT Hold keeps the condition FALSE
        served.runtime().write("Fill1.Hold", true, "test");
        served.runtime().write("Fill1.Go", true, "test");
        chrome.await(el(3) + ".dataset.active === 'true' && " + el(2) + ".dataset.lit === 'true'", WAIT);
        chrome.await("(" + el(3) + ".textContent.match(/T#(\\d+)s/) || [0, 0])[1] >= 1", WAIT);
        assertEquals("false", chrome.eval(el(5) + ".dataset.lit").asText(), "Fill.T >= T#1s AND NOT Hold, Hold TRUE");
        assertTrue(chrome.eval(el(5) + ".querySelector('title').textContent").asText()
                .endsWith("Fill.T >= T#1s AND NOT Hold = FALSE"));

        // Hold released: the condition is TRUE and the chart moves on to Done, where Fill.T keeps its value
        served.runtime().write("Fill1.Go", false, "test");
        served.runtime().write("Fill1.Hold", false, "test");
        chrome.await(el(6) + ".dataset.active === 'true'", WAIT);
        chrome.await(el(5) + ".dataset.lit === 'true'", WAIT);
        assertEquals("false", chrome.eval(el(7) + ".dataset.lit").asText(), "Level > 2 AND Ack, Ack FALSE");
        chrome.screenshot(Path.of("target", "screenshots", "sfc-transition-expressions.png"));
        served.runtime().write("Fill1.Ack", true, "test");
        chrome.await(el(7) + ".dataset.lit === 'true' && " + el(1) + ".dataset.active === 'true'", WAIT);
    }
}
