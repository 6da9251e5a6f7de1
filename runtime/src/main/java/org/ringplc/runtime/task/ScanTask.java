package org.ringplc.runtime.task;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.ringplc.lang.program.ProgramInstance;
import org.ringplc.lang.program.TaskClock;
import org.ringplc.lang.program.VariableAccessor;
import org.ringplc.runtime.TaskStatus;
import org.ringplc.runtime.drivers.ImageDriver;
import org.ringplc.runtime.force.ForceTable;
import org.ringplc.runtime.image.ImageBinding;
import org.ringplc.runtime.image.ProcessImage;
import org.ringplc.runtime.monitor.TraceRecorder;
import org.ringplc.runtime.project.IoBackend;
import org.ringplc.runtime.project.ProjectException;
import org.ringplc.runtime.project.SqpollConfig;
import org.ringplc.runtime.project.WatchdogConfig;

/**
 * One cyclic IEC 61131-3 task on its own thread: the scan loop of PRODUCT.md §3, written as one
 * loop with the steps numbered. Cycles start at absolute deadlines (multiples of the interval
 * since the runtime started), so there is no drift; a cycle that ends after its period counts one
 * overrun and the next cycle starts at the next period boundary in the future, never in a burst of
 * catch-up cycles.
 *
 * <p>The loop allocates nothing and takes no lock: forces and writes arrive through a lock-free
 * queue, statistics are single-writer fields read by other threads, and monitoring gets a
 * snapshot through a triple buffer. A Throwable from a program, a driver or the watchdog puts the
 * task in FAULT: its physical outputs go to 0/FALSE, are sent once, and the thread ends; the
 * other tasks keep scanning.
 *
 * <p>The thread lives as long as the runtime: it opens the task's {@link CycleIo} and initialises
 * its drivers itself, scans while the task is started, parks while it is stopped or faulted, and
 * closes the I/O when the runtime closes. An io_uring ring is thus only ever entered by one thread
 * (IORING_SETUP_SINGLE_ISSUER), whatever the stops and starts.
 *
 * <p>An event task (IEC 61131-3 TASK with SINGLE) runs the same loop on a grid of
 * {@link TaskPolicy#EVENT_TICK_NANOS}: every tick it reads its inputs and applies forces and
 * queued requests (steps 2 and 3), then samples its BOOL trigger; only on a rising edge does it go
 * on with the programs, outputs and snapshot (steps 4 to 7), and only those ticks count as
 * cycles (the other ticks still publish a snapshot under the last cycle's number, so monitoring
 * shows forces and writes at once). The previous sample starts FALSE whenever the task starts, as the memory of an R_TRIG
 * does, so a trigger already TRUE at start runs the task once. Overruns are not counted for an
 * event task: it has no period to overrun.
 */
public final class ScanTask {

    /** The task's I/O and drivers; opened, used and closed by the scan thread. */
    private final TaskIo io;
    /** Null when the task has no watchdog. */
    private final Watchdog watchdog;
    private final long epoch;
    private final long period;
    private final long spin;
    private final boolean realtime;
    /** True for an event task: {@link #period} is then the sampling tick. */
    private final boolean event;
    /** The trigger at the previous tick; scan thread only. */
    private boolean lastTrigger;
    /** The generation running; scan thread only (or the runtime, under its lock, while the task is not scanning). */
    private volatile Generation gen;
    private final AtomicReference<Swap> pending = new AtomicReference<>();
    /** Traces recorded every cycle; copy-on-write, replaced as a whole by other threads. */
    private volatile TraceRecorder[] traces = new TraceRecorder[0];
    private volatile RealtimeThreads.Outcome realtimeOutcome;
    /** The scan thread's absolute-deadline sleep; null: LockSupport.parkNanos. */
    private RealtimeThreads.AbsoluteSleeper sleeper;

    private volatile Thread thread;
    /** True while the task should scan; the scan thread parks while false. */
    private volatile boolean runRequested;
    private volatile boolean shutdown;

