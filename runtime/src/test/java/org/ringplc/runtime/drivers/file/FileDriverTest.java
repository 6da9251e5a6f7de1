package org.ringplc.runtime.drivers.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ringplc.io.CycleIoFactory;
import org.ringplc.lang.program.IoAddress;
import org.ringplc.runtime.DriverStatus;
import org.ringplc.runtime.image.ProcessImage;
import org.ringplc.runtime.project.FileDriverConfig;

/** The file driver on temporary files that stand in for sysfs value files, on both I/O back ends. */
class FileDriverTest {
    private static final long PERIOD = 10_000_000L;
    @TempDir
    Path tmp;

    private static IoAddress a(IoAddress.Area area, IoAddress.Size size, int index, int bit) {
        return new IoAddress(area, size, index, bit);
    }

    private static String firstLine(Path p) {
        try {
            String s = Files.readString(p);
            return s.substring(0, s.indexOf('\n'));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @EnumSource(value = CycleIoFactory.Backend.class, names = {"AUTO", "FALLBACK"})
    void filesAreReadIntoInputsAndWrittenFromOutputs(CycleIoFactory.Backend backend) throws Exception {
        Path button = Files.writeString(tmp.resolve("button"), "1\n");
        Path temp = Files.writeString(tmp.resolve("temp"), "  -42\n");
        Path junk = Files.writeString(tmp.resolve("junk"), "hello\n");
        Path late = tmp.resolve("late");
        Path led = Files.writeString(tmp.resolve("led"), "0\n");
        Path duty = Files.writeString(tmp.resolve("duty"), "0\n");
        FileDriverConfig config = new FileDriverConfig("gpio", null, 50_000_000L, List.of(
                new FileDriverConfig.Entry(button.toString(), a(IoAddress.Area.I, IoAddress.Size.X, 0, 3), false, false),
                new FileDriverConfig.Entry(temp.toString(), a(IoAddress.Area.I, IoAddress.Size.W, 1, 0), true, false),
                new FileDriverConfig.Entry(junk.toString(), a(IoAddress.Area.I, IoAddress.Size.W, 2, 0), false, false),
                new FileDriverConfig.Entry(late.toString(), a(IoAddress.Area.I, IoAddress.Size.B, 6, 0), false, false),
                new FileDriverConfig.Entry(led.toString(), a(IoAddress.Area.Q, IoAddress.Size.X, 0, 1), false, false),
                new FileDriverConfig.Entry(duty.toString(), a(IoAddress.Area.Q, IoAddress.Size.D, 1, 0), false, false)), 1);
        ProcessImage image = new ProcessImage(8, 8, 0);
        byte[] in = image.area(IoAddress.Area.I);
        byte[] out = image.area(IoAddress.Area.Q);
        FileDriver driver = new FileDriver(config, "main");
        try (CycleHarness h = new CycleHarness(backend, driver, image, PERIOD)) {
            ProcessImage.writeBit(out, 0, 1, true);
            ProcessImage.write(out, 4, 4, 1_000_000L);
            assertTrue(h.runUntil(() -> ProcessImage.readBit(in, 0, 3) && ProcessImage.readUnsigned(in, 2, 2) == 0xFFD6, 2_000),
                    () -> String.join("\n", driver.status().details()));
            // a write that misses the cycle's deadline on a loaded machine is repeated in the next cycle
            assertTrue(h.runUntil(() -> firstLine(led).equals("1") && firstLine(duty).equals("1000000"), 2_000),
                    () -> String.join("\n", driver.status().details()));
            h.run(3);
            DriverStatus s = driver.status();
            assertTrue(s.details().stream().anyMatch(l -> l.contains("late") && l.contains("missing") && l.contains("ENOENT")),
                    s.details().toString());
            assertTrue(s.details().stream().anyMatch(l -> l.contains("junk") && l.contains("not a number")), s.details().toString());
            assertTrue(s.rejected() > 0);
            // only changes are written
            long sent = s.sent();
            h.run(10);
            assertEquals(sent, driver.status().sent());
            ProcessImage.write(out, 4, 4, 7L);
            ProcessImage.writeBit(out, 0, 1, false);
            assertTrue(h.runUntil(() -> firstLine(duty).equals("7") && firstLine(led).equals("0"), 2_000),
                    () -> String.join("\n", driver.status().details()));
            h.run(3);
            assertEquals(sent + 2, driver.status().sent());
            // inputs follow the files; a file that appears is opened by the retry
            Files.writeString(button, "0\n");
            Files.writeString(late, "200\n");
            assertTrue(h.runUntil(() -> !ProcessImage.readBit(in, 0, 3) && (in[6] & 0xff) == 200, 2_000),
                    () -> String.join("\n", driver.status().details()));
            assertTrue(driver.status().details().stream().anyMatch(l -> l.contains("late") && l.contains(": ok")));
        }
    }
}
