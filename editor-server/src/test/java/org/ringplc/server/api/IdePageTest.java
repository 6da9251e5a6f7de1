package org.ringplc.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ringplc.runtime.project.LoadedProject;

/**
 * The IDE views in headless Chromium against a real project directory, compiler and runtime: the
 * tree under its task, the confirmation before forcing a physical output, a live trend, and the
 * editor showing the compiler's error inline after a typing mistake, then saving. Screenshots go
 * to {@code target/screenshots/}.
 */
@Tag("browser")
class IdePageTest {
    private static final String TOKEN = "ide-page-test";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private ServedProject served;
    private HeadlessChrome chrome;
    private final List<LoadedProject> deployed = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        HeadlessChrome.requireOrSkip();
        ProjectIdeApiTest.writeProject(dir, "ide-page");
        Files.writeString(dir.resolve("src/globals.st"), """
                VAR_GLOBAL
                    gHorn AT %QX1.0 : BOOL;
                    gLimits : ARRAY[1..2] OF INT := [10, 20];
                END_VAR
                """);
        Deployer recorder = (next, online, user) -> {
            deployed.add(next);
            return new Deployer.Outcome("CHANGED_ONLINE", true, "the new program runs from cycle 42",
                    List.of("Line1.extra"), List.of(), List.of(), List.of(), List.of(42L));
        };
        served = ServedProject.start(dir, TOKEN, ServerOptions.defaults().withDeploy(recorder, dir.resolve(".ringplc")));
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

    private void open(String view) throws Exception {
        chrome = new HeadlessChrome(served.pageUrl("#" + view));
        chrome.await("document.getElementById('link') && document.getElementById('link').dataset.ok === 'true'", WAIT);
    }

    @Test
    void forcingAPhysicalOutputAsksFirstAndTrendsPlotLiveValues() throws Exception {
        open("monitor");
        chrome.await(BrowserPageTest.leaf("Line1.lamp") + " !== null", WAIT);
        assertTrue(chrome.eval("document.querySelector('#tree .k-task').textContent").asText().contains("fast"));
        assertEquals("%QX0.1", chrome.eval(BrowserPageTest.leaf("Line1.lamp") + ".querySelector('.taddr').textContent").asText());
        chrome.await("Number(" + BrowserPageTest.value("Line1.count") + ".textContent) > 5", WAIT);
        // globals have their own node, arrays a node per array
        chrome.await(BrowserPageTest.leaf("gHorn") + " !== null", WAIT);
        assertEquals("%QX1.0", chrome.eval(BrowserPageTest.leaf("gHorn") + ".querySelector('.taddr').textContent").asText());
        assertTrue(chrome.eval("[...document.querySelectorAll('#tree .k-globals .tname')].some(n => n.textContent === 'Globals')")
                .asBoolean());
        chrome.eval("[...document.querySelectorAll('#tree .tgroup')].find(g => g.querySelector('.tname').textContent === 'gLimits').click()");
        chrome.await(BrowserPageTest.value("gLimits[2]") + ".textContent === '20'", WAIT);

        // cancel: nothing is forced
        chrome.eval(BrowserPageTest.act("Line1.lamp", "TRUE", "Force"));
        chrome.await("document.getElementById('confirm-dialog') && document.getElementById('confirm-dialog').open", WAIT);
        assertTrue(chrome.eval("document.getElementById('confirm-dialog').textContent").asText().contains("%QX0.1"));
        chrome.screenshot(Path.of("target", "screenshots", "confirm-output.png"));
        chrome.eval("[...document.querySelectorAll('#confirm-dialog button')].find(b => b.textContent === 'Cancel').click()");
        chrome.await(BrowserPageTest.panelMessage("Line1.lamp") + " === 'Cancelled'", WAIT);
        assertTrue(served.runtime().forces().isEmpty());

        // confirm: forced, and the program's own value (start = FALSE) no longer reaches the output
        chrome.eval(BrowserPageTest.act("Line1.lamp", "TRUE", "Force"));
        chrome.await("document.getElementById('confirm-dialog').open", WAIT);
        chrome.eval("document.getElementById('confirm-ok').click()");
        try {
            chrome.await(BrowserPageTest.value("Line1.lamp") + ".classList.contains('forced')", WAIT);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; panel says: "
                    + chrome.eval(BrowserPageTest.panelMessage("Line1.lamp")).asText() + "; runtime forces: " + served.runtime().forces()
                    + "; forces error: " + chrome.eval("document.getElementById('forces-error').textContent").asText(), e);
        }
        chrome.await(BrowserPageTest.value("Line1.lamp") + ".textContent === 'TRUE'", WAIT);
        assertEquals("Line1.lamp", served.runtime().forces().get(0).path());

