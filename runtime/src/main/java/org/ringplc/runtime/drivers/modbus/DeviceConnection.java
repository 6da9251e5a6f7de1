package org.ringplc.runtime.drivers.modbus;

import org.ringplc.runtime.project.ModbusClientDriverConfig.Device;

/**
 * A {@link ClientDevice}'s TCP connection as the scan thread holds it: the socket its
 * {@link Connector} thread connected, taken over between phases and moved into the device's
 * exchanges, and closed again when the device drops it, upon which the connector is asked for a
 * new one. The scan thread never connects and never waits: it only takes what is ready.
 *
 * <p>Kept apart from the device so that the socket's life (who owns the fd when, which flags
 * other threads read) is in one place. The fd is the scan thread's; {@link #connected()} and
 * {@link #connectError()} are for status readers on any thread.
 */
final class DeviceConnection {
    private final Device config;
    private final DeviceExchanges exchanges;
    /** The socket; -1 while there is none. Scan thread only. */
    private int sock = -1;
    /** Set once by {@link #start}; read by status readers on other threads. */
    private volatile Connector connector;
    /** Mirrors {@code sock >= 0} for other threads. */
    private volatile boolean connected;

    DeviceConnection(Device config, DeviceExchanges exchanges) {
        this.config = config;
        this.exchanges = exchanges;
    }

    /**
     * Starts the connector thread. Setup, after the exchanges are registered.
     *
     * @param onFailure called on the connector thread after each failed attempt
     */
    void start(String threadName, Runnable onFailure) {
        connector = new Connector(config, threadName, onFailure);
        connector.start();
    }

    /** True while a connection is installed. Scan thread. */
    boolean up() {
        return sock >= 0;
    }

    /**
     * Takes the connection the connector made, if there is one, and moves every exchange onto it,
     * all still switched off. Scan thread, between phases.
     *
     * @return true when a new connection is now up
     */
    boolean takeNew() {
        int fd = connector.take();
        if (fd < 0) {
            return false;
        }
        exchanges.moveTo(fd);
        sock = fd;
        connected = true;
        return true;
    }

    /** Switches every exchange off and closes the socket. Scan thread, between phases. */
    void close() {
        exchanges.switchOff();
        TcpSocket.close(sock);
        sock = -1;
        connected = false;
    }

    /** Asks the connector for a new connection, after {@link #close}. Scan thread. */
    void reconnect() {
        connector.reconnect();
    }

    /** A response was good: a later reconnect starts with the shortest backoff. Scan thread. */
    void healthy() {
        connector.healthy();
    }

    /** Stops the connector and releases the fd. The CycleIo has been closed: nothing is in flight. */
    void shutdown() {
        if (connector != null) {
            connector.close();
        }
        TcpSocket.close(sock);
        sock = -1;
        connected = false;
    }

    /** Any thread. */
    boolean connected() {
        return connected;
    }

    /** Why the last connection attempt failed; "" after a success or before the first. Any thread. */
    String connectError() {
        Connector c = connector;
        return c == null ? "" : c.error();
    }
}
