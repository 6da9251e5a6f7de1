package org.ringplc.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The online ladder view in headless Chromium on the demo {@code projects/ladder-conveyor} (a copy,
 * with {@code DoneLamp} located at {@code %QX0.1} to have a physical output), run by the real
 * compiler and runtime: reached from the main page's Diagrams tab, rungs drawn, contacts and coils
 * lit by the live values, power flowing through the seal-in, forcing from a contact and from a coil
 * (with the confirmation for the output), the force listed by {@code GET /api/forces}. Screenshots
 * go to {@code target/screenshots/}.
 */
@Tag("browser")
class LadderViewTest {
    private static final String TOKEN = "ladder-view-test";
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;
    private ServedProject served;
    private HeadlessChrome chrome;

    @BeforeEach
    void start() throws Exception {
        HeadlessChrome.requireOrSkip();
        Path project = LadderConveyor.copy(dir.resolve("ladder-conveyor"));
        LadderConveyor.locate(project, "DoneLamp", "%QX0.1");
        served = ServedProject.start(project, TOKEN);
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

    private static String lit(int id) {
        return el(id) + ".dataset.lit";
    }

    private static String click(String element) {
        return element + ".dispatchEvent(new MouseEvent('click', {bubbles: true}))";
    }

    private static String menuButton(String label) {
        return click("[...document.querySelectorAll('#lv-menu button')].find(b => b.textContent === '" + label + "')");
    }

    private JsonNode forces() throws Exception {
        return served.api().json("/api/forces");
    }

    private boolean forced(String path) throws Exception {
        for (JsonNode f : forces()) {
            if (f.get("path").asText().equals(path)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theLadderIsDrawnLitByLiveValuesAndForcedFromTheRung() throws Exception {
        chrome = new HeadlessChrome(served.pageUrl("#monitor"));
        chrome.await("document.getElementById('tab-diagrams') && !document.getElementById('tab-diagrams').hidden", WAIT);
        chrome.eval("document.getElementById('tab-diagrams').click()");
        chrome.await("location.pathname === '/ladder.html' && document.body.dataset.shown === 'Conveyor'", WAIT);
        chrome.await("document.getElementById('lv-link').dataset.ok === 'true' && Number(document.body.dataset.cycle) > 0", WAIT);

        // the demo's rungs as the compiler orders them (the rails join none: the last rail feeds two),
        // with every contact, coil and function block of the XML
        assertEquals(6, chrome.eval("document.querySelectorAll('#lv-main .rung-no').length").asInt());
        assertEquals(11, chrome.eval("document.querySelectorAll('#lv-main .el.contact').length").asInt());
        assertEquals(6, chrome.eval("document.querySelectorAll('#lv-main .el.coil').length").asInt());
        assertEquals(3, chrome.eval("document.querySelectorAll('#lv-main .el.block').length").asInt());
        assertEquals("StartPB", chrome.eval(el(2) + ".querySelector('.var').textContent").asText());

        // at rest: StartPB open, the normally closed StopPB passes power, the motor is off
        chrome.await(lit(2) + " === 'false' && " + lit(4) + " === 'true' && " + lit(6) + " === 'false'", WAIT);
        chrome.await(lit(43) + " === 'true' && " + lit(44) + " === 'true'", WAIT); // ReadyLamp while stopped
        chrome.screenshot(Path.of("target", "screenshots", "ladder-idle.png"));

        // a start pulse: the contact lights while StartPB is TRUE, the motor seals itself in
        served.runtime().write("Conveyor.StartPB", true, "test");
        chrome.await(lit(2) + " === 'true' && " + lit(3) + " === 'true' && " + lit(6) + " === 'true'", WAIT);
        assertEquals("true", chrome.eval("document.querySelector('#lv-main .wire.on') !== null").asText());
        served.runtime().write("Conveyor.StartPB", false, "test");
        chrome.await(lit(2) + " === 'false' && " + lit(3) + " === 'true' && " + lit(6) + " === 'true'", WAIT);
        // two seconds later the start-up delay's Q powers the belt coil; the timer shows its ET
        chrome.await(lit(14) + " === 'true'", WAIT);
        assertTrue(chrome.eval(el(13) + ".textContent").asText().contains("T#2s"), "PT and ET at the TON's pins");
        chrome.await(lit(42) + " === 'false'", WAIT);
        chrome.screenshot(Path.of("target", "screenshots", "ladder-running.png"));

        // force StopPB TRUE from its contact: the contact opens, the motor stops, the force is listed
        chrome.eval(click(el(4)));
        chrome.await("!document.getElementById('lv-menu').hidden", WAIT);
        assertTrue(chrome.eval("document.querySelector('#lv-menu .lv-menu-head').textContent").asText()
                .startsWith("Conveyor.StopPB : BOOL"));
        chrome.eval(menuButton("Force TRUE"));
        chrome.await(lit(4) + " === 'false' && " + lit(6) + " === 'false'", WAIT);
        assertTrue(forced("Conveyor.StopPB"), forces().toString());
        chrome.await(el(4) + ".classList.contains('forced') && !document.getElementById('lv-forces').hidden", WAIT);

        // a physical output asks first: cancelled, nothing is forced
        chrome.eval(click(el(42)));
        chrome.eval(menuButton("Force TRUE"));
        chrome.await("document.getElementById('confirm-dialog').open", WAIT);
        assertTrue(chrome.eval("document.getElementById('confirm-text').textContent").asText().contains("%QX0.1"));
        chrome.screenshot(Path.of("target", "screenshots", "ladder-confirm-output.png"));
        chrome.eval("document.getElementById('confirm-cancel').click()");
        chrome.await("document.getElementById('lv-notice').textContent.startsWith('Cancelled')", WAIT);
        assertFalse(forced("Conveyor.DoneLamp"));

        // confirmed: the coil holds TRUE although BatchDone, which drives it, is FALSE
        chrome.eval(click(el(42)));
        chrome.eval(menuButton("Force TRUE"));
        chrome.await("document.getElementById('confirm-dialog').open", WAIT);
        chrome.eval("document.getElementById('confirm-ok').click()");
        chrome.await(lit(42) + " === 'true' && " + el(42) + ".classList.contains('forced')", WAIT);
        assertTrue(forced("Conveyor.DoneLamp"), forces().toString());
        assertEquals("false", chrome.eval(lit(41)).asText(), "BatchDone's contact still shows the program's value");
        // the whole network on one screen for the picture
        chrome.eval("document.getElementById('lv-zoom-out').click(); document.getElementById('lv-zoom-out').click()");
        assertEquals("100%", chrome.eval("document.getElementById('lv-zoom').textContent").asText());
        chrome.screenshot(Path.of("target", "screenshots", "ladder-conveyor.png"));

        // unforce from the rung: StopPB keeps the forced TRUE until written (nothing in the program
        // writes it), so release the button with a one-shot write from the same menu
        chrome.eval(click(el(4)));
        chrome.eval(menuButton("Unforce"));
        chrome.await("!" + el(4) + ".classList.contains('forced')", WAIT);
        assertFalse(forced("Conveyor.StopPB"));
        assertEquals("false", chrome.eval(lit(4)).asText());
        chrome.eval(click(el(4)));
        chrome.eval(menuButton("Write FALSE"));
        chrome.await(lit(4) + " === 'true'", WAIT);
        assertEquals("false", chrome.eval(lit(6)).asText(), "the motor stays off: its seal-in was broken");
    }
}
