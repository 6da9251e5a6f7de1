package org.ringplc.io.uring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * The io_uring ABI of {@link Abi} pinned to include/uapi/linux/io_uring.h (v6.6), which has no
 * architecture-dependent part: syscall numbers 425..427 are in the unified table of every
 * architecture since 5.1, and every struct uses fixed-width fields with explicit padding, so
 * x86-64 and aarch64 share the layout. Runs without io_uring.
 */
class AbiTest {

    @Test
    void syscallNumbersAreTheUnifiedOnes() {
        assertEquals(425, Abi.SYS_IO_URING_SETUP);
        assertEquals(426, Abi.SYS_IO_URING_ENTER);
        assertEquals(427, Abi.SYS_IO_URING_REGISTER);
    }

    @Test
    void flagsAndOpcodesMatchTheHeader() {
        assertEquals(1 << 6, Abi.SETUP_R_DISABLED);
        assertEquals(1 << 7, Abi.SETUP_SUBMIT_ALL);
        assertEquals(1 << 8, Abi.SETUP_COOP_TASKRUN);
        assertEquals(1 << 12, Abi.SETUP_SINGLE_ISSUER);
        assertEquals(1 << 13, Abi.SETUP_DEFER_TASKRUN);
        assertEquals(1, Abi.ENTER_GETEVENTS);
        assertEquals(8, Abi.ENTER_EXT_ARG);
        assertEquals(4, Abi.IOSQE_IO_LINK);
        assertEquals(0, Abi.OP_NOP);
        assertEquals(14, Abi.OP_ASYNC_CANCEL);
        assertEquals(15, Abi.OP_LINK_TIMEOUT);
        assertEquals(22, Abi.OP_READ);
        assertEquals(23, Abi.OP_WRITE);
        assertEquals(26, Abi.OP_SEND);
        assertEquals(27, Abi.OP_RECV);
        assertEquals(8, Abi.REGISTER_PROBE);
        assertEquals(12, Abi.REGISTER_ENABLE_RINGS);
        assertEquals(0x8000000L, Abi.OFF_CQ_RING);
        assertEquals(0x10000000L, Abi.OFF_SQES);
        assertEquals(1 << 1, Abi.SETUP_SQPOLL);
        assertEquals(1 << 2, Abi.SETUP_SQ_AFF);
        assertEquals(1, Abi.SQ_NEED_WAKEUP);
        assertEquals(2, Abi.ENTER_SQ_WAKEUP);
        assertEquals(1 << 5, Abi.IOSQE_BUFFER_SELECT);
        assertEquals(2, Abi.RECV_MULTISHOT);
        assertEquals(1, Abi.CQE_F_BUFFER);
        assertEquals(2, Abi.CQE_F_MORE);
        assertEquals(16, Abi.CQE_BUFFER_SHIFT);
        assertEquals(22, Abi.REGISTER_PBUF_RING);
        assertEquals(23, Abi.UNREGISTER_PBUF_RING);
        assertEquals("SQPOLL|SUBMIT_ALL", Abi.setupFlagNames(Abi.SETUP_SQPOLL | Abi.SETUP_SUBMIT_ALL));
        assertEquals("SINGLE_ISSUER|DEFER_TASKRUN|SUBMIT_ALL|R_DISABLED", Abi.setupFlagNames(
                Abi.SETUP_SINGLE_ISSUER | Abi.SETUP_DEFER_TASKRUN | Abi.SETUP_SUBMIT_ALL | Abi.SETUP_R_DISABLED));
    }

    @Test
    void structLayoutsMatchTheHeader() {
        // io_uring_params: 10 u32 fields (40 bytes), then sq_off (40 bytes), then cq_off (40 bytes).
        assertEquals(120, Abi.PARAMS_SIZE);
        assertEquals(40, Abi.SQ_OFF_HEAD);
        assertEquals(64, Abi.SQ_OFF_ARRAY);
        assertEquals(80, Abi.CQ_OFF_HEAD);
        assertEquals(100, Abi.CQ_OFF_CQES);
        assertEquals(64, Abi.SQE_SIZE);
        assertEquals(16, Abi.CQE_SIZE);
        assertEquals(8, Abi.CQE_RES);
        assertEquals(24, Abi.GETEVENTS_ARG_SIZE);
        assertEquals(16, Abi.GETEVENTS_ARG_TS);
        // io_uring_params: sq_entries, cq_entries, flags, sq_thread_cpu, sq_thread_idle, features.
        assertEquals(12, Abi.PARAMS_SQ_THREAD_CPU);
        assertEquals(16, Abi.PARAMS_SQ_THREAD_IDLE);
        assertEquals(20, Abi.PARAMS_FEATURES);
        assertEquals(40, Abi.BUF_REG_SIZE);
        assertEquals(8, Abi.BUF_REG_RING_ENTRIES);
        assertEquals(12, Abi.BUF_REG_BGID);
        assertEquals(16, Abi.BUF_SIZE);
        assertEquals(12, Abi.BUF_BID);
        assertEquals(14, Abi.BUF_RING_TAIL, "io_uring_buf_ring's tail overlays bufs[0].resv");
    }

