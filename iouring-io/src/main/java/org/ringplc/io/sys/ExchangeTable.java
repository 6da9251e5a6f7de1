package org.ringplc.io.sys;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.Arrays;
import org.ringplc.io.Errno;
import org.ringplc.io.Exchange;
import org.ringplc.io.ExchangeStatus;
import org.ringplc.io.Phase;

/**
 * The registered exchanges of one {@code CycleIo}, flattened into primitive arrays so a phase
 * reads fd, address and length without touching objects, plus the outcome of each exchange.
 *
 * <p>Both back ends share it, so "what an exchange is" and "how its outcome is reported"
 * cannot drift apart between io_uring and the fallback.
 *
 * <p>Threading: {@link #register} before the first phase, everything else from the scan thread.
 */
public final class ExchangeTable {

    /** Op codes as stored in {@link #op(int)}: the ordinals of {@link Exchange.Op}. */
    public static final byte READ = (byte) Exchange.Op.READ.ordinal();
    public static final byte WRITE = (byte) Exchange.Op.WRITE.ordinal();
    public static final byte SEND = (byte) Exchange.Op.SEND.ordinal();
    public static final byte RECV = (byte) Exchange.Op.RECV.ordinal();
    public static final byte RECV_LATEST = (byte) Exchange.Op.RECV_LATEST.ordinal();

    private static final ExchangeStatus[] STATUSES = ExchangeStatus.values();
    private static final Phase[] PHASES = Phase.values();

    private Exchange[] exchanges = new Exchange[8];
    private int[] fd = new int[8];
    private byte[] op = new byte[8];
    private long[] address = new long[8];
    private int[] length = new int[8];
    private int[] capacity = new int[8];
    private boolean[] enabled = new boolean[8];
    private long[] fileOffset = new long[8];
    private boolean[] nonBlocking = new boolean[8];
    private byte[] status = new byte[8];
    private int[] result = new int[8];
    private final int[][] byPhase = new int[PHASES.length][8];
    private final int[] phaseCount = new int[PHASES.length];
    private int count;

    /** Adds an exchange and returns its id; resolves its buffer to an address once, here. */
    public int register(Exchange exchange) {
        if (count == exchanges.length) {
            grow(count * 2);
        }
        int id = count++;
        exchanges[id] = exchange;
        fd[id] = exchange.fd();
        op[id] = (byte) exchange.op().ordinal();
        // getDirectBufferPointer is the buffer's base; the exchange is [position, limit).
        address[id] = Pointer.nativeValue(Native.getDirectBufferPointer(exchange.buffer()))
                + exchange.buffer().position();
        length[id] = exchange.buffer().remaining();
        capacity[id] = length[id];
        enabled[id] = true;
        fileOffset[id] = exchange.fileOffset();
        nonBlocking[id] = exchange.nonBlocking();
        status[id] = (byte) ExchangeStatus.IDLE.ordinal();
        int p = exchange.phase().ordinal();
        if (phaseCount[p] == byPhase[p].length) {
            byPhase[p] = Arrays.copyOf(byPhase[p], phaseCount[p] * 2);
        }
        byPhase[p][phaseCount[p]++] = id;
        return id;
    }

    private void grow(int capacity) {
        exchanges = Arrays.copyOf(exchanges, capacity);
        fd = Arrays.copyOf(fd, capacity);
        op = Arrays.copyOf(op, capacity);
        address = Arrays.copyOf(address, capacity);
        length = Arrays.copyOf(length, capacity);
        this.capacity = Arrays.copyOf(this.capacity, capacity);
        enabled = Arrays.copyOf(enabled, capacity);
        fileOffset = Arrays.copyOf(fileOffset, capacity);
        nonBlocking = Arrays.copyOf(nonBlocking, capacity);
        status = Arrays.copyOf(status, capacity);
        result = Arrays.copyOf(result, capacity);
    }

    /** Number of registered exchanges. */
    public int size() {
        return count;
    }

    /** The largest number of exchanges any one phase runs. */
    public int maxPerPhase() {
        int max = 0;
        for (int n : phaseCount) {
            max = Math.max(max, n);
        }
        return max;
    }

    /** Number of exchanges of {@code phase}. */
    public int count(Phase phase) {
        return phaseCount[phase.ordinal()];
    }

    /** The {@code i}-th exchange id of {@code phase}, in registration order. */
    public int id(Phase phase, int i) {
        return byPhase[phase.ordinal()][i];
    }

    public Exchange exchange(int id) {
        return exchanges[id];
    }

    public int fd(int id) {
        return fd[id];
    }

    public byte op(int id) {
        return op[id];
    }

    /** Native address of the first byte the exchange transfers. */
    public long address(int id) {
        return address[id];
    }

    public int length(int id) {
        return length[id];
    }

    /** False while the exchange is switched off: its phase skips it. */
    public boolean enabled(int id) {
        return enabled[id];
    }

    /** Switches exchange {@code id} on or off for the following phases. */
    public void setEnabled(int id, boolean on) {
        checkId(id);
        enabled[id] = on;
    }

    /** Sets the bytes exchange {@code id} transfers, at most the region registered. */
    public void setLength(int id, int bytes) {
        checkId(id);
        if (bytes < 0 || bytes > capacity[id]) {
            throw new IllegalArgumentException("exchange " + id + " can transfer 0.." + capacity[id]
                    + " bytes (its registered buffer region), not " + bytes);
        }
        length[id] = bytes;
    }

    /** Moves exchange {@code id} to another fd for the following phases. */
    public void setFd(int id, int newFd) {
        checkId(id);
        fd[id] = newFd;
    }

    public long fileOffset(int id) {
        return fileOffset[id];
    }

    public boolean nonBlocking(int id) {
        return nonBlocking[id];
    }

    /** True for the ops that fill the buffer (RECV, RECV_LATEST, READ). */
    public boolean isInput(int id) {
        return op[id] == RECV || op[id] == RECV_LATEST || op[id] == READ;
    }

    /**
     * Records the outcome of exchange {@code id} from a raw result ({@code bytes ≥ 0} or
     * {@code -errno}), the way both back ends must classify it: EAGAIN on a non-blocking input is
     * NO_DATA, any other negative value is ERROR.
     */
    public void complete(int id, int res) {
        result[id] = res;
        if (res >= 0) {
            status[id] = (byte) ExchangeStatus.OK.ordinal();
        } else if (res == -Errno.EAGAIN && nonBlocking[id] && isInput(id)) {
            status[id] = (byte) ExchangeStatus.NO_DATA.ordinal();
        } else {
            status[id] = (byte) ExchangeStatus.ERROR.ordinal();
        }
    }

    /** Marks exchange {@code id} as cancelled at the deadline; its result reads -ETIMEDOUT. */
    public void timedOut(int id) {
        result[id] = -Errno.ETIMEDOUT;
        status[id] = (byte) ExchangeStatus.TIMEOUT.ordinal();
    }

    public ExchangeStatus status(int id) {
        checkId(id);
        return STATUSES[status[id]];
    }

    public int result(int id) {
        checkId(id);
        return result[id];
    }

    /** The errno name of a negative result, "" otherwise; allocates nothing for known errnos. */
    public String errorName(int id) {
        checkId(id);
        return result[id] < 0 ? Errno.name(-result[id]) : "";
    }

    /** Throws IndexOutOfBoundsException unless {@code id} is a registered exchange. */
    public void checkId(int id) {
        if (id < 0 || id >= count) {
            throw new IndexOutOfBoundsException("no exchange " + id + " (registered: " + count + ")");
        }
    }
}
