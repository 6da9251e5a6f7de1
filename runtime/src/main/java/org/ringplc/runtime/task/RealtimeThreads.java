package org.ringplc.runtime.task;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What makes a scan thread a real-time thread on Linux: SCHED_FIFO at the task's priority, CPU
 * affinity, the smallest timer slack, and the process's memory locked so that no page fault
 * delays a cycle. Each is a plain system call bound with JNA direct mapping (no argument boxing);
 * the JVM has no API for any of them, and a Java thread's priority is ignored by Linux's normal
 * scheduler.
 *
 * <p>Every call may be refused (an unprivileged user, a container without CAP_SYS_NICE, a CPU
 * that does not exist). A refusal is not a fault: the task runs with what it got, and the result
 * says what was refused and how to grant it, so that the runtime logs one clear warning.
 *
 * <p>Constants are those of x86-64 and aarch64 Linux (asm-generic, except the gettid syscall
 * number): {@code include/uapi/linux/sched.h}, {@code include/uapi/linux/prctl.h},
 * {@code include/uapi/asm-generic/mman-common.h} at v6.1.
 */
public final class RealtimeThreads {
    static final int SCHED_OTHER = 0;
    static final int SCHED_FIFO = 1;
    private static final int PR_SET_TIMERSLACK = 29;
    private static final int PR_GET_TIMERSLACK = 30;
    private static final int MCL_CURRENT = 1;
    private static final int MCL_FUTURE = 2;
    private static final int EPERM = 1;
    private static final int EINVAL = 22;
    private static final int ENOMEM = 12;
    /** Bytes of the CPU mask handed to the kernel: 1024 CPUs, glibc's cpu_set_t. */
    private static final int CPU_SET_LONGS = 16;

    private static final boolean AVAILABLE;
    private static final String UNAVAILABLE_REASON;
    private static final long SYS_GETTID;
    private static final AtomicReference<String> MEMORY_LOCK = new AtomicReference<>();

    static {
        boolean ok = false;
        String why = null;
        long gettid = -1;
        if (!Platform.isLinux() || !Platform.is64Bit()) {
            why = "real-time scheduling needs Linux (this is " + System.getProperty("os.name") + ")";
        } else if (Platform.ARCH.equals("x86-64")) {
            gettid = 186;
        } else if (Platform.ARCH.equals("aarch64")) {
            gettid = 178;
        } else {
            why = "real-time scheduling is not bound for " + Platform.ARCH;
        }
        if (gettid > 0) {
            try {
                Native.register(Lib.class, Platform.C_LIBRARY_NAME);
                ok = true;
            } catch (Throwable t) {
                why = "libc could not be bound: " + t.getMessage();
            }
        }
        AVAILABLE = ok;
        UNAVAILABLE_REASON = why;
        SYS_GETTID = gettid;
    }

    private RealtimeThreads() {
    }

    /** The libc functions, direct-mapped: primitives and primitive arrays only. */
    private static final class Lib {
        static native long syscall(long number);

        /** {@code struct sched_param} is one int, so an int[1] is its address. */
        static native int sched_setscheduler(int pid, int policy, int[] param);

        static native int sched_getscheduler(int pid);

        static native int sched_getparam(int pid, int[] param);

        static native int sched_setaffinity(int pid, long size, long[] mask);

        static native int sched_getaffinity(int pid, long size, long[] mask);

        static native int prctl(int option, long arg2, long arg3, long arg4, long arg5);

        static native int mlockall(int flags);

        /** Pointers as addresses: no argument conversion, so no allocation per call. */
        static native int clock_nanosleep(int clock, int flags, long request, long remain);
    }

    private static final int CLOCK_MONOTONIC = 1;
    private static final int TIMER_ABSTIME = 1;

