package org.ringplc.runtime.task;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.ringplc.io.CycleIo;
import org.ringplc.io.CycleIoFactory;
import org.ringplc.io.Phase;
import org.ringplc.lang.program.ProgramInstance;
import org.ringplc.lang.program.TaskClock;
import org.ringplc.runtime.TaskStatus;
import org.ringplc.runtime.drivers.DriverException;
import org.ringplc.runtime.drivers.ImageDriver;
import org.ringplc.runtime.force.ForceTable;
import org.ringplc.runtime.image.ImageBinding;
import org.ringplc.runtime.image.ProcessImage;
import org.ringplc.runtime.monitor.SnapshotBuffer;
import org.ringplc.runtime.project.IoBackend;
import org.ringplc.runtime.project.ProjectException;
import org.ringplc.runtime.project.WatchdogConfig;
import org.ringplc.runtime.task.LiveProject.LiveTask;

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
 */
public final class ScanTask {
    private final LiveTask task;
    private final IoBackend backend;
    private final ProcessImage image;
    private final ImageDriver[] drivers;
    private final ImageBinding inputs;
    private final ImageBinding outputs;
    private final ImageBinding safeOutputs;
    private final ForceTable forces;
    private final SnapshotBuffer snapshot;
    private final WatchdogConfig watchdog;
    private final long epoch;
    private final long period;

    /** Opened by the scan thread in {@link #open()}; null when the task has no drivers. */
    private CycleIo io;
    private boolean hasIo;
    private volatile String ioBackend = "none";
    private volatile String ioBackendReason = "no I/O drivers in this task";

    private volatile Thread thread;
    /** True while the task should scan; the scan thread parks while false. */
    private volatile boolean runRequested;
    private volatile boolean shutdown;

    // statistics: written by the scan thread only, read by any thread (volatile stores are cheap
    // next to a cycle, and each field is read on its own, so no torn multi-field reads matter)
    private volatile long cycles;
    private volatile long lastNanos;
    private volatile long maxNanos;
    private volatile long overruns;
    private volatile TaskState state = TaskState.STOP;
    private volatile String fault;
    private int watchdogStrikes;
    private final CycleSamples samples = new CycleSamples();

    /**
     * @param task        the live task (clock, instances)
     * @param backend     the I/O backend to open for the drivers
     * @param image       the process image the drivers fill and send
     * @param drivers     the task's drivers, not yet initialised
     * @param inputs      located %I/%M variables of the task
     * @param outputs     located %Q/%M variables of the task
     * @param safeOutputs located %Q variables, set to 0/FALSE on stop and fault
     * @param forces      the task's forces and queued writes
     * @param snapshot    where cycle values are published
     * @param epoch       {@link System#nanoTime()} when the runtime started: cycle boundaries and
     *                    the task clock count from it
     */
    public ScanTask(LiveTask task, IoBackend backend, ProcessImage image, List<ImageDriver> drivers, ImageBinding inputs,
                    ImageBinding outputs, ImageBinding safeOutputs, ForceTable forces, SnapshotBuffer snapshot, long epoch) {
        this.task = task;
        this.backend = backend;
        this.image = image;
        this.drivers = drivers.toArray(new ImageDriver[0]);
        this.inputs = inputs;
        this.outputs = outputs;
        this.safeOutputs = safeOutputs;
        this.forces = forces;
        this.snapshot = snapshot;
        this.watchdog = task.plan().watchdog();
        this.epoch = epoch;
        this.period = task.plan().intervalNanos();
    }

    public String name() {
        return task.plan().name();
    }

    public TaskState state() {
        return state;
    }

    /** "iouring", "fallback" or "none" (no drivers). */
    public String ioBackend() {
        return ioBackend;
    }

