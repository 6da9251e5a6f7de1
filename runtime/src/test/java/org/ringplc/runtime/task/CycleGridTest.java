package org.ringplc.runtime.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CycleGridTest {
    private static final long MS = 1_000_000L;

    @Test
    void aScanStartsAtTheFirstBoundaryNotInThePast() {
        CycleGrid g = new CycleGrid(1_000, 10 * MS);
        g.startAt(1_000);
        assertEquals(1_000, g.next());
        g.startAt(1_001);
        assertEquals(1_000 + 10 * MS, g.next());
        g.startAt(1_000 + 25 * MS);
        assertEquals(1_000 + 30 * MS, g.next());
        // a clock read just before the epoch (another task's runtime started it) still starts on the grid
        g.startAt(500);
        assertEquals(1_000, g.next());
    }

    @Test
    void aCycleWithinItsPeriodMovesOnByOnePeriod() {
        CycleGrid g = new CycleGrid(0, 10 * MS);
        g.startAt(0);
        assertFalse(g.advance(3 * MS));
        assertEquals(10 * MS, g.next());
        // ending exactly on the next boundary is not an overrun
        assertFalse(g.advance(20 * MS));
        assertEquals(20 * MS, g.next());
    }

    @Test
    void anOverrunSkipsToTheFirstBoundaryAfterTheEndWithoutCatchUp() {
        CycleGrid g = new CycleGrid(0, 10 * MS);
        g.startAt(0);
        assertTrue(g.advance(25 * MS));
        assertEquals(30 * MS, g.next());
        // the cycle started at 30 ms and ended just past 40 ms: 40 ms is skipped, not run late
        assertTrue(g.advance(40 * MS + 1));
        assertEquals(50 * MS, g.next());
    }

    @Test
    void boundariesAcrossTheWrapOfNanoTimeAreComparedByDifference() {
        long epoch = Long.MAX_VALUE - 15 * MS;
        CycleGrid g = new CycleGrid(epoch, 10 * MS);
        g.startAt(epoch + 1);
        assertEquals(epoch + 10 * MS, g.next());
        // the next boundary lies past Long.MAX_VALUE: it wraps, and a cycle ending before it is no overrun
        assertFalse(g.advance(epoch + 12 * MS));
        assertEquals(epoch + 20 * MS, g.next());
        assertTrue(g.next() < 0);
        assertTrue(g.advance(epoch + 35 * MS));
        assertEquals(epoch + 40 * MS, g.next());
    }
}
