package org.ringplc.runtime.project;

import java.util.List;

/**
 * {@code io:} of {@code project.yaml}.
 *
 * @param backend the backend choice
 * @param drivers the I/O drivers in declaration order
 * @param sqpoll  the io_uring submission-queue poller choice ({@code io.sqpoll})
 */
public record IoConfig(IoBackend backend, List<DriverConfig> drivers, SqpollConfig sqpoll) {

    /** Without a poller thread (the default {@code io.sqpoll: false}). */
    public IoConfig(IoBackend backend, List<DriverConfig> drivers) {
        this(backend, drivers, SqpollConfig.OFF);
    }

    public IoConfig {
        if (sqpoll == null) {
            sqpoll = SqpollConfig.OFF;
        }
    }
}
