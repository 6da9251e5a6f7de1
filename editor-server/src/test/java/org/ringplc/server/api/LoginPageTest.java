package org.ringplc.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The password login of the page in headless Chromium: a wrong password shows the server's
 * message, the right one opens the monitor as that user, and whatever the user does is recorded
 * under their name. Screenshot in {@code target/screenshots/login.png}.
 */
@Tag("browser")
class LoginPageTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private FakePlcRuntime runtime;
    private WebServer server;
    private HeadlessChrome chrome;

    @BeforeEach
    void start() throws Exception {
        HeadlessChrome.requireOrSkip();
        runtime = new FakePlcRuntime();
        UserStore users = new UserStore(dir.resolve("users.yaml"), 1_000);
        users.put("alice", Role.ENGINEER, "alice-password".toCharArray());
        users.put("victor", Role.VIEWER, "victor-password".toCharArray());
        users.put("olga", Role.OPERATOR, "olga-password".toCharArray());
        server = new WebServer(runtime, Authenticator.fixed("login-page-token").withUsers(users));
        server.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() throws Exception {
        if (chrome != null) {
            chrome.close();
        }
        server.close();
    }

    private void submit(String user, String password) throws Exception {
        chrome.eval("(() => { document.getElementById('login-user').value = '" + user + "';"
                + " document.getElementById('login-password').value = '" + password + "';"
                + " document.getElementById('user-login-form').requestSubmit(); })()");
    }

    @Test
    void aUserLogsInWithNameAndPassword() throws Exception {
        chrome = new HeadlessChrome("http://127.0.0.1:" + server.port() + "/");
        chrome.await("!document.getElementById('login').hidden", WAIT);

        submit("alice", "wrong-password");
        chrome.await("document.getElementById('login-error').textContent === 'wrong user name or password'", WAIT);
        assertEquals("", chrome.eval("document.getElementById('login-password').value").asText(),
                "a refused password is not left in the field");
        chrome.screenshot(Path.of("target", "screenshots", "login.png"));

        submit("alice", "alice-password");
        chrome.await("document.getElementById('login').hidden && !document.getElementById('app').hidden", WAIT);
        chrome.await("document.getElementById('state').textContent === 'RUN'", WAIT);

        chrome.eval("fetch('/api/force', {method: 'POST', credentials: 'same-origin', headers: {'Content-Type':"
                + " 'application/json', 'X-Requested-With': 'ringplc'}, body: JSON.stringify({path: 'Main.run', value: true})})");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (runtime.forces().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals("alice", runtime.forces().get(0).user(), "the force is recorded under the user's name");
    }

    /** The buttons of a variable's edit panel, opened by clicking its row, joined by commas. */
    private String panelButtons(String path) throws Exception {
        String leaf = BrowserPageTest.leaf(path);
        chrome.await(leaf + " !== null", WAIT);
        chrome.eval("(() => { const r = " + leaf + "; const p = r.nextElementSibling;"
                + " if (!p || !p.classList.contains('tedit')) r.click(); })()");
        return chrome.eval("[..." + leaf + ".nextElementSibling.querySelectorAll('button')].map(b => b.textContent).join(',')")
                .asText();
    }

    @Test
    void thePageOffersOnlyWhatTheUsersRoleMayDo() throws Exception {
        chrome = new HeadlessChrome("http://127.0.0.1:" + server.port() + "/");
        chrome.await("!document.getElementById('login').hidden", WAIT);
        submit("victor", "victor-password");
        chrome.await("document.body.dataset.role === 'viewer'", WAIT);
        assertEquals("", panelButtons("Main.run"), "a viewer watches only");
        assertEquals(true, chrome.eval(BrowserPageTest.leaf("Main.run") + ".nextElementSibling.querySelector('input').readOnly")
                .asBoolean());
        assertEquals(true, chrome.eval("document.getElementById('btn-start').hidden && document.getElementById('btn-stop').hidden"
                + " && document.getElementById('btn-unforce-all').hidden && document.getElementById('btn-deploy').hidden").asBoolean());
        chrome.eval("document.getElementById('btn-logout').click()");
        chrome.await("!document.getElementById('login').hidden", WAIT);

        chrome.close();
        chrome = new HeadlessChrome("http://127.0.0.1:" + server.port() + "/");
        chrome.await("!document.getElementById('login').hidden", WAIT);
        submit("olga", "olga-password");
        chrome.await("document.body.dataset.role === 'operator'", WAIT);
        assertEquals("Write", panelButtons("Main.run"), "an operator writes but does not force");
        assertEquals(true, chrome.eval("document.getElementById('btn-start').hidden"
                + " && document.getElementById('btn-unforce-all').hidden && document.getElementById('btn-deploy').hidden").asBoolean());
        chrome.screenshot(Path.of("target", "screenshots", "operator-panel.png"));
    }
}
