package org.ringplc.runtime.project;

import java.util.List;
import org.ringplc.lang.program.IoAddress;

/**
 * A Modbus TCP client (master) driver: it polls one or more devices (servers, slaves) and maps their
 * coils, discrete inputs and registers to the process image (docs/project-yaml.md, {@code type:
 * modbus-tcp-client}).
 *
 * @param name    driver name
 * @param task    task name, or null for the first task
 * @param devices the devices, each on its own TCP connection
 * @param line    the line of the entry in {@code project.yaml}
 */
public record ModbusClientDriverConfig(String name, String task, List<Device> devices, int line) implements DriverConfig {

    /** What the inputs of a device show while it is not connected. */
    public enum OnDisconnect {
        /** The last values received (the default, as most Modbus masters do). */
        KEEP,
        /** 0/FALSE, so that a program cannot mistake stale values for live ones. */
        ZERO
    }

    /** When a write request is sent. */
    public enum WriteMode {
        /** When the mapped output bytes changed since the last successful write, and after each (re)connect. */
        ON_CHANGE,
        /** Whenever the connection is free for it (writes alternate with reads). */
        ALWAYS
    }

    /**
     * One Modbus server reached over TCP.
     *
     * @param name                    device name (unique in the driver)
     * @param host                    host name or address
     * @param port                    TCP port (502 by default)
     * @param unitId                  the unit identifier sent in every request (0..255)
     * @param timeoutNanos            how long a request may wait for its response
     * @param connectTimeoutNanos     how long a connection attempt may take
     * @param reconnectMaxNanos       the longest wait between connection attempts (backoff doubles up to it)
     * @param timeoutsBeforeReconnect consecutive timeouts after which the connection is dropped and reopened
     * @param onDisconnect            what the inputs show while disconnected
     * @param status                  a %IB byte that receives the device status bits, or null
     * @param requests                the requests, polled in turn
     */
    public record Device(String name, String host, int port, int unitId, long timeoutNanos, long connectTimeoutNanos,
                         long reconnectMaxNanos, int timeoutsBeforeReconnect, OnDisconnect onDisconnect,
                         IoAddress status, List<Request> requests) {
        @Override
        public String toString() {
            return name + " (" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + " unit " + unitId + ")";
        }
    }

    /**
     * One Modbus request, repeated for as long as the driver runs.
     *
     * @param function  the function code: 1, 2, 3, 4 (reads) or 5, 6, 15, 16 (writes)
     * @param address   the first coil, input or register, 0-based as on the wire (register 40001 is 0)
     * @param count     how many coils, inputs or registers
     * @param image     where in the image: the first bit (%IX, %QX) for coils and discrete inputs, the
     *                  first byte of a little-endian word per register (%IW, %QW) for registers
     * @param writeMode for writes: when they are sent
     * @param status    a %IB byte that receives this request's outcome code, or null
     */
    public record Request(int function, int address, int count, IoAddress image, WriteMode writeMode, IoAddress status) {

        /** True for function codes 1 to 4. */
        public boolean isRead() {
            return function <= 4;
        }

        /** True for the bit-valued function codes 1, 2, 5 and 15. */
        public boolean isBits() {
            return function == 1 || function == 2 || function == 5 || function == 15;
        }

        /** First image byte after the mapped range. */
        public int imageEnd() {
            if (isBits()) {
                return (image.byteOffset() * 8 + image.bit() + count + 7) / 8;
            }
            return image.byteOffset() + 2 * count;
        }
    }

    @Override
    public int imageEnd(IoAddress.Area area) {
        int end = 0;
        for (Device d : devices) {
            if (d.status() != null && d.status().area() == area) {
                end = Math.max(end, d.status().byteOffset() + 1);
            }
            for (Request r : d.requests()) {
                if (r.image().area() == area) {
                    end = Math.max(end, r.imageEnd());
                }
                if (r.status() != null && r.status().area() == area) {
                    end = Math.max(end, r.status().byteOffset() + 1);
                }
            }
        }
        return end;
    }
}
