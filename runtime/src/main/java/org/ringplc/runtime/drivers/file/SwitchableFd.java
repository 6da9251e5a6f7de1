package org.ringplc.runtime.drivers.file;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.file.Path;
import org.ringplc.io.NativeFiles;

/**
 * A file descriptor number reserved for the life of a driver whose target can be switched, between
 * two I/O phases, from a real file or socket to {@code /dev/null} and back.
 *
 * <p>Why: a {@link org.ringplc.io.Exchange} is registered once, before the first cycle, with a fixed
 * fd and a fixed byte length, and every registered exchange runs in every phase. Drivers whose
 * transfers vary from cycle to cycle (a Modbus request that is sent only when due, a sysfs value whose
 * text is one or five characters long, a device that is unplugged and replugged) register one
 * exchange per shape on its own switchable fd and point exactly the wanted ones at the device;
 * the others point at {@code /dev/null}, where a WRITE succeeds without effect and a SEND or RECV
 * fails at once with ENOTSOCK, which the driver ignores. Switching is one {@code dup2(2)}, a
 * non-blocking system call that never allocates, done only when the target changes.
 *
 * <p>Threading: {@link #open()} and {@link #close()} at setup; {@link #point} and
 * {@link #park} from the scan thread between phases only: then no exchange is in flight, so no
 * operation can observe the switch half-way.
 */
public final class SwitchableFd {
    private static final Path DEV_NULL = Path.of("/dev/null");
    private static final int EINTR = 4;

    private final int fd;
    private final int nullFd;
    /** The fd whose file this one currently refers to, or -1 for /dev/null. */
    private int target = -1;

    private SwitchableFd(int fd, int nullFd) {
        this.fd = fd;
        this.nullFd = nullFd;
    }

    /** Reserves a new fd number, parked on /dev/null. Setup time. */
    public static SwitchableFd open() throws IOException {
        int nullFd = NativeFiles.open(DEV_NULL, NativeFiles.O_RDWR);
        int fd;
        try {
            fd = NativeFiles.open(DEV_NULL, NativeFiles.O_RDWR);
        } catch (IOException e) {
            NativeFiles.close(nullFd);
            throw e;
        }
        return new SwitchableFd(fd, nullFd);
    }

    /** The fd number to register exchanges on; constant for the life of this object. */
    public int fd() {
        return fd;
    }

    /** True while this fd refers to a real file or socket rather than /dev/null. */
    public boolean isPointed() {
        return target >= 0;
    }

    /**
     * Makes this fd refer to the open file of {@code source} (a socket or file the caller keeps
     * owning). No system call when it already does. Scan thread, between phases.
     *
     * @return 0, or the errno of a failed dup2 (EBADF when {@code source} is not open)
     */
    public int point(int source) {
        if (target == source) {
            return 0;
        }
        int errno = dup2(source, fd);
        target = errno == 0 ? source : -1;
        if (errno != 0) {
            dup2(nullFd, fd);
        }
        return errno;
    }

    /** Makes this fd refer to /dev/null again. Scan thread, between phases. */
    public void park() {
        if (target >= 0) {
            dup2(nullFd, fd);
            target = -1;
        }
    }

    /** Releases both fds. After the CycleIo closed: nothing may be in flight. */
    public void close() {
        closeQuietly(fd);
        closeQuietly(nullFd);
        target = -1;
    }

    private static int dup2(int from, int to) {
        for (int attempt = 0; ; attempt++) {
            // dup2 is atomic: "to" is never observed closed by another thread (man 2 dup2)
            if (Native2.dup2(from, to) >= 0) {
                return 0;
            }
            int errno = Native.getLastError();
            // EINTR is documented for dup2 only when closing "to" is interrupted; three tries are plenty
            if (errno != EINTR || attempt == 2) {
                return errno;
            }
        }
    }

    private static void closeQuietly(int fd) {
        try {
            NativeFiles.close(fd);
        } catch (IOException ignored) {
            // close(2) releases the fd even when it reports an error
        }
    }

    /** The one libc call this class needs beyond {@link NativeFiles}; direct mapping, no allocation. */
    private static final class Native2 {
        static {
            Native.register(Native2.class, Platform.C_LIBRARY_NAME);
        }

        private Native2() {
        }

        static native int dup2(int oldFd, int newFd);
    }
}
