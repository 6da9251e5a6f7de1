package org.ringplc.runtime.task;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The generation a task runs and the one an online change has offered to replace it. The runtime
 * offers a {@link Swap}; whoever takes it out of the slot first installs it: the scan thread at
 * the start of its next cycle, or the runtime itself while the task is not scanning, or nobody,
 * when the runtime withdraws it after a timeout. One compare-and-set decides, so a swap is
 * installed at most once and never by two threads.
 *
 * <p>Kept apart from {@link ScanTask} so that the hand-over is in one place: the scan thread's
 * only costs per cycle are one volatile read of the pending swap, and one of the generation when
 * its scan starts or a swap was installed.
 */
final class GenerationSlot {
    /**
     * Written by whoever installs a swap (the scan thread, or the runtime while the task is not
     * scanning), before {@link Swap#finished} is set, so a thread that sees the swap finished sees
     * the new generation; read by any thread.
     */
    private volatile Generation current;
    private final AtomicReference<Swap> pending = new AtomicReference<>();

    GenerationSlot(Generation first) {
        this.current = first;
    }

    /** The generation running. Any thread (it may be one cycle stale). */
    Generation current() {
        return current;
    }

    /** Offers {@code swap}; false when another one is still pending. */
    boolean offer(Swap swap) {
        return pending.compareAndSet(null, swap);
    }

    /** Takes {@code swap} back out of the slot; false when it is no longer there (someone took it). */
    boolean withdraw(Swap swap) {
        return pending.compareAndSet(swap, null);
    }

    /**
     * The swap waiting, now owned by the caller, or null. Scan thread, once per cycle: the plain
     * {@code get} (an acquire load) comes first because {@code getAndSet} is a locked instruction,
     * paid only in the cycle that installs a swap.
     */
    Swap take() {
        return pending.get() == null ? null : pending.getAndSet(null);
    }

    /**
     * Installs a swap the caller took out of the slot: runs its transfer, then switches to its
     * generation. The scan thread, or the runtime while the task is not scanning.
     *
     * @param firstCycle the number of the first cycle the new generation runs
     * @return true when the new generation is in place; false when the transfer threw (the old
     *         generation keeps running, the swap holds the failure)
     */
    boolean install(Swap s, long firstCycle) {
        long t0 = System.nanoTime();
        try {
            s.transfer.run();
            current = s.next;
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
}
