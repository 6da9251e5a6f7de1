package org.ringplc.runtime.drivers.modbus;

import java.util.ArrayList;
import java.util.List;
import org.ringplc.io.CycleIo;
import org.ringplc.runtime.DriverStatus;
import org.ringplc.runtime.drivers.DriverException;
import org.ringplc.runtime.drivers.ImageDriver;
import org.ringplc.runtime.image.ProcessImage;
import org.ringplc.runtime.project.ModbusClientDriverConfig;

/**
 * The Modbus TCP client (master) driver: polls Modbus servers with function codes 1, 2, 3, 4 into
 * the %I image and writes %Q image bytes with 5, 6, 15, 16, each device on its own connection with
 * one transaction outstanding at a time ({@link ClientDevice} has the per-cycle rules).
 *
 * <p>Devices are independent: one that is unplugged, slow or answering garbage only affects its own
 * requests, and never the cycle's period, since every wait is bounded by the task's I/O deadline.
 */
public final class ModbusClientDriver implements ImageDriver {
    public static final String TYPE = "modbus-tcp-client";

    private final ModbusClientDriverConfig config;
    private final String task;
    private final ClientDevice[] devices;

    public ModbusClientDriver(ModbusClientDriverConfig config, String task) {
        this.config = config;
        this.task = task;
        this.devices = config.devices().stream().map(ClientDevice::new).toArray(ClientDevice[]::new);
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public void init(CycleIo io, ProcessImage image) throws DriverException {
        for (ClientDevice d : devices) {
            d.init(io, image, "ringplc-modbus-" + config.name() + "-" + d.config().name());
        }
    }

    @Override
    public void decodeInputs() {
        long now = System.nanoTime();
        for (ClientDevice d : devices) {
            d.afterInput(now);
        }
    }

    @Override
    public void encodeOutputs() {
        for (ClientDevice d : devices) {
            d.beforeOutput();
        }
    }

    @Override
    public void outputsDone() {
        long now = System.nanoTime();
        for (ClientDevice d : devices) {
            d.afterOutput(now);
        }
    }

    /** True while device {@code i} (in configuration order) is connected. Any thread. */
    public boolean connected(int i) {
        return devices[i].connected();
    }

    @Override
    public DriverStatus status() {
        long received = 0;
        long rejected = 0;
        long sent = 0;
        long errors = 0;
        String lastError = "";
        long lastAt = Long.MIN_VALUE;
        List<String> details = new ArrayList<>();
        for (ClientDevice d : devices) {
            ClientStatus ds = d.status();
            received += ds.received;
            rejected += ds.rejected;
            sent += ds.sent;
            errors += ds.errors;
            String p = d.problem();
            if (!p.isEmpty() && (lastError.isEmpty() || d.status().problemAt() - lastAt > 0)) {
                lastError = p;
                lastAt = d.status().problemAt();
            }
            details.addAll(d.details());
        }
        String address = devices.length == 1
                ? devices[0].config().host() + ":" + devices[0].config().port() : devices.length + " devices";
        return new DriverStatus(config.name(), TYPE, task, address, received, rejected, sent, errors, lastError, details);
    }

    @Override
    public void close() {
        for (ClientDevice d : devices) {
            d.close();
        }
    }
}
