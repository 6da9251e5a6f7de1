package org.ringplc.lang.plcopen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * MoreElements.xml, a file without configuration (its PROGRAM runs as an instance named like it):
 * a TON gated by EN, a user FB drawn in FBD and called from LD without being declared, an
 * inOutVariable, a return element.
 */
class MoreElementsImportTest {
    private static final long MS = 1_000_000L;

    @Test
    void enGatesTheCallAndUndeclaredInstancesAreDeclared() {
        PlcOpenHarness h = PlcOpenHarness.resource("MoreElements.xml", 10 * MS);
        h.run(5);
        assertFalse(h.bool("Gated.Done"), "the TON is not called while EN is FALSE");
        assertEquals("T#0s", h.get("Gated.Tmr.ET"));
        assertEquals(10, h.raw("Gated.Total"), "Acc1 adds 2 per cycle");
        assertEquals(2, h.raw("Gated.Acc1.inc"));
        h.set("Gated.Enable", true);
        h.run(3); // the TON starts at 50 ms
        assertFalse(h.bool("Gated.Done"));
        h.run(1); // 80 ms
        assertTrue(h.bool("Gated.Done"));
    }

    @Test
    void inOutVariableAssignsThenReadsAndReturnSkipsTheRest() {
        PlcOpenHarness h = PlcOpenHarness.resource("MoreElements.xml", 10 * MS);
        h.run(3);
        assertEquals(8, h.raw("Gated.Twice"));
        assertEquals(3, h.raw("Gated.AfterReturn"));
        h.set("Gated.Quit", true);
        h.run(2);
        assertEquals(3, h.raw("Gated.AfterReturn"), "the rung after the return does not run");
        assertEquals(32, h.raw("Gated.Twice"), "rungs before the return do");
    }
}