    public String ioBackendReason() {
        return ioBackendReason;
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
        t.setPriority(TaskPolicy.threadPriority(task.plan().priority()));
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
            if (System.nanoTime() > end) {
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
        return new TaskStatus(name(), period / 1_000, cycles, lastNanos / 1_000, maxNanos / 1_000, overruns,
                state.name(), fault);
    }

    /** Wake-up latency and execution time of the recent cycles. */
    public CycleSamples samples() {
        return samples;
    }

    /** Driver counters of this task. */
    public List<org.ringplc.runtime.DriverStatus> driverStatus() {
        return java.util.Arrays.stream(drivers).map(ImageDriver::status).toList();
    }

    /** The scan thread: open, then scan or park until shutdown, then close. */
    private void threadMain(CompletableFuture<Void> ready) {
        try {
            openIo();
        } catch (Exception e) {
            closeIo();
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
            closeIo();
        }
    }

    private void openIo() throws IOException, DriverException {
        if (drivers.length == 0) {
            return;
        }
        io = CycleIoFactory.open(CycleIoFactory.Backend.valueOf(backend.name()));
        ioBackend = io.backend();
        ioBackendReason = io.backendReason();
        for (ImageDriver d : drivers) {
            d.init(io, image);
        }
        hasIo = true;
    }

    private void closeIo() {
        if (io != null) {
            io.close();
        }
        for (ImageDriver d : drivers) {
            d.close();
        }
    }

    /** The scan loop, until stopped or faulted. Scan thread only. */
    private void scan() {
        final TaskClock clock = task.clock();
        final ProgramInstance[] programs = task.instances();
        // the first boundary not in the past: all tasks share the grid that starts at the epoch
        long next = epoch + ceilDiv(Math.max(0, System.nanoTime() - epoch), period) * period;
        int current = -1;
        state = TaskState.RUN;
        try {
            while (runRequested) {
                // 1. wait for the absolute start time of the cycle
                long wait;
                while ((wait = next - System.nanoTime()) > 0 && runRequested) {
                    LockSupport.parkNanos(this, wait);
                }
                if (!runRequested) {
                    break;
                }
                long start = System.nanoTime();
                long ioDeadline = start + period * TaskPolicy.IO_DEADLINE_PERCENT / 100;
                clock.set(start - epoch);

                // 2. all inputs in one submission, drivers decode into the image, copy-in
                if (hasIo) {
                    io.runPhase(Phase.INPUT, ioDeadline);
                    for (ImageDriver d : drivers) {
                        d.decodeInputs();
                    }
                }
                inputs.copyIn();

                // 3. forces (inputs and variables), then the queued one-shot writes
                forces.applyRequestsAndForces();

                // 4. the programs, in the order of the task
                for (current = 0; current < programs.length; current++) {
                    programs[current].run();
                }
                current = -1;

                // 5. forces again: a forced variable holds whatever the programs wrote
                forces.applyForces();

                // 6. copy-out, drivers encode, all outputs in one submission
                outputs.copyOut();
                if (hasIo) {
                    for (ImageDriver d : drivers) {
                        d.encodeOutputs();
                    }
                    io.runPhase(Phase.OUTPUT, start + period);
                    for (ImageDriver d : drivers) {
                        d.outputsDone();
                    }
                }

                // 7. publish the cycle's values for monitoring
                long n = cycles + 1;
                snapshot.publish(n);

                // statistics and the next start
                long end = System.nanoTime();
                long exec = end - start;
                cycles = n;
                lastNanos = exec;
                samples.record(start - next, exec);
                if (exec > maxNanos) {
                    maxNanos = exec;
                }
                next += period;
                if (end > next) {
                    overruns++;
                    next += ceilDiv(end - next, period) * period;
                }
                if (watchdog != null) {
                    checkWatchdog(exec);
                }
            }
            safeState(TaskState.STOP);
        } catch (Throwable t) {
            runRequested = false;
            String where = Faults.location(t);
            String who = current >= 0 && current < programs.length ? task.instanceNames()[current] + ": " : "";
            fault = (where == null ? "" : where + ": ") + who + Faults.describe(t);
            try {
                safeState(TaskState.FAULT);
            } catch (Throwable again) {
                state = TaskState.FAULT;
            }
        }
    }

    private void checkWatchdog(long exec) {
        if (exec <= watchdog.timeNanos()) {
            watchdogStrikes = 0;
            return;
        }
        if (++watchdogStrikes >= watchdog.sensitivity()) {
            watchdogStrikes = 0;
            throw new WatchdogExpired(exec, watchdog);
        }
    }

    /** Drives the task's physical outputs to 0/FALSE, sends them once and publishes the values. */
    private void safeState(TaskState finalState) {
        safeOutputs.zero();
        if (hasIo) {
            for (ImageDriver d : drivers) {
                d.encodeOutputs();
            }
            io.runPhase(Phase.OUTPUT, System.nanoTime() + period);
            for (ImageDriver d : drivers) {
                d.outputsDone();
            }
        }
        snapshot.publish(cycles);
        state = finalState;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    /** The watchdog's verdict, a typed fault (formatted by {@link Faults#describe}). */
    static final class WatchdogExpired extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WatchdogExpired(long execNanos, WatchdogConfig w) {
            super("watchdog: the cycle took " + execNanos / 1_000 + " us, the limit is " + w.timeNanos() / 1_000
                    + " us" + (w.sensitivity() > 1 ? " (" + w.sensitivity() + " cycles in a row)" : ""), null, false, false);
        }
    }
}
