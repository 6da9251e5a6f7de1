package org.ringplc.runtime.project;

/** One entry of {@code io.drivers}; each driver type has its own record. */
public sealed interface DriverConfig permits UdpDriverConfig {
    /** The driver's name, unique in the project. */
    String name();

    /** The task whose cycle runs the driver's I/O, or null for the first task. */
    String task();

    /** The line of the entry in {@code project.yaml}. */
    int line();
}
