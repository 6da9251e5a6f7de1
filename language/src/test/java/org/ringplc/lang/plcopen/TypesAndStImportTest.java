package org.ringplc.lang.plcopen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.ringplc.lang.program.ConfigurationModel;
import org.ringplc.lang.program.IoAddress;

/** Data types, interfaces, an ST body and the configuration of a PLCopen file, run for N cycles. */
class TypesAndStImportTest {
    private static final long MS = 1_000_000L;

    @Test
    void configurationGivesTheTaskIntervalPriorityAndInstance() {
        PlcOpenHarness h = PlcOpenHarness.resource("TypesAndSt.xml", 20 * MS);
        ConfigurationModel c = h.project.configuration().orElseThrow();
        assertEquals("Config0", c.name());
        assertEquals(1, c.tasks().size());
        ConfigurationModel.Task t = c.tasks().get(0);
        assertEquals("Fast", t.name());
        assertEquals(20 * MS, t.intervalNanos());
        assertEquals(1, t.priority());
        assertEquals("plant", t.programs().get(0).name());
        assertEquals("Main", t.programs().get(0).programType());
    }

    @Test
    void typesInitialValuesAndStBodyRunAsInSt() {
        PlcOpenHarness h = PlcOpenHarness.resource("TypesAndSt.xml", 20 * MS);
        assertEquals("RUNNING", h.get("plant.mode"));
        assertEquals(BigInteger.valueOf(55).longValue(), h.raw("plant.recipe.speed"));
        assertEquals("mix", String.valueOf(h.get("plant.recipe.name")));
        h.run(5);
        assertEquals(5L, h.raw("plant.cycles"));
        // cycles 3, 4, 5 add 10 each; level starts at its subrange's lower limit 0
        assertEquals(30L, h.raw("plant.level"));
        assertEquals(true, h.bool("plant.lamp"));
        assertEquals(new IoAddress(IoAddress.Area.Q, IoAddress.Size.X, 0, 1), h.variable("plant.lamp").address());
        // table = [10, 7, 7, 0]: the counter adds table[2] every cycle
        assertEquals(35L, h.raw("plant.cnt.total"));
        assertEquals(0L, h.raw("plant.table[4]"));
        assertEquals(165L, h.raw("plant.scaled"));
        assertEquals(165L, h.raw("plant.grid[1,2]"));
        assertEquals(105L, h.raw("shared"));
        assertEquals("T#1s50ms", h.get("plant.elapsed"));
    }
}
