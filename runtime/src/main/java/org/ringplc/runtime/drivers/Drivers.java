package org.ringplc.runtime.drivers;

import org.ringplc.runtime.drivers.udp.UdpImageDriver;
import org.ringplc.runtime.project.DriverConfig;
import org.ringplc.runtime.project.UdpDriverConfig;

/** Creates the driver a {@link DriverConfig} describes. */
public final class Drivers {
    private Drivers() {
    }

    public static ImageDriver create(DriverConfig config, String task) {
        if (config instanceof UdpDriverConfig udp) {
            return new UdpImageDriver(udp, task);
        }
        throw new IllegalArgumentException("no driver for " + config.getClass().getSimpleName());
    }
}
