package org.ringplc.runtime.drivers;

import org.ringplc.io.CycleIo;
import org.ringplc.runtime.DriverStatus;
import org.ringplc.runtime.image.ImageBinding;
import org.ringplc.runtime.image.ProcessImage;

/**
 * An I/O driver: it moves bytes between devices and the process image and never sees program
 * variables (they meet only through image addresses, as in 4diac FORTE's IO controllers). The
 * runtime calls, on the task's scan thread:
 * <ol>
 *   <li>{@link #init} once: open sockets or files, register the exchanges the driver needs each
 *       cycle; may fail with a message;</li>
 *   <li>each cycle: {@link #decodeInputs()} after the INPUT phase ran, {@link #encodeOutputs()}
 *       before the OUTPUT phase, {@link #outputsDone()} after it: plain memory work, never
 *       blocking, never allocating;</li>
 *   <li>{@link #close()} once, after the last cycle.</li>
 * </ol>
 * {@link #status()} may be called from any thread.
 */
public interface ImageDriver extends AutoCloseable {

    String name();

    /** Opens the device and registers the driver's exchanges with {@code io}. */
    void init(CycleIo io, ProcessImage image) throws DriverException;

    /** Moves what the INPUT phase received into the input image. Scan thread only. */
    void decodeInputs();

    /**
     * Step 3 of the cycle, right after copy-in and before forces and queued writes are applied: a
     * driver through which remote clients write outputs or memory (the Modbus TCP server) puts
     * their values into the %Q/%M image and copies the bytes it touched into the located variables
     * with {@link ImageBinding#copyIn(byte[], int, int) located.copyIn(area, from, to)}. Forces
     * are applied after this, so a forced variable keeps its forced value, exactly as with a
     * one-shot write from the web UI. Default: nothing. Scan thread only; never blocks or allocates.
     *
     * @param located the located %Q and %M variables of the task
     */
    default void applyRemoteWrites(ImageBinding located) {
    }

    /** Prepares the OUTPUT phase's buffers from the output image. Scan thread only. */
    void encodeOutputs();

    /** Takes note of how the OUTPUT phase went. Scan thread only. */
    void outputsDone();

    DriverStatus status();

    /** Releases the device; the CycleIo has been closed before, so nothing is in flight. */
    @Override
    void close();
}
