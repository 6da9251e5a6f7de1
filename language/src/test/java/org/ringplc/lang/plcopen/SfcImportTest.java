package org.ringplc.lang.plcopen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ringplc.lang.SourceFile;
import org.ringplc.lang.program.ValueType;

/**
 * An SFC (SfcBasics.xml): initial step, inline, named and LD-wired transitions, a selection
 * divergence with a jump back, a simultaneous divergence and convergence, actions with N, L, P,
 * D, S and R qualifiers, action bodies (with their final run) and BOOL-variable actions; 10 ms
 * virtual clock, CODESYS order (actions of the active steps, then transitions).
 */
class SfcImportTest {
    private static final long MS = 1_000_000L;

    @Test
    void stepsAreMonitorableVariablesXAndT() {
        PlcOpenHarness h = PlcOpenHarness.resource("SfcBasics.xml", 10 * MS);
        assertEquals(ValueType.BOOL, h.variable("batch.Init.X").type());
        assertEquals(ValueType.TIME, h.variable("batch.Init.T").type());
        assertTrue(h.bool("batch.Init.X"), "the initial step is active before the first cycle");
        assertFalse(h.bool("batch.Fill.X"));
    }

    @Test
    void chartRunsActionsThenTransitions() {
        PlcOpenHarness h = PlcOpenHarness.resource("SfcBasics.xml", 10 * MS);
        h.run(1);
        assertTrue(h.bool("batch.IdleLamp"), "N action naming a BOOL variable");
        assertTrue(h.bool("batch.Init.X"));

        h.set("batch.Start", true);
        h.run(1); // cycle 2: Init's actions, then T1 fires
        assertFalse(h.bool("batch.Init.X"));
        assertTrue(h.bool("batch.Fill.X"));
        assertEquals("T#10ms", h.get("batch.Init.T"), "T keeps its value after the step is left");

        h.run(1); // cycle 3: Fill's first cycle
        assertEquals("T#0s", h.get("batch.Fill.T"));
        assertFalse(h.bool("batch.IdleLamp"));
        assertEquals(10, h.raw("batch.level"), "N action body");
        assertTrue(h.bool("batch.FillValve"), "L action, within its 30 ms");
        // the P action's body runs twice (Q TRUE, then its final run with Q FALSE); it counts only while Q
        assertEquals(1, h.raw("batch.pulses"), "P action's Q is TRUE once on activation");

        h.run(3); // cycles 4..6
        assertEquals(40, h.raw("batch.level"));
        assertEquals(1, h.raw("batch.pulses"));
        assertFalse(h.bool("batch.FillValve"), "L action ends 30 ms after activation");
        assertEquals("T#30ms", h.get("batch.Fill.T"));

        h.run(1); // cycle 7: level reaches 50, the left alternative fires
        assertEquals(50, h.raw("batch.level"));
        assertTrue(h.bool("batch.Heat.X"));
        assertFalse(h.bool("batch.Fill.X"));

        h.run(1); // cycle 8: Heat's first cycle
        // IEC final scan: FillAct runs once more after Fill is left (its body does not test FillAct.Q)
        assertEquals(60, h.raw("batch.level"), "the N action's final run, then it stops");
        assertTrue(h.bool("batch.Fan"), "S action");
        assertFalse(h.bool("batch.HeatDone"));
        h.run(2); // cycle 10: Heat.T = 20 ms
        assertTrue(h.bool("batch.HeatDone"), "D action after 20 ms");
        h.run(2); // cycle 12: Heat.T = 40 ms
        assertTrue(h.bool("batch.Heat.X"));
        h.run(1); // cycle 13: Heat.T = 50 ms, named transition HeatOver fires into both branches
        assertFalse(h.bool("batch.Heat.X"));
        assertTrue(h.bool("batch.StepA.X"));
        assertTrue(h.bool("batch.StepB.X"));

        h.run(2); // cycles 14, 15
        assertEquals(2, h.raw("batch.countA"), "inline action body");
        assertFalse(h.bool("batch.Fan"), "R action resets the stored S action");
        assertFalse(h.bool("batch.HeatDone"));
        assertTrue(h.bool("batch.StepA.X"), "the convergence waits for its LD condition");

        h.set("batch.Go", true);
        h.run(1); // cycle 16: both branches join, jump back to Init
        assertEquals(3, h.raw("batch.countA"));
        assertFalse(h.bool("batch.StepA.X"));
        assertFalse(h.bool("batch.StepB.X"));
        assertTrue(h.bool("batch.Init.X"));

        h.set("batch.Go", false);
        h.set("batch.Abort", true);
        h.run(2); // cycle 17 back to Fill; cycle 18: level 70 and Abort both TRUE, the left alternative wins
        assertEquals(70, h.raw("batch.level"));
        assertTrue(h.bool("batch.Heat.X"));
        assertFalse(h.bool("batch.Init.X"));
        assertEquals(2, h.raw("batch.pulses"));
    }

