package org.ringplc.io;

/** What happened to one exchange in the last phase it took part in. */
public enum ExchangeStatus {
    /** Not yet run in any phase. */
    IDLE,
    /** Completed; {@link CycleIo#result} is the number of bytes transferred. */
    OK,
    /**
     * A non-blocking exchange found nothing to receive (EAGAIN); not an error.
     * {@link CycleIo#result} is {@code -EAGAIN}.
     */
    NO_DATA,
    /**
     * Still pending at the phase's deadline; it was cancelled and transferred nothing.
     * {@link CycleIo#result} is {@code -ETIMEDOUT}.
     */
    TIMEOUT,
    /** Failed; {@link CycleIo#result} is {@code -errno}, see {@link CycleIo#errorName}. */
    ERROR
}