    @Test
    void aMultishotReceiveSqeCarriesIoprioAndItsBufferGroup() {
        ByteBuffer ring = ByteBuffer.allocateDirect(64 + 16).order(ByteOrder.nativeOrder());
        ring.putInt(8, 3);
        ring.putInt(12, 4);
        ByteBuffer sqes = ByteBuffer.allocateDirect(Abi.SQE_SIZE * 4).order(ByteOrder.nativeOrder());
        SubmissionQueue sq = new SubmissionQueue(ring, sqes, 0, 4, 8, 12, 16, 20, 64);

        sq.prepare(Abi.OP_RECV, Abi.IOSQE_BUFFER_SELECT, Abi.RECV_MULTISHOT, 7, 0L, 0, 0L, 0, 42L, 0xbeef);

        assertEquals(Abi.OP_RECV, sqes.get(Abi.SQE_OPCODE));
        assertEquals(Abi.IOSQE_BUFFER_SELECT, sqes.get(Abi.SQE_FLAGS));
        assertEquals(Abi.RECV_MULTISHOT, sqes.getShort(Abi.SQE_IOPRIO));
        assertEquals(7, sqes.getInt(Abi.SQE_FD));
        assertEquals((short) 0xbeef, sqes.getShort(Abi.SQE_BUF_INDEX));
        assertEquals(0, sqes.getShort(Abi.SQE_PERSONALITY));
        assertEquals(42L, sqes.getLong(Abi.SQE_USER_DATA));
    }

    @Test
    void aPreparedSqeHasEveryFieldAtItsOffset() {
        int entries = 4;
        int arrayOffset = 64;
        ByteBuffer ring = ByteBuffer.allocateDirect(arrayOffset + 4 * entries).order(ByteOrder.nativeOrder());
        ring.putInt(8, entries - 1); // ring_mask
        ring.putInt(12, entries);    // ring_entries
        ByteBuffer sqes = ByteBuffer.allocateDirect(Abi.SQE_SIZE * entries).order(ByteOrder.nativeOrder());
        for (int i = 0; i < sqes.capacity(); i++) {
            sqes.put(i, (byte) 0x5a); // leftovers of an earlier request must all be overwritten
        }
        SubmissionQueue sq = new SubmissionQueue(ring, sqes, 0, 4, 8, 12, 16, 20, arrayOffset);

        sq.prepare(Abi.OP_RECV, Abi.IOSQE_IO_LINK, -1, 0x1122334455667788L, 0x80000001, -2L, 0x40, 0xfedcba9876543210L);

        assertEquals(Abi.OP_RECV, sqes.get(Abi.SQE_OPCODE));
        assertEquals(Abi.IOSQE_IO_LINK, sqes.get(Abi.SQE_FLAGS));
        assertEquals(0, sqes.getShort(Abi.SQE_IOPRIO));
        assertEquals(-1, sqes.getInt(Abi.SQE_FD));
        assertEquals(-2L, sqes.getLong(Abi.SQE_OFF));
        assertEquals(0x1122334455667788L, sqes.getLong(Abi.SQE_ADDR));
        assertEquals(0x80000001, sqes.getInt(Abi.SQE_LEN));
        assertEquals(0x40, sqes.getInt(Abi.SQE_OP_FLAGS));
        assertEquals(0xfedcba9876543210L, sqes.getLong(Abi.SQE_USER_DATA));
        assertEquals(0, sqes.getShort(Abi.SQE_BUF_INDEX));
        assertEquals(0, sqes.getShort(Abi.SQE_PERSONALITY));
        assertEquals(0, sqes.getInt(Abi.SQE_FILE_INDEX));
        assertEquals(0L, sqes.getLong(Abi.SQE_ADDR3));
        assertEquals(0L, sqes.getLong(Abi.SQE_PAD2));
        assertEquals(0x5a, sqes.get(Abi.SQE_SIZE), "the next SQE is untouched");
        for (int i = 0; i < entries; i++) {
            assertEquals(i, ring.getInt(arrayOffset + 4 * i), "the index array is the identity");
        }
    }
}
