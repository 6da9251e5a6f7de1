package org.ringplc.lang.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StBenchTest {
    private static final StBench.Settings QUICK = new StBench.Settings(50_000_000L, 3, 20_000_000L);

    @Test
    void printsOneLinePerFigureAndASummaryLast() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        List<StBench.Result> r = StBench.run(List.of(Path.of("src/test/resources/golden/ok/Loops.st"),
                Path.of("src/test/resources/golden/ok/Arrays.st")), QUICK, new PrintStream(buf, true, StandardCharsets.UTF_8));
        String[] lines = buf.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(5, lines.length, String.join("\n", lines));
        assertTrue(lines[0].matches("st\\.Loops\\.ns_per_cycle: [0-9]+ ns"), lines[0]);
        assertTrue(lines[2].matches("st\\.Arrays\\.ns_per_cycle: [0-9]+ ns"), lines[2]);
        assertTrue(lines[4].startsWith("st.summary: 2 programs, geometric mean "), lines[4]);
        assertTrue(r.get(0).cycles() > 1000 && r.get(0).nsPerCycle() > 0, r.toString());
        assertTrue(r.get(0).minNsPerCycle() <= r.get(0).nsPerCycle());
    }

    @Test
    void aFileThatDoesNotCompileIsReportedWithItsDiagnostics(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.st");
        Files.writeString(bad, "PROGRAM P x := 1; END_PROGRAM");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StBench.run(List.of(bad), QUICK, new PrintStream(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().contains("bad.st:1:11: error: unknown variable 'x'"), e.getMessage());
    }

    @Test
    void directoriesExpandToTheirStFilesInOrder(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("b.st"), "");
        Files.writeString(dir.resolve("a.st"), "");
        Files.writeString(dir.resolve("notes.md"), "");
        assertEquals(List.of(dir.resolve("a.st"), dir.resolve("b.st")), StBench.expand(dir));
    }
}
