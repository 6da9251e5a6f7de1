package org.ringplc.runtime.task;

import org.ringplc.runtime.project.WatchdogConfig;

/**
 * A task's watchdog (IEC 61131-3 leaves it to the implementation; CODESYS has the same two
 * settings): a cycle whose execution takes longer than {@code time}, {@code sensitivity} cycles in
 * a row, faults the task. Scan thread only.
 */
final class Watchdog {
    private final WatchdogConfig config;
    private int strikes;

    Watchdog(WatchdogConfig config) {
        this.config = config;
    }

    /**
     * Counts one cycle that executed for {@code execNanos}.
     *
     * @throws Expired at the {@code sensitivity}-th overlong cycle in a row
     */
    void check(long execNanos) {
        if (execNanos <= config.timeNanos()) {
            strikes = 0;
            return;
        }
        if (++strikes >= config.sensitivity()) {
            strikes = 0;
            throw new Expired(execNanos, config);
        }
    }

    /** The watchdog's verdict, a typed fault (formatted by {@link Faults#describe}); no stack trace, as it says all. */
    static final class Expired extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Expired(long execNanos, WatchdogConfig w) {
            super("watchdog: the cycle took " + execNanos / 1_000 + " us, the limit is " + w.timeNanos() / 1_000
                    + " us" + (w.sensitivity() > 1 ? " (" + w.sensitivity() + " cycles in a row)" : ""), null, false, false);
        }
    }
}
