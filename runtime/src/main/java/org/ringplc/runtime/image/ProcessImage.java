package org.ringplc.runtime.image;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.ringplc.lang.program.IoAddress;

/**
 * The process image: the %I (inputs), %Q (outputs) and %M (memory) byte areas that located
 * variables are copied from and to, and that drivers fill and send. Little-endian with CODESYS
 * byte addressing ({@link IoAddress}): {@code %QW1} is bytes 2..3 of the output area.
 *
 * <p>Plain byte arrays: the scan thread of each task reads and writes the bytes of its own
 * drivers and located variables; nothing here is synchronised (tasks that share image bytes see
 * each other's values with the usual multi-tasking race of any PLC, as in CODESYS).
 */
public final class ProcessImage {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] inputs;
    private final byte[] outputs;
    private final byte[] memory;

    public ProcessImage(int inputBytes, int outputBytes, int memoryBytes) {
        this.inputs = new byte[inputBytes];
        this.outputs = new byte[outputBytes];
        this.memory = new byte[memoryBytes];
    }

    /** The bytes of {@code area}; drivers copy to and from these directly. */
    public byte[] area(IoAddress.Area area) {
        return switch (area) {
            case I -> inputs;
            case Q -> outputs;
            case M -> memory;
        };
    }

    /** Reads {@code bytes} (1, 2, 4 or 8) little-endian bytes at {@code offset}, zero-extended. */
    public static long readUnsigned(byte[] a, int offset, int bytes) {
        return switch (bytes) {
            case 1 -> a[offset] & 0xFFL;
            case 2 -> (short) SHORT.get(a, offset) & 0xFFFFL;
            case 4 -> (int) INT.get(a, offset) & 0xFFFF_FFFFL;
            default -> (long) LONG.get(a, offset);
        };
    }

    /** Writes the low {@code bytes} (1, 2, 4 or 8) bytes of {@code value} little-endian at {@code offset}. */
    public static void write(byte[] a, int offset, int bytes, long value) {
        switch (bytes) {
            case 1 -> a[offset] = (byte) value;
            case 2 -> SHORT.set(a, offset, (short) value);
            case 4 -> INT.set(a, offset, (int) value);
            default -> LONG.set(a, offset, value);
        }
    }

    public static boolean readBit(byte[] a, int offset, int bit) {
        return (a[offset] & (1 << bit)) != 0;
    }

    public static void writeBit(byte[] a, int offset, int bit, boolean value) {
        a[offset] = (byte) (value ? a[offset] | (1 << bit) : a[offset] & ~(1 << bit));
    }
}
