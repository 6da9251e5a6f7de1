package org.ringplc.runtime.drivers.modbus;

import java.util.Arrays;
import org.ringplc.runtime.project.ModbusServerDriverConfig;

/**
 * The Modbus functions the server driver serves, on one published image frame: reads are answered
 * from the frame, writes are checked and handed to the caller's queue for the scan thread to
 * apply. Malformed requests get ILLEGAL DATA VALUE, addresses beyond the image ILLEGAL DATA
 * ADDRESS, unknown functions ILLEGAL FUNCTION (Modbus Application Protocol v1.1b3, 6.1-6.12, 7).
 * The address mapping is in {@link ModbusServer}. Server thread.
 */
final class ServedFunctions {

    /** Where a checked write goes: applied by the scan thread, then answered with {@code response}. */
    interface Writes {
        /**
         * @param memory   %M (holding registers from 1024) rather than %Q
         * @param bits     coils rather than registers
         * @param start    first bit (coils) or byte offset (registers) in the area
         * @param data     coil bits LSB first, or big-endian registers, as on the wire
         * @param response the response PDU once applied
         */
        void queue(boolean memory, boolean bits, int start, int count, byte[] data, byte[] response);
    }

    private ServedFunctions() {
    }

    /** The response PDU to {@code pdu}, or null when it is a write now queued. */
    static byte[] answer(byte[] pdu, ServedImage.Frame f, Writes writes) {
        int fc = pdu[0] & 0xff;
        return switch (fc) {
            case Modbus.READ_COILS -> readBits(pdu, f.outputs, Modbus.MAX_READ_BITS);
            case Modbus.READ_DISCRETE_INPUTS -> readBits(pdu, f.inputs, Modbus.MAX_READ_BITS);
            case Modbus.READ_HOLDING_REGISTERS -> readRegisters(pdu, f, true);
            case Modbus.READ_INPUT_REGISTERS -> readRegisters(pdu, f, false);
            case Modbus.WRITE_SINGLE_COIL, Modbus.WRITE_MULTIPLE_COILS -> writeCoils(pdu, f, writes);
            case Modbus.WRITE_SINGLE_REGISTER, Modbus.WRITE_MULTIPLE_REGISTERS -> writeRegisters(pdu, f, writes);
            default -> exception(fc, Modbus.ILLEGAL_FUNCTION);
        };
    }

    private static byte[] readBits(byte[] pdu, byte[] area, int max) {
        if (pdu.length != 5) {
            return exception(pdu[0], Modbus.ILLEGAL_DATA_VALUE);
        }
        int address = Modbus.u16(pdu, 1);
        int count = Modbus.u16(pdu, 3);
        if (count < 1 || count > max) {
            return exception(pdu[0], Modbus.ILLEGAL_DATA_VALUE);
        }
        if (address + count > area.length * 8) {
            return exception(pdu[0], Modbus.ILLEGAL_DATA_ADDRESS);
        }
        byte[] r = new byte[2 + (count + 7) / 8];
        r[0] = pdu[0];
        r[1] = (byte) (r.length - 2);
        for (int k = 0; k < count; k++) {
            int bit = address + k;
            if ((area[bit >> 3] & (1 << (bit & 7))) != 0) {
                r[2 + (k >> 3)] |= (byte) (1 << (k & 7));
            }
        }
        return r;
    }

    private static byte[] readRegisters(byte[] pdu, ServedImage.Frame f, boolean holding) {
        if (pdu.length != 5) {
            return exception(pdu[0], Modbus.ILLEGAL_DATA_VALUE);
        }
        int address = Modbus.u16(pdu, 1);
        int count = Modbus.u16(pdu, 3);
        if (count < 1 || count > Modbus.MAX_READ_REGISTERS) {
            return exception(pdu[0], Modbus.ILLEGAL_DATA_VALUE);
        }
        byte[] r = new byte[2 + 2 * count];
        r[0] = pdu[0];
        r[1] = (byte) (2 * count);
        for (int k = 0; k < count; k++) {
            int reg = address + k;
            byte[] area = holding ? (reg < ModbusServerDriverConfig.MEMORY_BASE ? f.outputs : f.memory) : f.inputs;
            int offset = 2 * (holding && reg >= ModbusServerDriverConfig.MEMORY_BASE
                    ? reg - ModbusServerDriverConfig.MEMORY_BASE : reg);
            if (offset + 2 > area.length) {
                return exception(pdu[0], Modbus.ILLEGAL_DATA_ADDRESS);
            }
            r[2 + 2 * k] = area[offset + 1];
            r[3 + 2 * k] = area[offset];
        }
        return r;
    }

