package org.ringplc.io.uring;

/**
 * Packs what a completion must tell us into the 64-bit {@code user_data} the kernel hands back
 * unchanged: which exchange slot, which kind of request (the exchange itself or our cancel of
 * it), and the phase generation that issued it.
 *
 * <pre>
 *  63            48 47            32 31                             0
 * +----------------+----------------+--------------------------------+
 * |   generation   |      kind      |              slot              |
 * +----------------+----------------+--------------------------------+
 * </pre>
 *
 * <p>The generation is redundant while every phase waits for all of its requests, which is the
 * design; it turns a violated invariant (a completion from an earlier phase) into a counted
 * stray instead of a wrong status.
 */
public final class UserData {

    /** The exchange's own request. */
    public static final int KIND_EXCHANGE = 1;
    /** An ASYNC_CANCEL aimed at the exchange's request. */
    public static final int KIND_CANCEL = 2;
    /** The zero LINK_TIMEOUT on the poll of a non-blocking READ. */
    public static final int KIND_LINK_TIMEOUT = 3;
    /**
     * The multishot receive of a RECV_LATEST exchange, which outlives phases: its generation
     * field holds the exchange's arm epoch instead, so completions of an arm that was replaced
     * (after {@code setFd}) are told apart.
     */
    public static final int KIND_MULTISHOT = 4;
    /** A NOP that orders a phase after the SQPOLL poller's pending receive work. */
    public static final int KIND_BARRIER = 5;
    /** The one-shot POLL_ADD that a non-blocking READ waits behind. */
    public static final int KIND_POLL = 6;

    private UserData() {
    }

    /** Packs a slot (≥ 0), a kind and the low 16 bits of a generation counter. */
    public static long encode(int slot, int kind, int generation) {
        return ((long) (generation & 0xffff) << 48) | ((long) (kind & 0xffff) << 32) | (slot & 0xffffffffL);
    }

    public static int slot(long userData) {
        return (int) userData;
    }

    public static int kind(long userData) {
        return (int) (userData >>> 32) & 0xffff;
    }

    public static int generation(long userData) {
        return (int) (userData >>> 48) & 0xffff;
    }
}
