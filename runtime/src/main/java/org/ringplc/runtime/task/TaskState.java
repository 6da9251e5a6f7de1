package org.ringplc.runtime.task;

/** The state of one task (and, summarised, of the runtime). */
public enum TaskState {
    /** Scanning cyclically. */
    RUN,
    /** Not scanning; its physical outputs were set to 0/FALSE and sent once. */
    STOP,
    /** Stopped by a runtime fault in a program, a driver or the watchdog; outputs as in STOP. */
    FAULT
}
