package org.ringplc.runtime.task;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.ringplc.runtime.DriverStatus;
import org.ringplc.runtime.TaskStatus;
import org.ringplc.runtime.drivers.ImageDriver;
import org.ringplc.runtime.image.ProcessImage;
import org.ringplc.runtime.monitor.TraceRecorder;
import org.ringplc.runtime.project.IoBackend;
import org.ringplc.runtime.project.ProjectException;
import org.ringplc.runtime.project.SqpollConfig;
import org.ringplc.runtime.project.WatchdogConfig;

/**
 * One IEC 61131-3 task as the rest of the runtime sees it: its scan thread's lifecycle (open,
 * start, stop, shutdown), the hand-over of a new generation by an online change, the traces it
 * records and its status. The thread itself runs {@link ScanLoop}, which has the scan cycle of
 * PRODUCT.md §3; this class is what the runtime and web threads call, and the fields below are
 * what the two sides share.
 *
 * <p>Threading: every public method may be called from any thread but the scan thread. The
 * lifecycle methods and the trace list synchronise on this task; the scan thread never enters this
 * monitor and never waits for it, so a deploy or a request holding it cannot stall a cycle.
 */
public final class ScanTask {

    /** The task's I/O and drivers; opened, used and closed by the scan thread. */
    private final TaskIo io;
    private final long period;
    /** True for an event task: {@link #period} is then the sampling tick. */
    private final boolean event;
    private final GenerationSlot slot;
    private final ScanLoop loop;

    // shared with the scan thread (ScanLoop)
    /** Traces recorded every cycle; copy-on-write, replaced as a whole under this task's monitor, read by the scan thread. */
    volatile TraceRecorder[] traces = new TraceRecorder[0];
    /** Written by the scan thread when it starts; read by the runtime. */
    volatile RealtimeThreads.Outcome realtimeOutcome;
    /** True while the task should scan; the scan thread parks while false, and clears it on a fault. */
    volatile boolean runRequested;
    /** Set once by {@link #shutdown()}: the scan thread closes the I/O and ends. */
    volatile boolean shutdown;
    /** Written by {@link #start()} and by the scan thread; read by any thread. */
    volatile TaskState state = TaskState.STOP;
    /** Written by {@link #start()} (cleared) and by the scan thread on a fault; read by any thread. */
    volatile String fault;
    /** Written by the scan thread only, read by any thread. */
    final CycleStats stats = new CycleStats();

    private volatile Thread thread;

    /**
     * @param first       the first generation of the programs
     * @param backend     the I/O backend to open for the drivers
     * @param sqpoll      whether that io_uring gets a submission-queue poller thread
     * @param image       the process image the drivers fill and send
     * @param drivers     the task's drivers, not yet initialised
     * @param epoch       {@link System#nanoTime()} when the runtime started: cycle boundaries and
     *                    the task clock count from it
     * @param realtime    ask for SCHED_FIFO, the task's CPU and the smallest timer slack
     */
    public ScanTask(Generation first, IoBackend backend, SqpollConfig sqpoll, ProcessImage image,
                    List<ImageDriver> drivers, long epoch, boolean realtime) {
        this.slot = new GenerationSlot(first);
        this.io = new TaskIo(backend, sqpoll, image, drivers);
        WatchdogConfig w = first.task().plan().watchdog();
        this.event = first.task().plan().isEvent();
        this.period = event ? TaskPolicy.EVENT_TICK_NANOS : first.task().plan().intervalNanos();
        long spin = Math.min(first.task().plan().spinNanos(), period / 2);
        this.loop = new ScanLoop(this, io, slot, w == null ? null : new Watchdog(w), epoch, period, spin, event,
                realtime);
    }

    public String name() {
        return slot.current().task().plan().name();
    }

    /** The generation running. Any thread (a plain read: it may be one cycle stale). */
    public Generation generation() {
        return slot.current();
    }

    /** What the real-time settings of the scan thread achieved; null before the thread ran or when not asked. */
    public RealtimeThreads.Outcome realtimeOutcome() {
        return realtimeOutcome;
    }

    /**
     * Hands a new generation to the scan thread, which installs it at the start of its next cycle.
     * When the task is not scanning, installs it right here. The caller (the runtime, under its
     * lock) waits for {@link Swap#finished()}.
     */
    public void install(Swap swap) {
        if (!slot.offer(swap)) {
            throw new IllegalStateException("task " + name() + ": an online change is already pending");
        }
        installIfIdle(swap);
    }

