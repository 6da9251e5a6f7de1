package org.ringplc.io.sys;

import org.ringplc.io.CycleIo;
import org.ringplc.io.ExchangeStatus;

/**
 * What both back ends of {@link CycleIo} share beyond the {@link ExchangeTable}: reporting each
 * exchange's outcome from the table, switching exchanges on and off or shortening them between
 * phases, counting the system calls of the last phase, and refusing use after close. The back
 * ends differ only in how a phase moves the bytes.
 *
 * <p>Threading as {@link CycleIo}: scan thread only, after registration.
 */
public abstract class TableCycleIo implements CycleIo {
    /** The registered exchanges and their outcome of the last phase. */
    protected final ExchangeTable table = new ExchangeTable();
    /** System calls the last phase made; the back end resets and counts it per phase. */
    protected int syscalls;
    private boolean closed;

    @Override
    public final void setEnabled(int id, boolean enabled) {
        checkOpen();
        table.setEnabled(id, enabled);
    }

    @Override
    public final boolean isEnabled(int id) {
        table.checkId(id);
        return table.enabled(id);
    }

    @Override
    public final void setLength(int id, int bytes) {
        checkOpen();
        table.setLength(id, bytes);
    }

    @Override
    public final ExchangeStatus status(int id) {
        return table.status(id);
    }

    @Override
    public final int result(int id) {
        return table.result(id);
    }

    @Override
    public final String errorName(int id) {
        return table.errorName(id);
    }

    @Override
    public final int lastPhaseSyscalls() {
        return syscalls;
    }

    /** Marks this CycleIo closed; false when it already was (close() must be idempotent). */
    protected final boolean markClosed() {
        if (closed) {
            return false;
        }
        closed = true;
        return true;
    }

    protected final void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this CycleIo is closed");
        }
    }
}
