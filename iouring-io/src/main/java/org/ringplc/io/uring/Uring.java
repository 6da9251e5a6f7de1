package org.ringplc.io.uring;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ringplc.io.Errno;
import org.ringplc.io.ErrnoException;
import org.ringplc.io.sys.LibC;

/**
 * One io_uring instance: the ring fd, its three mmapped regions and the queues over them; and,
 * statically, the startup probe that tells whether this process may use io_uring at all.
 *
 * <p>Bound through raw {@code syscall()} (no liburing on the target) with the layouts of
 * {@link Abi}. Setup flags are chosen by what the kernel accepts, best first:
 * {@code SINGLE_ISSUER|DEFER_TASKRUN|SUBMIT_ALL} (completion work runs only when the scan
 * thread waits, never interrupting it; since 6.1), else {@code COOP_TASKRUN|SUBMIT_ALL} (no IPI
 * to the running thread; 5.19), else {@code COOP_TASKRUN}, else none. SINGLE_ISSUER rings are created disabled ({@code R_DISABLED}) and enabled by
 * {@link #enable()} on the thread that will submit, because the ring is usually built on another
 * thread than the scan thread that uses it.
 *
 * <p>The probe keeps its cause ("io_uring_setup failed: EPERM (kernel.io_uring_disabled=2)")
 * for the runtime's status page: a fallback that nobody can explain is an operations problem.
 */
public final class Uring implements AutoCloseable {

    /** Result of the startup probe: usable or not, and why, in words for an operator. */
    public record Probe(boolean available, String reason, int setupFlags) {
    }

    // SUBMIT_ALL (5.18) keeps submitting the SQEs after one that fails at once (a bad fd), so
    // such a phase still takes one io_uring_enter; without it the kernel stops at the failure.
    private static final int[] SETUP_FLAG_CHOICES = {
        Abi.SETUP_SINGLE_ISSUER | Abi.SETUP_DEFER_TASKRUN | Abi.SETUP_SUBMIT_ALL | Abi.SETUP_R_DISABLED,
        Abi.SETUP_COOP_TASKRUN | Abi.SETUP_SUBMIT_ALL,
        Abi.SETUP_COOP_TASKRUN,
        0,
    };
    // SQPOLL (opt-in): a kernel thread polls the SQ, so submitting needs no syscall. The IPI and
    // task-run flags are refused with it (the poller runs the completions' task work itself), and
    // SINGLE_ISSUER would only pin the creating thread, which never submits.
    private static final int[] SQPOLL_FLAG_CHOICES = {
        Abi.SETUP_SQPOLL | Abi.SETUP_SUBMIT_ALL,
        Abi.SETUP_SQPOLL,
    };
    private static final byte[] REQUIRED_OPS = {
        Abi.OP_READ, Abi.OP_WRITE, Abi.OP_SEND, Abi.OP_RECV, Abi.OP_ASYNC_CANCEL, Abi.OP_LINK_TIMEOUT, Abi.OP_POLL_ADD,
    };
    private static final String[] REQUIRED_OP_NAMES = {"READ", "WRITE", "SEND", "RECV", "ASYNC_CANCEL", "LINK_TIMEOUT",
        "POLL_ADD"};
    private static final Path DISABLED_SYSCTL = Path.of("/proc/sys/kernel/io_uring_disabled");

    private static final class ProbeHolder {
        static final Probe PROBE = runProbe();
    }

    private final int fd;
    private final int setupFlags;
    private final int features;
    private final long sqRingAddress;
    private final long sqRingLength;
    private final long cqRingAddress;
    private final long cqRingLength;
    private final long sqesAddress;
    private final long sqesLength;
    private final SubmissionQueue sq;
    private final CompletionQueue cq;
    private boolean enabled;
    private boolean closed;

