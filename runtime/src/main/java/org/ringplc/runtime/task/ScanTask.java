package org.ringplc.runtime.task;

import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.ringplc.io.CycleIo;
import org.ringplc.io.Phase;
import org.ringplc.lang.program.ProgramInstance;
import org.ringplc.lang.program.TaskClock;
import org.ringplc.runtime.TaskStatus;
import org.ringplc.runtime.drivers.ImageDriver;
import org.ringplc.runtime.force.ForceTable;
import org.ringplc.runtime.image.ImageBinding;
import org.ringplc.runtime.monitor.SnapshotBuffer;
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
 */
public final class ScanTask {
    private final LiveTask task;
    private final CycleIo io;
    private final boolean hasIo;
    private final ImageDriver[] drivers;
    private final ImageBinding inputs;
    private final ImageBinding outputs;
    private final ImageBinding safeOutputs;
    private final ForceTable forces;
    private final SnapshotBuffer snapshot;
    private final WatchdogConfig watchdog;
    private final long epoch;
    private final long period;

    private volatile boolean running;
    private volatile Thread thread;

    // statistics: written by the scan thread only, read by any thread (volatile stores are cheap
    // next to a cycle, and each field is read on its own, so no torn multi-field reads matter)
    private volatile long cycles;
    private volatile long lastNanos;
    private volatile long maxNanos;
    private volatile long overruns;
    private volatile TaskState state = TaskState.STOP;
    private volatile String fault;
    private int watchdogStrikes;

    /**
     * @param task        the live task (clock, instances)
     * @param io          the task's batched I/O (null when the task has no drivers)
     * @param drivers     drivers already initialised with {@code io}
     * @param inputs      located %I/%M variables of the task
     * @param outputs     located %Q/%M variables of the task
     * @param safeOutputs located %Q variables, set to 0/FALSE on stop and fault
     * @param forces      the task's forces and queued writes
     * @param snapshot    where cycle values are published
     * @param epoch       {@link System#nanoTime()} when the runtime started: cycle boundaries and
     *                    the task clock count from it
     */
    public ScanTask(LiveTask task, CycleIo io, List<ImageDriver> drivers, ImageBinding inputs, ImageBinding outputs,
                    ImageBinding safeOutputs, ForceTable forces, SnapshotBuffer snapshot, long epoch) {
        this.task = task;
        this.io = io;
        this.drivers = drivers.toArray(new ImageDriver[0]);
        this.hasIo = io != null && !drivers.isEmpty();
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

    /** Starts scanning (clears a fault); no-op while running. Not the scan thread. */
    public synchronized void start() {
        if (thread != null && thread.isAlive()) {
            return;
        }
        fault = null;
        running = true;
        state = TaskState.RUN;
        Thread t = new Thread(this::scan, TaskPolicy.THREAD_PREFIX + name());
        t.setDaemon(true);
        t.setPriority(TaskPolicy.threadPriority(task.plan().priority()));
        thread = t;
        t.start();
    }

    /**
     * Asks the loop to end at the next cycle boundary and waits for it; the outputs are then safe.
     *
     * @return false when the thread did not end in time (a program stuck in a loop)
     */
    public synchronized boolean stop() {
        running = false;
        Thread t = thread;
        if (t == null) {
            return true;
        }
        LockSupport.unpark(t);
        try {
            t.join(TaskPolicy.STOP_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !t.isAlive();
    }

    public TaskStatus status() {
        return new TaskStatus(name(), period / 1_000, cycles, lastNanos / 1_000, maxNanos / 1_000, overruns,
                state.name(), fault);
    }

    /** The scan loop. Scan thread only. */
    private void scan() {
        final TaskClock clock = task.clock();
        final ProgramInstance[] programs = task.instances();
        // the first boundary not in the past: all tasks share the grid that starts at the epoch
        long next = epoch + ceilDiv(Math.max(0, System.nanoTime() - epoch), period) * period;
        int current = -1;
        try {
            while (running) {
                // 1. wait for the absolute start time of the cycle
                long wait;
                while ((wait = next - System.nanoTime()) > 0 && running) {
                    LockSupport.parkNanos(this, wait);
                }
                if (!running) {
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
            throw new WatchdogExpired(exec, watchdog);
        }
    }

    /** Drives the task's physical outputs to 0/FALSE, sends them once and publishes the values. */
    private void safeState(TaskState finalState) {
        running = false;
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
