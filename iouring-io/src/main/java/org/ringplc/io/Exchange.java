package org.ringplc.io;

import java.nio.ByteBuffer;

/**
 * One I/O operation a driver registers once and the runtime runs every cycle in the given phase:
 * for example "receive the input datagram of socket 7 into this buffer" or "write these 2 bytes
 * to /sys/class/gpio/gpio17/value at offset 0".
 *
 * <p>The buffer must be direct and must not move or be freed while the {@link CycleIo} is open:
 * the kernel reads or writes it while the operation is in flight. The bytes transferred are
 * {@code buffer[position .. limit)} as they are at registration; the driver fills (outputs) or
 * reads (inputs) that region between phases, never during one.
 *
 * @param phase       the phase it runs in
 * @param op          what it does
 * @param fd          an open file descriptor (see {@link NativeFiles}); the exchange does not own it
 * @param buffer      a direct buffer region
 * @param fileOffset  for READ/WRITE on files: the file offset (sysfs value files want 0); -1 for
 *                    the current position; ignored for sockets
 * @param nonBlocking for RECV/READ: complete at once with {@link ExchangeStatus#NO_DATA} when
 *                    nothing is there instead of waiting for the deadline (MSG_DONTWAIT)
 */
public record Exchange(Phase phase, Op op, int fd, ByteBuffer buffer, long fileOffset, boolean nonBlocking) {

    /**
     * The operations a cycle exchange can be.
     *
     * <p>{@code RECV} takes the next queued datagram (or stream bytes), one per phase.
     * {@code RECV_LATEST} is for datagram sockets whose peer sends state, not requests: the
     * socket is read continuously and each phase reports the NEWEST datagram that arrived since
     * the exchange's previous phase, dropping older ones (OK with its bytes; else NO_DATA when
     * non-blocking, or TIMEOUT when nothing arrived by the deadline). io_uring arms one multishot
     * receive with a ring of kernel-provided buffers once, instead of a receive per phase (needs
     * Linux 6.0+); the fallback drains the socket with non-blocking receives. A phase reports at
     * most one datagram per exchange and drains at most a bounded number (64 on the fallback,
     * the provided buffers plus a few re-arms on io_uring), so a flooding peer cannot stall it.
     */
    public enum Op { READ, WRITE, SEND, RECV, RECV_LATEST }

    public Exchange {
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("exchange buffers must be direct");
        }
    }
}
