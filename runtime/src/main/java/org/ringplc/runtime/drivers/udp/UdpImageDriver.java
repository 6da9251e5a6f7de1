package org.ringplc.runtime.drivers.udp;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.ringplc.io.CycleIo;
import org.ringplc.io.Exchange;
import org.ringplc.io.ExchangeStatus;
import org.ringplc.io.NativeFiles;
import org.ringplc.io.Phase;
import org.ringplc.lang.program.IoAddress;
import org.ringplc.runtime.DriverStatus;
import org.ringplc.runtime.drivers.DriverException;
import org.ringplc.runtime.drivers.ImageDriver;
import org.ringplc.runtime.image.ProcessImage;
import org.ringplc.runtime.project.UdpDriverConfig;

/**
 * The UDP process-image driver (docs/ARCHITECTURE.md, "The UDP process-image protocol"): each
 * datagram carries a whole image, {@code RPIO}, version 1, three reserved bytes, a u32
 * little-endian sequence number, then the image bytes.
 *
 * <p>One socket bound to {@code listen} and connected to {@code peer}: SEND needs no address, and
 * the kernel only delivers datagrams from the peer, so no other host can inject inputs. The peer
 * sends state, so the newest datagram wins. Where the {@link CycleIo} supports it, the INPUT phase
 * runs one non-blocking {@link Exchange.Op#RECV_LATEST} exchange: the newest datagram since the
 * previous cycle, however many queued up (io_uring keeps one multishot receive armed; the fallback
 * drains the socket). Elsewhere (io_uring before Linux 6.0) it runs {@link #RECV_SLOTS}
 * non-blocking receives and takes the valid datagram with the newest sequence number (io_uring may
 * complete them in any order). Either way the datagram is checked before it fills the input image:
 * a wrong header, a short datagram or one older than the image already applied (a datagram the
 * network reordered) is counted as rejected and the image keeps its last good value. The OUTPUT
 * phase sends one datagram with the output image and the sequence number + 1.
 */
public final class UdpImageDriver implements ImageDriver {
    /**
     * Receives per cycle: a peer sending once per cycle with some jitter queues at most two or three
     * datagrams between two cycles; four drains that without letting a backlog build up.
     */
    public static final int RECV_SLOTS = 4;
    /**
     * How far behind the last applied sequence number a datagram counts as reordered (stale) rather
     * than as coming from a peer that restarted its count: a network path reorders datagrams by a
     * few places at most, and a peer restarting before it sent this many is ignored for at most
     * this many of its cycles (until its count passes the old one). Equal numbers are accepted, for
     * duplicates and for peers that do not count.
     */
    static final int REORDER_WINDOW = 16;
    static final int HEADER = 12;
    static final int MAGIC = 'R' | 'P' << 8 | 'I' << 16 | 'O' << 24;
    static final int VERSION = 1;

    private static final VarHandle LONG_OPAQUE = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int RECEIVED = 0;
    private static final int REJECTED = 1;
    private static final int SENT = 2;
    private static final int ERRORS = 3;

    private final UdpDriverConfig config;
    private final String task;
    /** received, rejected, sent, errors: written by the scan thread only (opaque), read by status. */
    private final long[] counters = new long[4];
    private volatile String lastError = "";
    private volatile String address = "";

    private CycleIo io;
    private int fd = -1;
    private byte[] inputImage;
    private byte[] outputImage;
    private final ByteBuffer[] recvBuffers = new ByteBuffer[RECV_SLOTS];
    private final int[] recvIds = new int[RECV_SLOTS];
    /** Receive exchanges in use: 1 with RECV_LATEST, {@link #RECV_SLOTS} without. */
    private int recvSlots;
    private volatile String receiveMode = "";
    /** The sequence number of the datagram in the input image; valid once {@link #applied}. */
    private int appliedSeq;
    private boolean applied;
    private ByteBuffer sendBuffer;
    private int sendId = -1;
    private int sequence;

    public UdpImageDriver(UdpDriverConfig config, String task) {
        this.config = config;
        this.task = task;
    }

    @Override
    public String name() {
        return config.name();
    }

    /** The local port the socket is bound to (the ephemeral one for {@code listen: host:0}), or -1. */
    public int localPort() {
        String a = address;
        return a.isEmpty() ? -1 : Integer.parseInt(a.substring(a.lastIndexOf(':') + 1));
    }

