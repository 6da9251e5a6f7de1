package org.ringplc.runtime.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code bench cycle} on a short run: the figures exist, are plausible, and the loop allocates nothing. */
class CycleBenchTest {

    @Test
    void aShortRunPrintsEveryFigureAndAllocatesNothingPerCycle() throws Exception {
        CycleBench.Options o = CycleBench.parse("--interval", "1ms", "--seconds", "1");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CycleBench.Result r = CycleBench.run(o, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);
        System.out.print(text);
        List<String> lines = text.lines().toList();
        for (String name : List.of("cycle.wakeup_p50_us", "cycle.wakeup_p99_us", "cycle.wakeup_p999_us",
                "cycle.wakeup_max_us", "cycle.exec_p99_us", "cycle.overruns", "cycle.alloc_bytes_per_cycle",
                "cycle.cpu_percent")) {
            assertTrue(lines.stream().anyMatch(l -> l.matches(java.util.regex.Pattern.quote(name) + ": [0-9.]+ \\S+")),
                    name + " missing in\n" + text);
        }
        assertTrue(lines.get(lines.size() - 1).startsWith("bench cycle: CycleBench every 1ms"), text);
        assertEquals("CycleBench", r.program());
        // one second at 1 ms: about 1000 cycles, fewer only by overruns
        assertTrue(r.cycles() >= 900 - r.overruns() && r.cycles() <= 1100, "cycles " + r.cycles());
        assertTrue(r.wakeupP50Us() <= r.wakeupP99Us() && r.wakeupP99Us() <= r.wakeupMaxUs());
        assertTrue(r.execP99Us() > 0);
        assertEquals(0.0, r.allocBytesPerCycle(), "bytes per cycle");
        // the thread sleeps between cycles: a few microseconds of work per millisecond
        assertTrue(r.cpuPercent() < 50, "cpu " + r.cpuPercent());
    }

    @Test
    void optionsAreParsedAndBadOnesNamed() {
        CycleBench.Options o = CycleBench.parse("--interval", "500us", "--seconds", "2.5", "--spin", "50us", "--cpu", "1",
                "--no-realtime");
        assertEquals(500_000, o.intervalNanos());
        assertEquals(2.5, o.seconds());
        assertEquals(50_000, o.spinNanos());
        assertEquals(1, o.cpu());
        assertTrue(!o.realtime());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CycleBench.parse("--interval", "fast"));
        assertTrue(e.getMessage().contains("\"fast\" is not a duration"), e.getMessage());
    }
}
