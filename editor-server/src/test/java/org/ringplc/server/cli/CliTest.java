package org.ringplc.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ringplc.server.api.Json;

/** The commands run in-process on the ST files of {@code src/test/resources/st}. */
class CliTest {

    /** Exit code and captured streams of one command line. */
    record Result(int code, String out, String err) {
        String both() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    static Result ringplc(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    static String st(String name) {
        try {
            return Path.of(CliTest.class.getResource("/st/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String[] args(String... a) {
        return a;
    }

    static String[] concat(String[] a, String... b) {
        List<String> l = new ArrayList<>(List.of(a));
        l.addAll(List.of(b));
        return l.toArray(String[]::new);
    }

    // --- check -------------------------------------------------------------------------------

    @Test
    void checkOfACleanFileExitsZero() {
        Result r = ringplc("check", st("counter.st"));
        assertEquals(0, r.code(), r.both());
        assertEquals("", r.out(), r.both());
        assertEquals("0 errors\n", r.err());
    }

    @Test
    void checkPrintsEveryErrorWithFileLineColumnAndCaret() {
        Result r = ringplc("check", st("errors.st"));
        assertEquals(1, r.code(), r.both());
        String file = st("errors.st");
        // both errors, in line order, each with its source line and a caret under the column
        int first = r.out().indexOf(file + ":5:");
        int second = r.out().indexOf(file + ":6:");
        assertTrue(first >= 0 && second > first, r.both());
        assertTrue(r.out().contains(": error: "), r.both());
        assertTrue(r.out().contains("\ncount := count + undefinedVar;\n"), r.both());
        String afterLine = r.out().substring(r.out().indexOf("undefinedVar;\n") + "undefinedVar;\n".length());
        assertTrue(afterLine.matches("(?s) +\\^.*"), "caret line expected: " + r.both());
        assertTrue(r.err().matches("\\d+ errors?\\n"), r.both());
        assertFalse(r.err().startsWith("0 "), r.both());
    }

    @Test
    void checkOfAMissingFileExitsOneWithTheReason() {
        Result r = ringplc("check", "/nonexistent/x.st");
        assertEquals(1, r.code(), r.both());
        assertTrue(r.out().contains("/nonexistent/x.st: no such file or directory"), r.both());
        assertFalse(r.both().contains("Exception"), r.both());
    }

    // --- sim ---------------------------------------------------------------------------------

    @Test
    void simPrintsEveryVariableAsIecLiterals() {
        Result r = ringplc("sim", st("counter.st"), "--cycles", "5");
        assertEquals(0, r.code(), r.both());
        assertTrue(r.out().contains("Main.count = 5\n"), r.both());
        assertTrue(r.out().contains("Main.run = FALSE\n"), r.both());
        assertTrue(r.out().contains("Main.delay = T#1s500ms\n"), r.both());
        assertTrue(r.out().contains("Main.timer.Q = FALSE\n"), r.both());
    }

    @Test
    void simSetAndWatchFollowTheVirtualClock() {
        // TON with PT T#50ms and IN TRUE from cycle 1 at 10 ms: Q first TRUE in cycle 6
        String[] base = args("sim", st("counter.st"), "--set", "Main.run=TRUE", "--watch", "Main.done",
                "--watch", "Main.count", "--cycle-time", "10ms", "--cycles");
        Result five = ringplc(concat(base, "5"));
        assertEquals(0, five.code(), five.both());
        assertEquals("Main.done = FALSE\nMain.count = 5\n", five.out());
        Result six = ringplc(concat(base, "6"));
        assertEquals("Main.done = TRUE\nMain.count = 6\n", six.out(), six.both());
    }

    @Test
    void simJsonIsOneObjectInTheApiFormats() throws Exception {
        Result r = ringplc("sim", st("counter.st"), "--cycles", "3", "--set", "Main.count=100", "--json");
        assertEquals(0, r.code(), r.both());
        JsonNode o = Json.mapper().readTree(r.out());
        assertTrue(o.isObject());
        assertEquals(103, o.get("Main.count").asInt());
        assertTrue(o.get("Main.count").isIntegralNumber());
        assertTrue(o.get("Main.run").isBoolean());
        assertEquals("1.5", o.get("Main.speed").toString());
        assertEquals("T#1s500ms", o.get("Main.delay").asText());
    }

    @Test
    void simExitsThreeOnADivisionByZeroWithTheStLine() {
        Result r = ringplc("sim", st("divzero.st"), "--cycles", "10");
        assertEquals(3, r.code(), r.both());
        assertTrue(r.err().contains("divzero.st:10"), r.both());
        assertTrue(r.err().toLowerCase().contains("division by zero"), r.both());
        assertFalse(r.err().contains("\tat "), r.both());
    }

    @Test
    void simExitsOneOnCompileErrorsWithTheDiagnostics() {
        Result r = ringplc("sim", st("errors.st"), "--cycles", "1");
        assertEquals(1, r.code(), r.both());
        assertTrue(r.err().contains(st("errors.st") + ":5:"), r.both());
        assertEquals("", r.out());
    }

    @Test
    void simUsageErrorsExitTwoWithAClearMessage() {
        Result unknownWatch = ringplc("sim", st("counter.st"), "--cycles", "1", "--watch", "Main.nope");
        assertEquals(2, unknownWatch.code(), unknownWatch.both());
        assertTrue(unknownWatch.err().startsWith("ringplc: --watch Main.nope: "), unknownWatch.both());
        assertEquals("", unknownWatch.out());

        Result badSet = ringplc("sim", st("counter.st"), "--cycles", "1", "--set", "Main.count");
        assertEquals(2, badSet.code(), badSet.both());
        assertTrue(badSet.err().contains("expected PATH=VALUE"), badSet.both());

        Result badValue = ringplc("sim", st("counter.st"), "--cycles", "1", "--set", "Main.count=70000");
        assertEquals(2, badValue.code(), badValue.both());
        assertTrue(badValue.err().contains("Main.count"), badValue.both());
    }

    @Test
    void usageErrorsExitTwo() {
        Result noCycles = ringplc("sim", st("counter.st"));
        assertEquals(2, noCycles.code(), noCycles.both());
        assertTrue(noCycles.err().contains("--cycles"), noCycles.both());

        Result badTime = ringplc("sim", st("counter.st"), "--cycles", "1", "--cycle-time", "fast");
        assertEquals(2, badTime.code(), badTime.both());
        assertEquals("ringplc: --cycle-time fast: not a positive duration (write 10ms, T#10ms, 500us or 1s)\n", badTime.err());

        Result unknown = ringplc("frobnicate");
        assertEquals(2, unknown.code(), unknown.both());

        Result bench = ringplc("bench");
        assertEquals(2, bench.code(), bench.both());
        assertTrue(bench.err().endsWith("ringplc: bench: say st, io or cycle\n"), bench.both());
        Result benchOption = ringplc("bench", "io", "--cycles", "many");
        assertEquals(2, benchOption.code(), benchOption.both());
    }

    @Test
    void anInternalErrorPrintsItsTraceOnlyWithDebug() {
        StringWriter quiet = new StringWriter();
        int code = Main.report(new IllegalStateException("boom"), false, new PrintWriter(quiet, true));
        assertEquals(70, code);
        assertEquals("ringplc: internal error: java.lang.IllegalStateException: boom\n"
                + "ringplc: run again with --debug for the stack trace, and please report it\n", quiet.toString());

        StringWriter debug = new StringWriter();
        Main.report(new IllegalStateException("boom"), true, new PrintWriter(debug, true));
        assertTrue(debug.toString().contains("\tat org.ringplc.server.cli.CliTest."), debug.toString());

        StringWriter expected = new StringWriter();
        assertEquals(3, Main.report(new CliException(3, "PLC fault: x.st:4: division by zero"), true, new PrintWriter(expected, true)));
        assertEquals("ringplc: PLC fault: x.st:4: division by zero\n", expected.toString());
    }

    @Test
    void noCommandPrintsUsageAndExitsTwo() {
        Result r = ringplc();
        assertEquals(2, r.code(), r.both());
        assertTrue(r.err().contains("Usage: ringplc"), r.both());
        assertTrue(r.err().endsWith("ringplc: a command is needed: run, check, sim, deploy, bench or user\n"), r.both());
        assertEquals(0, ringplc("sim", "--help").code());
    }
}
