package org.ringplc.io.uring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.ringplc.io.Errno;

class UringProbeTest {

    @Test
    void theProbeAlwaysGivesAReason() {
        Uring.Probe probe = Uring.probe();
        assertTrue(!probe.reason().isBlank());
        if (probe.available()) {
            assertTrue(probe.reason().startsWith("io_uring available on Linux "), probe.reason());
        }
    }

    @Test
    void refusalsNameTheirLikelyCause() throws IOException {
        assertEquals(" (kernel built without io_uring, or the syscall is filtered)", Uring.explain(Errno.ENOSYS));
        Path sysctl = Path.of("/proc/sys/kernel/io_uring_disabled");
        String disabled = Files.exists(sysctl) ? Files.readString(sysctl).trim() : "";
        String eperm = Uring.explain(Errno.EPERM);
        if (disabled.equals("2")) {
            assertEquals(" (kernel.io_uring_disabled=2)", eperm);
        } else if (disabled.equals("1")) {
            assertTrue(eperm.contains("kernel.io_uring_group"), eperm);
        } else {
            assertEquals(" (blocked by a seccomp filter or a security module)", eperm);
        }
        assertTrue(Uring.explain(Errno.ENOMEM).contains("RLIMIT_MEMLOCK"));
        assertEquals("", Uring.explain(Errno.EINVAL));
    }

    @Test
    void userDataRoundTrips() {
        long packed = UserData.encode(1234, UserData.KIND_CANCEL, 0x1_2345);
        assertEquals(1234, UserData.slot(packed));
        assertEquals(UserData.KIND_CANCEL, UserData.kind(packed));
        assertEquals(0x2345, UserData.generation(packed), "the generation keeps its low 16 bits");
        assertEquals(Integer.MAX_VALUE, UserData.slot(UserData.encode(Integer.MAX_VALUE, UserData.KIND_EXCHANGE, 0xffff)));
    }
}