    @Test
    void rightAlternativeJumpsBackToTheInitialStep() {
        PlcOpenHarness h = PlcOpenHarness.resource("SfcBasics.xml", 10 * MS);
        h.set("batch.Start", true);
        h.run(2);
        assertTrue(h.bool("batch.Fill.X"));
        h.set("batch.Start", false);
        h.set("batch.Abort", true);
        h.run(1);
        assertFalse(h.bool("batch.Fill.X"));
        assertTrue(h.bool("batch.Init.X"));
        assertFalse(h.bool("batch.Heat.X"));
    }

    @Test
    void aStepLeftAndEnteredInOneCycleStartsAfresh() {
        PlcOpenHarness h = PlcOpenHarness.resource("SfcLoop.xml", 10 * MS);
        h.run(1);
        assertEquals(1, h.raw("Blink.pulses"), "P action on the first cycle");
        h.run(3); // cycle 4: Wait.T = 30 ms, the jump re-enters Wait
        assertEquals("T#30ms", h.get("Blink.Wait.T"));
        assertEquals(1, h.raw("Blink.pulses"));
        h.run(1); // cycle 5
        assertEquals("T#0s", h.get("Blink.Wait.T"));
        assertEquals(2, h.raw("Blink.pulses"));
        h.run(4); // cycle 9
        assertEquals(3, h.raw("Blink.pulses"));
        assertTrue(h.bool("Blink.Wait.X"));
    }
    /**
     * SfcFinalRun.xml: an FB whose N action Drive switches the motor off in its final run (the
     * cycle after its step is left, with Drive.Q = FALSE), a P1 action that runs twice per
     * activation, and a transition that waits for Drive.A to fall.
     */
    @Test
    void anActionRunsOnceMoreAfterItsQFallsWithQFalse() {
        PlcOpenHarness h = PlcOpenHarness.resource("SfcFinalRun.xml", 10 * MS);
        assertEquals(ValueType.BOOL, h.variable("line.conv.Drive.Q").type());
        assertEquals(ValueType.BOOL, h.variable("line.conv.Drive.A").type());
        h.run(1);
        assertFalse(h.bool("line.conv.Drive.Q"));
        assertFalse(h.bool("line.conv.Drive.A"));
        assertEquals(0, h.raw("line.conv.runs"));

        h.set("line.Start", true);
        h.run(1); // cycle 2: Idle -> Run
        assertTrue(h.bool("line.conv.Run.X"));
        assertEquals(0, h.raw("line.conv.runs"), "a step's actions run first in the cycle after it is entered");

        h.run(1); // cycle 3: Run's first cycle
        assertTrue(h.bool("line.conv.Drive.Q"));
        assertTrue(h.bool("line.conv.Drive.A"));
        assertTrue(h.bool("line.motorOut"));
        assertEquals(1, h.raw("line.conv.runs"));
        assertEquals(1, h.raw("line.conv.beeps"));
        assertTrue(h.bool("line.conv.seenQ"), "the pulse's own run sees Beep.Q = TRUE");
        assertTrue(h.bool("line.conv.Beep.Q"));

        h.run(1); // cycle 4: Beep's final run
        assertFalse(h.bool("line.conv.Beep.Q"));
        assertTrue(h.bool("line.conv.Beep.A"));
        assertEquals(2, h.raw("line.conv.beeps"), "a P1 action's body runs twice: with Q, then its final run");
        assertFalse(h.bool("line.conv.seenQ"), "the final run sees Beep.Q = FALSE");
        h.run(1); // cycle 5
        assertFalse(h.bool("line.conv.Beep.A"));
        assertEquals(2, h.raw("line.conv.beeps"), "exactly one final run");
        assertEquals(3, h.raw("line.conv.runs"));
        assertEquals(0, h.raw("line.conv.stops"));

        h.set("line.Start", false);
        h.run(1); // cycle 6: Drive still runs with Q, then Run -> Idle
        assertEquals(4, h.raw("line.conv.runs"));
        assertTrue(h.bool("line.conv.Idle.X"));
        assertTrue(h.bool("line.motorOut"));

        h.set("line.Start", true);
        h.run(1); // cycle 7: Drive's final run switches the motor off; the transition waits for Drive.A
        assertFalse(h.bool("line.conv.Drive.Q"));
        assertTrue(h.bool("line.conv.Drive.A"));
        assertEquals(5, h.raw("line.conv.runs"));
        assertEquals(1, h.raw("line.conv.stops"));
        assertFalse(h.bool("line.motorOut"), "the final run undid what the action did");
        assertTrue(h.bool("line.conv.Idle.X"), "Start AND NOT Drive.A is FALSE during the final run");

        h.run(1); // cycle 8: A has fallen, the body no longer runs, Idle -> Run
        assertFalse(h.bool("line.conv.Drive.A"));
        assertEquals(5, h.raw("line.conv.runs"));
        assertTrue(h.bool("line.conv.Run.X"));
        h.run(1); // cycle 9
        assertTrue(h.bool("line.motorOut"));
        assertEquals(6, h.raw("line.conv.runs"));
        assertEquals(1, h.raw("line.conv.stops"));
        assertTrue(h.bool("line.conv._inline4_2.Q"), "an inline action's flags are hidden but monitorable");
        assertTrue(h.bool("line.conv._inline4_2.A"));
        assertFalse(h.bool("line.conv.Unused.Q"), "an action no step uses never runs");
        assertFalse(h.bool("line.conv.Unused.A"));
    }

