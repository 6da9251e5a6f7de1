package org.ringplc.runtime.task;

/**
 * A new generation waiting to be installed at the start of the next cycle. {@code transfer}
 * runs on the scan thread just before the switch (it copies the old instances' state into the
 * new ones); when it throws, the old generation keeps running and the failure is reported.
 */
public final class Swap {
    final Generation next;
    final Runnable transfer;
    /** The cycle number of the first cycle of the new generation; -1 until installed. */
    volatile long installedAt = -1;
    volatile Throwable failure;
    volatile boolean finished;
    /** How long the transfer took on the scan thread. */
    volatile long durationNanos;

    public Swap(Generation next, Runnable transfer) {
        this.next = next;
        this.transfer = transfer;
    }

    public boolean finished() {
        return finished;
    }

    public long installedAt() {
        return installedAt;
    }

    public Throwable failure() {
        return failure;
    }

    public long durationNanos() {
        return durationNanos;
    }
}
