package org.ringplc.runtime.task;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.ringplc.io.CycleIo;
import org.ringplc.io.CycleIoFactory;
import org.ringplc.io.Phase;
import org.ringplc.runtime.DriverStatus;
import org.ringplc.runtime.drivers.DriverException;
import org.ringplc.runtime.drivers.ImageDriver;
import org.ringplc.runtime.image.ImageBinding;
import org.ringplc.runtime.image.ProcessImage;
import org.ringplc.runtime.project.IoBackend;
import org.ringplc.runtime.project.SqpollConfig;

/**
 * One task's {@link CycleIo} and the drivers that use it: the I/O steps of the scan loop
 * (PRODUCT.md §3 steps 2 and 6), kept apart from the loop's timing and lifecycle in
 * {@link ScanTask}. Opened, used and closed by the scan thread only, so an io_uring ring is only
 * ever entered by one thread (IORING_SETUP_SINGLE_ISSUER); the backend names and the driver
 * counters are read by any thread. A task without drivers opens no I/O and every step is a no-op.
 */
final class TaskIo {
    private final IoBackend backend;
    private final SqpollConfig sqpoll;
    private final ProcessImage image;
    private final ImageDriver[] drivers;
    /** Null until opened, and when the task has no drivers. */
    private CycleIo io;
    private boolean open;
    private volatile String backendName = "none";
    private volatile String backendReason = "no I/O drivers in this task";

    TaskIo(IoBackend backend, SqpollConfig sqpoll, ProcessImage image, List<ImageDriver> drivers) {
        this.backend = backend;
        this.sqpoll = sqpoll;
        this.image = image;
        this.drivers = drivers.toArray(new ImageDriver[0]);
    }

    /** Opens the I/O backend and initialises the drivers. Scan thread only. */
    void open() throws IOException, DriverException {
        if (drivers.length == 0) {
            return;
        }
        io = CycleIoFactory.open(CycleIoFactory.Backend.valueOf(backend.name()), sqpoll.enabled()
                ? new CycleIoFactory.Options(true, sqpoll.idleMillis(), sqpoll.cpu())
                : CycleIoFactory.Options.DEFAULT);
        backendName = io.backend();
        backendReason = io.backendReason();
        for (ImageDriver d : drivers) {
            d.init(io, image);
        }
        open = true;
    }

    /**
     * Step 2, first half: all inputs in one submission, then each driver decodes into the image.
     * Scan thread only; allocates nothing.
     */
    void readInputs(long deadlineNanos) {
        if (!open) {
            return;
        }
        io.runPhase(Phase.INPUT, deadlineNanos);
        for (ImageDriver d : drivers) {
            d.decodeInputs();
        }
    }

    /** Step 2, after copy-in: values remote clients wrote into the image reach the variables. Scan thread only. */
    void applyRemoteWrites(ImageBinding outputs) {
        if (!open) {
            return;
        }
        for (ImageDriver d : drivers) {
            d.applyRemoteWrites(outputs);
        }
    }

    /**
     * Step 6, after copy-out: each driver encodes, all outputs go in one submission. Also the
     * single send of the safe outputs on stop and fault. Scan thread only; allocates nothing.
     */
    void writeOutputs(long deadlineNanos) {
        if (!open) {
            return;
        }
        for (ImageDriver d : drivers) {
            d.encodeOutputs();
        }
        io.runPhase(Phase.OUTPUT, deadlineNanos);
        for (ImageDriver d : drivers) {
            d.outputsDone();
        }
    }

    /** Closes the I/O and every driver (also after a failed {@link #open()}). Scan thread only. */
    void close() {
        if (io != null) {
            io.close();
        }
        for (ImageDriver d : drivers) {
            d.close();
        }
    }

    /** "iouring", "fallback" or "none" (no drivers). Any thread. */
    String backendName() {
        return backendName;
    }

    String backendReason() {
        return backendReason;
    }

    /** Driver counters. Any thread. */
    List<DriverStatus> driverStatus() {
        return Arrays.stream(drivers).map(ImageDriver::status).toList();
    }
}
