package org.ringplc.runtime.drivers.modbus;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.ringplc.runtime.project.ModbusClientDriverConfig.Device;

/**
 * The thread that connects a {@link ClientDevice} to its Modbus server, so the scan thread never
 * waits for a connect: a non-blocking connect bounded by {@code connectTimeout}, retried with a
 * backoff doubling from {@link #MIN_BACKOFF_NANOS} to {@code reconnectMax}, and back to the minimum
 * once the device answered well. The connected fd is handed to the scan thread through an
 * {@link AtomicInteger}; the scan thread asks for a new connection after dropping one.
 */
final class Connector {
    /** First wait before reconnecting: quick enough for a replugged device, slow enough not to hammer one that refuses. */
    static final long MIN_BACKOFF_NANOS = 100_000_000L;
    /** How long the thread sleeps while a connection is up: it is woken when one is wanted, this only bounds a missed wake-up. */
    private static final long IDLE_NANOS = 100_000_000L;

    private final Device config;
    private final Runnable onFailure;
    private final AtomicInteger handover = new AtomicInteger(-1);
    private final Thread thread;
    private volatile boolean wanted = true;
    private volatile boolean closing;
    /** Set by the scan thread after a good response: the backoff then starts again from the minimum. */
    private volatile boolean healthy;
    private volatile String error = "";

    /** @param onFailure called on the connector thread after each failed attempt */
    Connector(Device config, String threadName, Runnable onFailure) {
        this.config = config;
        this.onFailure = onFailure;
        this.thread = new Thread(this::loop, threadName);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Scan thread: the newly connected fd, now owned by the caller, or -1 when there is none. */
    int take() {
        return handover.get() >= 0 ? handover.getAndSet(-1) : -1;
    }

    /** Scan thread: the connection was dropped; connect again. */
    void reconnect() {
        wanted = true;
        LockSupport.unpark(thread);
    }

    /** Scan thread: the device answered well, so a later reconnect starts with the shortest backoff. */
    void healthy() {
        healthy = true;
    }

    /** Why the last attempt failed, "" after a success. Any thread. */
    String error() {
        return error;
    }

    private void loop() {
        long backoff = MIN_BACKOFF_NANOS;
        long lastAttempt = System.nanoTime() - MIN_BACKOFF_NANOS;
        while (!closing) {
            if (!wanted || handover.get() >= 0) {
                LockSupport.parkNanos(this, IDLE_NANOS);
                continue;
            }
            if (healthy) {
                healthy = false;
                backoff = MIN_BACKOFF_NANOS;
            }
            long wait = lastAttempt + backoff - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
                continue;
            }
            lastAttempt = System.nanoTime();
            try {
                int fd = TcpSocket.connect(config.host(), config.port(), (int) (config.connectTimeoutNanos() / 1_000_000L));
                if (closing) {
                    TcpSocket.close(fd);
                    break;
                }
                error = "";
                wanted = false;
                handover.set(fd);
            } catch (IOException | RuntimeException e) {
                error = e.getMessage() == null ? e.toString() : e.getMessage();
                onFailure.run();
            }
            backoff = Math.min(2 * backoff, Math.max(MIN_BACKOFF_NANOS, config.reconnectMaxNanos()));
        }
    }

    /** Stops the thread and closes a connection not taken yet. */
    void close() {
        closing = true;
        LockSupport.unpark(thread);
        if (thread.isAlive()) {
            try {
                // a connect in progress ends within its own timeout; the thread is a daemon either way
                thread.join(Math.min(5_000L, config.connectTimeoutNanos() / 1_000_000L + 200));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        TcpSocket.close(handover.getAndSet(-1));
    }
}
