package org.ringplc.runtime.project;

import org.ringplc.lang.program.IoAddress;

/**
 * A Modbus TCP server (slave) driver that lets SCADA/HMI clients read and write the process image
 * (docs/project-yaml.md, {@code type: modbus-tcp-server}, for the address mapping).
 *
 * @param name             driver name
 * @param task             task name, or null for the first task
 * @param bind             the address to listen on
 * @param port             the TCP port (default 5020; 0 picks a free one)
 * @param maxClients       connections served at once; more are closed at once
 * @param writeTimeoutNanos how long a client write may wait for the task to apply it before it is
 *                         answered with SERVER DEVICE BUSY (the task is stopped or faulted)
 * @param coils            coils served at least (%QX), the %Q image grows to hold them
 * @param discreteInputs   discrete inputs served at least (%IX)
 * @param inputRegisters   input registers served at least (%IW)
 * @param holdingRegisters holding registers 0..1023 served at least (%QW)
 * @param memoryRegisters  holding registers from 1024 served at least (%MW)
 * @param line             the line of the entry in {@code project.yaml}
 * @param unitId           the only unit id answered (0..255), or {@link #ANY_UNIT}: requests for
 *                         other units get no answer, as a serial device ignores frames for others
 */
public record ModbusServerDriverConfig(String name, String task, String bind, int port, int maxClients,
                                       long writeTimeoutNanos, int coils, int discreteInputs, int inputRegisters,
                                       int holdingRegisters, int memoryRegisters, int line, int unitId)
        implements DriverConfig {

    /** Holding register of %MW0: registers below map to %QW, from here on to %MW (as in OpenPLC). */
    public static final int MEMORY_BASE = 1024;
    /** {@link #unitId} when every unit id is answered (the default). */
    public static final int ANY_UNIT = -1;

    /** A server that answers every unit id. */
    public ModbusServerDriverConfig(String name, String task, String bind, int port, int maxClients,
                                    long writeTimeoutNanos, int coils, int discreteInputs, int inputRegisters,
                                    int holdingRegisters, int memoryRegisters, int line) {
        this(name, task, bind, port, maxClients, writeTimeoutNanos, coils, discreteInputs, inputRegisters,
                holdingRegisters, memoryRegisters, line, ANY_UNIT);
    }

    public ModbusServerDriverConfig {
        if (unitId < ANY_UNIT || unitId > 255) {
            throw new IllegalArgumentException("unitId " + unitId + " is not 0..255");
        }
    }

    @Override
    public int imageEnd(IoAddress.Area area) {
        return switch (area) {
            case I -> Math.max((discreteInputs + 7) / 8, 2 * inputRegisters);
            case Q -> Math.max((coils + 7) / 8, 2 * holdingRegisters);
            case M -> 2 * memoryRegisters;
        };
    }
}
