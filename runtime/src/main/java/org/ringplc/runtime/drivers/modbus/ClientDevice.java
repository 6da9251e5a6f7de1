package org.ringplc.runtime.drivers.modbus;

import java.util.ArrayList;
import java.util.List;
import org.ringplc.io.CycleIo;
import org.ringplc.io.ExchangeStatus;
import org.ringplc.lang.program.IoAddress;
import org.ringplc.runtime.image.ProcessImage;
import org.ringplc.runtime.project.ModbusClientDriverConfig;
import org.ringplc.runtime.project.ModbusClientDriverConfig.Device;

/**
 * One Modbus TCP server polled by the client driver: its connection, its requests and the state of
 * the one transaction that may be outstanding on the connection (Modbus TCP allows more, many
 * devices and gateways do not).
 *
 * <p><b>Per cycle</b>, on the scan thread: when the connection is free, one request (a read, or a due
 * write) is sent in the OUTPUT phase, and its response is taken by a non-blocking RECV in the next
 * INPUT phase: the device answers while the task sleeps, and the cycle never waits for a device, so
 * a slow or dead one cannot stretch it. A response not complete by then stays outstanding; the next
 * INPUT phases take the rest until the request's timeout. So a device completes at most one
 * transaction per cycle: with N requests each is repeated every N cycles (writes alternate with
 * reads when both are due), and read values are those the device had during the previous cycle's
 * idle time, as with any polled fieldbus.
 *
 * <p><b>Exchanges</b> are registered once, before there is a socket, and switched on only in the
 * phases where they are to run ({@link DeviceExchanges}). <b>Responses</b> are framed, matched and
 * checked by the device's {@link ClientTransaction}.
 *
 * <p><b>Connecting</b> happens on the device's {@link Connector} thread, which hands the connected fd
 * to the scan thread ({@link DeviceConnection}). The scan thread drops
 * the connection on a socket error, an end of stream, garbage (a frame that cannot be Modbus TCP),
 * a truncated response, or {@code timeoutsBeforeReconnect} timeouts in a row, and asks for a new one.
 *
 * <p><b>Status</b> ({@link ClientStatus}): counters and the last problem, written by the scan thread,
 * read by {@link #details} and {@link #problem} from any thread; the optional status bytes go to the
 * input image every cycle.
 */
final class ClientDevice {
    /** Request outcome codes, also the values of a request's status byte. Modbus exception codes are 1..255 below these. */
    static final int OK = 0;
    static final int DISCONNECTED = 0xFC;
    static final int BAD_RESPONSE = 0xFD;
    static final int TIMEOUT = 0xFE;
    static final int PENDING = 0xFF;

    /** Device status byte bits. */
    static final int BIT_CONNECTED = 1;
    static final int BIT_ALL_OK = 1 << 1;
    static final int BIT_TIMEOUT = 1 << 2;
    static final int BIT_EXCEPTION = 1 << 3;
    static final int BIT_BAD_RESPONSE = 1 << 4;
    static final int BIT_CONNECT_FAILED = 1 << 5;

    private final Device config;
    private final String label;
    private final ClientRequest[] requests;
    private final ClientRequest[] writes;
    private final RequestRotation rotation;
    private final DeviceExchanges exchanges;
    private final ClientTransaction transaction;
    /** The same CycleIo the exchanges are registered with: how they ended. */
    private CycleIo io;
    private byte[] in;
    private byte[] out;

    private final DeviceConnection connection;

    // what goes out when, scan thread only
    private boolean readArmed;
    private boolean recvArmed;
    private ClientRequest writeArmed;
    /** Set by afterInput, cleared by beforeOutput: an OUTPUT phase without an INPUT phase before it is the task's safe state. */
    private boolean inputSeen;

    /** Counters and the last problem: written by the scan thread (and the connector), read by any thread. */
    private final ClientStatus status = new ClientStatus();

    ClientDevice(Device config) {
        this.config = config;
        this.label = config.name();
        List<ClientRequest> all = new ArrayList<>();
        for (int i = 0; i < config.requests().size(); i++) {
            all.add(new ClientRequest(i, config.requests().get(i)));
        }
        requests = all.toArray(new ClientRequest[0]);
        ClientRequest[] reads = all.stream().filter(r -> r.cfg.isRead()).toArray(ClientRequest[]::new);
        writes = all.stream().filter(r -> !r.cfg.isRead()).toArray(ClientRequest[]::new);
        rotation = new RequestRotation(reads, writes);
        exchanges = new DeviceExchanges(writes, reads.length > 0);
        connection = new DeviceConnection(config, exchanges);
        transaction = new ClientTransaction(this, connection, config, status);
    }

    Device config() {
        return config;
    }

    /** Registers the exchanges (switched off, on no socket yet) and starts the connector. Scan thread, setup. */
    void init(CycleIo io, ProcessImage image, String threadName) {
        this.io = io;
        this.in = image.area(IoAddress.Area.I);
        this.out = image.area(IoAddress.Area.Q);
        transaction.image(in);
        exchanges.register(io);
        connection.start(threadName, status::touch);
    }

    // ---- the cycle, scan thread only ----

    /** After the INPUT phase: take what was received, finish or time out the transaction, take a new connection. */
    void afterInput(long now) {
        inputSeen = true;
        if (connection.up()) {
            if (recvArmed) {
                recvArmed = false;
                receive();
            }
            if (connection.up() && transaction.expired(now)) {
                transaction.timedOut();
            }
        }
        if (!connection.up() && connection.takeNew()) {
            startOver();
        }
        status.writeBytes(in, requests, config.status(), connection.up(), !connection.connectError().isEmpty());
    }

