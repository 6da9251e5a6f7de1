package org.ringplc.lang.program;

/**
 * The time as the programs of one task see it: read once at the start of each cycle and constant
 * during it, so that every timer of a cycle sees the same instant (IEC 61131-3 leaves the
 * source of time to the implementation; CODESYS and TwinCAT also latch it per cycle).
 *
 * <p>In simulation the runtime sets a virtual time ((k-1) × cycle time in cycle k, PRODUCT.md
 * §1); in a real run the monotonic time since the task started. Standard FBs such as TON read
 * {@link #nanos()}.
 *
 * <p>Written by the scan thread only, between cycles; read by the same thread.
 */
public final class TaskClock {
    private long nanos;

    /** Nanoseconds of the current cycle. */
    public long nanos() {
        return nanos;
    }

    /** Scan thread only, before the cycle's programs run. */
    public void set(long nanos) {
        this.nanos = nanos;
    }
}
