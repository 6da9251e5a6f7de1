package org.ringplc.runtime.drivers.modbus;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.ringplc.runtime.image.ProcessImage;
import org.ringplc.runtime.project.ModbusClientDriverConfig;
import org.ringplc.runtime.project.ModbusClientDriverConfig.Request;

/**
 * One configured request of a {@link ClientDevice}: its frame layout computed once, the write
 * payload taken from the %Q image, the read data stored into the %I image, and its last outcome.
 * Scan thread, except the volatile counters and state, which status readers copy.
 */
final class ClientRequest {
    final int index;
    final Request cfg;
    final int fc;
    final int count;
    /** First image bit (bit requests) or byte (register requests). */
    final int imageBit;
    final int imageByte;
    final int statusOffset;
    final int aduLength;
    /** Write payload as on the wire: coil bits LSB first, or big-endian registers. */
    final byte[] payload;
    final byte[] inFlight;
    final byte[] last;
    boolean sentOnce;
    /** A write's SEND exchange and its buffer (the whole ADU); unused for reads. */
    ByteBuffer buf;
    int sendId = -1;
    /** Armed by the safe-state phase, which sends every write at once. */
    boolean safeArmed;
    volatile int state = ClientDevice.PENDING;
    volatile long good;
    volatile long bad;

    ClientRequest(int index, Request cfg) {
        this.index = index;
        this.cfg = cfg;
        this.fc = cfg.function();
        this.count = cfg.count();
        this.imageByte = cfg.image().byteOffset();
        this.imageBit = imageByte * 8 + cfg.image().bit();
        this.statusOffset = cfg.status() == null ? -1 : cfg.status().byteOffset();
        int data = switch (fc) {
            case Modbus.WRITE_SINGLE_COIL, Modbus.WRITE_SINGLE_REGISTER -> 2;
            case Modbus.WRITE_MULTIPLE_COILS -> (count + 7) / 8;
            case Modbus.WRITE_MULTIPLE_REGISTERS -> 2 * count;
            default -> 0;
        };
        this.payload = new byte[data];
        this.inFlight = new byte[data];
        this.last = new byte[data];
        this.aduLength = switch (fc) {
            case Modbus.WRITE_MULTIPLE_COILS, Modbus.WRITE_MULTIPLE_REGISTERS -> Modbus.MBAP + 6 + data;
            default -> 12;
        };
    }

    String describe() {
        int last = cfg.address() + count - 1;
        return Modbus.functionName(fc) + " " + cfg.address() + (count > 1 ? ".." + last : "") + " (FC" + fc + ") "
                + (cfg.isRead() ? "-> " : "<- ") + cfg.image();
    }

    void buildRead(ByteBuffer b, int tid, int unit) {
        b.putShort(0, (short) tid).putShort(2, (short) 0).putShort(4, (short) 6).put(6, (byte) unit)
                .put(7, (byte) fc).putShort(8, (short) cfg.address()).putShort(10, (short) count);
    }

    /** Fills {@link #payload} from the output image; true when the write is due. */
    boolean loadPayload(byte[] out) {
        switch (fc) {
            case Modbus.WRITE_SINGLE_COIL -> {
                boolean on = ProcessImage.readBit(out, imageBit >> 3, imageBit & 7);
                payload[0] = (byte) (on ? 0xFF : 0);
                payload[1] = 0;
            }
            case Modbus.WRITE_MULTIPLE_COILS -> {
                Arrays.fill(payload, (byte) 0);
                for (int k = 0; k < count; k++) {
                    int bit = imageBit + k;
                    if (ProcessImage.readBit(out, bit >> 3, bit & 7)) {
                        payload[k >> 3] |= (byte) (1 << (k & 7));
                    }
                }
            }
            default -> {
                for (int k = 0; k < payload.length; k += 2) {
                    payload[k] = out[imageByte + k + 1];
                    payload[k + 1] = out[imageByte + k];
                }
            }
        }
        return cfg.writeMode() == ModbusClientDriverConfig.WriteMode.ALWAYS || !sentOnce
                || !Arrays.equals(payload, last);
    }

    void buildWrite(ByteBuffer b, int tid, int unit) {
        b.putShort(0, (short) tid).putShort(2, (short) 0).putShort(4, (short) (aduLength - 6)).put(6, (byte) unit)
                .put(7, (byte) fc).putShort(8, (short) cfg.address());
        int at = 10;
        if (fc == Modbus.WRITE_MULTIPLE_COILS || fc == Modbus.WRITE_MULTIPLE_REGISTERS) {
            b.putShort(10, (short) count).put(12, (byte) payload.length);
            at = 13;
        }
        b.put(at, payload);
        System.arraycopy(payload, 0, inFlight, 0, payload.length);
    }

    /** Whether the 4 bytes after the function code of a write response echo the request. */
    boolean echoMatches(byte[] a, int at) {
        if (Modbus.u16(a, at) != cfg.address()) {
            return false;
        }
        if (fc == Modbus.WRITE_SINGLE_COIL || fc == Modbus.WRITE_SINGLE_REGISTER) {
            return a[at + 2] == inFlight[0] && a[at + 3] == inFlight[1];
        }
        return Modbus.u16(a, at + 2) == count;
    }

    void written() {
        System.arraycopy(inFlight, 0, last, 0, inFlight.length);
        sentOnce = true;
    }

    /** Moves a read response's data (after the byte count) into the input image. */
    void store(byte[] a, int at, byte[] in) {
        if (cfg.isBits()) {
            for (int k = 0; k < count; k++) {
                int bit = imageBit + k;
                ProcessImage.writeBit(in, bit >> 3, bit & 7, (a[at + (k >> 3)] & (1 << (k & 7))) != 0);
            }
        } else {
            for (int k = 0; k < count; k++) {
                in[imageByte + 2 * k] = a[at + 2 * k + 1];
                in[imageByte + 2 * k + 1] = a[at + 2 * k];
            }
        }
    }

    void zero(byte[] in) {
        if (cfg.isBits()) {
            for (int k = 0; k < count; k++) {
                int bit = imageBit + k;
                ProcessImage.writeBit(in, bit >> 3, bit & 7, false);
            }
        } else {
            Arrays.fill(in, imageByte, imageByte + 2 * count, (byte) 0);
        }
    }
}