    /**
     * Before the OUTPUT phase: when the connection is free, the next request goes out (which one:
     * {@link RequestRotation}).
     */
    void beforeOutput() {
        boolean safeState = !inputSeen;
        inputSeen = false;
        if (safeState && connection.up() && writes.length > 0) {
            sendSafeOutputs();
            return;
        }
        ClientRequest chosen = connection.up() && transaction.idle()
                ? rotation.next(out, transaction.lastWasWrite()) : null;
        int wanted = chosen == null ? -1 : chosen.cfg.isRead() ? exchanges.readId() : chosen.sendId;
        exchanges.switchSends(wanted);
        if (chosen == null) {
            return;
        }
        int tid = transaction.begin(chosen);
        if (chosen.cfg.isRead()) {
            chosen.buildRead(exchanges.readBuffer(), tid, config.unitId());
            readArmed = true;
        } else {
            chosen.buildWrite(chosen.buf, tid, config.unitId());
            writeArmed = chosen;
        }
    }

    /**
     * The task stops or faulted and its outputs went to 0/FALSE: this extra OUTPUT phase is the last
     * chance to tell the device, so every write request goes out now with its safe data, each on its
     * own exchange, whether or not its data changed (an earlier write may still be unanswered), even
     * past an outstanding read, whose late answer is then ignored by its transaction id. Devices
     * should still have their own watchdog: a crashed process sends nothing.
     */
    private void sendSafeOutputs() {
        exchanges.switchSends(-1);
        for (ClientRequest w : writes) {
            w.loadPayload(out);
            w.buildWrite(w.buf, transaction.begin(w), config.unitId());
            exchanges.enableSend(w.sendId);
            w.safeArmed = true;
        }
        readArmed = false;
        writeArmed = null;
    }

    /** After the OUTPUT phase: check that the request went out, then arm the next INPUT phase's receive. */
    void afterOutput(long now) {
        for (ClientRequest w : writes) {
            if (w.safeArmed) {
                w.safeArmed = false;
                transaction.sent(now);
                if (!sendWentOut(w.sendId, w.aduLength)) {
                    return;
                }
            }
        }
        if (readArmed || writeArmed != null) {
            boolean ok = readArmed ? sendWentOut(exchanges.readId(), DeviceExchanges.READ_ADU)
                    : sendWentOut(writeArmed.sendId, writeArmed.aduLength);
            readArmed = false;
            writeArmed = null;
            transaction.sent(now);
            if (!ok) {
                return;
            }
        }
        if (!connection.up()) {
            return;
        }
        recvArmed = !transaction.idle();
        exchanges.enableRecv(recvArmed);
    }

    /** True when the SEND exchange {@code id} sent all {@code length} bytes; else the connection is dropped. */
    private boolean sendWentOut(int id, int length) {
        ExchangeStatus s = io.status(id);
        if (s == ExchangeStatus.OK && io.result(id) == length) {
            status.sent++;
            return true;
        }
        if (s == ExchangeStatus.OK) {
            drop(Problem.SEND_INCOMPLETE, io.result(id), length, "");
        } else {
            drop(Problem.IO_ERROR, 0, 0, s == ExchangeStatus.TIMEOUT ? "ETIMEDOUT (send)" : io.errorName(id));
        }
        return false;
    }

    private void receive() {
        int recvId = exchanges.recvId();
        ExchangeStatus s = io.status(recvId);
        if (s == ExchangeStatus.OK) {
            int n = io.result(recvId);
            if (n == 0) {
                drop(Problem.CLOSED_BY_PEER, 0, 0, "");
                return;
            }
            transaction.received(exchanges.recvBuffer(), n);
        } else if (s == ExchangeStatus.ERROR) {
            drop(Problem.IO_ERROR, 0, 0, io.errorName(recvId));
        }
        // TIMEOUT: nothing arrived before the phase deadline; the request's own timeout decides later
    }

    /** A new connection is up: every request is pending again and every write due. Scan thread, between phases. */
    private void startOver() {
        transaction.restart();
        for (ClientRequest r : requests) {
            r.state = PENDING;
            r.sentOnce = false;
        }
    }

    /** Drops the connection and asks the connector for a new one. Scan thread, between phases. */
    void drop(Problem p, int a, int b, String errno) {
        connection.close();
        readArmed = false;
        recvArmed = false;
        writeArmed = null;
        transaction.abandon();
        status.errors++;
        for (ClientRequest r : requests) {
            r.state = DISCONNECTED;
            if (r.cfg.isRead() && config.onDisconnect() == ModbusClientDriverConfig.OnDisconnect.ZERO) {
                r.zero(in);
            }
        }
        status.note(p, a, b, errno);
        connection.reconnect();
    }

    /** Stops the connector and releases every fd. The CycleIo has been closed: nothing is in flight. */
    void close() {
        connection.shutdown();
    }

    // ---- status, any thread ----

    boolean connected() {
        return connection.connected();
    }

    ClientStatus status() {
        return status;
    }

    /** "plc1 (127.0.0.1:502 unit 1): ..." or "" when nothing went wrong yet. */
    String problem() {
        return status.problem(label, connection.connected(), connection.connectError());
    }

    /** One line for the device, then one per request. */
    List<String> details() {
        return status.details(config, requests, connection.connected(), connection.connectError());
    }
}
