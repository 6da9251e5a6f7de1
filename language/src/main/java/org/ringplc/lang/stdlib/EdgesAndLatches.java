package org.ringplc.lang.stdlib;

import org.ringplc.lang.program.RuntimeEnvironment;

/**
 * Edge detection and bistables of IEC 61131-3 §6.6.3.5 (R_TRIG, F_TRIG, SR, RS). Their memory
 * is the previous call's input, so an edge is seen once per call, not once per cycle.
 */
public final class EdgesAndLatches {
    private EdgesAndLatches() {
    }

    /** Q is TRUE for one call after CLK goes from FALSE to TRUE. */
    @FunctionBlock("R_TRIG")
    public static final class R_TRIG {
        @Input("BOOL") public boolean CLK;
        @Output("BOOL") public boolean Q;
        private boolean mem;

        public R_TRIG(RuntimeEnvironment env) {
            // no clock needed
        }

        public void execute() {
            Q = CLK && !mem;
            mem = CLK;
        }
    }

    /** Q is TRUE for one call after CLK goes from TRUE to FALSE. */
    @FunctionBlock("F_TRIG")
    public static final class F_TRIG {
        @Input("BOOL") public boolean CLK;
        @Output("BOOL") public boolean Q;
        private boolean mem;

        public F_TRIG(RuntimeEnvironment env) {
            // no clock needed
        }

        public void execute() {
            Q = !CLK && mem;
            mem = CLK;
        }
    }

    /** Set-dominant bistable: Q1 := S1 OR (NOT R AND Q1). */
    @FunctionBlock("SR")
    public static final class SR {
        @Input("BOOL") public boolean S1;
        @Input("BOOL") public boolean R;
        @Output("BOOL") public boolean Q1;

        public SR(RuntimeEnvironment env) {
            // no clock needed
        }

        public void execute() {
            Q1 = S1 || (!R && Q1);
        }
    }

    /** Reset-dominant bistable: Q1 := NOT R1 AND (S OR Q1). */
    @FunctionBlock("RS")
    public static final class RS {
        @Input("BOOL") public boolean S;
        @Input("BOOL") public boolean R1;
        @Output("BOOL") public boolean Q1;

        public RS(RuntimeEnvironment env) {
            // no clock needed
        }

        public void execute() {
            Q1 = !R1 && (S || Q1);
        }
    }
}
