package org.ringplc.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * The monitor view as a person uses it, in headless Chromium: log in by the printed URL, watch live
 * values arrive over the monitor socket in the tree, force from a row's panel, see the banner, the
 * F mark and the forces panel, get the checked-entry and the API's messages for bad values, unforce
 * all, search, and pin a variable to the watch list, which survives a reload. Screenshots go to
 * {@code target/screenshots/}.
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
        HeadlessChrome.requireOrSkip();
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

    static String leaf(String path) {
        return "document.querySelector('#tree .tleaf[data-path=\"" + path + "\"]')";
    }

    static String value(String path) {
        return leaf(path) + ".querySelector('.tval')";
    }

    /** Opens the row's write/force panel, types {@code text} and presses the button labelled {@code button}. */
    static String act(String path, String text, String button) {
        return "(() => { const r = " + leaf(path) + "; let p = r.nextElementSibling;"
                + " if (!p || !p.classList.contains('tedit')) { r.click(); p = r.nextElementSibling; }"
                + " p.querySelector('input').value = '" + text + "';"
                + " [...p.querySelectorAll('button')].find(b => b.textContent === '" + button + "').click(); })()";
    }

    static String panelMessage(String path) {
        return leaf(path) + ".nextElementSibling.querySelector('.msg').textContent";
    }

    @Test
    void operatorWatchesForcesAndUnforcesFromTheTree() throws Exception {
        chrome = new HeadlessChrome("http://127.0.0.1:" + server.port() + "/?token=" + TOKEN);
        chrome.await("document.getElementById('link').dataset.ok === 'true'", WAIT);
        chrome.await(leaf("Main.count") + " !== null", WAIT);
        assertEquals("RUN", chrome.eval("document.getElementById('state').textContent").asText());
        assertEquals("fake-project", chrome.eval("document.getElementById('project').textContent").asText());
        assertEquals("main", chrome.eval("document.querySelector('#task-list .task-name').textContent").asText());

        // live values: the counter moves without a reload; FB members sit under their instance node
        long first = chrome.eval("Number(" + value("Main.count") + ".textContent)").asLong();
        chrome.await("Number(" + value("Main.count") + ".textContent) > " + (first + 5), WAIT);
        assertEquals("10000000000", chrome.eval(value("Main.speed") + ".textContent").asText().strip());
        chrome.eval("[...document.querySelectorAll('#tree .tgroup')].find(g => g.textContent.includes('fb')).click()");
        chrome.await(leaf("Main.fb.Q") + " !== null", WAIT);

        // force from the row's panel: banner, red value with its F mark, the forces panel
        assertTrue(chrome.eval("document.getElementById('forces-banner').hidden").asBoolean());
        chrome.eval(act("Main.count", "42", "Force"));
        chrome.await("!document.getElementById('forces-banner').hidden", WAIT);
        chrome.await(value("Main.count") + ".classList.contains('forced')", WAIT);
        chrome.await(value("Main.count") + ".textContent === '42'", WAIT);
        assertEquals("F", chrome.eval("getComputedStyle(" + value("Main.count") + ", '::after').content.replaceAll('\"', '')")
                .asText());
        assertEquals(1, runtime.forces().size());
        assertEquals("web#1", runtime.forces().get(0).user());
        assertEquals("Main.count", chrome.eval("document.querySelector('#forces-body td').textContent").asText());

        // a value plainly wrong for the type is caught before sending; the server's own refusal is shown as it is
        chrome.eval(act("Main.count", "70000", "Write"));
        chrome.await(panelMessage("Main.count") + ".includes('out of range')", WAIT);
        chrome.eval(act("Main.count", "16#FFFFF", "Write"));
        chrome.await(panelMessage("Main.count") + " === 'Main.count is INT: 16#FFFFF (1048575) is out of range -32768…32767'", WAIT);
        chrome.eval(act("Main.count", "16#7FFF", "Write"));
        chrome.await(panelMessage("Main.count") + ".includes('16#7FFF is not an INT value')", WAIT);
        chrome.eval(act("Main.run", "maybe", "Write"));
        chrome.await(panelMessage("Main.run") + ".includes('enter TRUE or FALSE')", WAIT);
        chrome.screenshot(Path.of("target", "screenshots", "monitor-forced.png"));

        // unforce all from the panel
        chrome.eval("window.confirm = () => true; document.getElementById('btn-unforce-all').click()");
        chrome.await("document.getElementById('forces-banner').hidden", WAIT);
        chrome.await("!" + value("Main.count") + ".classList.contains('forced')", WAIT);
        assertEquals(0, runtime.forces().size());

        // search shows matching leaves as a flat list
        chrome.eval("(() => { const f = document.getElementById('filter'); f.value = 'speed';"
                + " f.dispatchEvent(new Event('input')); })()");
        chrome.await("document.getElementById('count').textContent === '1 of 5 variables'", WAIT);
        assertEquals(1, chrome.eval("document.querySelectorAll('#tree .tleaf').length").asInt());

        // pin to the watch list; it is kept across a reload
        chrome.eval(leaf("Main.speed") + ".querySelector('.star').click()");
        chrome.await("document.querySelector('#watch-body tr[data-path=\"Main.speed\"]') !== null", WAIT);
        chrome.eval("location.reload()");
        chrome.await("document.getElementById('link') && document.getElementById('link').dataset.ok === 'true'", WAIT);
        chrome.await("document.querySelector('#watch-body tr[data-path=\"Main.speed\"] .tval') !== null"
                + " && document.querySelector('#watch-body tr[data-path=\"Main.speed\"] .tval').textContent === '10000000000'", WAIT);
        chrome.screenshot(Path.of("target", "screenshots", "monitor.png"));
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
