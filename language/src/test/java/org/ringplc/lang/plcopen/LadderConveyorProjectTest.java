package org.ringplc.lang.plcopen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ringplc.lang.SourceFile;
import org.ringplc.lang.program.ConfigurationModel;

/**
 * The demo project projects/ladder-conveyor compiles and runs as documented: start with the
 * pushbutton, belt running after 2 s, a part every 0.5 s (plus the two cycles the photo-eye
 * timer takes to restart), the fifth part stops the belt, reset clears the batch.
 */
class LadderConveyorProjectTest {
    private static final long MS = 1_000_000L;
    private static final Path SOURCE = Path.of("../projects/ladder-conveyor/src/conveyor.xml");

    private static PlcOpenHarness load() throws IOException {
        return new PlcOpenHarness(List.of(new SourceFile("src/conveyor.xml", Files.readString(SOURCE))), 10 * MS);
    }

    @Test
    void theFilesConfigurationGivesOneTenMillisecondTask() throws IOException {
        ConfigurationModel c = load().project.configuration().orElseThrow();
        assertEquals(1, c.tasks().size());
        assertEquals(10 * MS, c.tasks().get(0).intervalNanos());
        assertEquals("Conveyor", c.tasks().get(0).programs().get(0).name());
    }

    @Test
    void aBatchOfFivePartsStopsTheBeltAndResetClearsIt() throws IOException {
        PlcOpenHarness h = load();
        h.run(1);
        assertTrue(h.bool("Conveyor.ReadyLamp"));
        assertFalse(h.bool("Conveyor.Motor"));

        h.set("Conveyor.StartPB", true);
        h.run(1); // cycle 2, t = 10 ms
        h.set("Conveyor.StartPB", false);
        assertTrue(h.bool("Conveyor.Motor"));
        assertFalse(h.bool("Conveyor.ReadyLamp"));

        h.run(199); // cycle 201, t = 2000 ms: the 2 s delay started at 10 ms is not over
        assertTrue(h.bool("Conveyor.Motor"), "held by the seal-in branch");
        assertFalse(h.bool("Conveyor.BeltRunning"));
        h.run(1); // cycle 202
        assertTrue(h.bool("Conveyor.BeltRunning"));

        h.run(49); // cycle 251
        assertFalse(h.bool("Conveyor.PartEye"));
        h.run(1); // cycle 252: first part, 500 ms after the belt started
        assertTrue(h.bool("Conveyor.PartEye"));
        assertEquals(1, h.raw("Conveyor.PartCount"));
        h.run(1);
        assertFalse(h.bool("Conveyor.PartEye"), "the photo-eye timer restarts itself");

        h.run(206); // cycle 459: parts at 252, 304, 356, 408
        assertEquals(4, h.raw("Conveyor.PartCount"));
        assertTrue(h.bool("Conveyor.Motor"));
        h.run(1); // cycle 460: fifth part
        assertEquals(5, h.raw("Conveyor.PartCount"));
        assertTrue(h.bool("Conveyor.BatchDone"));
        assertTrue(h.bool("Conveyor.DoneLamp"));
        h.run(1); // cycle 461: rung 1 sees BatchDone
        assertFalse(h.bool("Conveyor.Motor"));
        assertFalse(h.bool("Conveyor.BeltRunning"));
        assertTrue(h.bool("Conveyor.ReadyLamp"));

        h.set("Conveyor.StartPB", true);
        h.run(1);
        assertFalse(h.bool("Conveyor.Motor"), "a full batch blocks a restart until reset");
        h.set("Conveyor.StartPB", false);
        h.set("Conveyor.ResetPB", true);
        h.run(1);
        h.set("Conveyor.ResetPB", false);
        assertEquals(0, h.raw("Conveyor.PartCount"));
        assertFalse(h.bool("Conveyor.BatchDone"));
        h.set("Conveyor.StartPB", true);
        h.run(1);
        assertTrue(h.bool("Conveyor.Motor"));
    }
}
