package org.ringplc.runtime.project;

/**
 * A UDP process-image driver (docs/ARCHITECTURE.md, "The UDP process-image protocol").
 *
 * @param name    driver name
 * @param task    task name, or null for the first task
 * @param listen  the local address input datagrams arrive at (port 0: ephemeral)
 * @param peer    where output datagrams go
 * @param inputs  the %I image bytes each received datagram fills, or null when the driver has no inputs
 * @param outputs the %Q image bytes each sent datagram carries, or null when the driver has no outputs
 * @param line    the line of the entry in {@code project.yaml}
 */
public record UdpDriverConfig(String name, String task, Endpoint listen, Endpoint peer, ImageRange inputs,
                              ImageRange outputs, int line) implements DriverConfig {

    /** A host and port, {@code 127.0.0.1:9600}. */
    public record Endpoint(String host, int port) {
        @Override
        public String toString() {
            return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
        }
    }

    /** A byte range of a process image area. */
    public record ImageRange(int offset, int size) {
        public int end() {
            return offset + size;
        }
    }
}