    private volatile TaskState state = TaskState.STOP;
    private volatile String fault;
    /** Written by the scan thread only, read by any thread. */
    private final CycleStats stats = new CycleStats();

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
        this.gen = first;
        this.io = new TaskIo(backend, sqpoll, image, drivers);
        WatchdogConfig w = first.task().plan().watchdog();
        this.watchdog = w == null ? null : new Watchdog(w);
        this.epoch = epoch;
        this.event = first.task().plan().isEvent();
        this.period = event ? TaskPolicy.EVENT_TICK_NANOS : first.task().plan().intervalNanos();
        this.spin = Math.min(first.task().plan().spinNanos(), period / 2);
        this.realtime = realtime;
    }

    public String name() {
        return gen.task().plan().name();
    }

    /** The generation running. Any thread (a plain read: it may be one cycle stale). */
    public Generation generation() {
        return gen;
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
        if (!pending.compareAndSet(null, swap)) {
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
                if (pending.compareAndSet(swap, null)) {
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
        if (state != TaskState.RUN && pending.compareAndSet(swap, null)) {
            // the scan thread is parked and does not touch the generation
            applySwap(swap, stats.cycles() + 1);
        }
    }

    /** Adds a trace recorded at the end of every cycle. */
    public synchronized void addTrace(TraceRecorder r) {
        TraceRecorder[] old = traces;
        TraceRecorder[] next = java.util.Arrays.copyOf(old, old.length + 1);
        next[old.length] = r;
        traces = next;
    }

    public synchronized void removeTrace(TraceRecorder r) {
        traces = java.util.Arrays.stream(traces).filter(t -> t != r).toArray(TraceRecorder[]::new);
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
        Thread t = new Thread(() -> threadMain(ready), TaskPolicy.THREAD_PREFIX + name());
        t.setDaemon(true);
        t.setPriority(TaskPolicy.threadPriority(gen.task().plan().priority()));
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
                stats.maxNanos() / 1_000, stats.overruns(), state.name(), fault, gen.task().plan().single());
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
    public List<org.ringplc.runtime.DriverStatus> driverStatus() {
        return io.driverStatus();
    }

    /** The scan thread: open, then scan or park until shutdown, then close. */
    private void threadMain(CompletableFuture<Void> ready) {
        if (realtime) {
            realtimeOutcome = RealtimeThreads.configureCurrentThread(
                    TaskPolicy.fifoPriority(gen.task().plan().priority()), gen.task().plan().cpu());
            sleeper = RealtimeThreads.sleeper();
        }
        try {
            io.open();
        } catch (Exception e) {
            io.close();
            ready.completeExceptionally(e);
            return;
        }
        ready.complete(null);
        try {
            while (!shutdown) {
                if (runRequested) {
                    scan();
                } else {
                    LockSupport.park(this);
                }
            }
        } finally {
            io.close();
        }
    }

    /** The scan loop, until stopped or faulted. Scan thread only. */
    private void scan() {
        Generation g = gen;
        final TaskClock clock = g.task().clock();
        ProgramInstance[] programs = g.task().instances();
        // the first boundary not in the past: all tasks share the grid that starts at the epoch
        long next = epoch + ceilDiv(Math.max(0, System.nanoTime() - epoch), period) * period;
        int current = -1;
        lastTrigger = false;
        state = TaskState.RUN;
        try {
            while (runRequested) {
                // 1. wait for the absolute start time of the cycle: sleep, and with a spin window
                // configured, spin its last microseconds (the wake-up from a sleep is late by the
                // kernel's timer and scheduling latency; spinning trades a CPU for that)
                long wait;
                while ((wait = next - System.nanoTime()) > spin && runRequested) {
                    if (sleeper != null) {
                        // in slices, so that stop() is answered within a slice even for long periods
                        sleeper.sleepUntil(next - spin - Math.max(0, wait - spin - TaskPolicy.MAX_SLEEP_NANOS));
                    } else {
                        LockSupport.parkNanos(this, wait - spin);
                    }
                }
                while (spin > 0 && next - System.nanoTime() > 0 && runRequested) {
                    Thread.onSpinWait();
                }
                if (!runRequested) {
                    break;
                }
                long start = System.nanoTime();
                // an online change waiting: installed before anything of this cycle runs
                Swap swap = pending.get() == null ? null : pending.getAndSet(null);
                if (swap != null) {
                    if (applySwap(swap, stats.cycles() + 1)) {
                        g = gen;
                        programs = g.task().instances();
                    }
                }
                final ImageBinding inputs = g.inputs();
                final ForceTable forces = g.forces();
                long ioDeadline = start + period * TaskPolicy.IO_DEADLINE_PERCENT / 100;
                clock.set(start - epoch);

                // 2. all inputs in one submission, drivers decode into the image, copy-in
                io.readInputs(ioDeadline);
                inputs.copyIn();
                io.applyRemoteWrites(g.outputs());

                // 3. forces (inputs and variables), then the queued one-shot writes
                forces.applyRequestsAndForces();

                // an event task goes on only on a rising edge of its trigger (forces applied)
                final VariableAccessor trigger = g.trigger();
                if (trigger != null) {
                    boolean level = trigger.get() != 0;
                    boolean rising = level && !lastTrigger;
                    lastTrigger = level;
                    if (!rising) {
                        // the values (a forced or written trigger among them) reach the monitor
                        // between executions too; the cycle number stays that of the last execution
                        g.snapshot().publish(stats.cycles());
                        next += period;
                        long late = System.nanoTime() - next;
                        if (late > 0) {
                            next += ceilDiv(late, period) * period;
                        }
                        continue;
                    }
                }

                // 4. the programs, in the order of the task
                for (current = 0; current < programs.length; current++) {
                    programs[current].run();
                }
                current = -1;

                // 5. forces again: a forced variable holds whatever the programs wrote
                forces.applyForces();

                // 6. copy-out, drivers encode, all outputs in one submission
                g.outputs().copyOut();
                io.writeOutputs(start + period);

                // 7. publish the cycle's values for monitoring, traces and retain
                long n = stats.cycles() + 1;
                g.snapshot().publish(n);
                TraceRecorder[] tr = traces;
                for (TraceRecorder r : tr) {
                    r.record(n, start);
                }
                if (g.retain() != null) {
                    g.retain().captureIfRequested();
                }

                // statistics and the next start
                long end = System.nanoTime();
                long exec = end - start;
                stats.cycleDone(n, start - next, exec);
                next += period;
                if (end - next > 0) {
                    if (!event) {
                        stats.overrun();
                    }
                    next += ceilDiv(end - next, period) * period;
                }
                if (watchdog != null) {
                    watchdog.check(exec);
                }
            }
            safeState(TaskState.STOP);
        } catch (Throwable t) {
            runRequested = false;
            String where = Faults.location(t);
            String who = current >= 0 && current < programs.length ? gen.task().instanceNames()[current] + ": " : "";
            fault = (where == null ? "" : where + ": ") + who + Faults.describe(t);
            try {
                safeState(TaskState.FAULT);
            } catch (Throwable again) {
                state = TaskState.FAULT;
            }
        }
    }

    /**
     * Installs a swap on the scan thread (or while the task is not scanning).
     *
     * @param firstCycle the number of the first cycle the new generation runs
     * @return true when the new generation is in place
     */
    private boolean applySwap(Swap s, long firstCycle) {
        long t0 = System.nanoTime();
        try {
            s.transfer.run();
            gen = s.next;
            s.installedAt = firstCycle;
            s.durationNanos = System.nanoTime() - t0;
            return true;
        } catch (Throwable t) {
            s.failure = t;
            return false;
        } finally {
            s.finished = true;
        }
    }

    /** Drives the task's physical outputs to 0/FALSE, sends them once and publishes the values. */
    private void safeState(TaskState finalState) {
        Generation g = gen;
        if (g.retain() != null) {
            g.retain().captureNow();
        }
        g.safeOutputs().zero();
        io.writeOutputs(System.nanoTime() + period);
        g.snapshot().publish(stats.cycles());
        state = finalState;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
