package org.ringplc.runtime.drivers.modbus;

import java.io.IOException;
import java.util.List;
import org.ringplc.io.CycleIo;
import org.ringplc.lang.program.IoAddress;
import org.ringplc.runtime.DriverStatus;
import org.ringplc.runtime.drivers.DriverException;
import org.ringplc.runtime.drivers.ImageDriver;
import org.ringplc.runtime.image.ImageBinding;
import org.ringplc.runtime.image.ProcessImage;
import org.ringplc.runtime.project.ModbusServerDriverConfig;

/**
 * The Modbus TCP server (slave) driver: SCADA and HMI clients read and write the process image
 * (mapping in {@link ModbusServer}). The networking runs on its own thread against image copies;
 * the scan thread's part is plain memory work:
 * <ul>
 *   <li>{@link #applyRemoteWrites} (step 3, after copy-in, before forces): takes the queued client
 *       writes, puts them into the %Q/%M image and copies the touched bytes into the located
 *       variables, so the programs see them and forces, applied next, still win;</li>
 *   <li>{@link #encodeOutputs} (step 6, after copy-out): publishes a copy of the %I, %Q and %M areas
 *       for the server thread to answer from.</li>
 * </ul>
 * It registers no exchange with the task's {@link CycleIo}.
 */
public final class ModbusServerDriver implements ImageDriver {
    public static final String TYPE = "modbus-tcp-server";
    /**
     * Client writes applied in one cycle at most, so that a flood cannot stretch a cycle; the rest
     * wait for the next cycle (one request per connection is pending at a time, so the queue holds at
     * most one write per client).
     */
    static final int MAX_WRITES_PER_CYCLE = 256;

    private final ModbusServerDriverConfig config;
    private final String task;
    private ServedImage served;
    private ModbusServer server;
    private Thread thread;
    private byte[] inputs;
    private byte[] outputs;
    private byte[] memory;
    /** Scan thread only. */
    private long writesTaken;
    private long cycles;
    private volatile long applied;
    private volatile long expired;

    public ModbusServerDriver(ModbusServerDriverConfig config, String task) {
        this.config = config;
        this.task = task;
    }

    @Override
    public String name() {
        return config.name();
    }

    /** The TCP port the server listens on (the chosen one for {@code port: 0}), or -1 before init. */
    public int localPort() {
        ModbusServer s = server;
        return s == null ? -1 : s.localPort();
    }

    @Override
    public void init(CycleIo io, ProcessImage image) throws DriverException {
        inputs = image.area(IoAddress.Area.I);
        outputs = image.area(IoAddress.Area.Q);
        memory = image.area(IoAddress.Area.M);
        served = new ServedImage(inputs.length, outputs.length, memory.length);
        served.publish(inputs, outputs, memory, 0, 0);
        try {
            server = new ModbusServer(config, served);
        } catch (IOException e) {
            throw new DriverException("driver " + config.name() + " (" + TYPE + "): " + e.getMessage(), e);
        }
        thread = new Thread(server, "ringplc-modbus-server-" + config.name());
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void decodeInputs() {
        // nothing: client writes are applied in applyRemoteWrites, after copy-in
    }

    @Override
    public void applyRemoteWrites(ImageBinding located) {
        int qFrom = Integer.MAX_VALUE;
        int qTo = -1;
        int mFrom = Integer.MAX_VALUE;
        int mTo = -1;
        long now = System.nanoTime();
        ServedImage.Write w;
        for (int n = 0; n < MAX_WRITES_PER_CYCLE && (w = served.writes.poll()) != null; n++) {
            writesTaken = w.seq();
            if (now - w.deadline() > 0 || !w.state().compareAndSet(ServedImage.Write.PENDING, ServedImage.Write.APPLIED)) {
                expired++;
                continue;
            }
            byte[] area = w.memory() ? memory : outputs;
            int from;
            int to;
            if (w.bits()) {
                for (int k = 0; k < w.count(); k++) {
                    int bit = w.start() + k;
                    ProcessImage.writeBit(area, bit >> 3, bit & 7, (w.data()[k >> 3] & (1 << (k & 7))) != 0);
                }
                from = w.start() >> 3;
                to = ((w.start() + w.count() - 1) >> 3) + 1;
            } else {
                for (int k = 0; k < w.count(); k++) {
                    area[w.start() + 2 * k] = w.data()[2 * k + 1];
                    area[w.start() + 2 * k + 1] = w.data()[2 * k];
                }
                from = w.start();
                to = w.start() + 2 * w.count();
            }
            if (w.memory()) {
                mFrom = Math.min(mFrom, from);
                mTo = Math.max(mTo, to);
            } else {
                qFrom = Math.min(qFrom, from);
                qTo = Math.max(qTo, to);
            }
            applied++;
        }
        if (qTo >= 0) {
            located.copyIn(outputs, qFrom, qTo);
        }
        if (mTo >= 0) {
            located.copyIn(memory, mFrom, mTo);
        }
    }

    @Override
    public void encodeOutputs() {
        served.publish(inputs, outputs, memory, writesTaken, ++cycles);
    }

    @Override
    public void outputsDone() {
        // nothing: the server answers from the frame published in encodeOutputs
    }

    @Override
    public DriverStatus status() {
        ModbusServer s = server;
        if (s == null) {
            return new DriverStatus(config.name(), TYPE, task, config.bind() + ":" + config.port(), 0, 0, 0, 0, "");
        }
        List<String> details = s.clientLines();
        details.add("image served: " + outputs.length * 8 + " coils (%QX), " + inputs.length * 8
                + " discrete inputs (%IX), " + inputs.length / 2 + " input registers (%IW), " + outputs.length / 2
                + " holding registers from 0 (%QW), " + memory.length / 2 + " from " + ModbusServerDriverConfig.MEMORY_BASE
                + " (%MW); " + applied + " writes applied, " + expired + " expired");
        return new DriverStatus(config.name(), TYPE, task, config.bind() + ":" + s.localPort(), s.answered.get(),
                s.exceptions.get(), applied, s.dropped.get(), s.lastError, details);
    }

    @Override
    public void close() {
        ModbusServer s = server;
        if (s == null) {
            return;
        }
        s.close();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        s.release();
    }
}
