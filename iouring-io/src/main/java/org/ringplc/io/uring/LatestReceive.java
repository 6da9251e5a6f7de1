package org.ringplc.io.uring;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The kernel side of one RECV_LATEST exchange on io_uring: a ring of provided buffers (its own
 * buffer group) and the state of the multishot receive that fills them, armed once and kept
 * across phases.
 *
 * <p>The receive takes a free buffer for every datagram and posts a CQE naming it. We keep only
 * the newest buffer of each exchange and give every other one back at once, so the kernel has
 * {@link #BUFFERS} - 1 free buffers after each reap; more datagrams than that between two reaps
 * end the multishot with ENOBUFS, and it is armed again (the rest wait in the socket). At the end
 * of its phase the newest datagram is copied into the exchange's own buffer (a few dozen to a few
 * hundred bytes), so the exchange's buffer is, as for every exchange, never in the kernel's hands
 * between phases.
 *
 * <p>Threading: scan thread only. Allocation: at registration and when the ring is replaced.
 */
final class LatestReceive {

    /** Provided buffers per exchange (a power of two). */
    static final int BUFFERS = 8;
    /** Re-arms within one phase at most: bounds a phase against a peer flooding the socket. */
    static final int MAX_REARMS_PER_PHASE = 4;
    private static final int PAGE = 4096;
    // The buffer ring tail: a u16 the kernel reads with acquire, published with a release store.
    private static final VarHandle U16 = MethodHandles.byteBufferViewVarHandle(short[].class, ByteOrder.nativeOrder());

    final int groupId;
    final int capacity;
    private Memory ringMemory;
    private ByteBuffer ring;
    private long ringAddress;
    private Memory dataMemory;
    private ByteBuffer data;
    private long dataAddress;
    private int tail;

    /** True while a multishot receive is in the kernel (between its SQE and a CQE without F_MORE). */
    boolean armed;
    /** Counts arms; completions of an older arm (replaced by setFd) only give their buffer back. */
    int epoch;
    /** An arm on a previous fd that must be cancelled at the next phase, and its epoch. */
    boolean cancelOld;
    int oldEpoch;
    /** The newest datagram not yet reported: its buffer id and length, or -1. */
    int latestBuffer = -1;
    int latestLength;
    /** An error the receive reported since the last phase (ECONNREFUSED, ...), or 0. */
    int latestError;
    /** True while its phase waits for a first datagram. */
    boolean waiting;
    int rearms;
    /** The multishot ended for want of free buffers: datagrams are left in the socket. */
    boolean starved;
    /** The phase generation and SQ position of the latest arm and old-arm cancel, to withdraw them. */
    int armGeneration = -1;
    int armPosition;
    int cancelGeneration = -1;
    int cancelPosition;

    LatestReceive(int groupId, int capacity) {
        this.groupId = groupId;
        this.capacity = Math.max(1, capacity);
        allocate();
    }

    /**
     * Fresh memory for the ring and the buffers, all of them free. Used when the io_uring ring is
     * replaced: the old memory is left to the garbage collector rather than reused, because the
     * old ring's kernel teardown is asynchronous.
     */
    void allocate() {
        ringMemory = new Memory((long) BUFFERS * Abi.BUF_SIZE + PAGE);
        // The kernel wants the ring page-aligned; align() returns a view that keeps ringMemory alive.
        Pointer aligned = ringMemory.align(PAGE);
        ringAddress = Pointer.nativeValue(aligned);
        ring = aligned.getByteBuffer(0, (long) BUFFERS * Abi.BUF_SIZE).order(ByteOrder.nativeOrder());
        dataMemory = new Memory((long) BUFFERS * capacity);
        dataAddress = Pointer.nativeValue(dataMemory);
        data = dataMemory.getByteBuffer(0, (long) BUFFERS * capacity);
        for (int i = 0; i < BUFFERS * Abi.BUF_SIZE; i += 8) {
            ring.putLong(i, 0L);
        }
        tail = 0;
        for (int bid = 0; bid < BUFFERS; bid++) {
            put(bid);
        }
        publish();
        armed = false;
        starved = false;
        cancelOld = false;
        latestBuffer = -1;
        latestError = 0;
        waiting = false;
    }

    /** Registers the buffer ring with {@code uring}; 0 or -errno. */
    int register(Uring uring) {
        return uring.registerBufferRing(ringAddress, BUFFERS, groupId);
    }

    /** Records a datagram in buffer {@code bid}: it becomes the newest, the previous newest is given back. */
    void received(int bid, int length) {
        if (latestBuffer >= 0) {
            recycle(latestBuffer);
        }
        latestBuffer = bid;
        latestLength = length;
    }

    /** Gives buffer {@code bid} back to the kernel. */
    void recycle(int bid) {
        if (bid >= 0 && bid < BUFFERS) {
            put(bid);
            publish();
        }
    }

    /**
     * Copies the newest datagram (at most {@code length} bytes) to {@code target} at
     * {@code index}, gives its buffer back and returns the bytes copied; -1 if there is none.
     */
    int takeLatest(ByteBuffer target, int index, int length) {
        if (latestBuffer < 0) {
            return -1;
        }
        int copied = Math.min(latestLength, length);
        target.put(index, data, latestBuffer * capacity, copied);
        recycle(latestBuffer);
        latestBuffer = -1;
        return copied;
    }

    /** Drops the newest datagram unreported (the exchange moved to another fd). */
    void dropLatest() {
        if (latestBuffer >= 0) {
            recycle(latestBuffer);
            latestBuffer = -1;
        }
        latestError = 0;
    }

    private void put(int bid) {
        int at = (tail & (BUFFERS - 1)) * Abi.BUF_SIZE;
        // Plain stores: published by the release store of the tail. The tail field of entry 0
        // shares its 16 bytes, so the bid and len are written without touching bytes 14..15.
        ring.putLong(at + Abi.BUF_ADDR, dataAddress + (long) bid * capacity);
        ring.putInt(at + Abi.BUF_LEN, capacity);
        ring.putShort(at + Abi.BUF_BID, (short) bid);
        tail++;
    }

    private void publish() {
        // Release (C11 memory_order_release) pairs with the kernel's smp_load_acquire of the
        // buffer ring tail: the entries written above are visible before the tail is.
        U16.setRelease(ring, Abi.BUF_RING_TAIL, (short) tail);
    }
}
