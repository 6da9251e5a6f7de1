package org.ringplc.runtime.retain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ringplc.runtime.PlcRuntime;
import org.ringplc.runtime.RetainStatus;
import org.ringplc.runtime.RuntimeOptions;
import org.ringplc.runtime.Runtimes;
import org.ringplc.runtime.project.LoadedProject;
import org.ringplc.runtime.project.ProjectLoader;
import org.ringplc.runtime.task.ScanRuntime;

/** RETAIN variables across restarts: SIGKILL of a whole JVM, a damaged file, a changed layout. */
class RetainStoreTest {
    @TempDir
    Path tmp;

    private static final String COUNTER = """
            PROGRAM Main
            VAR RETAIN
                count : DINT;
                label : STRING := 'init';
                x : INT;
            END_VAR
            VAR
                counting : BOOL;
            END_VAR
            IF counting THEN
                count := count + 1;
            END_IF;
            END_PROGRAM
            """;

    private Path project(String name, String st, String retainYaml) throws IOException {
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("src/main.st"), st);
        Files.writeString(dir.resolve("project.yaml"), """
                tasks:
                  - {name: main, interval: 5ms, programs: [Main]}
                """ + retainYaml);
        return dir;
    }

    private static LoadedProject load(Path dir) throws Exception {
        LoadedProject p = ProjectLoader.load(List.of(dir));
        assertFalse(p.hasErrors(), p.formatDiagnostics());
        return p;
    }

    private static RuntimeOptions options(Path state) {
        return RuntimeOptions.defaults().withStateDirectory(state).withRealtime(false);
    }

    private static Process child(Path project, Path state, String mode) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "-Xmx128m",
                RetainChild.class.getName(), project.toString(), state.toString(), mode)
                .redirectErrorStream(true).start();
    }

    /** Reads the child's lines until "ready"; returns the "restored ..." line. */
    private static String awaitReady(Process p) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String restored = null;
        StringBuilder all = new StringBuilder();
        String line;
        while ((line = r.readLine()) != null) {
            all.append(line).append('\n');
            if (line.startsWith("restored ")) {
                restored = line;
            }
            if (line.equals("ready")) {
                // keep draining so the child never blocks on a full pipe
                Thread drain = new Thread(() -> {
                    try {
                        while (r.readLine() != null) {
                            // discard
                        }
                    } catch (IOException e) {
                        // the child was killed
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return restored;
            }
        }
        throw new AssertionError("the child ended before it was ready:\n" + all);
    }

    private static long savedCount(Path file) throws IOException {
        return RetainFile.read(file).entries().stream().filter(e -> e.path().equals("Main.count")).findFirst()
                .orElseThrow().raw();
    }

    @Test
    void valuesSavedBeforeSigkillOfTheWholeJvmAreRestoredOnTheNextStart() throws Exception {
        Path dir = project("kill", COUNTER, "retain: {file: plc.retain, interval: 50ms}\n");
        Path state = tmp.resolve("state");
        Path file = state.resolve("plc.retain");
        Process first = child(dir, state, "count");
        long saved;
        try {
            assertEquals("restored from=none n=0 count=0", awaitReady(first));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            saved = 0;
            while (System.nanoTime() < end) {
                if (Files.exists(file)) {
                    saved = savedCount(file);
                    if (saved >= 40) {
                        break;
                    }
                }
                Thread.sleep(20);
            }
            assertTrue(saved >= 40, "the child saved count " + saved);
        } finally {
            // SIGKILL: no shutdown hook, no final save; whatever is on disk must be consistent
            first.destroyForcibly();
            first.waitFor(10, TimeUnit.SECONDS);
        }
        assertFalse(first.isAlive());
        long onDisk = savedCount(file);
        assertTrue(onDisk >= saved, onDisk + " < " + saved);

        Process second = child(dir, state, "idle");
        try {
            assertEquals("restored from=file n=3 count=" + onDisk, awaitReady(second));
        } finally {
            second.destroyForcibly();
            second.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aDamagedFileFallsBackToThePreviousCopyWithAWarning() throws Exception {
        // no periodic save during the test: the saves are the test's own
        Path dir = project("corrupt", COUNTER, "retain: {interval: 600s}\n");
        Path state = tmp.resolve("state2");
        Path file = state.resolve("retain.bin");
        try (ScanRuntime rt = (ScanRuntime) Runtimes.start(load(dir), options(state))) {
            rt.write("Main.count", 5, "test");
            awaitValue(rt, "Main.count", 5L);
            assertTrue(rt.retain().save());
            rt.write("Main.count", 7, "test");
            awaitValue(rt, "Main.count", 7L);
            assertTrue(rt.retain().save());
        }
        assertEquals(7, savedCount(file));
        assertEquals(5, savedCount(RetainFile.backupOf(file)));
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(file, bytes);
        assertThrows(RetainFile.CorruptException.class, () -> RetainFile.read(file));

        try (PlcRuntime rt = Runtimes.start(load(dir), options(state))) {
            RetainStatus s = rt.status().retain();
            assertEquals("backup", s.restoredFrom());
            assertNotNull(s.warning());
            assertTrue(s.warning().contains("checksum mismatch") && s.warning().contains("previous copy"), s.warning());
            assertTrue(rt.status().warnings().contains(s.warning()));
            assertEquals(5L, rt.variables("Main.count").get(0).value());
        }
    }

    @Test
    void aChangedLayoutKeepsTheValuesWhosePathAndTypeStillMatch() throws Exception {
        Path dir = project("layout", COUNTER, "");
        Path state = tmp.resolve("state3");
        try (PlcRuntime rt = Runtimes.start(load(dir), options(state))) {
            rt.write("Main.count", 123, "test");
            rt.write("Main.label", "'kept?'", "test");
            rt.write("Main.x", 9, "test");
            awaitValue(rt, "Main.x", 9L);
        }
        Files.writeString(dir.resolve("src/main.st"), """
                PROGRAM Main
                VAR RETAIN
                    count : DINT;
                    x : LINT;
                    fresh : INT := 4;
                END_VAR
                END_PROGRAM
                """);
        try (PlcRuntime rt = Runtimes.start(load(dir), options(state))) {
            RetainStatus s = rt.status().retain();
            assertEquals("file", s.restoredFrom());
            assertEquals(1, s.restored());
            assertEquals(123L, rt.variables("Main.count").get(0).value());
            assertEquals(0L, rt.variables("Main.x").get(0).value());
            assertEquals(4L, rt.variables("Main.fresh").get(0).value());
            assertEquals(3, s.notRestored().size(), s.notRestored().toString());
            assertTrue(s.notRestored().stream().anyMatch(l -> l.startsWith("Main.x: saved as INT, now LINT")), s.notRestored().toString());
            assertTrue(s.notRestored().stream().anyMatch(l -> l.startsWith("Main.fresh: new")), s.notRestored().toString());
            assertTrue(s.notRestored().stream().anyMatch(l -> l.startsWith("Main.label: saved, but no longer")), s.notRestored().toString());
        }
    }

    @Test
    void theFileFormatRoundTripsAndRejectsTruncation() throws Exception {
        List<RetainFile.Entry> entries = List.of(new RetainFile.Entry("Main.a", "DINT/DINT", -5, null),
                new RetainFile.Entry("Main.s", "STRING/STRING", 0, "hällo"));
        byte[] data = RetainFile.encode(entries, 3, 1234);
        RetainFile.Content c = RetainFile.decode(data);
        assertEquals(entries, c.entries());
        assertEquals(3, c.sequence());
        assertEquals(RetainFile.layoutHash(entries), c.layoutHash());
        assertThrows(RetainFile.CorruptException.class, () -> RetainFile.decode(java.util.Arrays.copyOf(data, data.length - 1)));
        Path f = tmp.resolve("d/r.bin");
        RetainFile.writeAtomically(f, data);
        RetainFile.writeAtomically(f, RetainFile.encode(entries, 4, 1235));
        assertEquals(4, RetainFile.read(f).sequence());
        assertEquals(3, RetainFile.read(RetainFile.backupOf(f)).sequence());
        assertFalse(Files.exists(tmp.resolve("d/r.bin.tmp")));
    }

    static void awaitValue(PlcRuntime rt, String path, Object value) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < end) {
            if (value.equals(rt.variables(path).get(0).value())) {
                return;
            }
            Thread.sleep(5);
        }
        assertEquals(value, rt.variables(path).get(0).value(), path);
    }
}
