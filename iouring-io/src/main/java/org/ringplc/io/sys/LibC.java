package org.ringplc.io.sys;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.nio.ByteOrder;

/**
 * The few libc functions the I/O layer calls, bound with JNA direct mapping.
 *
 * <p>Direct mapping ({@link Native#register}) instead of an interface proxy because the scan
 * thread calls some of these every cycle: a proxy call boxes its arguments into an
 * {@code Object[]}, a direct-mapped {@code native} method taking primitives does not allocate.
 * Pointers travel as {@code long} addresses for the same reason.
 *
 * <p>After a call returns -1, {@link #errno()} is the error it set: JNA saves {@code errno} per
 * thread right after each native call, before the JVM can run code that would overwrite it.
 *
 * <p>{@code syscall}, {@code open} and {@code fcntl} are variadic in C and are bound here with
 * fixed integer parameters. That is sound on the two ABIs we support: on x86-64 integer varargs
 * travel in the same registers as fixed ones (and glibc's {@code syscall} is assembly that never
 * reads {@code %al}); on aarch64 Linux (AAPCS64, unlike Apple's variant) variadic arguments also
 * use the ordinary argument registers.
 */
public final class LibC {

    static {
        Native.register(LibC.class, Platform.C_LIBRARY_NAME);
    }

    private LibC() {
    }

    /** Fails with a clear message on a platform whose constants and ABI this class does not cover. */
    public static void requireSupportedPlatform() {
        // Little-endian too: the io_uring SQE packing and the ring words assume it (aarch64_be exists).
        if (!Platform.isLinux() || !Platform.is64Bit() || ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN
                || !(Platform.ARCH.equals("x86-64") || Platform.ARCH.equals("aarch64"))) {
            throw new UnsupportedOperationException("ringplc native I/O needs Linux on x86-64 or aarch64, not "
                    + System.getProperty("os.name") + " " + Platform.ARCH);
        }
    }

    /** The errno of the last native call on this thread. */
    public static int errno() {
        return Native.getLastError();
    }

    // Constants shared by x86-64 and aarch64, checked against the uapi headers of both (LibCTest).
    // Most are asm-generic; the O_* values are where the two could differ: arm64 has its own
    // O_DIRECTORY (0x4000), O_NOFOLLOW (0x8000), O_DIRECT (0x10000) and O_LARGEFILE (0x20000),
    // x86-64 the generic ones. None of those is used here, and NativeFiles.open refuses any flag
    // but O_RDONLY/O_WRONLY/O_RDWR/O_NONBLOCK, so a caller cannot pass an x86-64 value to arm64.
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_NONBLOCK = 0x800;
    public static final int O_CLOEXEC = 0x80000;
    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_NOSIGNAL = 0x4000;
    public static final short POLLIN = 0x1;
    public static final short POLLOUT = 0x4;
    public static final short POLLERR = 0x8;
    public static final int PROT_READ = 0x1;
    public static final int PROT_WRITE = 0x2;
    public static final int MAP_SHARED = 0x1;
    public static final int MAP_POPULATE = 0x8000;
    public static final long MAP_FAILED = -1L;

    public static native int socket(int domain, int type, int protocol);

    public static native int bind(int fd, long sockaddr, int len);

    public static native int connect(int fd, long sockaddr, int len);

    public static native int getsockname(int fd, long sockaddr, long lenPtr);

    public static native int open(String path, int flags, int mode);

    public static native int close(int fd);

    public static native int fcntl(int fd, int cmd, int arg);

    public static native long recv(int fd, long buf, long len, int flags);

    public static native long send(int fd, long buf, long len, int flags);

    public static native long read(int fd, long buf, long len);

    public static native long write(int fd, long buf, long len);

    public static native long pread(int fd, long buf, long len, long offset);

    public static native long pwrite(int fd, long buf, long len, long offset);

    /** {@code pollfd[]} at {@code fds}: {@code int fd; short events; short revents;} (8 bytes). */
    public static native int poll(long fds, long nfds, int timeoutMillis);

    /** {@link #poll} with a {@code struct timespec} timeout (nanoseconds; 16 bytes on LP64). */
    public static native int ppoll(long fds, long nfds, long timespec, long sigmask);

    public static native long mmap(long addr, long length, int prot, int flags, int fd, long offset);

    public static native int munmap(long addr, long length);

    /** The raw system call; returns -1 and sets errno on failure like every libc wrapper. */
    public static native long syscall(long number, long a1, long a2, long a3, long a4, long a5, long a6);
}
