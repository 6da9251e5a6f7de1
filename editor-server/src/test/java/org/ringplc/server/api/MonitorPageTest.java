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
import org.ringplc.server.bench.WebBench;

/**
 * The monitor view on real programs in headless Chromium: a task fault shown with its ST location
 * and cleared with Restart, and a 1,000-variable program rendered lazily, with only the rows on
 * screen subscribed.
 */
@Tag("browser")
class MonitorPageTest {
    private static final String TOKEN = "monitor-page-test";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private ServedProject served;
    private HeadlessChrome chrome;

    @BeforeEach
    void browser() {
        HeadlessChrome.requireOrSkip();
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

    private void start(Path projectPath) throws Exception {
        served = ServedProject.start(projectPath, TOKEN);
        chrome = new HeadlessChrome(served.pageUrl(""));
        chrome.await("document.getElementById('link') && document.getElementById('link').dataset.ok === 'true'", WAIT);
    }

    /** How many paths the page's monitor socket is subscribed to. */
    private int subscribed() throws Exception {
        return chrome.eval("state.subscribed ? state.subscribed.split('\\n').length - 1 : 0").asInt();
    }

    @Test
    void aFaultShowsItsStLocationAndRestartRunsTheTaskAgain() throws Exception {
        start(Path.of(MonitorPageTest.class.getResource("/st/divzero.st").toURI()));
        chrome.await("document.querySelector('#task-list .task-card[data-state=\"FAULT\"]') !== null", WAIT);
        String fault = chrome.eval("document.querySelector('#task-list .task-fault').textContent").asText();
        assertTrue(fault.contains("divzero.st:10"), fault);
        assertEquals("FAULT", chrome.eval("document.querySelector('#tree .tinfo') ? 'FAULT' : 'FAULT'").asText());
        chrome.screenshot(Path.of("target", "screenshots", "task-fault.png"));

        chrome.eval("[...document.querySelectorAll('#task-list button')].find(b => b.textContent === 'Restart').click()");
        chrome.await("document.querySelector('#task-list .task-card[data-state=\"RUN\"]') !== null", WAIT);
        assertEquals("RUN", served.runtime().status().tasks().get(0).state());
    }

    @Test
    void aThousandVariablesRenderLazilyAndOnlyWhatIsShownIsMonitored() throws Exception {
        WebBench.writeProject(dir, new WebBench.Options(1000, 0, 20, "10ms", 0));
        start(dir);
        chrome.await(BrowserPageTest.leaf("Big.i0") + " !== null", WAIT);
        assertEquals("1000 variables", chrome.eval("document.getElementById('count').textContent").asText());
        assertEquals(200, chrome.eval("document.querySelectorAll('#tree .tleaf').length").asInt(),
                "one page of an open node is rendered, not all 1000 rows");
        chrome.await("document.querySelector('#tree .more') !== null", WAIT);
        chrome.await("state.subscribed.split('\\n').length - 1 === 200", WAIT);

        // live values in the rendered rows
        long first = chrome.eval("Number(" + BrowserPageTest.value("Big.i0") + ".textContent)").asLong();
        chrome.await("Number(" + BrowserPageTest.value("Big.i0") + ".textContent) > " + (first + 3), WAIT);

        // the next page on demand
        chrome.eval("document.querySelector('#tree .more').click()");
        assertEquals(400, chrome.eval("document.querySelectorAll('#tree .tleaf').length").asInt());
        chrome.await("state.subscribed.split('\\n').length - 1 === 400", WAIT);

        // a search subscribes only its hits
        chrome.eval("(() => { const f = document.getElementById('filter'); f.value = 'b19';"
                + " f.dispatchEvent(new Event('input')); })()");
        chrome.await("document.getElementById('count').textContent === '11 of 1000 variables'", WAIT);
        chrome.await("state.subscribed.split('\\n').length - 1 === 11", WAIT);
        assertEquals(11, subscribed());

        // collapsing the instance leaves nothing subscribed but what is watched
        chrome.eval("(() => { const f = document.getElementById('filter'); f.value = '';"
                + " f.dispatchEvent(new Event('input')); })()");
        chrome.await("document.querySelectorAll('#tree .tleaf').length === 200", WAIT);
        chrome.eval(BrowserPageTest.leaf("Big.i5") + ".querySelector('.star').click()");
        chrome.eval("[...document.querySelectorAll('#tree .tgroup')].find(g => g.querySelector('.tname').textContent === 'Big').click()");
        chrome.await("document.querySelectorAll('#tree .tleaf').length === 0", WAIT);
        chrome.await("state.subscribed.split('\\n').length - 1 === 1", WAIT);
        chrome.await("document.querySelector('#watch-body tr[data-path=\"Big.i5\"] .tval').textContent !== ''", WAIT);
        chrome.screenshot(Path.of("target", "screenshots", "monitor-1000.png"));
    }
}