    private Uring(int fd, int setupFlags, Memory params) throws ErrnoException {
        this.fd = fd;
        this.setupFlags = setupFlags;
        this.features = params.getInt(Abi.PARAMS_FEATURES);
        this.enabled = (setupFlags & Abi.SETUP_R_DISABLED) == 0;
        int sqEntries = params.getInt(Abi.PARAMS_SQ_ENTRIES);
        int cqEntries = params.getInt(Abi.PARAMS_CQ_ENTRIES);
        long sqLength = params.getInt(Abi.SQ_OFF_ARRAY) + 4L * sqEntries;
        long cqLength = params.getInt(Abi.CQ_OFF_CQES) + (long) Abi.CQE_SIZE * cqEntries;
        int prot = LibC.PROT_READ | LibC.PROT_WRITE;
        int map = LibC.MAP_SHARED | LibC.MAP_POPULATE;
        long sqAddress = LibC.MAP_FAILED;
        long cqAddress = LibC.MAP_FAILED;
        long sqes = LibC.MAP_FAILED;
        try {
            if ((features & Abi.FEAT_SINGLE_MMAP) != 0) {
                // One mapping holds both rings; it must be as long as the longer one.
                sqLength = Math.max(sqLength, cqLength);
                cqLength = sqLength;
                sqAddress = mmap(sqLength, prot, map, fd, Abi.OFF_SQ_RING, "sq/cq ring");
                cqAddress = sqAddress;
            } else {
                sqAddress = mmap(sqLength, prot, map, fd, Abi.OFF_SQ_RING, "sq ring");
                cqAddress = mmap(cqLength, prot, map, fd, Abi.OFF_CQ_RING, "cq ring");
            }
            sqes = mmap((long) Abi.SQE_SIZE * sqEntries, prot, map, fd, Abi.OFF_SQES, "sqes");
        } catch (ErrnoException e) {
            unmap(sqAddress, sqLength);
            if (cqAddress != sqAddress) {
                unmap(cqAddress, cqLength);
            }
            throw e;
        }
        this.sqRingAddress = sqAddress;
        this.sqRingLength = sqLength;
        this.cqRingAddress = cqAddress;
        this.cqRingLength = cqLength;
        this.sqesAddress = sqes;
        this.sqesLength = (long) Abi.SQE_SIZE * sqEntries;
        this.sq = new SubmissionQueue(new Pointer(sqAddress).getByteBuffer(0, sqLength),
                new Pointer(sqes).getByteBuffer(0, sqesLength),
                params.getInt(Abi.SQ_OFF_HEAD), params.getInt(Abi.SQ_OFF_TAIL), params.getInt(Abi.SQ_OFF_RING_MASK),
                params.getInt(Abi.SQ_OFF_RING_ENTRIES), params.getInt(Abi.SQ_OFF_FLAGS),
                params.getInt(Abi.SQ_OFF_DROPPED), params.getInt(Abi.SQ_OFF_ARRAY));
        this.cq = new CompletionQueue(new Pointer(cqAddress).getByteBuffer(0, cqLength),
                params.getInt(Abi.CQ_OFF_HEAD), params.getInt(Abi.CQ_OFF_TAIL), params.getInt(Abi.CQ_OFF_RING_MASK),
                params.getInt(Abi.CQ_OFF_RING_ENTRIES), params.getInt(Abi.CQ_OFF_OVERFLOW),
                params.getInt(Abi.CQ_OFF_CQES));
    }

    /**
     * Creates a ring of at least {@code entries} SQEs (the kernel rounds up to a power of two;
     * the CQ gets twice as many), with the best setup flags the kernel accepts.
     */
    public static Uring open(int entries) throws ErrnoException {
        return open(entries, SETUP_FLAG_CHOICES);
    }

    /**
     * A ring with a kernel submission-poller thread ({@code IORING_SETUP_SQPOLL}): the thread
     * picks SQEs up as soon as the tail is published and runs them, including the sends' network
     * work and the receives' completion work, on its own CPU account. It spins for
     * {@code idleMillis} after the last SQE before it sleeps (0: the kernel's default, 1 s), and
     * is pinned to {@code cpu} unless that is negative.
     */
    public static Uring openSqpoll(int entries, int idleMillis, int cpu) throws ErrnoException {
        int[] choices = SQPOLL_FLAG_CHOICES.clone();
        if (cpu >= 0) {
            for (int i = 0; i < choices.length; i++) {
                choices[i] |= Abi.SETUP_SQ_AFF;
            }
        }
        return open(entries, choices, idleMillis, Math.max(cpu, 0));
    }

    /** {@link #open(int)} trying only the given setup flag sets, in order (tests pin older-kernel setups). */
    static Uring open(int entries, int[] setupFlagChoices) throws ErrnoException {
        return open(entries, setupFlagChoices, 0, 0);
    }

    private static Uring open(int entries, int[] setupFlagChoices, int sqThreadIdleMillis, int sqThreadCpu)
            throws ErrnoException {
        LibC.requireSupportedPlatform();
        int errno = Errno.EINVAL;
        for (int flags : setupFlagChoices) {
            try (Memory params = new Memory(Abi.PARAMS_SIZE)) {
                params.clear();
                params.setInt(Abi.PARAMS_FLAGS, flags);
                // Read by the kernel only with SQPOLL (idle) and SQ_AFF (cpu).
                params.setInt(Abi.PARAMS_SQ_THREAD_IDLE, sqThreadIdleMillis);
                params.setInt(Abi.PARAMS_SQ_THREAD_CPU, sqThreadCpu);
                long fd = LibC.syscall(Abi.SYS_IO_URING_SETUP, entries, Pointer.nativeValue(params), 0, 0, 0, 0);
                if (fd < 0) {
                    errno = LibC.errno();
                    // EINVAL: this kernel does not know one of the flags; try the next choice.
                    if (errno == Errno.EINVAL) {
                        continue;
                    }
                    throw new ErrnoException("io_uring_setup", "", errno);
                }
                try {
                    return new Uring((int) fd, flags, params);
                } catch (ErrnoException e) {
                    LibC.close((int) fd);
                    throw e;
                }
            }
        }
        throw new ErrnoException("io_uring_setup", "", errno);
    }

