package org.ringplc.runtime.drivers;

/** A driver that cannot start, with a message that names the driver and the cause. */
public class DriverException extends Exception {
    private static final long serialVersionUID = 1L;

    public DriverException(String message, Throwable cause) {
        super(message, cause);
    }
}
