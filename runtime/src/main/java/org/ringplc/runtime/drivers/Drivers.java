package org.ringplc.runtime.drivers;

import org.ringplc.runtime.drivers.file.FileDriver;
import org.ringplc.runtime.drivers.modbus.ModbusClientDriver;
import org.ringplc.runtime.drivers.modbus.ModbusServerDriver;
import org.ringplc.runtime.drivers.udp.UdpImageDriver;
import org.ringplc.runtime.project.DriverConfig;
import org.ringplc.runtime.project.FileDriverConfig;
import org.ringplc.runtime.project.ModbusClientDriverConfig;
import org.ringplc.runtime.project.ModbusServerDriverConfig;
import org.ringplc.runtime.project.UdpDriverConfig;

/** Creates the driver a {@link DriverConfig} describes. */
public final class Drivers {
    private Drivers() {
    }

    public static ImageDriver create(DriverConfig config, String task) {
        if (config instanceof UdpDriverConfig udp) {
            return new UdpImageDriver(udp, task);
        }
        if (config instanceof ModbusClientDriverConfig modbus) {
            return new ModbusClientDriver(modbus, task);
        }
        if (config instanceof ModbusServerDriverConfig server) {
            return new ModbusServerDriver(server, task);
        }
        if (config instanceof FileDriverConfig files) {
            return new FileDriver(files, task);
        }
        throw new IllegalArgumentException("no driver for " + config.getClass().getSimpleName());
    }
}
