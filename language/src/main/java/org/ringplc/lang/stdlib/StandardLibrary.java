package org.ringplc.lang.stdlib;

import java.util.List;

/** The Java function blocks every project can use without declaring them. */
public final class StandardLibrary {
    private StandardLibrary() {
    }

    public static List<Class<?>> functionBlocks() {
        return List.of(Timers.TON.class, Timers.TOF.class, Timers.TP.class,
                EdgesAndLatches.R_TRIG.class, EdgesAndLatches.F_TRIG.class, EdgesAndLatches.SR.class,
                EdgesAndLatches.RS.class, Counters.CTU.class, Counters.CTD.class, Counters.CTUD.class);
    }
}
