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

    /** The operations a cycle exchange can be. */
    public enum Op { READ, WRITE, SEND, RECV }

    public Exchange {
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("exchange buffers must be direct");
        }
    }
}
