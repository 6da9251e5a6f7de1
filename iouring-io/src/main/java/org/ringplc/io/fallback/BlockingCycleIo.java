package org.ringplc.io.fallback;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.util.Arrays;
import org.ringplc.io.CycleIo;
import org.ringplc.io.Errno;
import org.ringplc.io.Exchange;
import org.ringplc.io.Phase;
import org.ringplc.io.sys.ExchangeTable;
import org.ringplc.io.sys.LibC;
import org.ringplc.io.sys.TableCycleIo;

/**
 * {@link CycleIo} over plain system calls, for kernels without io_uring or where it is refused
 * (seccomp profiles of container runtimes, {@code kernel.io_uring_disabled}).
 *
 * <p>A phase first tries every exchange at once without waiting (MSG_DONTWAIT for sockets, the
 * fd's own O_NONBLOCK for files); what would block is then waited for together in one
 * {@code ppoll} per round until the phase's deadline, so N blocking receives wait N-fold in
 * parallel, not in series. Reads and writes on a blocking fd are polled first, because a read
 * of a character device with nothing to give would otherwise block past the deadline. Costs at
 * least one syscall per exchange, which is what io_uring saves.
 *
 * <p>No allocation in {@link #runPhase}: the pollfd array and the timespec are allocated in
 * native memory at registration. Threading: as {@link CycleIo}; scan thread only.
 */
public final class BlockingCycleIo extends TableCycleIo {

    // struct pollfd { int fd; short events; short revents; } — 8 bytes, same on x86-64 and aarch64.
    private static final int POLLFD_SIZE = 8;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    // RECV_LATEST drains at most this many datagrams per phase, so a flooding peer cannot hold
    // the scan thread; the newest of them is reported, the rest wait for the next phase.
    private static final int MAX_LATEST_DRAIN = 64;

    private final String reason;
    // Per exchange: true when its fd is blocking and a READ/WRITE must be polled before the call.
    private boolean[] pollFirst = new boolean[8];
    private int[] pending = new int[0];
    private Memory pollfds;
    private final Memory timespec = new Memory(16);

    /** @param reason why the fallback runs, reported by {@link #backendReason()} */
    public BlockingCycleIo(String reason) {
        LibC.requireSupportedPlatform();
        this.reason = reason;
    }

    @Override
    public int register(Exchange exchange) {
        checkOpen();
        int id = table.register(exchange);
        if (id >= pollFirst.length) {
            pollFirst = Arrays.copyOf(pollFirst, pollFirst.length * 2);
        }
        pollFirst[id] = needsPollFirst(table.op(id), exchange.fd());
        int max = table.maxPerPhase();
        if (pending.length < max) {
            pending = new int[max];
            pollfds = new Memory((long) max * POLLFD_SIZE);
        }
        return id;
    }

    /** True for a READ/WRITE on a blocking fd, which must be polled before the call. */
    private static boolean needsPollFirst(byte op, int fd) {
        if (op != ExchangeTable.READ && op != ExchangeTable.WRITE) {
            return false;
        }
        int flags = LibC.fcntl(fd, LibC.F_GETFL, 0);
        // An fd we cannot query (closed, bad) is tried directly and reports its own error.
        return flags >= 0 && (flags & LibC.O_NONBLOCK) == 0;
    }

    /**
     * Runs the exchanges of {@code phase} until each completed or {@code deadlineNanos} passed.
     * Scan thread only.
     */
    @Override
    public void runPhase(Phase phase, long deadlineNanos) {
        checkOpen();
        syscalls = 0;
        int n = table.count(phase);
        int waiting = 0;
        boolean nonBlockingPolled = false;
        // 1. try everything that cannot block
        for (int i = 0; i < n; i++) {
            int id = table.id(phase, i);
            if (!table.enabled(id)) {
                continue;
            }
            if (pollFirst[id]) {
                pending[waiting++] = id;
                nonBlockingPolled |= table.nonBlocking(id);
            } else if (!attempt(id)) {
                pending[waiting++] = id;
            }
        }
        // 2. wait for the rest together, one ppoll per round. Bounded by the deadline: each
        // round either completes an exchange, or sleeps until readiness or the deadline.
        boolean firstRound = true;
        while (waiting > 0) {
            long remaining = deadlineNanos - System.nanoTime();
            // A blocking-fd exchange marked non-blocking gets one zero-timeout look, then NO_DATA.
            if (firstRound && nonBlockingPolled) {
                remaining = 0;
            } else if (remaining <= 0) {
                for (int k = 0; k < waiting; k++) {
                    table.timedOut(pending[k]);
                }
                return;
            }
            for (int k = 0; k < waiting; k++) {
                int id = pending[k];
                long at = (long) k * POLLFD_SIZE;
                pollfds.setInt(at, table.fd(id));
                pollfds.setShort(at + 4, table.isInput(id) ? LibC.POLLIN : LibC.POLLOUT);
                pollfds.setShort(at + 6, (short) 0);
            }
            timespec.setLong(0, remaining / NANOS_PER_SECOND);
            timespec.setLong(8, remaining % NANOS_PER_SECOND);
            syscalls++;
            int ready = LibC.ppoll(Pointer.nativeValue(pollfds), waiting, Pointer.nativeValue(timespec), 0L);
            if (ready < 0) {
                int errno = LibC.errno();
                if (errno == Errno.EINTR) {
                    continue;
                }
                for (int k = 0; k < waiting; k++) {
                    table.complete(pending[k], -errno);
                }
                return;
            }
            int kept = 0;
            for (int k = 0; k < waiting; k++) {
                int id = pending[k];
                short revents = pollfds.getShort((long) k * POLLFD_SIZE + 6);
                if (revents != 0) {
                    // POLLERR/POLLHUP included: the call itself then reports the error.
                    if (!attempt(id)) {
                        pending[kept++] = id;
                    }
                } else if (firstRound && nonBlockingPolled && table.nonBlocking(id)) {
                    table.complete(id, -Errno.EAGAIN);
                } else {
                    pending[kept++] = id;
                }
            }
            waiting = kept;
            firstRound = false;
        }
    }

