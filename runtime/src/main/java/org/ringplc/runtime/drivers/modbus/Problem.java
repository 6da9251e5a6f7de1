package org.ringplc.runtime.drivers.modbus;

/**
 * Why a Modbus client device's connection is down, or what went wrong last on it, with the wording
 * of each in one place. Two numbers and an errno name carry the particulars (which request, how
 * many bytes, which unit), so the scan thread records a problem without building a string.
 */
enum Problem {
    NONE, CONNECT_FAILED, CLOSED_BY_PEER, IO_ERROR, SEND_INCOMPLETE, GARBAGE, TRUNCATED, TIMEOUTS,
    TIMEOUT, EXCEPTION, BAD_UNIT, BAD_FUNCTION, BAD_LENGTH, BAD_ECHO;

    /** The problem as the status shows it; "" for {@link #NONE}. Any thread. */
    String describe(int a, int b, String errno, String connectError) {
        return switch (this) {
            case NONE -> "";
            case CONNECT_FAILED -> connectError;
            case CLOSED_BY_PEER -> "connection closed by the device";
            case IO_ERROR -> "connection lost: " + errno;
            case SEND_INCOMPLETE -> "request only partly sent (" + a + " of " + b + " bytes); connection dropped";
            case GARBAGE -> a < 0 ? "more bytes than any response (" + b + "); connection dropped"
                    : String.format("garbage, not Modbus TCP (protocol id 0x%04X, length %d); connection dropped", a, b);
            case TRUNCATED -> "truncated response (" + a + " of " + b + " bytes within the timeout); connection dropped";
            case TIMEOUTS -> a + " requests in a row timed out; connection dropped";
            case TIMEOUT -> "request #" + a + " got no response within " + b + " ms";
            case EXCEPTION -> "request #" + a + ": exception " + Modbus.exceptionName(b);
            case BAD_UNIT -> "response from unit " + a + ", expected " + b;
            case BAD_FUNCTION -> "response with function " + a + " to a request with function " + b;
            case BAD_LENGTH -> "response PDU of " + a + " bytes, expected " + b;
            case BAD_ECHO -> "request #" + a + ": the write response does not echo the request";
        };
    }
}
