package org.ringplc.runtime.drivers.modbus;

/**
 * Modbus TCP framing and codes shared by the client and the server, from the "MODBUS Application
 * Protocol Specification V1.1b3" (function codes §6, exception codes §7) and the "MODBUS Messaging
 * on TCP/IP Implementation Guide V1.0b" (MBAP header §3.1.3).
 *
 * <p>An ADU is the 7-byte MBAP header (transaction id, protocol id 0, length of what follows,
 * unit id; all big-endian) followed by the PDU (function code and data, at most 253 bytes).
 */
final class Modbus {
    /** MBAP header bytes: transaction id (2), protocol id (2), length (2), unit id (1). */
    static final int MBAP = 7;
    /** Largest PDU (spec §4.1: 256-byte serial ADU less address and CRC). */
    static final int MAX_PDU = 253;
    /** Largest TCP ADU. */
    static final int MAX_ADU = MBAP + MAX_PDU;
    /** Smallest and largest values of the MBAP length field (unit id + PDU with a function code). */
    static final int MIN_LENGTH = 2;
    static final int MAX_LENGTH = 1 + MAX_PDU;

    static final int READ_COILS = 1;
    static final int READ_DISCRETE_INPUTS = 2;
    static final int READ_HOLDING_REGISTERS = 3;
    static final int READ_INPUT_REGISTERS = 4;
    static final int WRITE_SINGLE_COIL = 5;
    static final int WRITE_SINGLE_REGISTER = 6;
    static final int WRITE_MULTIPLE_COILS = 15;
    static final int WRITE_MULTIPLE_REGISTERS = 16;

    /** Largest quantities per request (spec §6.1-6.12). */
    static final int MAX_READ_BITS = 2000;
    static final int MAX_READ_REGISTERS = 125;
    static final int MAX_WRITE_COILS = 1968;
    static final int MAX_WRITE_REGISTERS = 123;

    static final int ILLEGAL_FUNCTION = 1;
    static final int ILLEGAL_DATA_ADDRESS = 2;
    static final int ILLEGAL_DATA_VALUE = 3;
    static final int SERVER_DEVICE_FAILURE = 4;
    static final int SERVER_DEVICE_BUSY = 6;

    /** Exception names by code (spec §7); "" for codes the spec does not define. */
    private static final String[] EXCEPTIONS = {
            "", "ILLEGAL FUNCTION", "ILLEGAL DATA ADDRESS", "ILLEGAL DATA VALUE", "SERVER DEVICE FAILURE",
            "ACKNOWLEDGE", "SERVER DEVICE BUSY", "", "MEMORY PARITY ERROR", "", "GATEWAY PATH UNAVAILABLE",
            "GATEWAY TARGET DEVICE FAILED TO RESPOND"};

    private Modbus() {
    }

    /** "02 ILLEGAL DATA ADDRESS", or "code 0x42" for a code the spec does not define. */
    static String exceptionName(int code) {
        String name = code > 0 && code < EXCEPTIONS.length ? EXCEPTIONS[code] : "";
        return name.isEmpty() ? String.format("code 0x%02X", code) : String.format("%02d %s", code, name);
    }

    /** "read holding registers" for 3, and so on. */
    static String functionName(int function) {
        return switch (function) {
            case READ_COILS -> "read coils";
            case READ_DISCRETE_INPUTS -> "read discrete inputs";
            case READ_HOLDING_REGISTERS -> "read holding registers";
            case READ_INPUT_REGISTERS -> "read input registers";
            case WRITE_SINGLE_COIL -> "write single coil";
            case WRITE_SINGLE_REGISTER -> "write single register";
            case WRITE_MULTIPLE_COILS -> "write multiple coils";
            case WRITE_MULTIPLE_REGISTERS -> "write multiple registers";
            default -> "function " + function;
        };
    }

    static int u16(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }

    static void putU16(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }
}
