package org.ringplc.runtime.task;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.ringplc.lang.program.ProgramInstance;
import org.ringplc.lang.program.TaskClock;
import org.ringplc.lang.program.VariableAccessor;
import org.ringplc.runtime.force.ForceTable;
import org.ringplc.runtime.image.ImageBinding;
import org.ringplc.runtime.monitor.TraceRecorder;

/**
 * The body of a {@link ScanTask}'s thread: the scan loop of PRODUCT.md §3, written as one loop
 * with the steps numbered. Cycles start at the absolute deadlines of a {@link CycleGrid}; a cycle
 * that ends after its period counts one overrun.
 *
 * <p>The loop allocates nothing and takes no lock: forces and writes arrive through a lock-free
 * queue, statistics are single-writer fields read by other threads, and monitoring gets a
 * snapshot through a triple buffer. A Throwable from a program, a driver or the watchdog puts the
 * task in FAULT: its physical outputs go to 0/FALSE, are sent once, and the scan ends; the other
 * tasks keep scanning.
 *
 * <p>The thread lives as long as the runtime: it opens the task's I/O and initialises its drivers
 * itself, scans while the task is started, parks while it is stopped or faulted, and closes the
 * I/O when the runtime closes. An io_uring ring is thus only ever entered by one thread
 * (IORING_SETUP_SINGLE_ISSUER), whatever the stops and starts.
 *
 * <p>An event task (IEC 61131-3 TASK with SINGLE) runs the same loop on a grid of
 * {@link TaskPolicy#EVENT_TICK_NANOS}: every tick it reads its inputs and applies forces and
 * queued requests (steps 2 and 3), then samples its BOOL trigger; only on a rising edge does it go
 * on with the programs, outputs and snapshot (steps 4 to 7), and only those ticks count as
 * cycles (the other ticks still publish a snapshot under the last cycle's number, so monitoring
 * shows forces and writes at once). The previous sample starts FALSE whenever the task starts, as
 * the memory of an R_TRIG does, so a trigger already TRUE at start runs the task once. Overruns are
 * not counted for an event task: it has no period to overrun.
 *
 * <p>Kept apart from {@link ScanTask}, whose methods other threads call, so that everything the
 * scan thread runs is in this file; what the two share is in ScanTask's fields, each documented
 * with the thread that writes it.
 */
final class ScanLoop {
    private final ScanTask task;
    /** The task's I/O and drivers; opened, used and closed by the scan thread. */
    private final TaskIo io;
    private final GenerationSlot slot;
    /** Null when the task has no watchdog. */
    private final Watchdog watchdog;
    private final CycleGrid grid;
    private final long epoch;
    private final long period;
    private final long spin;
    /** True for an event task: {@link #period} is then the sampling tick. */
    private final boolean event;
    private final boolean realtime;
    /** The trigger at the previous tick. */
    private boolean lastTrigger;
    /** The absolute-deadline sleep; null: LockSupport.parkNanos. */
    private RealtimeThreads.AbsoluteSleeper sleeper;

    /**
     * @param period   the interval, or an event task's sampling tick
     * @param spin     how long before each start to spin instead of sleeping (at most half the period)
     * @param realtime ask for SCHED_FIFO, the task's CPU and the smallest timer slack
     */
    ScanLoop(ScanTask task, TaskIo io, GenerationSlot slot, Watchdog watchdog, long epoch, long period, long spin,
             boolean event, boolean realtime) {
        this.task = task;
        this.io = io;
        this.slot = slot;
        this.watchdog = watchdog;
        this.grid = new CycleGrid(epoch, period);
        this.epoch = epoch;
        this.period = period;
        this.spin = spin;
        this.event = event;
        this.realtime = realtime;
    }

    /** The thread: open, then scan or park until shutdown, then close. */
    void run(CompletableFuture<Void> ready) {
        if (realtime) {
            Generation g = slot.current();
            task.realtimeOutcome = RealtimeThreads.configureCurrentThread(
                    TaskPolicy.fifoPriority(g.task().plan().priority()), g.task().plan().cpu());
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
            while (!task.shutdown) {
                if (task.runRequested) {
                    scan();
                } else {
                    LockSupport.park(task);
                }
            }
        } finally {
            io.close();
        }
    }

    /** The scan loop, until stopped or faulted. */
    private void scan() {
        final ScanTask t = task;
        final CycleStats stats = t.stats;
        Generation g = slot.current();
        final TaskClock clock = g.task().clock();
        ProgramInstance[] programs = g.task().instances();
        // the first boundary not in the past: all tasks share the grid that starts at the epoch
        grid.startAt(System.nanoTime());
        int current = -1;
        lastTrigger = false;
        t.state = TaskState.RUN;
        try {
            while (t.runRequested) {
                // 1. wait for the absolute start time of the cycle: sleep, and with a spin window
                // configured, spin its last microseconds (the wake-up from a sleep is late by the
                // kernel's timer and scheduling latency; spinning trades a CPU for that)
                long next = grid.next();
                long wait;
                while ((wait = next - System.nanoTime()) > spin && t.runRequested) {
                    if (sleeper != null) {
                        // in slices, so that stop() is answered within a slice even for long periods
                        sleeper.sleepUntil(next - spin - Math.max(0, wait - spin - TaskPolicy.MAX_SLEEP_NANOS));
                    } else {
                        LockSupport.parkNanos(t, wait - spin);
                    }
                }
                while (spin > 0 && next - System.nanoTime() > 0 && t.runRequested) {
                    Thread.onSpinWait();
                }
                if (!t.runRequested) {
                    break;
                }
                long start = System.nanoTime();
                // an online change waiting: installed before anything of this cycle runs
                Swap swap = slot.take();
                if (swap != null) {
                    if (slot.install(swap, stats.cycles() + 1)) {
                        g = slot.current();
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
                        grid.advance(System.nanoTime());
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
                TraceRecorder[] tr = t.traces;
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
                if (grid.advance(end) && !event) {
                    stats.overrun();
                }
                if (watchdog != null) {
                    watchdog.check(exec);
                }
            }
            safeState(TaskState.STOP);
        } catch (Throwable e) {
            t.runRequested = false;
            String where = Faults.location(e);
            String who = current >= 0 && current < programs.length
                    ? slot.current().task().instanceNames()[current] + ": " : "";
            t.fault = (where == null ? "" : where + ": ") + who + Faults.describe(e);
            try {
                safeState(TaskState.FAULT);
            } catch (Throwable again) {
                t.state = TaskState.FAULT;
            }
        }
    }

    /** Drives the task's physical outputs to 0/FALSE, sends them once and publishes the values. */
    private void safeState(TaskState finalState) {
        Generation g = slot.current();
        if (g.retain() != null) {
            g.retain().captureNow();
        }
        g.safeOutputs().zero();
        io.writeOutputs(System.nanoTime() + period);
        g.snapshot().publish(task.stats.cycles());
        task.state = finalState;
    }
}
