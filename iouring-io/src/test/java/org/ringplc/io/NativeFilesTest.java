package org.ringplc.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ringplc.io.sys.LibC;

class NativeFilesTest {

    @TempDir
    Path tmp;

    @Test
    void anEphemeralPortIsChosenAndReported() throws IOException {
        int fd = NativeFiles.openUdpSocket("127.0.0.1", 0);
        try {
            int port = NativeFiles.localPort(fd);
            assertTrue(port > 0 && port <= 65535, "port " + port);
            try (DatagramChannel probe = DatagramChannel.open()) {
                IOException e = assertThrows(IOException.class, () -> probe.bind(new InetSocketAddress("127.0.0.1", port)));
                assertTrue(e.getMessage().toLowerCase().contains("in use"), e.getMessage());
            }
        } finally {
            NativeFiles.close(fd);
        }
    }

    @Test
    void bindingATakenPortNamesCallAddressAndErrno() throws IOException {
        try (DatagramChannel taken = DatagramChannel.open()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = ((InetSocketAddress) taken.getLocalAddress()).getPort();

            ErrnoException e = assertThrows(ErrnoException.class, () -> NativeFiles.openUdpSocket("127.0.0.1", port));

            assertEquals("bind 127.0.0.1:" + port + ": EADDRINUSE", e.getMessage());
            assertEquals(Errno.EADDRINUSE, e.errno());
            assertEquals("bind", e.call());
        }
    }

    @Test
    void ipv6LoopbackWorks() throws IOException {
        int fd;
        try {
            fd = NativeFiles.openUdpSocket("::1", 0);
        } catch (ErrnoException e) {
            // Hosts without IPv6 say so with EADDRNOTAVAIL or EAFNOSUPPORT; nothing else to check then.
            assertTrue(e.getMessage().startsWith("bind [::1]:0: ") || e.getMessage().startsWith("socket [::1]:0: "),
                    e.getMessage());
            return;
        }
        try {
            assertNotEquals(0, NativeFiles.localPort(fd));
            NativeFiles.connect(fd, "::1", 9);
        } finally {
            NativeFiles.close(fd);
        }
    }

    @Test
    void openingAMissingFileNamesThePathAndErrno() {
        Path missing = tmp.resolve("no-such-device");
        ErrnoException e = assertThrows(ErrnoException.class, () -> NativeFiles.open(missing, NativeFiles.O_RDONLY));
        assertEquals("open " + missing + ": ENOENT", e.getMessage());
    }

    @Test
    void openRejectsFlagsItDoesNotSupport() {
        assertThrows(IllegalArgumentException.class, () -> NativeFiles.open(tmp, 0x40 /* O_CREAT */));
    }

    @Test
    void nonBlockingCanBeSetAndCleared() throws IOException {
        Path file = tmp.resolve("f");
        Files.writeString(file, "x");
        int fd = NativeFiles.open(file, NativeFiles.O_RDONLY | NativeFiles.O_NONBLOCK);
        try {
            assertTrue((LibC.fcntl(fd, LibC.F_GETFL, 0) & LibC.O_NONBLOCK) != 0);
            NativeFiles.setNonBlocking(fd, false);
            assertEquals(0, LibC.fcntl(fd, LibC.F_GETFL, 0) & LibC.O_NONBLOCK);
            NativeFiles.setNonBlocking(fd, true);
            assertTrue((LibC.fcntl(fd, LibC.F_GETFL, 0) & LibC.O_NONBLOCK) != 0);
        } finally {
            NativeFiles.close(fd);
        }
    }

    @Test
    void closingTwiceReportsEbadf() throws IOException {
        int fd = NativeFiles.openUdpSocket("127.0.0.1", 0);
        NativeFiles.close(fd);
        ErrnoException e = assertThrows(ErrnoException.class, () -> NativeFiles.close(fd));
        assertEquals("EBADF", e.errnoName());
    }

    @Test
    void connectedSocketExchangesDatagramsWithItsPeer() throws IOException {
        try (DatagramChannel peer = DatagramChannel.open()) {
            peer.bind(new InetSocketAddress("127.0.0.1", 0));
            int fd = NativeFiles.openUdpSocket("127.0.0.1", 0);
            try {
                NativeFiles.connect(fd, "localhost", ((InetSocketAddress) peer.getLocalAddress()).getPort());
                ByteBuffer data = ByteBuffer.allocateDirect(3).put(new byte[] {1, 2, 3}).flip();
                long sent = LibC.send(fd, com.sun.jna.Pointer.nativeValue(com.sun.jna.Native.getDirectBufferPointer(data)),
                        3, 0);
                assertEquals(3, sent);
                ByteBuffer got = ByteBuffer.allocate(8);
                InetSocketAddress from = (InetSocketAddress) peer.receive(got);
                assertEquals(NativeFiles.localPort(fd), from.getPort());
                assertEquals(3, got.position());
            } finally {
                NativeFiles.close(fd);
            }
        }
    }
}
