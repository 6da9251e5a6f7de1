package org.ringplc.runtime.drivers.modbus;

import java.util.ArrayList;
import java.util.List;
import org.ringplc.lang.program.IoAddress;
import org.ringplc.runtime.project.ModbusClientDriverConfig.Device;

/**
 * What one Modbus client device reports: its counters, the last problem (a {@link Problem} with
 * its particulars, recorded without building a string, since the scan thread records it), the
 * status bytes of docs/project-yaml.md written into the %I image every cycle, and the status lines
 * built from all that on demand.
 *
 * <p>Threading: the fields are written by the scan thread (the connector only stamps the time of a
 * failed connect) and read by any thread; each is volatile and read on its own, and {@link #problem}
 * is stored last so that a reader seeing a kind also sees its particulars.
 */
final class ClientStatus {
    volatile long received;
    volatile long rejected;
    volatile long sent;
    volatile long errors;
    private volatile Problem problem = Problem.NONE;
    private volatile int problemA;
    private volatile int problemB;
    private volatile String problemErrno = "";
    private volatile long problemAt;

    /** Scan thread: records what went wrong last. */
    void note(Problem p, int a, int b, String errno) {
        problemA = a;
        problemB = b;
        problemErrno = errno;
        problemAt = System.nanoTime();
        problem = p;
    }

    /** Connector thread: a connect failed now (its message is the connector's error). */
    void touch() {
        problemAt = System.nanoTime();
    }

    long problemAt() {
        return problemAt;
    }

    /**
     * Scan thread: each request's outcome into its status byte, and the device status byte.
     *
     * @param statusByte    the device status byte, or null when none is configured
     * @param connected     a connection is up
     * @param connectFailed the last connection attempt failed
     */
    void writeBytes(byte[] in, ClientRequest[] requests, IoAddress statusByte, boolean connected, boolean connectFailed) {
        int all = 0;
        boolean allOk = true;
        for (ClientRequest r : requests) {
            int s = r.state;
            if (r.statusOffset >= 0) {
                in[r.statusOffset] = (byte) s;
            }
            allOk &= s == ClientDevice.OK;
            if (s == ClientDevice.TIMEOUT) {
                all |= ClientDevice.BIT_TIMEOUT;
            } else if (s == ClientDevice.BAD_RESPONSE) {
                all |= ClientDevice.BIT_BAD_RESPONSE;
            } else if (s != ClientDevice.OK && s < ClientDevice.DISCONNECTED) {
                all |= ClientDevice.BIT_EXCEPTION;
            }
        }
        if (connected) {
            all |= ClientDevice.BIT_CONNECTED;
            if (allOk) {
                all |= ClientDevice.BIT_ALL_OK;
            }
        } else if (connectFailed) {
            all |= ClientDevice.BIT_CONNECT_FAILED;
        }
        if (statusByte != null) {
            in[statusByte.byteOffset()] = (byte) all;
        }
    }

    /** "plc1: ..." or "" when nothing went wrong yet. Any thread. */
    String problem(String label, boolean connected, String connectError) {
        if (!connected && !connectError.isEmpty()) {
            return label + ": " + connectError;
        }
        String p = problem.describe(problemA, problemB, problemErrno, connectError);
        return p.isEmpty() ? "" : label + ": " + p;
    }

    /** One line for the device, then one per request. Any thread. */
    List<String> details(Device config, ClientRequest[] requests, boolean connected, String connectError) {
        List<String> lines = new ArrayList<>();
        String state;
        if (connected) {
            state = "connected";
        } else if (!connectError.isEmpty()) {
            state = "disconnected: " + connectError + " (retrying)";
        } else {
            state = "connecting";
        }
        String last = problem.describe(problemA, problemB, problemErrno, connectError);
        if (!last.isEmpty()) {
            long ago = (System.nanoTime() - problemAt) / 1_000_000L;
            state += "; last problem " + ago + " ms ago: " + last;
        }
        lines.add(config + ": " + state);
        for (ClientRequest r : requests) {
            lines.add(config.name() + " #" + r.index + " " + r.describe() + ": " + stateName(r.state) + " (" + r.good
                    + " ok, " + r.bad + " failed)");
        }
        return lines;
    }

    static String stateName(int state) {
        return switch (state) {
            case ClientDevice.OK -> "ok";
            case ClientDevice.DISCONNECTED -> "not connected";
            case ClientDevice.BAD_RESPONSE -> "bad response";
            case ClientDevice.TIMEOUT -> "timeout";
            case ClientDevice.PENDING -> "pending";
            default -> "exception " + Modbus.exceptionName(state);
        };
    }
}
