package org.ringplc.runtime.drivers.modbus;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.ringplc.io.Errno;
import org.ringplc.io.ErrnoException;
import org.ringplc.io.NativeFiles;

/**
 * Opens a connected TCP socket as a plain fd, for SEND and RECV exchanges of a {@code CycleIo}
 * ({@code NativeFiles} only opens UDP sockets and files). Called on a connector thread, never on
 * a scan thread: resolving the host and connecting may take as long as the timeout.
 *
 * <p>The connect is non-blocking and bounded: {@code connect} returns EINPROGRESS, {@code poll}
 * waits for writability up to the timeout, {@code SO_ERROR} tells the outcome. The socket is
 * returned in blocking mode with TCP_NODELAY: Modbus requests are small and must leave at once
 * (Nagle would hold a request back until the previous one was acknowledged).
 */
final class TcpSocket {
    // Constants of x86-64 and aarch64 Linux (asm-generic), pinned to include/uapi/asm-generic/socket.h,
    // include/linux/socket.h and include/uapi/linux/in.h, tcp.h at v6.6.
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_NONBLOCK = 0x800;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_ERROR = 4;
    private static final int IPPROTO_TCP = 6;
    private static final int TCP_NODELAY = 1;
    private static final int EINPROGRESS = 115;
    private static final short POLLOUT = 0x4;

    private TcpSocket() {
    }

    /**
     * Connects to {@code host:port} within {@code timeoutMillis}.
     *
     * @return the connected socket's fd, owned by the caller
     * @throws IOException naming the address and the cause: {@code connect 127.0.0.1:502: ECONNREFUSED},
     *                     {@code connect 10.0.0.9:502: ETIMEDOUT (no answer within 3000 ms)}
     */
    static int connect(String host, int port, int timeoutMillis) throws IOException {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IOException("connect " + host + ":" + port + ": unknown host", e);
        }
        String subject = (address instanceof Inet6Address ? "[" + address.getHostAddress() + "]"
                : address.getHostAddress()) + ":" + port;
        int family = address instanceof Inet6Address ? AF_INET6 : AF_INET;
        int fd = Lib.socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new ErrnoException("socket", subject, Native.getLastError());
        }
        boolean ok = false;
        try (Memory sockaddr = sockaddr(address, port); Memory scratch = new Memory(8)) {
            if (Lib.connect(fd, Pointer.nativeValue(sockaddr), (int) sockaddr.size()) < 0) {
                int errno = Native.getLastError();
                if (errno != EINPROGRESS) {
                    throw new ErrnoException("connect", subject, errno);
                }
                waitWritable(fd, subject, timeoutMillis, scratch);
                scratch.setInt(0, 0);
                scratch.setInt(4, 4);
                if (Lib.getsockopt(fd, SOL_SOCKET, SO_ERROR, Pointer.nativeValue(scratch),
                        Pointer.nativeValue(scratch) + 4) < 0) {
                    throw new ErrnoException("getsockopt(SO_ERROR)", subject, Native.getLastError());
                }
                int error = scratch.getInt(0);
                if (error != 0) {
                    throw new ErrnoException("connect", subject, error);
                }
            }
            scratch.setInt(0, 1);
            if (Lib.setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, Pointer.nativeValue(scratch), 4) < 0) {
                throw new ErrnoException("setsockopt(TCP_NODELAY)", subject, Native.getLastError());
            }
            NativeFiles.setNonBlocking(fd, false);
            ok = true;
            return fd;
        } finally {
            if (!ok) {
                Lib.close(fd);
            }
        }
    }

    private static void waitWritable(int fd, String subject, int timeoutMillis, Memory pollfd) throws IOException {
        long end = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            int left = (int) Math.max(0, (end - System.nanoTime()) / 1_000_000L);
            pollfd.setInt(0, fd);
            pollfd.setShort(4, POLLOUT);
            pollfd.setShort(6, (short) 0);
            int n = Lib.poll(Pointer.nativeValue(pollfd), 1, left);
            if (n > 0) {
                return;
            }
            if (n < 0 && Native.getLastError() != Errno.EINTR) {
                throw new ErrnoException("poll", subject, Native.getLastError());
            }
            if (n == 0 && left == 0) {
                throw new IOException("connect " + subject + ": ETIMEDOUT (no answer within " + timeoutMillis + " ms)");
            }
        }
    }

    /** Closes {@code fd}, ignoring errors (close(2) releases the fd even when it reports one). */
    static void close(int fd) {
        if (fd >= 0) {
            Lib.close(fd);
        }
    }

    // sockaddr_in  { u16 family (host order); u16 port (network order); u8 addr[4]; u8 zero[8]; }
    // sockaddr_in6 { u16 family; u16 port; u32 flowinfo; u8 addr[16]; u32 scope_id; }
    private static Memory sockaddr(InetAddress address, int port) {
        byte[] raw = address.getAddress();
        Memory m = new Memory(address instanceof Inet4Address ? 16 : 28);
        m.clear();
        m.setShort(0, (short) (address instanceof Inet4Address ? AF_INET : AF_INET6));
        m.setByte(2, (byte) (port >>> 8));
        m.setByte(3, (byte) port);
        if (address instanceof Inet4Address) {
            m.write(4, raw, 0, 4);
        } else {
            m.write(8, raw, 0, 16);
            m.setInt(24, ((Inet6Address) address).getScopeId());
        }
        return m;
    }

    /** libc, direct-mapped; pointers as addresses so no call allocates. */
    private static final class Lib {
        static {
            Native.register(Lib.class, Platform.C_LIBRARY_NAME);
        }

        private Lib() {
        }

        static native int socket(int domain, int type, int protocol);

        static native int connect(int fd, long sockaddr, int len);

        static native int getsockopt(int fd, int level, int name, long value, long lenPtr);

        static native int setsockopt(int fd, int level, int name, long value, int len);

        static native int poll(long fds, long nfds, int timeoutMillis);

        static native int close(int fd);
    }
}
