package org.ringplc.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The page as a person uses it, in headless Chromium: log in by the printed URL, watch live values
 * arrive over the monitor socket, force with the row buttons, see the banner and the forces panel,
 * get the API's message for a bad value, unforce all. A screenshot of the end state goes to
 * {@code target/browser/page.png} for a look when something fails.
 */
@Tag("browser")
class BrowserPageTest {
    private static final String TOKEN = "browser-test-token";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private FakePlcRuntime runtime;
    private WebServer server;
    private ScheduledExecutorService cycles;
    private HeadlessChrome chrome;

    @BeforeEach
    void start() {
        assumeTrue(HeadlessChrome.binary() != null, "Chromium is not installed (Debian: apt-get install chromium)");
        runtime = new FakePlcRuntime();
        server = new WebServer(runtime, Authenticator.fixed(TOKEN));
        server.start("127.0.0.1", 0);
        cycles = Executors.newSingleThreadScheduledExecutor();
        cycles.scheduleAtFixedRate(runtime::cycle, 0, 10, TimeUnit.MILLISECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        if (chrome != null) {
            chrome.close();
        }
        if (cycles != null) {
            cycles.shutdownNow();
        }
        if (server != null) {
            server.close();
        }
    }

    private static String row(String path) {
        return "[...document.querySelectorAll('#vars-body tr')].find(r => r.cells[0] && r.cells[0].textContent === '" + path + "')";
    }

    @Test
    void operatorWatchesForcesAndUnforcesFromThePage() throws Exception {
        chrome = new HeadlessChrome("http://127.0.0.1:" + server.port() + "/?token=" + TOKEN);
        chrome.await("document.getElementById('link').dataset.ok === 'true'", WAIT);
        chrome.await(row("Main.count") + " !== undefined", WAIT);
        assertEquals("RUN", chrome.eval("document.getElementById('state').textContent").asText());
        assertEquals("fake-project", chrome.eval("document.getElementById('project').textContent").asText());

        // live values: the counter moves without a reload
        long first = chrome.eval("Number(" + row("Main.count") + ".cells[2].textContent)").asLong();
        chrome.await("Number(" + row("Main.count") + ".cells[2].textContent) > " + (first + 5), WAIT);
        assertEquals("10000000000", chrome.eval(row("Main.speed") + ".cells[2].textContent").asText().strip());

        // force from the row
        assertTrue(chrome.eval("document.getElementById('forces-banner').hidden").asBoolean());
        chrome.eval("(() => { const r = " + row("Main.count") + "; r.querySelector('input').value = '42';"
                + " [...r.querySelectorAll('button')].find(b => b.textContent === 'Force').click(); })()");
        chrome.await("!document.getElementById('forces-banner').hidden", WAIT);
        chrome.await(row("Main.count") + ".classList.contains('forced')", WAIT);
        chrome.await(row("Main.count") + ".cells[2].textContent.startsWith('42')", WAIT);
        assertEquals(1, runtime.forces().size());
        assertEquals("web#1", runtime.forces().get(0).user());
        assertEquals("Main.count", chrome.eval("document.querySelector('#forces-body td').textContent").asText());

        // a value the runtime refuses shows its message inline
        chrome.eval("(() => { const r = " + row("Main.count") + "; r.querySelector('input').value = '70000';"
                + " [...r.querySelectorAll('button')].find(b => b.textContent === 'Write').click(); })()");
        chrome.await(row("Main.count") + ".nextElementSibling.textContent.includes('out of range')", WAIT);

        // unforce all from the panel
        chrome.eval("window.confirm = () => true; document.getElementById('btn-unforce-all').click()");
        chrome.await("document.getElementById('forces-banner').hidden", WAIT);
        chrome.await("!" + row("Main.count") + ".classList.contains('forced')", WAIT);
        assertEquals(0, runtime.forces().size());

        // the filter hides what does not match
        chrome.eval("(() => { const f = document.getElementById('filter'); f.value = 'speed';"
                + " f.dispatchEvent(new Event('input')); })()");
        chrome.await("document.getElementById('count').textContent === '1 of 5 variables'", WAIT);
        chrome.screenshot(Path.of("target", "browser", "page.png"));
    }

    @Test
    void usedOrWrongLoginLinkShowsTheLoginForm() throws Exception {
        chrome = new HeadlessChrome("http://127.0.0.1:" + server.port() + "/?token=wrong");
        chrome.await("!document.getElementById('login').hidden", WAIT);
        assertTrue(chrome.eval("document.getElementById('login-error').textContent").asText().contains("not valid"));
        assertTrue(chrome.eval("document.getElementById('app').hidden").asBoolean());
        assertEquals("none", chrome.eval("getComputedStyle(document.getElementById('btn-stop')).display").asText(),
                "no PLC controls before login");

        chrome.eval("document.getElementById('login-token').value = '" + TOKEN + "';"
                + " document.getElementById('login-form').requestSubmit()");
        chrome.await("document.getElementById('link').dataset.ok === 'true'", WAIT);
        assertTrue(chrome.eval("document.getElementById('login').hidden").asBoolean());
    }
}
