package org.ringplc.runtime;

import java.util.List;

/**
 * Counters of one I/O driver, for {@code GET /api/status}.
 *
 * @param name      the driver's name from project.yaml
 * @param type      the driver type ("udp", "modbus-tcp-client", "modbus-tcp-server", "file")
 * @param task      the task whose cycle runs it
 * @param address   where it listens, with the actual port ({@code 127.0.0.1:9600}), or ""
 * @param received  input updates accepted (UDP: valid datagrams that filled the input image;
 *                  Modbus client: good responses; Modbus server: requests answered; file: values read)
 * @param rejected  input updates ignored (UDP: wrong magic, version or length; Modbus: exception or
 *                  malformed responses/requests; file: unparsable text)
 * @param sent      output updates sent (Modbus client: requests sent; Modbus server: client writes
 *                  applied; file: values written)
 * @param errors    failed I/O operations (timeouts, lost connections, missing files)
 * @param lastError the last error ("ECONNREFUSED"), or "" when none occurred
 * @param details   one line per device, request, client or file saying how it is doing, for drivers
 *                  with several of them; UDP: one line saying how inputs are received ("inputs:
 *                  newest datagram per cycle (RECV_LATEST)"), none without inputs
 */
public record DriverStatus(String name, String type, String task, String address, long received, long rejected,
                           long sent, long errors, String lastError, List<String> details) {

    public DriverStatus {
        details = details == null ? List.of() : List.copyOf(details);
    }

    /** A status without detail lines. */
    public DriverStatus(String name, String type, String task, String address, long received, long rejected,
                        long sent, long errors, String lastError) {
        this(name, type, task, address, received, rejected, sent, errors, lastError, List.of());
    }
}
