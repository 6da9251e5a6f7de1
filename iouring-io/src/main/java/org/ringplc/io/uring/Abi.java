package org.ringplc.io.uring;

/**
 * The io_uring kernel ABI this package speaks: syscall numbers, flags, opcodes and struct
 * layouts, all pinned to
 * <a href="https://github.com/torvalds/linux/blob/v6.6/include/uapi/linux/io_uring.h">include/uapi/linux/io_uring.h
 * at v6.6</a>. The layouts use only fixed-width fields and are the same on x86-64 and aarch64;
 * the syscall numbers 425..427 are shared by every architecture since Linux 5.1.
 */
final class Abi {

    private Abi() {
    }

    static final long SYS_IO_URING_SETUP = 425;
    static final long SYS_IO_URING_ENTER = 426;
    static final long SYS_IO_URING_REGISTER = 427;

    // io_uring_setup flags.
    static final int SETUP_SQPOLL = 1 << 1;
    static final int SETUP_SQ_AFF = 1 << 2;
    static final int SETUP_R_DISABLED = 1 << 6;
    static final int SETUP_SUBMIT_ALL = 1 << 7;
    static final int SETUP_COOP_TASKRUN = 1 << 8;
    static final int SETUP_SINGLE_ISSUER = 1 << 12;
    static final int SETUP_DEFER_TASKRUN = 1 << 13;

    // io_uring_params.features.
    static final int FEAT_SINGLE_MMAP = 1 << 0;
    static final int FEAT_NODROP = 1 << 1;
    static final int FEAT_RW_CUR_POS = 1 << 3;
    static final int FEAT_EXT_ARG = 1 << 8;

    // io_uring_enter flags.
    static final int ENTER_GETEVENTS = 1 << 0;
    static final int ENTER_SQ_WAKEUP = 1 << 1;
    static final int ENTER_EXT_ARG = 1 << 3;

    // sq_ring->flags, written by the kernel.
    static final int SQ_NEED_WAKEUP = 1 << 0;
    static final int SQ_CQ_OVERFLOW = 1 << 1;

    // mmap offsets of the three regions.
    static final long OFF_SQ_RING = 0L;
    static final long OFF_CQ_RING = 0x8000000L;
    static final long OFF_SQES = 0x10000000L;

    // io_uring_register opcodes.
    static final int REGISTER_PROBE = 8;
    static final int REGISTER_ENABLE_RINGS = 12;
    static final int REGISTER_PBUF_RING = 22;
    static final int UNREGISTER_PBUF_RING = 23;

    // io_uring_sqe.flags.
    static final int IOSQE_IO_LINK = 1 << 2;
    static final int IOSQE_BUFFER_SELECT = 1 << 5;

    // ioprio of SEND/RECV: keep receiving, one CQE per datagram (6.0).
    static final int RECV_MULTISHOT = 1 << 1;

    // io_uring_cqe.flags.
    static final int CQE_F_BUFFER = 1 << 0;
    static final int CQE_F_MORE = 1 << 1;
    static final int CQE_BUFFER_SHIFT = 16;

    // struct io_uring_buf_reg { __u64 ring_addr; __u32 ring_entries; __u16 bgid; __u16 flags; __u64 resv[3]; }
    static final int BUF_REG_SIZE = 40;
    static final int BUF_REG_RING_ADDR = 0;
    static final int BUF_REG_RING_ENTRIES = 8;
    static final int BUF_REG_BGID = 12;
    // struct io_uring_buf { __u64 addr; __u32 len; __u16 bid; __u16 resv; } (16 bytes); the
    // ring's tail is the resv field of entry 0 (struct io_uring_buf_ring).
    static final int BUF_SIZE = 16;
    static final int BUF_ADDR = 0;
    static final int BUF_LEN = 8;
    static final int BUF_BID = 12;
    static final int BUF_RING_TAIL = 14;

    // Opcodes (enum io_uring_op).
    static final byte OP_NOP = 0;
    static final byte OP_POLL_ADD = 6;
    static final byte OP_ASYNC_CANCEL = 14;
    static final byte OP_LINK_TIMEOUT = 15;
    static final byte OP_READ = 22;
    static final byte OP_WRITE = 23;
    static final byte OP_SEND = 26;
    static final byte OP_RECV = 27;

    // rw_flags of READ/WRITE (include/uapi/linux/fs.h): fail with EAGAIN instead of waiting.
    static final int RWF_NOWAIT = 0x8;