        // an unlocated variable is written without a question; struct members sit under their struct
        chrome.eval("[...document.querySelectorAll('#tree .tgroup')].find(g => g.querySelector('.tname').textContent === 'm').click()");
        chrome.await(BrowserPageTest.leaf("Line1.m.speed") + " !== null", WAIT);
        chrome.eval(BrowserPageTest.act("Line1.m.speed", "7", "Write"));
        chrome.await(BrowserPageTest.panelMessage("Line1.m.speed") + ".startsWith('Written')", WAIT);
        chrome.await(BrowserPageTest.value("Line1.m.speed") + ".textContent === '7'", WAIT);

        // trend the counter: samples arrive while the plot runs
        chrome.eval(BrowserPageTest.leaf("Line1.count") + ".querySelector('.trend').click()");
        chrome.eval("location.hash = '#trends'");
        chrome.await("Trend.samples('Line1.count') > 30", WAIT);
        assertEquals("every cycle of task fast", chrome.eval("document.getElementById('trend-source').textContent").asText(),
                "a runtime trace feeds the curve, not the sampled monitor");
        chrome.await("Number(document.getElementById('trend-canvas').dataset.drawn) > 0", WAIT);
        assertEquals(1, chrome.eval("document.querySelectorAll('#trend-legend .lg-row').length").asInt());
        chrome.screenshot(Path.of("target", "screenshots", "trends.png"));
        chrome.eval("document.getElementById('trend-pause').click()");
        assertEquals("Resume", chrome.eval("document.getElementById('trend-pause').textContent").asText());
    }

    @Test
    void aTypingMistakeShowsTheCompilersErrorInlineAndSavingWritesTheFile() throws Exception {
        open("editor");
        chrome.await("document.querySelector('#file-list .file[data-path=\"src/main.st\"]') !== null", WAIT);
        chrome.eval("document.querySelector('#file-list .file[data-path=\"src/main.st\"]').click()");
        chrome.await("Editor.cm() && Editor.cm().getValue().includes('PROGRAM Main')", WAIT);
        chrome.await("document.getElementById('check-state').dataset.state === 'ok'", WAIT);
        assertEquals("src/main.st", chrome.eval("document.getElementById('file-name').textContent").asText());
        assertTrue(chrome.eval("document.querySelectorAll('.CodeMirror .cm-keyword').length > 5").asBoolean(),
                "Structured Text is highlighted");

        // line 15 is "count := count + 1;": drop the operand as a hurried person would
        chrome.eval("Editor.cm().replaceRange('', {line: 14, ch: 17}, {line: 14, ch: 18})");
        try {
            chrome.await("/^\\d+ errors?/.test(document.getElementById('check-state').textContent)", WAIT);
            chrome.await("document.querySelector('.CodeMirror .diag-error') !== null", WAIT);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; check state: "
                    + chrome.eval("document.getElementById('check-state').textContent + ' | ' + JSON.stringify(Editor.diagnostics())"
                    + " + ' | ' + document.getElementById('file-name').textContent").asText(), e);
        }
        String problem = chrome.eval("document.querySelector('#problems .problem').textContent").asText();
        assertTrue(problem.startsWith("src/main.st:15:"), problem);
        assertTrue(chrome.eval("document.querySelector('#file-list .file.active .badge.err') !== null").asBoolean());
        chrome.screenshot(Path.of("target", "screenshots", "editor-error.png"));

        // fix it differently and save
        chrome.eval("Editor.cm().replaceRange('2', {line: 14, ch: 17})");
        chrome.await("document.getElementById('check-state').dataset.state === 'ok'", WAIT);
        chrome.await("!document.getElementById('btn-save').disabled", WAIT);
        chrome.eval("document.getElementById('btn-save').click()");
        chrome.await("document.getElementById('btn-save').disabled", WAIT);
        assertTrue(Files.readString(dir.resolve("src/main.st")).contains("count := count + 2;"));

        // deploy online: the project goes up as a zip, the report comes back
        chrome.eval("document.getElementById('btn-deploy').click()");
        chrome.await("document.getElementById('confirm-dialog') && document.getElementById('confirm-dialog').open", WAIT);
        chrome.eval("document.getElementById('confirm-ok').click()");
        chrome.await("document.querySelector('#deploy-report .report-head') !== null"
                + " && document.querySelector('#deploy-report .report-head').textContent.startsWith('Deployed')", WAIT);
        assertTrue(chrome.eval("document.getElementById('deploy-report').textContent").asText().contains("Line1.extra"));
        assertEquals(1, deployed.size());
        String shipped = deployed.get(0).sources().entrySet().stream().filter(e -> e.getKey().endsWith("main.st"))
                .findFirst().orElseThrow().getValue();
        assertTrue(shipped.contains("count := count + 2;"), shipped);
        chrome.screenshot(Path.of("target", "screenshots", "editor-deployed.png"));
    }
}