    @Test
    void actionControlOfTheBasicChartIsMonitorable() {
        PlcOpenHarness h = PlcOpenHarness.resource("SfcBasics.xml", 10 * MS);
        h.run(1);
        h.set("batch.Start", true);
        h.run(5); // cycle 2 Init -> Fill; cycles 3..6 in Fill
        assertTrue(h.bool("batch.FillAct.Q"));
        assertTrue(h.bool("batch.FillAct.A"));
        h.run(1); // cycle 7: Fill is left after its actions ran
        assertTrue(h.bool("batch.FillAct.Q"));
        h.run(1); // cycle 8: the final run
        assertFalse(h.bool("batch.FillAct.Q"));
        assertTrue(h.bool("batch.FillAct.A"));
        h.run(1); // cycle 9
        assertFalse(h.bool("batch.FillAct.A"));
        assertEquals(60, h.raw("batch.level"));
    }

    /**
     * Every transition's condition is kept in a hidden BOOL {@code _cond<localId>}, computed every
     * cycle whether or not its steps are active (the online view colours the transition from it):
     * inline ST (3, 7, 8), a named transition whose body is an expression (12) and an LD-wired
     * condition (19). {@code _tr<localId>} stays the firing decision.
     */
    @Test
    void everyTransitionConditionIsKeptInAHiddenBool() {
        PlcOpenHarness h = PlcOpenHarness.resource("SfcBasics.xml", 10 * MS);
        for (int id : new int[] {3, 7, 8, 12, 19}) {
            assertEquals(ValueType.BOOL, h.variable("batch._cond" + id).type());
        }
        h.run(1);
        for (int id : new int[] {3, 7, 8, 12, 19}) {
            assertFalse(h.bool("batch._cond" + id), "_cond" + id + " in cycle 1");
        }

        h.set("batch.Start", true);
        h.set("batch.Go", true);
        h.run(1); // cycle 2: Init -> Fill
        assertTrue(h.bool("batch._cond3"), "inline Start");
        assertTrue(h.bool("batch._tr3"));
        assertTrue(h.bool("batch._cond19"), "the LD-wired condition is computed while its step is inactive");
        assertFalse(h.bool("batch._tr19"), "but does not fire");
        assertFalse(h.bool("batch.StepA.X"));
        assertTrue(h.bool("batch.Fill.X"));

        h.set("batch.Go", false);
        h.run(4); // cycles 3..6: level 40
        assertEquals(40, h.raw("batch.level"));
        assertFalse(h.bool("batch._cond7"), "level >= 50 with level 40");
        assertFalse(h.bool("batch._cond19"));
        h.run(1); // cycle 7: level 50, the left alternative fires
        assertTrue(h.bool("batch._cond7"));
        assertTrue(h.bool("batch._tr7"));
        assertTrue(h.bool("batch.Heat.X"));

        h.run(5); // cycle 12: Heat.T = 40 ms
        assertFalse(h.bool("batch._cond12"), "named transition Heat.T >= T#50ms at 40 ms");
        h.run(1); // cycle 13: Heat.T = 50 ms
        assertTrue(h.bool("batch._cond12"));
        assertTrue(h.bool("batch.StepA.X"));
        h.run(1); // cycle 14: Heat left, its T keeps 50 ms, so the condition stays TRUE without firing
        assertTrue(h.bool("batch._cond12"));
        assertFalse(h.bool("batch._tr12"));

        h.set("batch.Abort", true);
        h.run(1);
        assertTrue(h.bool("batch._cond8"), "inline Abort");
        assertFalse(h.bool("batch._tr8"), "Fill is not active");
    }

    /** A user variable named like the hidden flag keeps its name and value; the flag moves to {@code _cond2_2}. */
    @Test
    void aUserVariableNamedLikeTheConditionFlagIsLeftAlone() {
        String xml = PlcOpenHarness.source("SfcFinalRun.xml").text().replace(
                "<variable name=\"seenQ\"><type><BOOL/></type></variable>",
                "<variable name=\"seenQ\"><type><BOOL/></type></variable>\n"
                        + "            <variable name=\"_cond2\"><type><INT/></type></variable>");
        PlcOpenHarness h = new PlcOpenHarness(List.of(new SourceFile("SfcFinalRun.xml", xml)), 10 * MS);
        assertEquals(ValueType.INT, h.variable("line.conv._cond2").type());
        assertEquals(ValueType.BOOL, h.variable("line.conv._cond2_2").type());
        h.run(1);
        assertFalse(h.bool("line.conv._cond2_2"));
        h.set("line.Start", true);
        h.run(1); // Start AND NOT Drive.A: Idle -> Run
        assertTrue(h.bool("line.conv._cond2_2"));
        assertTrue(h.bool("line.conv.Run.X"));
        assertEquals(0, h.raw("line.conv._cond2"));
    }
}
