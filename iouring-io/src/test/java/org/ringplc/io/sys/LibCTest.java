package org.ringplc.io.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ringplc.io.NativeFiles;

/**
 * The architecture-dependent numbers of {@link LibC}: each is pinned to the value that both
 * x86-64 and aarch64 Linux use (arch/x86/include/uapi, arch/arm64/include/uapi and
 * include/uapi/asm-generic, Linux 6.6), so a wrong edit fails here on any machine; the kernel of
 * the machine running the tests then confirms the ones it can.
 */
class LibCTest {

    // fcntl(2) values used only to check flags here (asm-generic/fcntl.h, same on both).
    private static final int F_GETFD = 1;
    private static final int FD_CLOEXEC = 1;

    @TempDir
    Path tmp;

    @Test
    void constantsAreTheValuesOfX8664AndAarch64() {
        // asm-generic/fcntl.h; arm64 overrides only O_DIRECTORY, O_NOFOLLOW, O_DIRECT, O_LARGEFILE.
        assertEquals(0, LibC.O_RDONLY);
        assertEquals(1, LibC.O_WRONLY);
        assertEquals(2, LibC.O_RDWR);
        assertEquals(04000, LibC.O_NONBLOCK);
        assertEquals(02000000, LibC.O_CLOEXEC);
        assertEquals(3, LibC.F_GETFL);
        assertEquals(4, LibC.F_SETFL);
        // linux/socket.h, linux/net.h (SOCK_CLOEXEC = O_CLOEXEC on both).
        assertEquals(2, LibC.AF_INET);
        assertEquals(10, LibC.AF_INET6);
        assertEquals(1, LibC.SOCK_STREAM);
        assertEquals(2, LibC.SOCK_DGRAM);
        assertEquals(LibC.O_CLOEXEC, LibC.SOCK_CLOEXEC);
        assertEquals(0x40, LibC.MSG_DONTWAIT);
        assertEquals(0x4000, LibC.MSG_NOSIGNAL);
        // asm-generic/poll.h, asm-generic/mman-common.h, asm-generic/mman.h.
        assertEquals(1, LibC.POLLIN);
        assertEquals(4, LibC.POLLOUT);
        assertEquals(8, LibC.POLLERR);
        assertEquals(1, LibC.PROT_READ);
        assertEquals(2, LibC.PROT_WRITE);
        assertEquals(1, LibC.MAP_SHARED);
        assertEquals(0x8000, LibC.MAP_POPULATE);
    }

    @Test
    void thisMachineIsASupportedPlatform() {
        LibC.requireSupportedPlatform();
    }

    @Test
    void theKernelAgreesWithTheFileFlags() throws IOException {
        Path file = tmp.resolve("f");
        Files.write(file, new byte[1]);
        int fd = NativeFiles.open(file, NativeFiles.O_RDWR | NativeFiles.O_NONBLOCK);
        try {
            int flags = LibC.fcntl(fd, LibC.F_GETFL, 0);
            assertEquals(LibC.O_RDWR, flags & 3);
            assertTrue((flags & LibC.O_NONBLOCK) != 0, "O_NONBLOCK reads back: 0x" + Integer.toHexString(flags));
            assertEquals(FD_CLOEXEC, LibC.fcntl(fd, F_GETFD, 0) & FD_CLOEXEC, "O_CLOEXEC set on open");
        } finally {
            NativeFiles.close(fd);
        }
    }

    @Test
    void theKernelAgreesWithTheSocketFlags() throws IOException {
        int fd = LibC.socket(LibC.AF_INET, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0);
        assertTrue(fd >= 0, "socket");
        try {
            assertEquals(FD_CLOEXEC, LibC.fcntl(fd, F_GETFD, 0) & FD_CLOEXEC, "SOCK_CLOEXEC set");
            NativeFiles.setNonBlocking(fd, true);
            assertTrue((LibC.fcntl(fd, LibC.F_GETFL, 0) & LibC.O_NONBLOCK) != 0);
        } finally {
            NativeFiles.close(fd);
        }
    }
}
