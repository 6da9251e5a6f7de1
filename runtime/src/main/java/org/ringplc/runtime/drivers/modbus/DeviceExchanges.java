package org.ringplc.runtime.drivers.modbus;

import java.nio.ByteBuffer;
import org.ringplc.io.CycleIo;
import org.ringplc.io.Exchange;
import org.ringplc.io.Phase;

/**
 * The {@link CycleIo} exchanges of one {@link ClientDevice}, registered once, before there is a
 * socket, and switched on ({@link CycleIo#setEnabled}) only in the phases where they are to run:
 * one 12-byte SEND for all reads (every read request has that size), one SEND per write request
 * (so that all of them can go out in the safe-state phase), one RECV of a whole ADU. A new
 * connection moves them all onto its socket ({@link CycleIo#setFd}), still switched off.
 *
 * <p>Kept apart from the device so that what the I/O layer holds of it (ids, kernel-visible
 * buffers, which exchange is on) is in one place. Scan thread only, between phases.
 */
final class DeviceExchanges {
    /** The size of every read request's ADU: MBAP, unit, function, address, count. */
    static final int READ_ADU = 12;

    private final ClientRequest[] writes;
    private final boolean reads;
    private CycleIo io;
    private ByteBuffer readBuf;
    private ByteBuffer recvBuf;
    private int readId = -1;
    private int recvId = -1;

    /**
     * @param writes the device's write requests, whose {@code sendId} and {@code buf} this sets
     * @param reads  whether the device has read requests
     */
    DeviceExchanges(ClientRequest[] writes, boolean reads) {
        this.writes = writes;
        this.reads = reads;
    }

    /** Registers every exchange, switched off, on no socket yet. Setup. */
    void register(CycleIo io) {
        this.io = io;
        // SAFETY: every buffer below stays referenced by this object (the device's) until the
        // device closes, after the CycleIo closed: the kernel never sees a buffer that moved
        recvBuf = ByteBuffer.allocateDirect(Modbus.MAX_ADU);
        recvId = register(Phase.INPUT, Exchange.Op.RECV, recvBuf, true);
        if (reads) {
            readBuf = ByteBuffer.allocateDirect(READ_ADU);
            readId = register(Phase.OUTPUT, Exchange.Op.SEND, readBuf, false);
        }
        for (ClientRequest w : writes) {
            w.buf = ByteBuffer.allocateDirect(w.aduLength);
            w.sendId = register(Phase.OUTPUT, Exchange.Op.SEND, w.buf, false);
        }
    }

    private int register(Phase phase, Exchange.Op op, ByteBuffer buf, boolean nonBlocking) {
        int id = io.register(new Exchange(phase, op, -1, buf, -1, nonBlocking));
        io.setEnabled(id, false);
        return id;
    }

    /** The SEND exchange shared by all reads; -1 when the device has none. */
    int readId() {
        return readId;
    }

    /** Where a read request is built. */
    ByteBuffer readBuffer() {
        return readBuf;
    }

    int recvId() {
        return recvId;
    }

    /** Where the RECV puts what it received. */
    ByteBuffer recvBuffer() {
        return recvBuf;
    }

    /** Switches on the SEND exchange {@code id} (-1: none) and off the others. */
    void switchSends(int id) {
        if (readId >= 0) {
            io.setEnabled(readId, readId == id);
        }
        for (ClientRequest w : writes) {
            io.setEnabled(w.sendId, w.sendId == id);
        }
    }

    /** Switches on one more SEND exchange, leaving the others as they are (the safe-state phase). */
    void enableSend(int id) {
        io.setEnabled(id, true);
    }

    void enableRecv(boolean on) {
        io.setEnabled(recvId, on);
    }

    /** Switches every exchange off: the connection is gone. */
    void switchOff() {
        switchSends(-1);
        io.setEnabled(recvId, false);
    }

    /** Moves every exchange onto the socket {@code fd}, all still switched off. */
    void moveTo(int fd) {
        io.setFd(recvId, fd);
        if (readId >= 0) {
            io.setFd(readId, fd);
        }
        for (ClientRequest w : writes) {
            io.setFd(w.sendId, fd);
        }
    }
}
