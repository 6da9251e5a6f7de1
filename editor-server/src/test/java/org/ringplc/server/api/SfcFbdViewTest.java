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
 * The online view of an SFC chart and an FBD network ({@code src/test/resources/plcopen/sequence.xml})
 * in headless Chromium, run by the real compiler and runtime: the active step follows the chart as
 * it moves on, a BOOL action lights with its step, and the FBD shows the values at its variables and
 * a comparison computed from its inputs. Screenshots go to {@code target/screenshots/}.
 */
@Tag("browser")
class SfcFbdViewTest {
    private static final String TOKEN = "sfc-fbd-view-test";
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;
    private ServedProject served;
    private HeadlessChrome chrome;

    @BeforeEach
    void start() throws Exception {
        HeadlessChrome.requireOrSkip();
        served = ServedProject.startPlcOpen(dir, "sequence", TOKEN);
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

    private void show(String instance) throws Exception {
        chrome.eval("location.hash = '#" + instance + "'");
        chrome.await("document.body.dataset.shown === '" + instance + "' && Number(document.body.dataset.cycle) > 0", WAIT);
    }

    @Test
    void theActiveStepFollowsTheChartAndTheFbdShowsItsValues() throws Exception {
        chrome = new HeadlessChrome(served.pageUrl("#monitor"));
        chrome.await("document.getElementById('link') && document.getElementById('link').dataset.ok === 'true'", WAIT);
        assertTrue(chrome.eval("document.getElementById('tab-diagrams').title").asText().contains("Seq (SFC)"));
        chrome.eval("location.href = '/ladder.html#Seq'");
        chrome.await("document.body.dataset.shown === 'Seq' && Number(document.body.dataset.cycle) > 0", WAIT);
        assertEquals(2, chrome.eval("document.querySelectorAll('#lv-instances a').length").asInt());
        assertEquals("SFC", chrome.eval("document.querySelector('.lv-body').dataset.language").asText());

        // the initial step is active until Start
        chrome.await(el(1) + ".dataset.active === 'true' && " + el(3) + ".dataset.active === 'false'", WAIT);
        assertEquals("Start", chrome.eval(el(2) + ".querySelector('.cond').textContent").asText());
        served.runtime().write("Seq.Start", true, "test");
        chrome.await(el(3) + ".dataset.active === 'true' && " + el(1) + ".dataset.active === 'false'", WAIT);
        chrome.await(el(4) + ".querySelector('.action.on') !== null", WAIT); // Lamp, the BOOL action of Run
        chrome.screenshot(Path.of("target", "screenshots", "sfc-running.png"));
        // Run.T >= T#300ms moves the chart to Done; Lamp goes off with Run
        chrome.await(el(6) + ".dataset.active === 'true' && " + el(3) + ".dataset.active === 'false'", WAIT);
        chrome.await(el(4) + ".querySelector('.action.on') === null", WAIT);

        // FBD: the values at the variables, and GT computed from what flows into it
        show("Adder");
        assertEquals("FBD", chrome.eval("document.querySelector('.lv-body').dataset.language").asText());
        chrome.await(el(4) + ".dataset.value === '7' && " + el(7) + ".dataset.lit === 'true'", WAIT);
        assertEquals("true", chrome.eval(el(6) + ".dataset.lit").asText(), "GT(ADD(3, 4), 5)");
        chrome.screenshot(Path.of("target", "screenshots", "fbd.png"));
        served.runtime().write("Adder.a", 0, "test");
        chrome.await(el(4) + ".dataset.value === '4' && " + el(7) + ".dataset.lit === 'false'", WAIT);
        assertEquals("false", chrome.eval(el(6) + ".dataset.lit").asText(), "GT(ADD(0, 4), 5)");
    }
}
