package org.ringplc.io.uring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The ring sizing, checked against the worst case of a phase counted request by request. */
class ScanThreadRingTest {

    @Test
    void theRingHoldsEveryRequestAndCompletionOfTheLargestPhase() {
        for (int exchanges = 0; exchanges <= 300; exchanges += 7) {
            for (int multishots = 0; multishots <= 40; multishots += 3) {
                int entries = ScanThreadRing.entriesFor(exchanges, multishots);
                // SQEs: per exchange itself and a cancel, and for a non-blocking READ its poll and
                // link timeout; per multishot receive an arm, its re-arms and a cancel of an arm on
                // an old fd; one SQPOLL barrier NOP.
                int sqes = 4 * exchanges + multishots * (1 + LatestReceive.MAX_REARMS_PER_PHASE + 1) + 1;
                // CQEs between two reaps: the same per exchange; per multishot receive one per
                // provided buffer, its ending one and the old-fd cancel's; the barrier's.
                int cqes = 4 * exchanges + multishots * (LatestReceive.BUFFERS + 1 + 1) + 1;
                String at = exchanges + " exchanges, " + multishots + " multishot receives";
                assertTrue(entries >= sqes, at + ": " + entries + " SQ entries for " + sqes + " SQEs");
                assertTrue(2 * entries >= cqes, at + ": " + 2 * entries + " CQ entries for " + cqes + " CQEs");
                assertTrue(entries >= 16, at);
                assertTrue(entries <= Math.max(16, Math.max(sqes, cqes)), at + ": no more than needed, " + entries);
            }
        }
    }

    @Test
    void smallSetupsShareTheMinimumRing() {
        assertEquals(16, ScanThreadRing.entriesFor(0, 0));
        assertEquals(16, ScanThreadRing.entriesFor(3, 0));
        assertEquals(16, ScanThreadRing.entriesFor(1, 1));
        assertEquals(4 * 40 + 1, ScanThreadRing.entriesFor(40, 0));
    }
}