    private static byte[] writeCoils(byte[] pdu, ServedImage.Frame f, Writes writes) {
        int fc = pdu[0] & 0xff;
        if (pdu.length < 5) {
            return exception(fc, Modbus.ILLEGAL_DATA_VALUE);
        }
        int address = Modbus.u16(pdu, 1);
        int count;
        byte[] data;
        if (fc == Modbus.WRITE_SINGLE_COIL) {
            int value = Modbus.u16(pdu, 3);
            if (pdu.length != 5 || (value != 0xFF00 && value != 0)) {
                return exception(fc, Modbus.ILLEGAL_DATA_VALUE);
            }
            count = 1;
            data = new byte[] {(byte) (value != 0 ? 1 : 0)};
        } else {
            count = Modbus.u16(pdu, 3);
            data = multipleValues(pdu, count, Modbus.MAX_WRITE_COILS, (count + 7) / 8);
            if (data == null) {
                return exception(fc, Modbus.ILLEGAL_DATA_VALUE);
            }
        }
        if (address + count > f.outputs.length * 8) {
            return exception(fc, Modbus.ILLEGAL_DATA_ADDRESS);
        }
        writes.queue(false, true, address, count, data, Arrays.copyOfRange(pdu, 0, 5));
        return null;
    }

    private static byte[] writeRegisters(byte[] pdu, ServedImage.Frame f, Writes writes) {
        int fc = pdu[0] & 0xff;
        if (pdu.length < 5) {
            return exception(fc, Modbus.ILLEGAL_DATA_VALUE);
        }
        int address = Modbus.u16(pdu, 1);
        int count;
        byte[] data;
        if (fc == Modbus.WRITE_SINGLE_REGISTER) {
            if (pdu.length != 5) {
                return exception(fc, Modbus.ILLEGAL_DATA_VALUE);
            }
            count = 1;
            data = Arrays.copyOfRange(pdu, 3, 5);
        } else {
            count = Modbus.u16(pdu, 3);
            data = multipleValues(pdu, count, Modbus.MAX_WRITE_REGISTERS, 2 * count);
            if (data == null) {
                return exception(fc, Modbus.ILLEGAL_DATA_VALUE);
            }
        }
        int base = ModbusServerDriverConfig.MEMORY_BASE;
        boolean memory = address >= base;
        int last = address + count - 1;
        int offset = 2 * (memory ? address - base : address);
        byte[] area = memory ? f.memory : f.outputs;
        // a write may not straddle %QW and %MW: it would be two writes, applied or refused apart
        if ((!memory && last >= base) || offset + 2 * count > area.length) {
            return exception(fc, Modbus.ILLEGAL_DATA_ADDRESS);
        }
        writes.queue(memory, false, offset, count, data, Arrays.copyOfRange(pdu, 0, 5));
        return null;
    }

    /**
     * The values of a FC15/FC16 request (address, quantity {@code count}, byte count, values), or
     * null when the quantity is not 1..{@code max} or the byte count or the length is not {@code bytes}.
     */
    private static byte[] multipleValues(byte[] pdu, int count, int max, int bytes) {
        if (count < 1 || count > max || pdu.length < 6 || (pdu[5] & 0xff) != bytes || pdu.length != 6 + bytes) {
            return null;
        }
        return Arrays.copyOfRange(pdu, 6, pdu.length);
    }

    /** An exception response: the function code with its high bit set, and the exception code. */
    static byte[] exception(int fc, int code) {
        return new byte[] {(byte) (fc | 0x80), (byte) code};
    }
}
