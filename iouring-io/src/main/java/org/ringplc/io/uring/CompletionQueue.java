package org.ringplc.io.uring;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The completion side of one ring: the CQ ring with its CQE array, shared with the kernel
 * through mmap.
 *
 * <p>The kernel is the only producer and publishes CQEs by a release store of the tail; we read
 * the tail with acquire before reading CQEs. We are the only consumer: {@link #localHead} is
 * ours, and the shared head is published with a release store so the kernel may reuse slots
 * only after we read them. Callers publish the head in a {@code finally}, so an exception while
 * handling a CQE never leaves consumed entries unreleased.
 *
 * <p>Threading: scan thread only.
 */
public final class CompletionQueue {

    // Native-order 32-bit ring words; offsets are 4-aligned in a page-aligned mapping.
    private static final VarHandle U32 = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private final ByteBuffer ring;
    private final int headOffset;
    private final int tailOffset;
    private final int overflowOffset;
    private final int cqesOffset;
    private final int mask;
    private final int entries;
    private int localHead;

    CompletionQueue(ByteBuffer ring, int headOffset, int tailOffset, int maskOffset, int entriesOffset,
            int overflowOffset, int cqesOffset) {
        this.ring = ring.order(ByteOrder.nativeOrder());
        this.headOffset = headOffset;
        this.tailOffset = tailOffset;
        this.overflowOffset = overflowOffset;
        this.cqesOffset = cqesOffset;
        // Plain reads: written by the kernel before io_uring_setup returned.
        this.mask = ring.getInt(maskOffset);
        this.entries = ring.getInt(entriesOffset);
        this.localHead = ring.getInt(headOffset);
    }

    /** Number of CQE slots. */
    public int entries() {
        return entries;
    }

    /** The kernel's tail: CQEs from {@link #head()} up to (excluding) it are ready to read. */
    public int tail() {
        // Acquire (C11 memory_order_acquire) pairs with the kernel's smp_store_release of the
        // CQ tail: the CQE contents below the tail are visible once the tail is.
        return (int) U32.getAcquire(ring, tailOffset);
    }

    /** Our head: the next CQE to read. */
    public int head() {
        return localHead;
    }

    /** user_data of the CQE at ring position {@code index} (a head..tail counter value). */
    public long userData(int index) {
        // Plain read: ordered after the acquire load of the tail in tail().
        return ring.getLong(cqesOffset + (index & mask) * Abi.CQE_SIZE + Abi.CQE_USER_DATA);
    }

    /** res of the CQE at ring position {@code index}: bytes or -errno. */
    public int result(int index) {
        // Plain read: ordered after the acquire load of the tail in tail().
        return ring.getInt(cqesOffset + (index & mask) * Abi.CQE_SIZE + Abi.CQE_RES);
    }

    /** flags of the CQE at ring position {@code index} (IORING_CQE_F_BUFFER, IORING_CQE_F_MORE, buffer id). */
    public int flags(int index) {
        // Plain read: ordered after the acquire load of the tail in tail().
        return ring.getInt(cqesOffset + (index & mask) * Abi.CQE_SIZE + Abi.CQE_FLAGS);
    }

    /** Releases every CQE before {@code newHead} to the kernel. */
    public void advanceTo(int newHead) {
        localHead = newHead;
        // Release (C11 memory_order_release) pairs with the kernel's acquire of the head: our
        // reads of the released CQEs happen before the kernel may overwrite those slots.
        U32.setRelease(ring, headOffset, newHead);
    }

    /** CQEs the kernel could not post because the ring was full (dropped or held back). */
    public int overflow() {
        // Acquire: a counter the kernel updates; we only need a fresh value.
        return (int) U32.getAcquire(ring, overflowOffset);
    }
}
