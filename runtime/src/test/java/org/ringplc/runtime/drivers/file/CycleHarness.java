package org.ringplc.runtime.drivers.file;

import java.util.function.BooleanSupplier;
import org.ringplc.io.CycleIo;
import org.ringplc.io.CycleIoFactory;
import org.ringplc.io.Phase;
import org.ringplc.runtime.drivers.ImageDriver;
import org.ringplc.runtime.image.ProcessImage;

/**
 * Runs one driver the way a task's scan thread does (INPUT phase, decode, encode, OUTPUT phase,
 * done; absolute period boundaries, the I/O deadline at half the period), on the calling thread,
 * and measures how long each cycle took, so that tests can check the cycle keeps its period
 * whatever the peer does.
 */
public final class CycleHarness implements AutoCloseable {
    private final CycleIo io;
    private final ImageDriver driver;
    private final long period;
    private long next;
    /** The longest cycle seen (nanoseconds from its start to the end of the OUTPUT phase). */
    public long maxCycleNanos;
    /** Cycles that ended after their period. */
    public int overruns;
    /** Where the longest cycle spent its time. */
    public String worst = "";
    public long cycles;

    public CycleHarness(CycleIoFactory.Backend backend, ImageDriver driver, ProcessImage image, long periodNanos)
            throws Exception {
        this.io = CycleIoFactory.open(backend);
        this.driver = driver;
        this.period = periodNanos;
        driver.init(io, image);
        next = System.nanoTime();
    }

    /** One cycle; {@code between} runs where the programs would. */
    public void cycle(Runnable between) {
        long wait;
        while ((wait = next - System.nanoTime()) > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(wait);
        }
        long start = System.nanoTime();
        io.runPhase(Phase.INPUT, start + period / 2);
        long afterInput = System.nanoTime();
        driver.decodeInputs();
        between.run();
        driver.encodeOutputs();
        io.runPhase(Phase.OUTPUT, start + period);
        driver.outputsDone();
        long took = System.nanoTime() - start;
        if (took > maxCycleNanos) {
            maxCycleNanos = took;
            worst = "input phase " + (afterInput - start) / 1000 + " us, cycle " + took / 1000 + " us, late start "
                    + (start - next) / 1000 + " us";
        }
        if (took > period) {
            overruns++;
        }
        cycles++;
        next = Math.max(next + period, System.nanoTime());
    }

    /**
     * The extra OUTPUT phase a task runs when it stops or faults, after setting its outputs to
     * 0/FALSE ({@code zero} stands for that): encode, OUTPUT, done, with no INPUT phase before it.
     */
    public void safeState(Runnable zero) {
        zero.run();
        driver.encodeOutputs();
        io.runPhase(Phase.OUTPUT, System.nanoTime() + period);
        driver.outputsDone();
    }

    /** Cycles until {@code done} holds or {@code timeoutMillis} passed; returns whether it held. */
    public boolean runUntil(BooleanSupplier done, long timeoutMillis) {
        long end = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (System.nanoTime() < end) {
            cycle(() -> { });
            if (done.getAsBoolean()) {
                return true;
            }
        }
        return false;
    }

    public void run(int n) {
        for (int i = 0; i < n; i++) {
            cycle(() -> { });
        }
    }

    public String backend() {
        return io.backend();
    }

    @Override
    public void close() {
        io.close();
        driver.close();
    }
}
