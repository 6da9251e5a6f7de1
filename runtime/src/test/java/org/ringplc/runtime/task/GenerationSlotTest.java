package org.ringplc.runtime.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GenerationSlotTest {
    private static Generation generation() {
        return new Generation(null, null, null, null, null, null, null, null);
    }

    @Test
    void oneSwapAtATimeIsOfferedAndTakenOnce() {
        GenerationSlot slot = new GenerationSlot(generation());
        Swap a = new Swap(generation(), () -> { });
        Swap b = new Swap(generation(), () -> { });
        assertNull(slot.take());
        assertTrue(slot.offer(a));
        assertFalse(slot.offer(b));
        assertSame(a, slot.take());
        assertNull(slot.take());
        // taken: the runtime can no longer withdraw it, the taker installs it
        assertFalse(slot.withdraw(a));
        assertTrue(slot.offer(b));
        assertTrue(slot.withdraw(b));
        assertNull(slot.take());
    }

    @Test
    void installingRunsTheTransferThenSwitchesAndFinishes() {
        Generation first = generation();
        Generation next = generation();
        GenerationSlot slot = new GenerationSlot(first);
        boolean[] transferred = new boolean[1];
        Swap s = new Swap(next, () -> {
            // the transfer runs while the old generation is still the current one
            assertSame(first, slot.current());
            transferred[0] = true;
        });
        assertTrue(slot.install(s, 42));
        assertTrue(transferred[0]);
        assertSame(next, slot.current());
        assertTrue(s.finished());
        assertEquals(42, s.installedAt());
        assertNull(s.failure());
        assertTrue(s.durationNanos() >= 0);
    }

    @Test
    void aFailingTransferKeepsTheOldGenerationAndReportsTheFailure() {
        Generation first = generation();
        GenerationSlot slot = new GenerationSlot(first);
        IllegalStateException boom = new IllegalStateException("boom");
        Swap s = new Swap(generation(), () -> {
            throw boom;
        });
        assertFalse(slot.install(s, 7));
        assertSame(first, slot.current());
        assertTrue(s.finished());
        assertSame(boom, s.failure());
        assertEquals(-1, s.installedAt());
    }
}
