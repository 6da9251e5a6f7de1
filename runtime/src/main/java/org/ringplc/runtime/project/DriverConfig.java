package org.ringplc.runtime.project;

import org.ringplc.lang.program.IoAddress;

/** One entry of {@code io.drivers}; each driver type has its own record. */
public sealed interface DriverConfig
        permits UdpDriverConfig, ModbusClientDriverConfig, ModbusServerDriverConfig, FileDriverConfig {
    /** The driver's name, unique in the project. */
    String name();

    /** The task whose cycle runs the driver's I/O, or null for the first task. */
    String task();

    /** The line of the entry in {@code project.yaml}. */
    int line();

    /**
     * The first byte of {@code area} after everything the driver maps there, so that the process
     * image can be sized to hold it; 0 when it maps nothing there.
     */
    default int imageEnd(IoAddress.Area area) {
        return 0;
    }
}