    private static long mmap(long length, int prot, int flags, int fd, long offset, String what) throws ErrnoException {
        long address = LibC.mmap(0L, length, prot, flags, fd, offset);
        if (address == LibC.MAP_FAILED) {
            throw new ErrnoException("mmap", what, LibC.errno());
        }
        return address;
    }

    private static void unmap(long address, long length) {
        if (address != LibC.MAP_FAILED) {
            LibC.munmap(address, length);
        }
    }

    /** The result of the process-wide probe, run once on first use. */
    public static Probe probe() {
        return ProbeHolder.PROBE;
    }

    /** True when this process can use io_uring with everything {@code UringCycleIo} needs. */
    public static boolean isAvailable() {
        return probe().available();
    }

    /** Why io_uring is or is not available, for an operator. */
    public static String reason() {
        return probe().reason();
    }

    private static Probe runProbe() {
        String kernel = "Linux " + System.getProperty("os.version");
        try {
            try (Uring ring = open(4)) {
                if ((ring.features & Abi.FEAT_EXT_ARG) == 0) {
                    return new Probe(false, "io_uring lacks IORING_FEAT_EXT_ARG (needs Linux 5.11+, running "
                            + kernel + ")", 0);
                }
                String missing = ring.missingOps();
                if (!missing.isEmpty()) {
                    return new Probe(false, "io_uring lacks opcodes " + missing + " (running " + kernel + ")", 0);
                }
                return new Probe(true, "io_uring available on " + kernel, ring.setupFlags);
            }
        } catch (ErrnoException e) {
            return new Probe(false, e.getMessage() + explain(e.errno()), 0);
        } catch (UnsupportedOperationException | LinkageError e) {
            return new Probe(false, "no native io_uring binding: " + e.getMessage(), 0);
        }
    }

    /** The likely cause of a setup errno, as the parenthesis of the probe's reason. */
    static String explain(int errno) {
        if (errno == Errno.ENOSYS) {
            return " (kernel built without io_uring, or the syscall is filtered)";
        }
        if (errno == Errno.EPERM || errno == Errno.EACCES) {
            String disabled = readSysctl();
            if (disabled.equals("2")) {
                return " (kernel.io_uring_disabled=2)";
            }
            if (disabled.equals("1")) {
                return " (kernel.io_uring_disabled=1 and this user is not in kernel.io_uring_group)";
            }
            return " (blocked by a seccomp filter or a security module)";
        }
        if (errno == Errno.ENOMEM) {
            return " (locked-memory limit too low for the rings; raise RLIMIT_MEMLOCK)";
        }
        return "";
    }

    private static String readSysctl() {
        try {
            return Files.readString(DISABLED_SYSCTL, StandardCharsets.US_ASCII).trim();
        } catch (IOException | SecurityException e) {
            return "";
        }
    }

    /** Names of the required opcodes this kernel does not support, "" if none. */
    private String missingOps() throws ErrnoException {
        try (Memory probe = new Memory(Abi.PROBE_HEADER_SIZE + (long) Abi.PROBE_OP_SIZE * Abi.PROBE_MAX_OPS)) {
            probe.clear();
            long res = LibC.syscall(Abi.SYS_IO_URING_REGISTER, fd, Abi.REGISTER_PROBE, Pointer.nativeValue(probe),
                    Abi.PROBE_MAX_OPS, 0, 0);
            if (res < 0) {
                throw new ErrnoException("io_uring_register(PROBE)", "", LibC.errno());
            }
            int opsLength = probe.getByte(Abi.PROBE_OPS_LEN) & 0xff;
            StringBuilder missing = new StringBuilder();
            for (int i = 0; i < REQUIRED_OPS.length; i++) {
                int op = REQUIRED_OPS[i];
                boolean supported = op < opsLength
                        && (probe.getShort(Abi.PROBE_HEADER_SIZE + (long) op * Abi.PROBE_OP_SIZE + Abi.PROBE_OP_FLAGS)
                            & Abi.PROBE_OP_SUPPORTED) != 0;
                if (!supported) {
                    missing.append(missing.length() == 0 ? "" : ", ").append(REQUIRED_OP_NAMES[i]);
                }
            }
            return missing.toString();
        }
    }

