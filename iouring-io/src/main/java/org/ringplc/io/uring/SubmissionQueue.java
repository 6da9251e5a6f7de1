package org.ringplc.io.uring;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The submission side of one ring: the SQ ring (head, tail, index array) and the SQE array,
 * both shared with the kernel through mmap.
 *
 * <p>We are the only producer: {@link #localTail} is ours, and the kernel reads the shared tail
 * only after we publish it with a release store. The kernel is the only consumer and advances
 * the head as it takes entries; we read it with acquire to know which SQE slots are free again.
 * The index array is filled once with the identity (slot i → SQE i), as liburing does, so
 * publishing is a single tail store.
 *
 * <p>Threading: scan thread only (the one writer of the ring).
 */
public final class SubmissionQueue {

    // 32-bit ring words in native order over the mmapped ByteBuffer; all offsets are 4-aligned
    // because the kernel places them in a page-aligned mapping at u32 positions.
    private static final VarHandle U32 = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private final ByteBuffer ring;
    private final ByteBuffer sqes;
    private final int headOffset;
    private final int tailOffset;
    private final int flagsOffset;
    private final int droppedOffset;
    private final int mask;
    private final int entries;
    private int localTail;

    SubmissionQueue(ByteBuffer ring, ByteBuffer sqes, int headOffset, int tailOffset, int maskOffset,
            int entriesOffset, int flagsOffset, int droppedOffset, int arrayOffset) {
        this.ring = ring.order(ByteOrder.nativeOrder());
        this.sqes = sqes.order(ByteOrder.nativeOrder());
        this.headOffset = headOffset;
        this.tailOffset = tailOffset;
        this.flagsOffset = flagsOffset;
        this.droppedOffset = droppedOffset;
        // Plain reads: the kernel wrote mask and entries before io_uring_setup returned.
        this.mask = ring.getInt(maskOffset);
        this.entries = ring.getInt(entriesOffset);
        // Plain read: no submission happened yet, so nobody else writes the tail.
        this.localTail = ring.getInt(tailOffset);
        for (int i = 0; i < entries; i++) {
            // Plain stores: published to the kernel by the first release store of the tail.
            ring.putInt(arrayOffset + 4 * i, i);
        }
    }

    /** Number of SQEs in the ring. */
    public int entries() {
        return entries;
    }

    /** Free SQE slots: entries minus those published or prepared and not yet taken by the kernel. */
    public int free() {
        // Acquire (C11 memory_order_acquire) pairs with the kernel's smp_store_release of the
        // head: slots below the head are no longer read by the kernel and may be rewritten.
        int head = (int) U32.getAcquire(ring, headOffset);
        return entries - (localTail - head);
    }

    /**
     * Fills the next SQE; the caller checked {@link #free()}. Every one of the 64 bytes is
     * written, so no field of an earlier request survives into this one.
     *
     * @param sqeFlags IOSQE_* flags (IOSQE_IO_LINK to chain the next SQE), else 0
     * @param opFlags  msg_flags for SEND/RECV, rw_flags for READ/WRITE, cancel_flags for cancels
     * @return the position of this SQE in submission order (see {@link #unsubmittedFrom})
     */
    public int prepare(byte opcode, int sqeFlags, int fd, long address, int length, long offset, int opFlags,
            long userData) {
        return prepare(opcode, sqeFlags, 0, fd, address, length, offset, opFlags, userData, 0);
    }

    /**
     * {@link #prepare(byte, int, int, long, int, long, int, long)} with the two fields only a
     * multishot receive from provided buffers uses.
     *
     * @param ioprio   ioprio (for RECV: IORING_RECV_MULTISHOT)
     * @param bufGroup buf_index / buf_group (with IOSQE_BUFFER_SELECT: the buffer group id)
     */
    public int prepare(byte opcode, int sqeFlags, int ioprio, int fd, long address, int length, long offset,
            int opFlags, long userData, int bufGroup) {
        int at = (localTail & mask) * Abi.SQE_SIZE;
        // Plain stores: the kernel reads this SQE only after the release store of the tail in
        // publish(), which orders these writes before it. Eight 64-bit stores cover the 64
        // bytes; the packing of the first, fourth and sixth words follows the field offsets
        // of Abi (little-endian on both supported architectures, checked by AbiTest).
        sqes.putLong(at + Abi.SQE_OPCODE, (opcode & 0xffL) | (sqeFlags & 0xffL) << 8 | (ioprio & 0xffffL) << 16
                | (long) fd << 32);
        sqes.putLong(at + Abi.SQE_OFF, offset);
        sqes.putLong(at + Abi.SQE_ADDR, address);
        sqes.putLong(at + Abi.SQE_LEN, (length & 0xffffffffL) | (long) opFlags << 32);
        sqes.putLong(at + Abi.SQE_USER_DATA, userData);
        // buf_index/buf_group; personality and file_index 0.
        sqes.putLong(at + Abi.SQE_BUF_INDEX, bufGroup & 0xffffL);
        sqes.putLong(at + Abi.SQE_ADDR3, 0L);
        sqes.putLong(at + Abi.SQE_PAD2, 0L);
        return localTail++;
    }

    /** Makes every prepared SQE visible to the kernel; the next io_uring_enter submits them. */
    public void publish() {
        // Release (C11 memory_order_release) pairs with the kernel's smp_load_acquire of the
        // tail: the SQE contents written above are visible before the new tail is.
        U32.setRelease(ring, tailOffset, localTail);
    }

    /** SQEs published but not yet consumed by the kernel: the to_submit of the next enter. */
    public int unsubmitted() {
        // Acquire: see free().
        return localTail - (int) U32.getAcquire(ring, headOffset);
    }

    /**
     * Withdraws SQEs the kernel has not consumed, after an io_uring_enter failed before
     * submitting them; sound only because no other thread submits on this ring (no SQPOLL).
     */
    void rewindUnsubmitted() {
        localTail = (int) U32.getAcquire(ring, headOffset);
        U32.setRelease(ring, tailOffset, localTail);
    }

    /**
     * True when the SQE {@link #prepare} returned {@code position} for was not consumed by the
     * kernel (it lies at or after the head); wrap-safe like the ring counters themselves.
     */
    public boolean unsubmittedFrom(int position) {
        // Acquire: see free().
        return position - (int) U32.getAcquire(ring, headOffset) >= 0;
    }

    /** The kernel's SQ ring flags (IORING_SQ_CQ_OVERFLOW, ...). */
    public int flags() {
        // Acquire: the kernel sets these flags with atomic ops; we only need a fresh value.
        return (int) U32.getAcquire(ring, flagsOffset);
    }

    /** SQEs the kernel dropped as invalid since the ring was created. */
    public int dropped() {
        // Acquire: counter written by the kernel, read as a fresh value.
        return (int) U32.getAcquire(ring, droppedOffset);
    }
}
