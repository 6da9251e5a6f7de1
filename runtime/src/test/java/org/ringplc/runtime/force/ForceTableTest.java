package org.ringplc.runtime.force;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.ringplc.lang.program.VariableAccessor;

/** The scan thread's side of forcing: what one cycle takes from the request queue. */
class ForceTableTest {

    /** A variable that counts the stores it receives, to see what a cycle did. */
    private static final class Cell implements VariableAccessor {
        long value;
        int stores;

        @Override
        public long get() {
            return value;
        }

        @Override
        public void set(long raw) {
            value = raw;
            stores++;
        }
    }

    @Test
    void aFloodOfForcesIsSpreadOverCyclesNotTakenInOne() {
        Cell a = new Cell();
        Queue<Command> queue = new ConcurrentLinkedQueue<>();
        ForceTable table = new ForceTable(new VariableAccessor[] {a}, queue);
        int flood = ForceTable.MAX_REQUESTS_PER_CYCLE * 3 + 7;
        for (int i = 1; i <= flood; i++) {
            queue.add(new Command(Command.Kind.FORCE, 0, i, null));
        }

        table.applyRequestsAndForces();
        assertEquals(flood - ForceTable.MAX_REQUESTS_PER_CYCLE, queue.size(), "one cycle takes at most the bound");
        assertEquals(ForceTable.MAX_REQUESTS_PER_CYCLE, a.value, "the newest force taken so far holds");

        for (int cycle = 0; cycle < 3; cycle++) {
            table.applyRequestsAndForces();
        }
        assertTrue(queue.isEmpty());
        assertEquals(flood, a.value, "the requests are applied in order, none lost");
        assertEquals(1, table.count());
    }

    @Test
    void writesBeyondTheBoundWaitForTheNextCycleAndForcedWritesAreDropped() {
        Cell a = new Cell();
        Cell b = new Cell();
        Queue<Command> queue = new ConcurrentLinkedQueue<>();
        ForceTable table = new ForceTable(new VariableAccessor[] {a, b}, queue);
        queue.add(new Command(Command.Kind.FORCE, 1, 9, null));
        for (int i = 1; i <= ForceTable.MAX_REQUESTS_PER_CYCLE + 5; i++) {
            queue.add(new Command(Command.Kind.WRITE, 0, i, null));
        }
        queue.add(new Command(Command.Kind.WRITE, 1, 100, null));

        table.applyRequestsAndForces();
        assertEquals(ForceTable.MAX_REQUESTS_PER_CYCLE - 1, a.value, "the force counted as one of the requests");
        assertEquals(7, queue.size());

        table.applyRequestsAndForces();
        assertEquals(ForceTable.MAX_REQUESTS_PER_CYCLE + 5, a.value);
        assertEquals(9, b.value, "a write to a forced variable loses to the force");
        assertEquals(1, table.droppedWrites());
    }
}
