package org.ringplc.runtime.drivers.modbus;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.ringplc.runtime.project.ModbusServerDriverConfig;

/**
 * The network side of the Modbus TCP server driver: one thread with a selector that accepts
 * clients, reads their requests and answers them from the newest image frame the scan thread
 * published ({@link ServedImage}). It never touches the live image.
 *
 * <p>Address mapping (docs/project-yaml.md, as in OpenPLC): coils = %QX (coil n is bit n%8 of %QB
 * n/8), discrete inputs = %IX, input registers = %IW (register n is %IWn), holding registers 0..1023
 * = %QW0..%QW1023, holding registers 1024.. = %MW0.. . What lies beyond the image is ILLEGAL DATA
 * ADDRESS.
 *
 * <p>A write is queued to the scan thread and answered once a frame published after the write was
 * applied is out, so a client that reads back right after its write sees the result of the cycle
 * that applied it (forced variables keep their forced value, as with every other write). One request
 * per connection is handled at a time; pipelined requests wait in the socket. A write the task does
 * not take within {@code writeTimeout} (the task is stopped or faulted) is answered with SERVER
 * DEVICE BUSY and never applied.
 *
 * <p>Malformed PDUs get exception responses (ILLEGAL FUNCTION, ILLEGAL DATA VALUE); a frame that is
 * not Modbus TCP at all (protocol id not 0, impossible length) closes the connection, since the
 * byte stream cannot be resynchronised.
 *
 * <p>Every unit id is answered unless {@code unitId} is set; then requests for other units are left
 * unanswered and not applied, as a device on a serial line ignores frames addressed to others, and
 * counted in the status.
 */
final class ModbusServer implements Runnable {
    /** How often the loop looks at pending writes while one is waiting for the scan thread. */
    private static final long PENDING_POLL_MILLIS = 1;
    /** How often an idle loop wakes to notice {@link #close()} even without a selector wake-up. */
    private static final long IDLE_POLL_MILLIS = 200;

    private final ModbusServerDriverConfig config;
    private final ServedImage image;
    private final ServerSocketChannel listener;
    private final Selector selector;
    private final int localPort;
    private final List<Client> clients = new ArrayList<>();
    private volatile boolean closing;
    private long writeSeq;

    // status, written by the server thread
    final AtomicLong answered = new AtomicLong();
    final AtomicLong exceptions = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong accepted = new AtomicLong();
    /** Requests for another unit id than {@code unitId}, left unanswered. */
    final AtomicLong otherUnits = new AtomicLong();
    volatile int connectedClients;
    volatile String lastError = "";

    /** Binds the listening socket; the thread is started by the caller. */
    ModbusServer(ModbusServerDriverConfig config, ServedImage image) throws IOException {
        this.config = config;
        this.image = image;
        selector = Selector.open();
        listener = ServerSocketChannel.open();
        try {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(new InetSocketAddress(config.bind(), config.port()), 64);
            listener.configureBlocking(false);
            listener.register(selector, SelectionKey.OP_ACCEPT);
            localPort = ((InetSocketAddress) listener.getLocalAddress()).getPort();
        } catch (IOException | RuntimeException e) {
            listener.close();
            selector.close();
            throw new IOException("bind " + config.bind() + ":" + config.port() + ": " + e.getMessage(), e);
        }
    }

    int localPort() {
        return localPort;
    }

    @Override
    public void run() {
        try {
            while (!closing) {
                boolean waiting = clients.stream().anyMatch(c -> c.pending != null);
                selector.select(waiting ? PENDING_POLL_MILLIS : IDLE_POLL_MILLIS);
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept();
                    } else if (key.isReadable()) {
                        Client c = (Client) key.attachment();
                        try {
                            c.readable();
                        } catch (IOException | RuntimeException e) {
                            drop(c, "connection lost: " + e.getMessage());
                        }
                    }
                }
                for (Client c : List.copyOf(clients)) {
                    try {
                        c.serve();
                    } catch (IOException | RuntimeException e) {
                        drop(c, "connection lost: " + e.getMessage());
                    }
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            if (!closing) {
                lastError = "server stopped: " + e.getMessage();
            }
        } finally {
            for (Client c : List.copyOf(clients)) {
                c.close();
            }
            clients.clear();
            connectedClients = 0;
        }
    }

    private void accept() throws IOException {
        SocketChannel ch;
        while ((ch = listener.accept()) != null) {
            accepted.incrementAndGet();
            if (clients.size() >= config.maxClients()) {
                lastError = "refused a client: " + config.maxClients() + " connections already (maxClients)";
                ch.close();
                continue;
            }
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Client c = new Client(ch);
            c.key = ch.register(selector, SelectionKey.OP_READ, c);
            clients.add(c);
            connectedClients = clients.size();
        }
    }

    private void drop(Client c, String why) {
        dropped.incrementAndGet();
        lastError = "client " + c.peer + ": " + why;
        c.close();
        clients.remove(c);
        connectedClients = clients.size();
    }

    /** Stops the thread (the caller joins it) and releases the sockets. */
    void close() {
        closing = true;
        selector.wakeup();
    }

