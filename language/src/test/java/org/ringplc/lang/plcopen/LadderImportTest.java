package org.ringplc.lang.plcopen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A ladder program with every LD element (LadderBasics.xml: seal-in branch, TON and CTU blocks,
 * edge contacts and coils, set/reset and negated coils, a function with EN/ENO, a jump) run on
 * the 10 ms virtual clock, with the values a control engineer expects after each step.
 */
class LadderImportTest {
    private static final long MS = 1_000_000L;

    @Test
    void sealInRungTimerCounterEdgesAndJumpBehaveAsLadder() {
        PlcOpenHarness h = PlcOpenHarness.resource("LadderBasics.xml", 10 * MS);
        h.run(1);
        assertFalse(h.bool("ld.Motor"));
        assertTrue(h.bool("ld.MotorOff"), "negated coil");
        assertTrue(h.bool("ld.AfterLabel"));

        h.set("ld.Start", true);
        h.run(1); // cycle 2, t = 10 ms
        assertTrue(h.bool("ld.Motor"));
        assertTrue(h.bool("ld.MotorStartPulse"), "rising coil on the cycle the rung goes TRUE");
        assertEquals(1, h.raw("ld.Ticks"), "ADD runs while EN is TRUE");
        assertTrue(h.bool("ld.AddRan"), "ENO follows EN");
        assertTrue(h.bool("ld.Mirror"));

        h.set("ld.Start", false);
        h.run(4); // cycles 3..6: the branch through Motor holds the coil
        assertTrue(h.bool("ld.Motor"), "seal-in branch (OR of two connections)");
        assertFalse(h.bool("ld.MotorStartPulse"));
        assertFalse(h.bool("ld.Warm"), "TON started at 10 ms is not done at 50 ms");
        assertEquals(5, h.raw("ld.Ticks"));
        h.run(1); // cycle 7, t = 60 ms
        assertTrue(h.bool("ld.Warm"));
        assertEquals("T#50ms", h.get("ld.RunTimer.ET"));
        assertEquals(6, h.raw("ld.Ticks"));

        for (int i = 0; i < 5; i++) { // cycles 8..12: three rising edges of Pulse
            h.set("ld.Pulse", i % 2 == 0);
            h.run(1);
        }
        assertEquals(3, h.raw("ld.Count"));
        assertEquals(3, h.raw("ld.PartCount.CV"));
        assertTrue(h.bool("ld.Full"));
        assertTrue(h.bool("ld.Alarm"), "set coil");

        h.set("ld.Pulse", false);
        h.set("ld.SkipNext", true);
        h.set("ld.Stop", true);
        h.run(1); // cycle 13
        assertFalse(h.bool("ld.Motor"));
        assertTrue(h.bool("ld.Stopped"), "falling-edge contact");
        assertTrue(h.bool("ld.Mirror"), "the rung between the jump and its label is skipped");
        assertTrue(h.bool("ld.AfterLabel"));
        assertFalse(h.bool("ld.AddRan"));
        assertEquals(11, h.raw("ld.Ticks"));

        h.set("ld.SkipNext", false);
        h.set("ld.Stop", false);
        h.run(1); // cycle 14
        assertFalse(h.bool("ld.Mirror"));
        assertFalse(h.bool("ld.Stopped"), "an edge lasts one cycle");
        assertTrue(h.bool("ld.Alarm"), "a set coil holds");

        h.set("ld.Reset", true);
        h.run(1);
        assertEquals(0, h.raw("ld.Count"));
        assertFalse(h.bool("ld.Full"));
        assertFalse(h.bool("ld.Alarm"), "reset coil");
    }
}
