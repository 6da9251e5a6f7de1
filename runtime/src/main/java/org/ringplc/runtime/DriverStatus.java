package org.ringplc.runtime;

/**
 * Counters of one I/O driver, for {@code GET /api/status}.
 *
 * @param name      the driver's name from project.yaml
 * @param type      the driver type ("udp")
 * @param task      the task whose cycle runs it
 * @param address   where it listens, with the actual port ({@code 127.0.0.1:9600}), or ""
 * @param received  input updates accepted (UDP: valid datagrams that filled the input image)
 * @param rejected  input updates ignored (UDP: wrong magic, version or length)
 * @param sent      output updates sent
 * @param errors    failed I/O operations
 * @param lastError the last error ("ECONNREFUSED"), or "" when none occurred
 */
public record DriverStatus(String name, String type, String task, String address, long received, long rejected,
                           long sent, long errors, String lastError) {
}