    /**
     * Sleeps until an absolute {@link System#nanoTime()} deadline with
     * {@code clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME)}, as cyclictest's threads do.
     * HotSpot's {@code System.nanoTime()} on Linux is {@code clock_gettime(CLOCK_MONOTONIC)}, so a
     * deadline in its units is a deadline of that clock. Compared with {@code LockSupport.parkNanos}
     * this skips the JVM's parker (a mutex, a condition variable and a relative-to-absolute
     * conversion), which shows in the wake-up tail. One per scan thread: the timespec is its own
     * native memory, so a call allocates nothing.
     */
    public static final class AbsoluteSleeper {
        private final com.sun.jna.Memory timespec = new com.sun.jna.Memory(16);
        private final long address = com.sun.jna.Pointer.nativeValue(timespec);

        private AbsoluteSleeper() {
        }

        /** Sleeps until {@code deadlineNanos} (System.nanoTime() units), or less when a signal interrupts. */
        public void sleepUntil(long deadlineNanos) {
            // SAFETY: 16 bytes owned by this sleeper, struct timespec {time_t tv_sec; long tv_nsec} on LP64
            timespec.setLong(0, Math.floorDiv(deadlineNanos, 1_000_000_000L));
            timespec.setLong(8, Math.floorMod(deadlineNanos, 1_000_000_000L));
            Lib.clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, address, 0);
        }
    }

    /** A sleeper for the calling scan thread, or null where clock_nanosleep is not bound. */
    public static AbsoluteSleeper sleeper() {
        return AVAILABLE ? new AbsoluteSleeper() : null;
    }

    /**
     * What a scan thread asked for and got.
     *
     * @param tid           the Linux thread id (-1 when unknown)
     * @param fifoPriority  the SCHED_FIFO priority in effect, or 0 when the thread runs SCHED_OTHER
     * @param cpu           the CPU the thread is pinned to, or -1
     * @param timerSlackNs  the thread's timer slack after the call (-1 when unknown)
     * @param refusals      one sentence per refused setting, naming the cause and the remedy
     */
    public record Outcome(int tid, int fifoPriority, int cpu, long timerSlackNs, List<String> refusals) {
    }

    /** False where the calls are not bound (not Linux, unknown architecture); see {@link #unavailableReason()}. */
    public static boolean isAvailable() {
        return AVAILABLE;
    }

    public static String unavailableReason() {
        return UNAVAILABLE_REASON;
    }

    /**
     * Makes the calling thread a scan thread: SCHED_FIFO at {@code fifoPriority} (0: leave the
     * normal scheduler), pinned to {@code cpu} (-1: any), timer slack 1 ns. Call from the scan
     * thread itself, once, before its first cycle.
     */
    public static Outcome configureCurrentThread(int fifoPriority, int cpu) {
        List<String> refused = new ArrayList<>();
        if (!AVAILABLE) {
            if (fifoPriority > 0 || cpu >= 0) {
                refused.add(UNAVAILABLE_REASON + "; running with normal priority on any CPU");
            }
            return new Outcome(-1, 0, -1, -1, refused);
        }
        int tid = (int) Lib.syscall(SYS_GETTID);
        // timer slack: the kernel may defer a sleeping thread's wake-up by the slack (50 us by
        // default) to batch wake-ups; a scan thread wants its deadline, not batching
        if (Lib.prctl(PR_SET_TIMERSLACK, 1, 0, 0, 0) != 0) {
            refused.add("timer slack refused (" + errnoName(Native.getLastError()) + "); wake-ups may be up to 50 us late");
        }
        long slack = Lib.prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0);
        int gotCpu = -1;
        if (cpu >= 0) {
            long[] mask = new long[CPU_SET_LONGS];
            if (cpu >= CPU_SET_LONGS * 64) {
                refused.add("CPU affinity " + cpu + " refused: ringplc supports CPUs 0.." + (CPU_SET_LONGS * 64 - 1));
            } else {
                mask[cpu / 64] = 1L << (cpu % 64);
                if (Lib.sched_setaffinity(0, mask.length * 8L, mask) == 0) {
                    gotCpu = cpu;
                } else {
                    int e = Native.getLastError();
                    refused.add("CPU affinity " + cpu + " refused (" + errnoName(e) + "): "
                            + (e == EINVAL ? "this machine has CPUs 0.." + (Runtime.getRuntime().availableProcessors() - 1)
                            + " (or the CPU is not in this process's cpuset)" : "the process may not change its affinity")
                            + "; running on any CPU");
                }
            }
        }
        int gotPriority = 0;
        if (fifoPriority > 0) {
            if (Lib.sched_setscheduler(0, SCHED_FIFO, new int[] {fifoPriority}) == 0) {
                gotPriority = fifoPriority;
            } else {
                int e = Native.getLastError();
                refused.add("SCHED_FIFO priority " + fifoPriority + " refused (" + errnoName(e) + "): "
                        + (e == EPERM ? "run as root or grant CAP_SYS_NICE (setcap cap_sys_nice+ep on the java binary) or rtprio "
                        + fifoPriority + " in /etc/security/limits.conf; in a container add --cap-add SYS_NICE"
                        : "the kernel does not allow this policy here")
                        + "; running with normal priority");
            }
        }
        return new Outcome(tid, gotPriority, gotCpu, slack, refused);
    }

    /**
     * Locks the process's memory now and in future ({@code mlockall(MCL_CURRENT|MCL_FUTURE)}), so
     * that no scan thread waits for a page to be read back from swap or faulted in. Process-wide:
     * done once, later calls return the first answer.
     *
     * @return null when memory is locked, else the refusal with its remedy
     */
    public static String lockMemory() {
        String done = MEMORY_LOCK.get();
        if (done != null) {
            return done.isEmpty() ? null : done;
        }
        String result;
        if (!AVAILABLE) {
            result = "memory lock not available: " + UNAVAILABLE_REASON;
        } else if (Lib.mlockall(MCL_CURRENT | MCL_FUTURE) == 0) {
            result = "";
        } else {
            int e = Native.getLastError();
            result = "mlockall refused (" + errnoName(e) + "): " + (e == EPERM || e == ENOMEM
                    ? "run as root or grant CAP_IPC_LOCK, or raise memlock in /etc/security/limits.conf (e.g. unlimited)"
                    : "the kernel refused it") + "; pages may be swapped out or faulted in during a cycle";
        }
        MEMORY_LOCK.compareAndSet(null, result);
        String r = MEMORY_LOCK.get();
        return r.isEmpty() ? null : r;
    }

    /** The scheduling policy of the calling thread (SCHED_OTHER 0, SCHED_FIFO 1), -1 when unknown. */
    public static int currentPolicy() {
        return AVAILABLE ? Lib.sched_getscheduler(0) : -1;
    }

    /** The static priority of the calling thread (0 under SCHED_OTHER), -1 when unknown. */
    public static int currentPriority() {
        if (!AVAILABLE) {
            return -1;
        }
        int[] p = new int[1];
        return Lib.sched_getparam(0, p) == 0 ? p[0] : -1;
    }

    /** The CPUs the calling thread may run on, empty when unknown. */
    public static List<Integer> currentAffinity() {
        List<Integer> cpus = new ArrayList<>();
        if (!AVAILABLE) {
            return cpus;
        }
        long[] mask = new long[CPU_SET_LONGS];
        if (Lib.sched_getaffinity(0, mask.length * 8L, mask) < 0) {
            return cpus;
        }
        for (int i = 0; i < mask.length * 64; i++) {
            if ((mask[i / 64] & (1L << (i % 64))) != 0) {
                cpus.add(i);
            }
        }
        return cpus;
    }

    /** The calling thread's timer slack in nanoseconds, -1 when unknown. */
    public static long currentTimerSlack() {
        return AVAILABLE ? Lib.prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0) : -1;
    }

    /** Returns the calling thread to SCHED_OTHER (used by tests and by a task that ends). */
    public static void resetCurrentThread() {
        if (AVAILABLE) {
            Lib.sched_setscheduler(0, SCHED_OTHER, new int[] {0});
        }
    }

    static String errnoName(int errno) {
        return switch (errno) {
            case EPERM -> "EPERM";
            case EINVAL -> "EINVAL";
            case ENOMEM -> "ENOMEM";
            case 3 -> "ESRCH";
            default -> "errno " + errno;
        };
    }
}