    /**
     * Enables a ring created disabled, binding it to the calling thread as its only submitter
     * (SINGLE_ISSUER). No-op when already enabled. One syscall the first time.
     */
    public boolean enable() {
        if (enabled) {
            return false;
        }
        long res = LibC.syscall(Abi.SYS_IO_URING_REGISTER, fd, Abi.REGISTER_ENABLE_RINGS, 0, 0, 0, 0);
        if (res < 0) {
            throw new IllegalStateException("io_uring_register(ENABLE_RINGS): " + Errno.name(LibC.errno()));
        }
        enabled = true;
        return true;
    }

    /**
     * Registers a ring of provided buffers ({@code IORING_REGISTER_PBUF_RING}, Linux 5.19) as
     * buffer group {@code groupId}: {@code entries} (a power of two) {@code io_uring_buf}
     * entries at the page-aligned {@code ringAddress}. Returns 0 or {@code -errno}. Allocates.
     */
    int registerBufferRing(long ringAddress, int entries, int groupId) {
        try (Memory reg = new Memory(Abi.BUF_REG_SIZE)) {
            reg.clear();
            reg.setLong(Abi.BUF_REG_RING_ADDR, ringAddress);
            reg.setInt(Abi.BUF_REG_RING_ENTRIES, entries);
            reg.setShort(Abi.BUF_REG_BGID, (short) groupId);
            long res = LibC.syscall(Abi.SYS_IO_URING_REGISTER, fd, Abi.REGISTER_PBUF_RING, Pointer.nativeValue(reg), 1,
                    0, 0);
            return res < 0 ? -LibC.errno() : 0;
        }
    }

    /** Unregisters buffer group {@code groupId}'s provided-buffer ring; 0 or {@code -errno}. Allocates. */
    int unregisterBufferRing(int groupId) {
        try (Memory reg = new Memory(Abi.BUF_REG_SIZE)) {
            reg.clear();
            reg.setShort(Abi.BUF_REG_BGID, (short) groupId);
            long res = LibC.syscall(Abi.SYS_IO_URING_REGISTER, fd, Abi.UNREGISTER_PBUF_RING, Pointer.nativeValue(reg), 1,
                    0, 0);
            return res < 0 ? -LibC.errno() : 0;
        }
    }

    /**
     * io_uring_enter; returns its result (submitted count) or {@code -errno}. Allocates nothing.
     *
     * @param argument   address of a {@code io_uring_getevents_arg} with {@link Abi#ENTER_EXT_ARG}, else 0
     */
    public int enter(int toSubmit, int minComplete, int flags, long argument, int argumentSize) {
        long res = LibC.syscall(Abi.SYS_IO_URING_ENTER, fd, toSubmit, minComplete, flags, argument, argumentSize);
        return res < 0 ? -LibC.errno() : (int) res;
    }

    public SubmissionQueue submissionQueue() {
        return sq;
    }

    public CompletionQueue completionQueue() {
        return cq;
    }

    /** True when a kernel thread polls this ring's SQ ({@code IORING_SETUP_SQPOLL}). */
    public boolean sqpoll() {
        return (setupFlags & Abi.SETUP_SQPOLL) != 0;
    }

    /**
     * True when the SQPOLL thread went to sleep and must be woken by an io_uring_enter with
     * {@code IORING_ENTER_SQ_WAKEUP}. Call after publishing the tail.
     */
    public boolean pollerNeedsWakeup() {
        // Full fence (liburing's io_uring_smp_mb): orders our tail store before the flags load,
        // pairing with the poller's barrier between setting NEED_WAKEUP and re-reading the tail;
        // without it both sides could miss each other and the SQEs would sit until the deadline.
        java.lang.invoke.VarHandle.fullFence();
        return (sq.flags() & Abi.SQ_NEED_WAKEUP) != 0;
    }

    /** The setup flags the kernel accepted. */
    public int setupFlags() {
        return setupFlags;
    }

    /** The setup flags as names, e.g. "SINGLE_ISSUER|DEFER_TASKRUN|R_DISABLED". */
    public String setupFlagNames() {
        return Abi.setupFlagNames(setupFlags);
    }

    /** IORING_FEAT_* bits the kernel reported. */
    public int features() {
        return features;
    }

    /** Unmaps the rings and closes the ring fd; the kernel cancels whatever is still in flight. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        unmap(sqesAddress, sqesLength);
        if (cqRingAddress != sqRingAddress) {
            unmap(cqRingAddress, cqRingLength);
        }
        unmap(sqRingAddress, sqRingLength);
        LibC.close(fd);
    }
}
