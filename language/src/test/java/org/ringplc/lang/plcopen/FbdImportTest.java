package org.ringplc.lang.plcopen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * An FBD program (FbdBasics.xml): operator and standard function blocks, a function output used
 * twice, connector/continuation, a TON fed back into itself through a negated input, a negated
 * output pin, feedback through a variable, execution order ids; 10 ms virtual clock.
 */
class FbdImportTest {
    private static final long MS = 1_000_000L;

    @Test
    void functionsAndConnectorsComputeTheDataFlow() {
        PlcOpenHarness h = PlcOpenHarness.resource("FbdBasics.xml", 10 * MS);
        h.run(1);
        assertEquals(70, h.raw("fbd.sum"));
        assertTrue(h.bool("fbd.big"));
        assertEquals(5, h.raw("fbd.choice"), "SEL(G := TRUE) takes IN1 (b)");
        assertEquals(7, h.raw("fbd.sum2"), "through connector C1");
        assertTrue(h.bool("fbd.nand"), "negated output of AND with x FALSE");
        assertEquals(new BigDecimal("0.5"), h.get("fbd.real"));
        h.set("fbd.a", -3);
        h.set("fbd.x", true);
        h.run(1);
        assertEquals(20, h.raw("fbd.sum"));
        assertFalse(h.bool("fbd.big"));
        assertEquals(-3, h.raw("fbd.choice"));
        assertFalse(h.bool("fbd.nand"));
    }

    @Test
    void executionOrderIdsDecideBetweenIndependentOutputs() {
        PlcOpenHarness h = PlcOpenHarness.resource("FbdBasics.xml", 10 * MS);
        h.run(1);
        assertEquals(1, h.raw("fbd.order"), "executionOrderId 9 runs after 3, whatever the localIds");
    }

    @Test
    void feedbackReadsThePreviousCycle() {
        PlcOpenHarness h = PlcOpenHarness.resource("FbdBasics.xml", 10 * MS);
        h.run(10);
        assertEquals(10, h.raw("fbd.acc"), "acc := acc + 1 through an outVariable and an inVariable");
        assertEquals(10, h.raw("fbd.accCopy"), "the ADD feeding two outputs is evaluated once per cycle");
        // the oscillator's Q is TRUE in cycles 4 and 9 (30 ms after each restart); the CTU counts both
        assertEquals(2, h.raw("fbd.pulses.CV"));
        h.run(4);
        assertTrue(h.bool("fbd.osc.Q"), "cycle 14");
        assertEquals(3, h.raw("fbd.pulses.CV"));
    }
}