    /**
     * Issues exchange {@code id} once without waiting; returns false if it would block and must
     * be waited for, true when its outcome is recorded (including NO_DATA for non-blocking
     * inputs).
     */
    private boolean attempt(int id) {
        if (table.op(id) == ExchangeTable.RECV_LATEST) {
            return attemptLatest(id);
        }
        while (true) {
            syscalls++;
            long res = call(id);
            if (res >= 0) {
                table.complete(id, (int) res);
                return true;
            }
            int errno = LibC.errno();
            if (errno == Errno.EINTR) {
                continue;
            }
            if (errno == Errno.EAGAIN && !(table.nonBlocking(id) && table.isInput(id))) {
                return false;
            }
            table.complete(id, -errno);
            return true;
        }
    }

    /**
     * RECV_LATEST: receives until the socket is empty, each datagram over the previous one, so
     * the buffer ends up with the newest; costs one receive per queued datagram plus the one that
     * finds the socket empty. An error after some data is left for the next phase to report.
     */
    private boolean attemptLatest(int id) {
        int fd = table.fd(id);
        long address = table.address(id);
        long length = table.length(id);
        int newest = -1;
        for (int received = 0; received < MAX_LATEST_DRAIN; ) {
            syscalls++;
            long res = LibC.recv(fd, address, length, LibC.MSG_DONTWAIT);
            if (res >= 0) {
                newest = (int) res;
                received++;
                continue;
            }
            int errno = LibC.errno();
            if (errno == Errno.EINTR) {
                continue;
            }
            if (newest >= 0) {
                break;
            }
            if (errno == Errno.EAGAIN && !table.nonBlocking(id)) {
                return false;
            }
            table.complete(id, -errno);
            return true;
        }
        table.complete(id, newest);
        return true;
    }

    private long call(int id) {
        int fd = table.fd(id);
        long address = table.address(id);
        long length = table.length(id);
        long offset = table.fileOffset(id);
        byte op = table.op(id);
        if (op == ExchangeTable.RECV || op == ExchangeTable.RECV_LATEST) {
            return LibC.recv(fd, address, length, LibC.MSG_DONTWAIT);
        } else if (op == ExchangeTable.SEND) {
            return LibC.send(fd, address, length, LibC.MSG_DONTWAIT | LibC.MSG_NOSIGNAL);
        } else if (op == ExchangeTable.READ) {
            return offset >= 0 ? LibC.pread(fd, address, length, offset) : LibC.read(fd, address, length);
        } else {
            return offset >= 0 ? LibC.pwrite(fd, address, length, offset) : LibC.write(fd, address, length);
        }
    }

    @Override
    public void setFd(int id, int fd) {
        checkOpen();
        table.setFd(id, fd);
        pollFirst[id] = needsPollFirst(table.op(id), fd);
    }

    /** Every op: RECV_LATEST is a drain with non-blocking receives. */
    @Override
    public boolean supports(Exchange.Op op) {
        return true;
    }

    @Override
    public String backend() {
        return "fallback";
    }

    @Override
    public String backendReason() {
        return reason;
    }

    /** Nothing is ever in flight between phases here; frees the native scratch memory. */
    @Override
    public void close() {
        if (markClosed()) {
            if (pollfds != null) {
                pollfds.close();
            }
            timespec.close();
        }
    }
}