    /**
     * Waits until the scan thread installed {@code swap}; installs it here if the task stops or
     * faults meanwhile. On timeout the swap is withdrawn, unless the scan thread has just taken it.
     *
     * @return true when the swap finished (see {@link Swap#failure()}), false when withdrawn
     */
    public boolean awaitInstalled(Swap swap, long timeoutNanos) {
        long end = System.nanoTime() + timeoutNanos;
        boolean taken = false;
        while (!swap.finished) {
            installIfIdle(swap);
            if (swap.finished) {
                break;
            }
            // a difference, not now > end: nanoTime values may wrap, their differences do not
            if (!taken && System.nanoTime() - end > 0) {
                if (slot.withdraw(swap)) {
                    return false;
                }
                // the scan thread owns it now: it finishes within this cycle
                taken = true;
            }
            LockSupport.parkNanos(Math.min(period / 4 + 1, TaskPolicy.STOP_POLL_NANOS));
        }
        return true;
    }

    private synchronized void installIfIdle(Swap swap) {
        // stop() and start() synchronise on this task as well, so a task seen not running stays so
        if (state != TaskState.RUN && slot.withdraw(swap)) {
            // the scan thread is parked and does not touch the generation
            slot.install(swap, stats.cycles() + 1);
        }
    }

    /** Adds a trace recorded at the end of every cycle. */
    public synchronized void addTrace(TraceRecorder r) {
        TraceRecorder[] old = traces;
        TraceRecorder[] next = Arrays.copyOf(old, old.length + 1);
        next[old.length] = r;
        traces = next;
    }

    public synchronized void removeTrace(TraceRecorder r) {
        traces = Arrays.stream(traces).filter(t -> t != r).toArray(TraceRecorder[]::new);
    }

    public List<TraceRecorder> traces() {
        return List.of(traces);
    }

    public TaskState state() {
        return state;
    }

    /** "iouring", "fallback" or "none" (no drivers). */
    public String ioBackend() {
        return io.backendName();
    }

    public String ioBackendReason() {
        return io.backendReason();
    }

    /**
     * Creates the scan thread, which opens the I/O and initialises the drivers; returns when that
     * is done. The task stays stopped until {@link #start()}.
     *
     * @throws ProjectException when the I/O or a driver cannot be opened (the thread has ended)
     */
    public synchronized void open() throws ProjectException {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread t = new Thread(() -> loop.run(ready), TaskPolicy.THREAD_PREFIX + name());
        t.setDaemon(true);
        t.setPriority(TaskPolicy.threadPriority(slot.current().task().plan().priority()));
        thread = t;
        t.start();
        try {
            ready.get(TaskPolicy.OPEN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new ProjectException(e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new ProjectException("task " + name() + ": opening the I/O took longer than "
                    + TaskPolicy.OPEN_TIMEOUT_MILLIS + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProjectException("task " + name() + ": interrupted while opening the I/O");
        }
    }

    /** Starts scanning (clears a fault); no-op while running. Not the scan thread. */
    public synchronized void start() {
        if (shutdown || thread == null) {
            throw new IllegalStateException("task " + name() + " is not open");
        }
        if (runRequested && state == TaskState.RUN) {
            return;
        }
        fault = null;
        state = TaskState.RUN;
        runRequested = true;
        LockSupport.unpark(thread);
    }

    /**
     * Asks the loop to end at the next cycle boundary and waits until the outputs are safe.
     *
     * @return false when the task did not stop in time (a program stuck in a loop)
     */
    public synchronized boolean stop() {
        runRequested = false;
        Thread t = thread;
        if (t == null) {
            return true;
        }
        LockSupport.unpark(t);
        long end = System.nanoTime() + TaskPolicy.STOP_TIMEOUT_MILLIS * 1_000_000L;
        while (state == TaskState.RUN && t.isAlive()) {
            if (System.nanoTime() - end > 0) {
                return false;
            }
            LockSupport.parkNanos(TaskPolicy.STOP_POLL_NANOS);
        }
        return true;
    }

    /** Stops, then ends the thread, which closes the I/O and the drivers. */
    public synchronized boolean shutdown() {
        boolean stopped = stop();
        shutdown = true;
        Thread t = thread;
        if (t == null) {
            return stopped;
        }
        LockSupport.unpark(t);
        try {
            t.join(TaskPolicy.STOP_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return stopped && !t.isAlive();
    }

    public TaskStatus status() {
        return new TaskStatus(name(), event ? 0 : period / 1_000, stats.cycles(), stats.lastNanos() / 1_000,
                stats.maxNanos() / 1_000, stats.overruns(), state.name(), fault, slot.current().task().plan().single());
    }

    /** Cycles completed so far. */
    public long cycles() {
        return stats.cycles();
    }

    /** The period in nanoseconds; for an event task the sampling tick. */
    public long periodNanos() {
        return period;
    }

    /** The scan thread, or null before {@link #open()}. */
    public Thread thread() {
        return thread;
    }

    /** Wake-up latency and execution time of the recent cycles. */
    public CycleSamples samples() {
        return stats.samples();
    }

    /** Driver counters of this task. */
    public List<DriverStatus> driverStatus() {
        return io.driverStatus();
    }
}
