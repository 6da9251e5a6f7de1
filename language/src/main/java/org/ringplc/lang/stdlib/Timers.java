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

    private static TaskClock clock(RuntimeEnvironment env) {
        return env != null && env.clock() != null ? env.clock() : new TaskClock();
    }

    /** On-delay: Q goes TRUE once IN has been TRUE for PT; ET counts up to PT. */
    @FunctionBlock("TON")
    public static final class TON {
        @Input("BOOL") public boolean IN;
        @Input("TIME") public long PT;
        @Output("BOOL") public boolean Q;
        @Output("TIME") public long ET;
        private final TaskClock clock;
        private boolean running;
        private long start;

        public TON(RuntimeEnvironment env) {
            clock = clock(env);
        }

        public void execute() {
            if (!IN) {
                running = false;
                Q = false;
                ET = 0;
                return;
            }
            long now = clock.nanos();
            if (!running) {
                running = true;
                start = now;
            }
            long elapsed = now - start;
            Q = elapsed >= PT;
            ET = Q ? PT : elapsed;
        }
    }

    /** Off-delay: Q follows IN up and stays TRUE for PT after IN falls. */
    @FunctionBlock("TOF")
    public static final class TOF {
        @Input("BOOL") public boolean IN;
        @Input("TIME") public long PT;
        @Output("BOOL") public boolean Q;
        @Output("TIME") public long ET;
        private final TaskClock clock;
        private boolean timing;
        private long start;

        public TOF(RuntimeEnvironment env) {
            clock = clock(env);
        }

        public void execute() {
            if (IN) {
                timing = false;
                Q = true;
                ET = 0;
                return;
            }
            if (!Q) {
                return;
            }
            long now = clock.nanos();
            if (!timing) {
                timing = true;
                start = now;
            }
            long elapsed = now - start;
            if (elapsed >= PT) {
                Q = false;
                timing = false;
                ET = PT;
            } else {
                ET = elapsed;
            }
        }
    }

    /** Pulse: a rising edge of IN starts a pulse of length PT that cannot be retriggered. */
    @FunctionBlock("TP")
    public static final class TP {
        @Input("BOOL") public boolean IN;
        @Input("TIME") public long PT;
        @Output("BOOL") public boolean Q;
        @Output("TIME") public long ET;
        private final TaskClock clock;
        private boolean prevIn;
        private long start;

        public TP(RuntimeEnvironment env) {
            clock = clock(env);
        }

        public void execute() {
            long now = clock.nanos();
            if (!Q && IN && !prevIn && ET == 0) {
                Q = true;
                start = now;
            }
            if (Q) {
                long elapsed = now - start;
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
