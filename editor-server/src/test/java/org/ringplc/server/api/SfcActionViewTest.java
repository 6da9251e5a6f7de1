package org.ringplc.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * transition shows the value of its condition as the program computed it (the compiler's hidden
 * {@code _cond<localId>}), whatever the condition is: a variable, an ST expression with
 * arithmetic and a function call.
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
        served = ServedProject.startPlcOpen(dir, "actions", TOKEN);
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
        return DiagramDom.element(id);
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
    void transitionsShowTheValueTheProgramComputedForTheirCondition() throws Exception {
        chrome = new HeadlessChrome(served.pageUrl("#monitor"));
        chrome.await("document.getElementById('link') && document.getElementById('link').dataset.ok === 'true'", WAIT);
        chrome.eval("location.href = '/ladder.html#Fill1'");
        chrome.await("document.body.dataset.shown === 'Fill1' && Number(document.body.dataset.cycle) > 0", WAIT);
        // every kind of condition is coloured from the compiler's hidden flag (#cond<localId>):
        // a variable (2), an inline expression (5) and a named transition with arithmetic and a
        // function call (7); the page evaluates no ST of its own
        for (int id : new int[] {2, 5, 7}) {
            assertEquals("compiler", chrome.eval(el(id) + ".dataset.source").asText(), "transition " + id);
        }
        assertEquals("undefined", chrome.eval("typeof LadderCond").asText(), "no ST evaluator in the page");
        assertEquals(404, served.api().get("/ladder-cond.js").statusCode(), "ladder-cond.js is no longer served");
        chrome.await(el(2) + ".dataset.lit === 'false' && " + el(5) + ".dataset.lit === 'false' && "
                + el(7) + ".dataset.lit === 'false'", WAIT);

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
        assertTrue(((Number) served.runtime().variables("Fill1.Level").get(0).value()).intValue() > 2, "Pump filled");
        assertEquals("false", chrome.eval(el(7) + ".dataset.lit").asText(), "LIMIT(0, Level * 2, 100) > 4 AND Ack, Ack FALSE");
        assertTrue(chrome.eval(el(7) + ".querySelector('title').textContent").asText()
                .endsWith("LIMIT(0, Level * 2, 100) > 4 AND Ack = FALSE"));
        chrome.screenshot(Path.of("target", "screenshots", "sfc-transition-expressions.png"));
        served.runtime().write("Fill1.Ack", true, "test");
        chrome.await(el(7) + ".dataset.lit === 'true' && " + el(1) + ".dataset.active === 'true'", WAIT);
        assertTrue(chrome.eval(el(7) + ".querySelector('title').textContent").asText()
                .endsWith("LIMIT(0, Level * 2, 100) > 4 AND Ack = TRUE"));
    }
}
