package org.ringplc.runtime.drivers.modbus;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.ringplc.io.CycleIo;
import org.ringplc.io.Exchange;
import org.ringplc.io.ExchangeStatus;
import org.ringplc.io.Phase;
import org.ringplc.lang.program.IoAddress;
import org.ringplc.runtime.image.ProcessImage;
import org.ringplc.runtime.project.ModbusClientDriverConfig;
import org.ringplc.runtime.project.ModbusClientDriverConfig.Device;
import org.ringplc.runtime.project.ModbusClientDriverConfig.Request;

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
 * <p><b>Exchanges</b> are registered once, before there is a socket, and switched on
 * ({@link CycleIo#setEnabled}) only in the phases where they are to run: one 12-byte SEND for all
 * reads (every read request has that size), one SEND per write request (so that all of them can go
 * out in the safe-state phase), one 260-byte RECV. A new connection moves them all onto its socket ({@link CycleIo#setFd}).
 *
 * <p><b>Connecting</b> happens on the device's {@link Connector} thread, which hands the connected fd
 * to the scan thread. The scan thread drops
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
    private final ClientRequest[] reads;
    private final ClientRequest[] writes;

    private CycleIo io;
    private byte[] in;
    private byte[] out;
    private ByteBuffer readBuf;
    private ByteBuffer recvBuf;
    private int readId = -1;
    private int recvId = -1;

    // connection, scan thread
    private int sock = -1;
    /** Set once by init; read by status readers on other threads. */
    private volatile Connector connector;
    private volatile boolean connected;

    // the transaction, scan thread only
    private ClientRequest outstanding;
    private int expectedTid;
    private int nextTid;
    private long sentAt;
    private boolean readArmed;
    private boolean recvArmed;
    private ClientRequest writeArmed;
    private final byte[] acc = new byte[2 * Modbus.MAX_ADU];
    private int accLen;
    private int nextRead;
    private int nextWrite;
    private boolean lastWasWrite;
    private int consecutiveTimeouts;
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
        reads = all.stream().filter(r -> r.cfg.isRead()).toArray(ClientRequest[]::new);
        writes = all.stream().filter(r -> !r.cfg.isRead()).toArray(ClientRequest[]::new);
    }

    Device config() {
        return config;
    }

    /** Registers the exchanges (switched off, on no socket yet) and starts the connector. Scan thread, setup. */
    void init(CycleIo io, ProcessImage image, String threadName) {
        this.io = io;
        this.in = image.area(IoAddress.Area.I);
        this.out = image.area(IoAddress.Area.Q);
        // SAFETY: every buffer below stays referenced by this object until close(), after the CycleIo closed
        recvBuf = ByteBuffer.allocateDirect(Modbus.MAX_ADU);
        recvId = register(Phase.INPUT, Exchange.Op.RECV, recvBuf, true);
        if (reads.length > 0) {
            readBuf = ByteBuffer.allocateDirect(12);
            readId = register(Phase.OUTPUT, Exchange.Op.SEND, readBuf, false);
        }
        for (ClientRequest w : writes) {
            w.buf = ByteBuffer.allocateDirect(w.aduLength);
            w.sendId = register(Phase.OUTPUT, Exchange.Op.SEND, w.buf, false);
        }
        connector = new Connector(config, threadName, status::touch);
        connector.start();
    }

    private int register(Phase phase, Exchange.Op op, ByteBuffer buf, boolean nonBlocking) {
        int id = io.register(new Exchange(phase, op, -1, buf, -1, nonBlocking));
        io.setEnabled(id, false);
        return id;
    }

    // ---- the cycle, scan thread only ----

    /** After the INPUT phase: take what was received, finish or time out the transaction, take a new connection. */
    void afterInput(long now) {
        inputSeen = true;
        if (sock >= 0) {
            if (recvArmed) {
                recvArmed = false;
                receive();
            }
            if (sock >= 0 && outstanding != null && now - sentAt > config.timeoutNanos()) {
                timedOut();
            }
        }
        if (sock < 0) {
            int fd = connector.take();
            if (fd >= 0) {
                install(fd);
            }
        }
        status.writeBytes(in, requests, config.status(), sock >= 0, !connectError().isEmpty());
    }

    /**
     * Before the OUTPUT phase: when the connection is free, the next request goes out: a due write
     * (but never two writes in a row while there are reads), else the next read in turn.
     */
    void beforeOutput() {
        boolean safeState = !inputSeen;
        inputSeen = false;
        if (safeState && sock >= 0 && writes.length > 0) {
            sendSafeOutputs();
            return;
        }
        ClientRequest chosen = null;
        if (sock >= 0 && outstanding == null) {
            if (writes.length > 0 && (reads.length == 0 || !lastWasWrite)) {
                for (int k = 0; k < writes.length && chosen == null; k++) {
                    ClientRequest w = writes[(nextWrite + k) % writes.length];
                    if (w.loadPayload(out)) {
                        chosen = w;
                        nextWrite = (nextWrite + k + 1) % writes.length;
                    }
                }
            }
            if (chosen == null && reads.length > 0) {
                chosen = reads[nextRead];
                nextRead = (nextRead + 1) % reads.length;
            }
        }
        int wanted = chosen == null ? -1 : chosen.cfg.isRead() ? readId : chosen.sendId;
        switchSends(wanted);
        if (chosen == null) {
            return;
        }
        if (chosen.cfg.isRead()) {
            chosen.buildRead(readBuf, tid(), config.unitId());
            readArmed = true;
        } else {
            chosen.buildWrite(chosen.buf, tid(), config.unitId());
            writeArmed = chosen;
        }
        expectedTid = nextTid;
        outstanding = chosen;
    }

    /**
     * The task stops or faulted and its outputs went to 0/FALSE: this extra OUTPUT phase is the last
     * chance to tell the device, so every write request goes out now with its safe data, each on its
     * own exchange, whether or not its data changed (an earlier write may still be unanswered), even
     * past an outstanding read, whose late answer is then ignored by its transaction id. Devices
     * should still have their own watchdog: a crashed process sends nothing.
     */
    private void sendSafeOutputs() {
        switchSends(-1);
        for (ClientRequest w : writes) {
            w.loadPayload(out);
            w.buildWrite(w.buf, tid(), config.unitId());
            io.setEnabled(w.sendId, true);
            w.safeArmed = true;
            expectedTid = nextTid;
            outstanding = w;
        }
        readArmed = false;
        writeArmed = null;
    }

    /** After the OUTPUT phase: check that the request went out, then arm the next INPUT phase's receive. */
    void afterOutput(long now) {
        for (ClientRequest w : writes) {
            if (w.safeArmed) {
                w.safeArmed = false;
                sentAt = now;
                if (!sendWentOut(w.sendId, w.aduLength)) {
                    return;
                }
            }
        }
        if (readArmed || writeArmed != null) {
            boolean ok = readArmed ? sendWentOut(readId, 12) : sendWentOut(writeArmed.sendId, writeArmed.aduLength);
            readArmed = false;
            writeArmed = null;
            sentAt = now;
            if (!ok) {
                return;
            }
        }
        if (sock < 0) {
            return;
        }
        recvArmed = outstanding != null;
        io.setEnabled(recvId, recvArmed);
    }

    /** Switches on the SEND exchange {@code id} (-1: none) and off the others. Scan thread, between phases. */
    private void switchSends(int id) {
        if (readId >= 0) {
            io.setEnabled(readId, readId == id);
        }
        for (ClientRequest w : writes) {
            io.setEnabled(w.sendId, w.sendId == id);
        }
    }

    private int tid() {
        nextTid = (nextTid + 1) & 0xffff;
        return nextTid;
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
        ExchangeStatus s = io.status(recvId);
        if (s == ExchangeStatus.OK) {
            int n = io.result(recvId);
            if (n == 0) {
                drop(Problem.CLOSED_BY_PEER, 0, 0, "");
                return;
            }
            if (accLen + n > acc.length) {
                drop(Problem.GARBAGE, -1, accLen + n, "");
                return;
            }
            recvBuf.get(0, acc, accLen, n);
            accLen += n;
            parse();
        } else if (s == ExchangeStatus.ERROR) {
            drop(Problem.IO_ERROR, 0, 0, io.errorName(recvId));
        }
        // TIMEOUT: nothing arrived before the phase deadline; the request's own timeout decides later
    }

    /** Takes every complete frame off the accumulator; drops the connection when framing is lost. */
    private void parse() {
        int at = 0;
        while (accLen - at >= Modbus.MBAP) {
            int protocol = Modbus.u16(acc, at + 2);
            int length = Modbus.u16(acc, at + 4);
            if (protocol != 0 || length < Modbus.MIN_LENGTH || length > Modbus.MAX_LENGTH) {
                accLen = 0;
                drop(Problem.GARBAGE, protocol, length, "");
                return;
            }
            if (accLen - at < 6 + length) {
                break;
            }
            frame(at, Modbus.u16(acc, at), length);
            at += 6 + length;
            if (sock < 0) {
                return;
            }
        }
        if (at > 0) {
            System.arraycopy(acc, at, acc, 0, accLen - at);
            accLen -= at;
        }
    }

    /** One complete frame at {@code at}: MBAP, then {@code length} bytes of unit id and PDU. */
    private void frame(int at, int tid, int length) {
        ClientRequest r = outstanding;
        if (r == null || tid != expectedTid) {
            // the late answer to a request that timed out: its transaction is over
            status.rejected++;
            return;
        }
        int unit = acc[at + 6] & 0xff;
        int fc = acc[at + 7] & 0xff;
        int pdu = at + 7;
        int pduLength = length - 1;
        outstanding = null;
        consecutiveTimeouts = 0;
        lastWasWrite = !r.cfg.isRead();
        if (unit != config.unitId()) {
            fail(r, BAD_RESPONSE, Problem.BAD_UNIT, unit, config.unitId());
        } else if (fc == (r.fc | 0x80) && pduLength == 2) {
            int code = acc[pdu + 1] & 0xff;
            fail(r, code == 0 ? BAD_RESPONSE : code, Problem.EXCEPTION, r.index, code);
        } else if (fc != r.fc) {
            fail(r, BAD_RESPONSE, Problem.BAD_FUNCTION, fc, r.fc);
        } else if (r.cfg.isRead()) {
            int expected = r.cfg.isBits() ? (r.count + 7) / 8 : 2 * r.count;
            int byteCount = pduLength >= 2 ? acc[pdu + 1] & 0xff : -1;
            if (byteCount != expected || pduLength != 2 + expected) {
                fail(r, BAD_RESPONSE, Problem.BAD_LENGTH, pduLength, 2 + expected);
            } else {
                r.store(acc, pdu + 2, in);
                succeed(r);
            }
        } else if (pduLength != 5) {
            fail(r, BAD_RESPONSE, Problem.BAD_LENGTH, pduLength, 5);
        } else if (!r.echoMatches(acc, pdu + 1)) {
            fail(r, BAD_RESPONSE, Problem.BAD_ECHO, r.index, 0);
        } else {
            r.written();
            succeed(r);
        }
    }

    private void succeed(ClientRequest r) {
        r.state = OK;
        r.good++;
        status.received++;
        connector.healthy();
    }

    private void fail(ClientRequest r, int state, Problem p, int a, int b) {
        r.state = state;
        r.bad++;
        status.rejected++;
        if (!r.cfg.isRead()) {
            // retried at the next chance, whatever the write mode
            r.sentOnce = false;
        }
        status.note(p, a, b, "");
    }

    private void timedOut() {
        ClientRequest r = outstanding;
        if (accLen > 0) {
            // part of a frame came: the stream cannot be resynchronised except by a new connection
            int expected = accLen >= 6 ? 6 + Modbus.u16(acc, 4) : Modbus.MBAP;
            r.state = TIMEOUT;
            drop(Problem.TRUNCATED, accLen, expected, "");
            return;
        }
        outstanding = null;
        lastWasWrite = !r.cfg.isRead();
        r.state = TIMEOUT;
        r.bad++;
        if (!r.cfg.isRead()) {
            r.sentOnce = false;
        }
        status.errors++;
        if (++consecutiveTimeouts >= config.timeoutsBeforeReconnect()) {
            drop(Problem.TIMEOUTS, consecutiveTimeouts, 0, "");
        } else {
            status.note(Problem.TIMEOUT, r.index, (int) (config.timeoutNanos() / 1_000_000L), "");
        }
    }

    /** Moves every exchange onto the new connection, all still switched off. Scan thread, between phases. */
    private void install(int fd) {
        io.setFd(recvId, fd);
        if (readId >= 0) {
            io.setFd(readId, fd);
        }
        for (ClientRequest w : writes) {
            io.setFd(w.sendId, fd);
        }
        sock = fd;
        connected = true;
        accLen = 0;
        outstanding = null;
        consecutiveTimeouts = 0;
        lastWasWrite = false;
        for (ClientRequest r : requests) {
            r.state = PENDING;
            r.sentOnce = false;
        }
    }

    /** Drops the connection and asks the connector for a new one. Scan thread, between phases. */
    private void drop(Problem p, int a, int b, String errno) {
        switchSends(-1);
        io.setEnabled(recvId, false);
        TcpSocket.close(sock);
        sock = -1;
        connected = false;
        readArmed = false;
        recvArmed = false;
        writeArmed = null;
        outstanding = null;
        accLen = 0;
        consecutiveTimeouts = 0;
        status.errors++;
        for (ClientRequest r : requests) {
            r.state = DISCONNECTED;
            if (r.cfg.isRead() && config.onDisconnect() == ModbusClientDriverConfig.OnDisconnect.ZERO) {
                r.zero(in);
            }
        }
        status.note(p, a, b, errno);
        connector.reconnect();
    }

    /** Stops the connector and releases every fd. The CycleIo has been closed: nothing is in flight. */
    void close() {
        if (connector != null) {
            connector.close();
        }
        TcpSocket.close(sock);
        sock = -1;
        connected = false;
    }

    // ---- status, any thread ----

    private String connectError() {
        Connector c = connector;
        return c == null ? "" : c.error();
    }

    boolean connected() {
        return connected;
    }

    ClientStatus status() {
        return status;
    }

    /** "plc1 (127.0.0.1:502 unit 1): ..." or "" when nothing went wrong yet. */
    String problem() {
        return status.problem(label, connected, connectError());
    }

    /** One line for the device, then one per request. */
    List<String> details() {
        return status.details(config, requests, connected, connectError());
    }
}
