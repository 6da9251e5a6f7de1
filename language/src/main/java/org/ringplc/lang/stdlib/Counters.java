package org.ringplc.lang.stdlib;

import org.ringplc.lang.program.RuntimeEnvironment;

/**
 * The standard counters of IEC 61131-3 §6.6.3.5.3 (CTU, CTD, CTUD) for INT. Count inputs are
 * edge-triggered as the standard declares them (R_EDGE), and counting stops at the INT limits
 * instead of wrapping.
 */
public final class Counters {
    private Counters() {
    }

    /** Up counter: R resets CV to 0, a rising edge of CU counts up; Q := CV >= PV. */
    @FunctionBlock("CTU")
    public static final class CTU {
        @Input("BOOL") public boolean CU;
        @Input("BOOL") public boolean R;
        @Input("INT") public int PV;
        @Output("BOOL") public boolean Q;
        @Output("INT") public int CV;
        private boolean prevCu;

        public CTU(RuntimeEnvironment env) {
            // no clock needed
        }

        public void execute() {
            boolean edge = CU && !prevCu;
            prevCu = CU;
            if (R) {
                CV = 0;
            } else if (edge && CV < Short.MAX_VALUE) {
                CV++;
            }
            Q = CV >= PV;
        }
    }

    /** Down counter: LD loads PV, a rising edge of CD counts down; Q := CV <= 0. */
    @FunctionBlock("CTD")
    public static final class CTD {
        @Input("BOOL") public boolean CD;
        @Input("BOOL") public boolean LD;
        @Input("INT") public int PV;
        @Output("BOOL") public boolean Q;
        @Output("INT") public int CV;
        private boolean prevCd;

        public CTD(RuntimeEnvironment env) {
            // no clock needed
        }

        public void execute() {
            boolean edge = CD && !prevCd;
            prevCd = CD;
            if (LD) {
                CV = PV;
            } else if (edge && CV > Short.MIN_VALUE) {
                CV--;
            }
            Q = CV <= 0;
        }
    }

    /** Up/down counter: R has priority over LD; QU := CV >= PV, QD := CV <= 0. */
    @FunctionBlock("CTUD")
    public static final class CTUD {
        @Input("BOOL") public boolean CU;
        @Input("BOOL") public boolean CD;
        @Input("BOOL") public boolean R;
        @Input("BOOL") public boolean LD;
        @Input("INT") public int PV;
        @Output("BOOL") public boolean QU;
        @Output("BOOL") public boolean QD;
        @Output("INT") public int CV;
        private boolean prevCu;
        private boolean prevCd;

        public CTUD(RuntimeEnvironment env) {
            // no clock needed
        }

        public void execute() {
            boolean up = CU && !prevCu;
            boolean down = CD && !prevCd;
            prevCu = CU;
            prevCd = CD;
            if (R) {
                CV = 0;
            } else if (LD) {
                CV = PV;
            } else if (up && !down && CV < Short.MAX_VALUE) {
                CV++;
            } else if (down && !up && CV > Short.MIN_VALUE) {
                CV--;
            }
            QU = CV >= PV;
            QD = CV <= 0;
        }
    }
}