    @Override
    public void init(CycleIo io, ProcessImage image) throws DriverException {
        this.io = io;
        try {
            fd = NativeFiles.openUdpSocket(config.listen().host(), config.listen().port());
            NativeFiles.setNonBlocking(fd, true);
            if (config.peer() != null) {
                NativeFiles.connect(fd, config.peer().host(), config.peer().port());
            }
            int port = NativeFiles.localPort(fd);
            address = new UdpDriverConfig.Endpoint(config.listen().host(), port).toString();
        } catch (IOException e) {
            close();
            throw new DriverException("driver " + config.name() + " (udp " + config.listen() + "): " + e.getMessage(), e);
        }
        if (config.inputs() != null) {
            inputImage = image.area(IoAddress.Area.I);
            boolean latest = io.supports(Exchange.Op.RECV_LATEST);
            Exchange.Op op = latest ? Exchange.Op.RECV_LATEST : Exchange.Op.RECV;
            recvSlots = latest ? 1 : RECV_SLOTS;
            receiveMode = latest ? "newest datagram per cycle (RECV_LATEST)"
                    : RECV_SLOTS + " receives per cycle (RECV; RECV_LATEST unsupported here)";
            for (int i = 0; i < recvSlots; i++) {
                // SAFETY: the buffer stays referenced by this driver until close(), after the CycleIo closed
                recvBuffers[i] = ByteBuffer.allocateDirect(HEADER + config.inputs().size()).order(ByteOrder.LITTLE_ENDIAN);
                recvIds[i] = io.register(new Exchange(Phase.INPUT, op, fd, recvBuffers[i], -1, true));
            }
        }
        if (config.outputs() != null) {
            outputImage = image.area(IoAddress.Area.Q);
            sendBuffer = ByteBuffer.allocateDirect(HEADER + config.outputs().size()).order(ByteOrder.LITTLE_ENDIAN);
            sendBuffer.putInt(0, MAGIC).put(4, (byte) VERSION);
            sendId = io.register(new Exchange(Phase.OUTPUT, Exchange.Op.SEND, fd, sendBuffer, -1, false));
        }
    }

    @Override
    public void decodeInputs() {
        if (inputImage == null) {
            return;
        }
        int size = config.inputs().size();
        int best = -1;
        int bestSeq = 0;
        for (int i = 0; i < recvSlots; i++) {
            ExchangeStatus s = io.status(recvIds[i]);
            if (s == ExchangeStatus.OK) {
                ByteBuffer b = recvBuffers[i];
                int n = io.result(recvIds[i]);
                if (n < HEADER + size || b.getInt(0) != MAGIC || b.get(4) != VERSION) {
                    add(REJECTED);
                    continue;
                }
                int seq = b.getInt(8);
                // serial-number comparison (RFC 1982): newer even across the u32 wrap
                if (best < 0 || seq - bestSeq > 0) {
                    best = i;
                    bestSeq = seq;
                }
            } else if (s == ExchangeStatus.ERROR) {
                error(io.errorName(recvIds[i]));
            }
        }
        if (best < 0) {
            return;
        }
        int behind = appliedSeq - bestSeq;
        if (applied && behind > 0 && behind <= REORDER_WINDOW) {
            // older than the image in place: the network reordered it behind a newer one
            add(REJECTED);
            return;
        }
        recvBuffers[best].get(HEADER, inputImage, config.inputs().offset(), size);
        appliedSeq = bestSeq;
        applied = true;
        add(RECEIVED);
    }

    @Override
    public void encodeOutputs() {
        if (sendBuffer == null) {
            return;
        }
        sequence++;
        sendBuffer.putInt(8, sequence);
        sendBuffer.put(HEADER, outputImage, config.outputs().offset(), config.outputs().size());
    }

    @Override
    public void outputsDone() {
        if (sendId < 0) {
            return;
        }
        ExchangeStatus s = io.status(sendId);
        if (s == ExchangeStatus.OK) {
            add(SENT);
        } else if (s == ExchangeStatus.ERROR || s == ExchangeStatus.TIMEOUT) {
            error(s == ExchangeStatus.TIMEOUT ? "ETIMEDOUT" : io.errorName(sendId));
        }
    }

    private void add(int counter) {
        // single writer: a plain read-modify-write published with an opaque store is enough
        LONG_OPAQUE.setOpaque(counters, counter, (long) LONG_OPAQUE.getOpaque(counters, counter) + 1);
    }

    private void error(String name) {
        add(ERRORS);
        if (!name.equals(lastError)) {
            lastError = name;
        }
    }

    @Override
    public DriverStatus status() {
        return new DriverStatus(config.name(), "udp", task, address,
                (long) LONG_OPAQUE.getOpaque(counters, RECEIVED), (long) LONG_OPAQUE.getOpaque(counters, REJECTED),
                (long) LONG_OPAQUE.getOpaque(counters, SENT), (long) LONG_OPAQUE.getOpaque(counters, ERRORS), lastError,
                receiveMode.isEmpty() ? List.of() : List.of("inputs: " + receiveMode));
    }

    @Override
    public void close() {
        if (fd >= 0) {
            try {
                NativeFiles.close(fd);
            } catch (IOException ignored) {
                // the fd is released by close(2) even when it reports an error
            }
            fd = -1;
        }
    }
}
