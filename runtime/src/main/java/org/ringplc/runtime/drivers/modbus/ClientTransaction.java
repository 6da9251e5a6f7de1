package org.ringplc.runtime.drivers.modbus;

import java.nio.ByteBuffer;
import org.ringplc.runtime.project.ModbusClientDriverConfig.Device;

/**
 * The one Modbus TCP transaction a {@link ClientDevice} may have outstanding on its connection:
 * its transaction id, when its request went out, and the response bytes received for it. Bytes
 * arrive in pieces (a RECV takes what the socket has); they are gathered, cut into MBAP frames, and
 * each frame is matched to the outstanding request by transaction id and checked against it (unit
 * id, function code, byte count, write echo) before read data reaches the %I image. A request not
 * answered within the device's timeout counts as a timeout; several in a row, or part of a frame
 * left over at the timeout (the stream cannot be resynchronised), drop the connection.
 *
 * <p>Kept apart from the device, which decides what goes out when and owns the connection, so that
 * the Modbus TCP response rules are in one place. Scan thread only; nothing allocated.
 */
final class ClientTransaction {
    private final ClientDevice device;
    private final DeviceConnection connection;
    private final Device config;
    private final ClientStatus status;
    /** The %I image, where read data and the request outcomes go. */
    private byte[] in;

    private ClientRequest outstanding;
    private int expectedTid;
    private int nextTid;
    private long sentAt;
    /** Received bytes not yet taken as frames: room for a whole frame behind the rest of another. */
    private final byte[] acc = new byte[2 * Modbus.MAX_ADU];
    private int accLen;
    private int consecutiveTimeouts;
    /** Whether the last transaction that ended was a write: reads and writes then alternate. */
    private boolean lastWasWrite;

    /** @param device where a connection to drop goes, with the problem */
    ClientTransaction(ClientDevice device, DeviceConnection connection, Device config, ClientStatus status) {
        this.device = device;
        this.connection = connection;
        this.config = config;
        this.status = status;
    }

    /** Setup: the input image read data is stored into. */
    void image(byte[] in) {
        this.in = in;
    }

    /**
     * Makes {@code r} the outstanding request, under a new transaction id (one per request sent,
     * wrapping at 16 bits), which it returns for the request's MBAP header.
     */
    int begin(ClientRequest r) {
        nextTid = (nextTid + 1) & 0xffff;
        expectedTid = nextTid;
        outstanding = r;
        return nextTid;
    }

    /** The request went out at {@code now}: its timeout counts from here. */
    void sent(long now) {
        sentAt = now;
    }

    boolean idle() {
        return outstanding == null;
    }

    boolean lastWasWrite() {
        return lastWasWrite;
    }

    /** Whether the outstanding request has waited longer than the device's timeout. */
    boolean expired(long now) {
        return outstanding != null && now - sentAt > config.timeoutNanos();
    }

    /** The connection went away: no transaction, no partial frame. */
    void abandon() {
        outstanding = null;
        accLen = 0;
        consecutiveTimeouts = 0;
    }

    /** A new connection: as {@link #abandon}, and the next request may be a write. */
    void restart() {
        abandon();
        lastWasWrite = false;
    }

    /** Takes the {@code n} bytes a RECV put at the start of {@code buf}, and every frame they complete. */
    void received(ByteBuffer buf, int n) {
        if (accLen + n > acc.length) {
            device.drop(Problem.GARBAGE, -1, accLen + n, "");
            return;
        }
        buf.get(0, acc, accLen, n);
        accLen += n;
        parse();
    }

    /** Takes every complete frame off the accumulator; drops the connection when framing is lost. */
    private void parse() {
        int at = 0;
        while (accLen - at >= Modbus.MBAP) {
            int protocol = Modbus.u16(acc, at + 2);
            int length = Modbus.u16(acc, at + 4);
            if (protocol != 0 || length < Modbus.MIN_LENGTH || length > Modbus.MAX_LENGTH) {
                accLen = 0;
                device.drop(Problem.GARBAGE, protocol, length, "");
                return;
            }
            if (accLen - at < 6 + length) {
                break;
            }
            frame(at, Modbus.u16(acc, at), length);
            at += 6 + length;
            if (!connection.up()) {
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
            fail(r, ClientDevice.BAD_RESPONSE, Problem.BAD_UNIT, unit, config.unitId());
        } else if (fc == (r.fc | 0x80) && pduLength == 2) {
            int code = acc[pdu + 1] & 0xff;
            fail(r, code == 0 ? ClientDevice.BAD_RESPONSE : code, Problem.EXCEPTION, r.index, code);
        } else if (fc != r.fc) {
            fail(r, ClientDevice.BAD_RESPONSE, Problem.BAD_FUNCTION, fc, r.fc);
        } else if (r.cfg.isRead()) {
            int expected = r.cfg.isBits() ? (r.count + 7) / 8 : 2 * r.count;
            int byteCount = pduLength >= 2 ? acc[pdu + 1] & 0xff : -1;
            if (byteCount != expected || pduLength != 2 + expected) {
                fail(r, ClientDevice.BAD_RESPONSE, Problem.BAD_LENGTH, pduLength, 2 + expected);
            } else {
                r.store(acc, pdu + 2, in);
                succeed(r);
            }
        } else if (pduLength != 5) {
            fail(r, ClientDevice.BAD_RESPONSE, Problem.BAD_LENGTH, pduLength, 5);
        } else if (!r.echoMatches(acc, pdu + 1)) {
            fail(r, ClientDevice.BAD_RESPONSE, Problem.BAD_ECHO, r.index, 0);
        } else {
            r.written();
            succeed(r);
        }
    }

    private void succeed(ClientRequest r) {
        r.state = ClientDevice.OK;
        r.good++;
        status.received++;
        connection.healthy();
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

    /** The outstanding request was not answered in time ({@link #expired}). */
    void timedOut() {
        ClientRequest r = outstanding;
        if (accLen > 0) {
            // part of a frame came: the stream cannot be resynchronised except by a new connection
            int expected = accLen >= 6 ? 6 + Modbus.u16(acc, 4) : Modbus.MBAP;
            r.state = ClientDevice.TIMEOUT;
            device.drop(Problem.TRUNCATED, accLen, expected, "");
            return;
        }
        outstanding = null;
        lastWasWrite = !r.cfg.isRead();
        r.state = ClientDevice.TIMEOUT;
        r.bad++;
        if (!r.cfg.isRead()) {
            r.sentOnce = false;
        }
        status.errors++;
        if (++consecutiveTimeouts >= config.timeoutsBeforeReconnect()) {
            device.drop(Problem.TIMEOUTS, consecutiveTimeouts, 0, "");
        } else {
            status.note(Problem.TIMEOUT, r.index, (int) (config.timeoutNanos() / 1_000_000L), "");
        }
    }
}
