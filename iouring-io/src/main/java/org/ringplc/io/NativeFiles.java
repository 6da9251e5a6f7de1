package org.ringplc.io;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import org.ringplc.io.sys.LibC;

/**
 * Opens the file descriptors that {@link Exchange}s run on: UDP sockets for process-image
 * drivers, files and character devices (sysfs GPIO values, serial ports) for local I/O.
 *
 * <p>Plain fds rather than {@code java.nio} channels because the kernel (io_uring or the
 * fallback's syscalls) must see the real descriptor, and NIO keeps it private. Every call here
 * is a setup-time call: it may allocate and it reports failure as an {@link ErrnoException}
 * whose message names the call, the address or path and the errno name
 * ({@code "bind 127.0.0.1:9600: EADDRINUSE"}). The caller owns the returned fd and closes it
 * with {@link #close}.
 */
public final class NativeFiles {

    /** Open for reading only. */
    public static final int O_RDONLY = LibC.O_RDONLY;
    /** Open for writing only. */
    public static final int O_WRONLY = LibC.O_WRONLY;
    /** Open for reading and writing. */
    public static final int O_RDWR = LibC.O_RDWR;
    /** Reads and writes return EAGAIN instead of waiting (an exchange then reports NO_DATA). */
    public static final int O_NONBLOCK = LibC.O_NONBLOCK;

    // sockaddr_in is 16 bytes, sockaddr_in6 28; sockaddr_storage (128) holds either.
    private static final int SOCKADDR_STORAGE = 128;

    static {
        LibC.requireSupportedPlatform();
    }

    private NativeFiles() {
    }

    /**
     * Creates a UDP socket bound to {@code host:port} ({@code port} 0 = an ephemeral port, see
     * {@link #localPort}); blocking, close-on-exec. IPv4 or IPv6 follows the address.
     */
    public static int openUdpSocket(String host, int port) throws IOException {
        InetAddress address = resolve("bind", host, port);
        String subject = format(address, port);
        int fd = LibC.socket(family(address), LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new ErrnoException("socket", subject, LibC.errno());
        }
        try (Memory sockaddr = sockaddr(address, port)) {
            if (LibC.bind(fd, Pointer.nativeValue(sockaddr), (int) sockaddr.size()) < 0) {
                int errno = LibC.errno();
                LibC.close(fd);
                throw new ErrnoException("bind", subject, errno);
            }
        }
        return fd;
    }

    /**
     * Connects the UDP socket {@code fd} to {@code host:port}: SEND exchanges then need no
     * address, the socket only receives from that peer, and an ICMP port-unreachable from it is
     * reported as ECONNREFUSED on the next operation.
     */
    public static void connect(int fd, String host, int port) throws IOException {
        InetAddress address = resolve("connect", host, port);
        try (Memory sockaddr = sockaddr(address, port)) {
            if (LibC.connect(fd, Pointer.nativeValue(sockaddr), (int) sockaddr.size()) < 0) {
                throw new ErrnoException("connect", format(address, port), LibC.errno());
            }
        }
    }

    /** The local port socket {@code fd} is bound to (the chosen one after binding port 0). */
    public static int localPort(int fd) throws IOException {
        try (Memory sockaddr = new Memory(SOCKADDR_STORAGE); Memory len = new Memory(4)) {
            sockaddr.clear();
            len.setInt(0, SOCKADDR_STORAGE);
            if (LibC.getsockname(fd, Pointer.nativeValue(sockaddr), Pointer.nativeValue(len)) < 0) {
                throw new ErrnoException("getsockname", "fd " + fd, LibC.errno());
            }
            // sin_port and sin6_port both sit at offset 2, in network byte order.
            return ((sockaddr.getByte(2) & 0xff) << 8) | (sockaddr.getByte(3) & 0xff);
        }
    }

    /**
     * Opens a file or character device; {@code flags} is one of {@link #O_RDONLY},
     * {@link #O_WRONLY}, {@link #O_RDWR}, optionally or-ed with {@link #O_NONBLOCK}. The file
     * must exist (ringplc never creates device files); close-on-exec is always set.
     */
    public static int open(Path path, int flags) throws IOException {
        int allowed = O_RDONLY | O_WRONLY | O_RDWR | O_NONBLOCK;
        if ((flags & ~allowed) != 0 || (flags & 3) == 3) {
            throw new IllegalArgumentException("open flags must be O_RDONLY, O_WRONLY or O_RDWR, "
                    + "optionally | O_NONBLOCK; got 0x" + Integer.toHexString(flags));
        }
        int fd = LibC.open(path.toString(), flags | LibC.O_CLOEXEC, 0);
        if (fd < 0) {
            throw new ErrnoException("open", path.toString(), LibC.errno());
        }
        return fd;
    }

    /** Closes {@code fd}. Like close(2), the fd is released even when this reports an error. */
    public static void close(int fd) throws IOException {
        if (LibC.close(fd) < 0) {
            throw new ErrnoException("close", "fd " + fd, LibC.errno());
        }
    }

    /** Sets or clears O_NONBLOCK on {@code fd}. */
    public static void setNonBlocking(int fd, boolean nonBlocking) throws IOException {
        int flags = LibC.fcntl(fd, LibC.F_GETFL, 0);
        if (flags < 0) {
            throw new ErrnoException("fcntl(F_GETFL)", "fd " + fd, LibC.errno());
        }
        int wanted = nonBlocking ? flags | LibC.O_NONBLOCK : flags & ~LibC.O_NONBLOCK;
        if (wanted != flags && LibC.fcntl(fd, LibC.F_SETFL, wanted) < 0) {
            throw new ErrnoException("fcntl(F_SETFL)", "fd " + fd, LibC.errno());
        }
    }

    private static InetAddress resolve(String call, String host, int port) throws IOException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(call + " " + host + ":" + port + ": port out of range 0..65535");
        }
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IOException(call + " " + host + ":" + port + ": unknown host", e);
        }
    }

    private static int family(InetAddress address) {
        return address instanceof Inet6Address ? LibC.AF_INET6 : LibC.AF_INET;
    }

    // Layouts from <netinet/in.h>, identical on x86-64 and aarch64:
    // sockaddr_in  { u16 family (host order); u16 port (network order); u8 addr[4]; u8 zero[8]; }
    // sockaddr_in6 { u16 family; u16 port; u32 flowinfo; u8 addr[16]; u32 scope_id; }
    private static Memory sockaddr(InetAddress address, int port) {
        byte[] raw = address.getAddress();
        Memory memory = new Memory(address instanceof Inet4Address ? 16 : 28);
        memory.clear();
        memory.setShort(0, (short) family(address));
        memory.setByte(2, (byte) (port >>> 8));
        memory.setByte(3, (byte) port);
        if (address instanceof Inet4Address) {
            memory.write(4, raw, 0, 4);
        } else {
            memory.write(8, raw, 0, 16);
            memory.setInt(24, ((Inet6Address) address).getScopeId());
        }
        return memory;
    }

    private static String format(InetAddress address, int port) {
        String host = address.getHostAddress();
        return (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port;
    }
}