    // struct io_uring_params (120 bytes).
    static final int PARAMS_SIZE = 120;
    static final int PARAMS_SQ_ENTRIES = 0;
    static final int PARAMS_CQ_ENTRIES = 4;
    static final int PARAMS_FLAGS = 8;
    static final int PARAMS_SQ_THREAD_CPU = 12;
    static final int PARAMS_SQ_THREAD_IDLE = 16;
    static final int PARAMS_FEATURES = 20;
    // struct io_sqring_offsets sq_off at 40.
    static final int SQ_OFF_HEAD = 40;
    static final int SQ_OFF_TAIL = 44;
    static final int SQ_OFF_RING_MASK = 48;
    static final int SQ_OFF_RING_ENTRIES = 52;
    static final int SQ_OFF_FLAGS = 56;
    static final int SQ_OFF_DROPPED = 60;
    static final int SQ_OFF_ARRAY = 64;
    // struct io_cqring_offsets cq_off at 80.
    static final int CQ_OFF_HEAD = 80;
    static final int CQ_OFF_TAIL = 84;
    static final int CQ_OFF_RING_MASK = 88;
    static final int CQ_OFF_RING_ENTRIES = 92;
    static final int CQ_OFF_OVERFLOW = 96;
    static final int CQ_OFF_CQES = 100;

    // struct io_uring_sqe (64 bytes).
    static final int SQE_SIZE = 64;
    static final int SQE_OPCODE = 0;      // __u8
    static final int SQE_FLAGS = 1;       // __u8
    static final int SQE_IOPRIO = 2;      // __u16
    static final int SQE_FD = 4;          // __s32
    static final int SQE_OFF = 8;         // __u64 off / addr2
    static final int SQE_ADDR = 16;       // __u64 addr
    static final int SQE_LEN = 24;        // __u32
    static final int SQE_OP_FLAGS = 28;   // __u32 rw_flags / msg_flags / cancel_flags union
    static final int SQE_USER_DATA = 32;  // __u64
    static final int SQE_BUF_INDEX = 40;  // __u16 buf_index / buf_group
    static final int SQE_PERSONALITY = 42; // __u16
    static final int SQE_FILE_INDEX = 44; // __s32 splice_fd_in / file_index
    static final int SQE_ADDR3 = 48;      // __u64
    static final int SQE_PAD2 = 56;       // __u64 __pad2[1]

    // struct io_uring_cqe (16 bytes without IORING_SETUP_CQE32, which we never set).
    static final int CQE_SIZE = 16;
    static final int CQE_USER_DATA = 0;   // __u64
    static final int CQE_RES = 8;         // __s32
    static final int CQE_FLAGS = 12;      // __u32

    // struct io_uring_getevents_arg { __u64 sigmask; __u32 sigmask_sz; __u32 pad; __u64 ts; }.
    static final int GETEVENTS_ARG_SIZE = 24;
    static final int GETEVENTS_ARG_TS = 16;

    // struct io_uring_probe { __u8 last_op; __u8 ops_len; __u16 resv; __u32 resv2[3];
    //                         struct io_uring_probe_op { __u8 op; __u8 resv; __u16 flags; __u32 resv2; } ops[]; }
    static final int PROBE_HEADER_SIZE = 16;
    static final int PROBE_OP_SIZE = 8;
    static final int PROBE_OPS_LEN = 1;
    static final int PROBE_OP_FLAGS = 2;
    static final int PROBE_OP_SUPPORTED = 1;
    static final int PROBE_MAX_OPS = 256;

    /** Names of the setup flags we may choose, for reports. */
    static String setupFlagNames(int flags) {
        StringBuilder names = new StringBuilder();
        if ((flags & SETUP_SQPOLL) != 0) {
            names.append("SQPOLL|");
        }
        if ((flags & SETUP_SQ_AFF) != 0) {
            names.append("SQ_AFF|");
        }
        if ((flags & SETUP_SINGLE_ISSUER) != 0) {
            names.append("SINGLE_ISSUER|");
        }
        if ((flags & SETUP_DEFER_TASKRUN) != 0) {
            names.append("DEFER_TASKRUN|");
        }
        if ((flags & SETUP_COOP_TASKRUN) != 0) {
            names.append("COOP_TASKRUN|");
        }
        if ((flags & SETUP_SUBMIT_ALL) != 0) {
            names.append("SUBMIT_ALL|");
        }
        if ((flags & SETUP_R_DISABLED) != 0) {
            names.append("R_DISABLED|");
        }
        return names.length() == 0 ? "none" : names.substring(0, names.length() - 1);
    }
}
