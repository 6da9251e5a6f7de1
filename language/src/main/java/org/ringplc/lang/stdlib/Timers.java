package org.ringplc.lang.stdlib;

import org.ringplc.lang.program.RuntimeEnvironment;
import org.ringplc.lang.program.TaskClock;

/**
 * The standard timers of IEC 61131-3 §6.6.3.5.4 (TON, TOF, TP). They read the task clock, which
 * is latched once per cycle, so every timer of a cycle sees the same instant, and in simulation
 * the virtual clock makes them exact: with 10 ms cycles a TON with PT = T#50ms has Q TRUE first
 * in cycle 6.
 */
public final class Timers {
    private Timers() {
    }

    /**
     * What the three timers share: the task clock and the instant their current timing started.
     * Their inputs and outputs stay declared in each block, which is how a Java function block
     * shows its interface; this state is hidden, and online change carries it over like any
     * hidden field of a block.
     */
    abstract static class Timing {
        private final TaskClock clock;
        private boolean timing;
        private long start;

        Timing(RuntimeEnvironment env) {
            clock = env != null && env.clock() != null ? env.clock() : new TaskClock();
        }

        /** The time since the current timing started; starts it at this cycle's instant if none runs. */
        final long elapsed() {
            long now = clock.nanos();
            if (!timing) {
                timing = true;
                start = now;
            }
            return now - start;
        }

        /** Ends the current timing: the next {@link #elapsed()} starts a new one. */
        final void stop() {
            timing = false;
        }
    }

    /** On-delay: Q goes TRUE once IN has been TRUE for PT; ET counts up to PT. */
    @FunctionBlock("TON")
    public static final class TON extends Timing {
        @Input("BOOL") public boolean IN;
        @Input("TIME") public long PT;
        @Output("BOOL") public boolean Q;
        @Output("TIME") public long ET;

        public TON(RuntimeEnvironment env) {
            super(env);
        }

        public void execute() {
            if (!IN) {
                stop();
                Q = false;
                ET = 0;
                return;
            }
            long elapsed = elapsed();
            Q = elapsed >= PT;
            ET = Q ? PT : elapsed;
        }
    }

    /** Off-delay: Q follows IN up and stays TRUE for PT after IN falls. */
    @FunctionBlock("TOF")
    public static final class TOF extends Timing {
        @Input("BOOL") public boolean IN;
        @Input("TIME") public long PT;
        @Output("BOOL") public boolean Q;
        @Output("TIME") public long ET;

        public TOF(RuntimeEnvironment env) {
            super(env);
        }

        public void execute() {
            if (IN) {
                stop();
                Q = true;
                ET = 0;
                return;
            }
            if (!Q) {
                return;
            }
            long elapsed = elapsed();
            if (elapsed >= PT) {
                Q = false;
                stop();
                ET = PT;
            } else {
                ET = elapsed;
            }
        }
    }

    /** Pulse: a rising edge of IN starts a pulse of length PT that cannot be retriggered. */
    @FunctionBlock("TP")
    public static final class TP extends Timing {
        @Input("BOOL") public boolean IN;
        @Input("TIME") public long PT;
        @Output("BOOL") public boolean Q;
        @Output("TIME") public long ET;
        private boolean prevIn;

        public TP(RuntimeEnvironment env) {
            super(env);
        }

        public void execute() {
            if (!Q && IN && !prevIn && ET == 0) {
                Q = true;
                // the pulse starts at this edge
                stop();
            }
            if (Q) {
                long elapsed = elapsed();
                if (elapsed >= PT) {
                    Q = false;
                    ET = PT;
                } else {
                    ET = elapsed;
                }
            } else if (!IN) {
                ET = 0;
            }
            prevIn = IN;
        }
    }
}
