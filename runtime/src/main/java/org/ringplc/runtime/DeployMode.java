package org.ringplc.runtime;

/** How {@link PlcRuntime#deploy} puts a new project in place. */
public enum DeployMode {
    /**
     * Online change: the new programs take over at a cycle boundary, no cycle is missed, every
     * variable and FB instance whose path and type match keeps its value (timers keep timing),
     * forces stay. Refused when the tasks or the I/O differ.
     */
    ONLINE,
    /** Stop, start the new project from its initial values (retained variables restored); forces are cleared. */
    RESTART
}