    void release() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing a listening socket cannot lose data
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing to recover
        }
    }

    List<String> clientLines() {
        List<String> lines = new ArrayList<>();
        lines.add("listening on " + config.bind() + ":" + localPort
                + (config.unitId() == ModbusServerDriverConfig.ANY_UNIT ? "" : " as unit " + config.unitId() + " ("
                + otherUnits.get() + " requests for other units left unanswered)")
                + ", " + connectedClients + " client(s) connected, " + accepted.get() + " accepted since start");
        return lines;
    }

    /** One connected client: its receive buffer and the write it waits for, if any. */
    private final class Client {
        final SocketChannel channel;
        final String peer;
        final ByteBuffer in = ByteBuffer.allocate(2 * Modbus.MAX_ADU);
        SelectionKey key;
        /** The write this client's current request waits for, with its prepared response. */
        ServedImage.Write pending;
        byte[] pendingResponse;
        int pendingTid;
        int pendingUnit;

        Client(SocketChannel channel) {
            this.channel = channel;
            String p;
            try {
                p = String.valueOf(channel.getRemoteAddress());
            } catch (IOException e) {
                p = "?";
            }
            this.peer = p.startsWith("/") ? p.substring(1) : p;
        }

        void readable() throws IOException {
            if (!in.hasRemaining()) {
                // a full buffer means a request is waiting for a write: stop reading until it is answered
                key.interestOps(0);
                return;
            }
            int n = channel.read(in);
            if (n < 0) {
                close();
                clients.remove(this);
                connectedClients = clients.size();
            }
        }

        /** Answers the pending write when it is done, then every complete request in the buffer. */
        void serve() throws IOException {
            if (!channel.isOpen()) {
                return;
            }
            if (pending != null && !finishWrite()) {
                return;
            }
            byte[] b = in.array();
            while (pending == null && in.position() >= Modbus.MBAP) {
                int protocol = Modbus.u16(b, 2);
                int length = Modbus.u16(b, 4);
                if (protocol != 0 || length < Modbus.MIN_LENGTH || length > Modbus.MAX_LENGTH) {
                    drop(this, String.format("not Modbus TCP (protocol id 0x%04X, length %d); connection closed",
                            protocol, length));
                    return;
                }
                if (in.position() < 6 + length) {
                    break;
                }
                int tid = Modbus.u16(b, 0);
                int unit = b[6] & 0xff;
                byte[] pdu = java.util.Arrays.copyOfRange(b, 7, 6 + length);
                // take the frame off the buffer before answering
                in.flip();
                in.position(6 + length);
                in.compact();
                if (config.unitId() != ModbusServerDriverConfig.ANY_UNIT && unit != config.unitId()) {
                    // another device's request (a shared gateway line, a misconfigured master): not ours to answer or apply
                    otherUnits.incrementAndGet();
                    lastError = "client " + peer + ": request for unit " + unit + " left unanswered (unitId: "
                            + config.unitId() + ")";
                    continue;
                }
                byte[] response = handle(pdu);
                if (response == null) {
                    pendingTid = tid;
                    pendingUnit = unit;
                } else {
                    send(tid, unit, response);
                }
            }
            if (pending == null && key.isValid()) {
                key.interestOps(SelectionKey.OP_READ);
            }
        }

        private boolean finishWrite() throws IOException {
            ServedImage.Write w = pending;
            int state = w.state().get();
            if (state == ServedImage.Write.PENDING && System.nanoTime() - w.deadline() > 0
                    && w.state().compareAndSet(ServedImage.Write.PENDING, ServedImage.Write.ABANDONED)) {
                state = ServedImage.Write.ABANDONED;
            }
            if (state == ServedImage.Write.ABANDONED) {
                pending = null;
                exceptions.incrementAndGet();
                lastError = "client " + peer + ": write not applied within " + config.writeTimeoutNanos() / 1_000_000L
                        + " ms (is the task running?); answered SERVER DEVICE BUSY";
                send(pendingTid, pendingUnit, ServedFunctions.exception(pendingResponse[0], Modbus.SERVER_DEVICE_BUSY));
                return true;
            }
            if (state == ServedImage.Write.APPLIED && image.current().writesTaken >= w.seq()) {
                pending = null;
                answered.incrementAndGet();
                send(pendingTid, pendingUnit, pendingResponse);
                return true;
            }
            return false;
        }

        private void send(int tid, int unit, byte[] pdu) throws IOException {
            ByteBuffer out = ByteBuffer.allocate(Modbus.MBAP + pdu.length);
            out.putShort((short) tid).putShort((short) 0).putShort((short) (pdu.length + 1)).put((byte) unit).put(pdu);
            out.flip();
            channel.write(out);
            if (out.hasRemaining()) {
                drop(this, "not reading its responses; connection closed");
            }
        }

        /** The response PDU, or null when the request is a write now pending. */
        private byte[] handle(byte[] pdu) {
            byte[] response = ServedFunctions.answer(pdu, image.current(), this::queue);
            if (response != null) {
                if ((response[0] & 0x80) != 0) {
                    exceptions.incrementAndGet();
                } else {
                    answered.incrementAndGet();
                }
            }
            return response;
        }

        private void queue(boolean memory, boolean bits, int start, int count, byte[] data, byte[] response) {
            ServedImage.Write w = new ServedImage.Write(memory, bits, start, count, data, ++writeSeq,
                    System.nanoTime() + config.writeTimeoutNanos(), new AtomicInteger(ServedImage.Write.PENDING));
            pending = w;
            pendingResponse = response;
            image.writes.add(w);
        }

        void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the peer is gone either way
            }
        }
    }
}
