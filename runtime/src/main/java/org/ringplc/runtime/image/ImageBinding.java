package org.ringplc.runtime.image;

import java.util.List;
import org.ringplc.lang.program.IoAddress;
import org.ringplc.lang.program.ValueType;
import org.ringplc.lang.program.VariableAccessor;

/**
 * The copy between located variables and the process image for one task, precomputed into
 * parallel arrays so that {@link #copyIn()} and {@link #copyOut()} are plain loops with no
 * allocation, lookup or boxing.
 *
 * <p>Encoding in the image: integers and bit strings as their low bytes, signed types
 * sign-extended when read back; BOOL as a bit ({@code %IX}) or as a byte 0/1; REAL as its IEEE bits;
 * TIME/LTIME in a 64-bit slot as nanoseconds, in a narrower slot as milliseconds (the CODESYS
 * encoding of TIME); DATE and DATE_AND_TIME in a narrower slot as seconds since 1970, TIME_OF_DAY as
 * milliseconds since midnight.
 */
public final class ImageBinding {
    private final VariableAccessor[] access;
    private final byte[][] area;
    private final int[] offset;
    /** 0 for a bit, else 1, 2, 4 or 8. */
    private final int[] bytes;
    private final int[] bit;
    private final boolean[] signed;
    private final boolean[] boolByte;
    /** Nanoseconds per image unit (1 when the raw value is stored as it is). */
    private final long[] scale;

    private ImageBinding(int n) {
        access = new VariableAccessor[n];
        area = new byte[n][];
        offset = new int[n];
        bytes = new int[n];
        bit = new int[n];
        signed = new boolean[n];
        boolByte = new boolean[n];
        scale = new long[n];
    }

    /** Binds {@code leaves}, which must all be located and fit in {@code image}. */
    public static ImageBinding of(List<Leaf> leaves, ProcessImage image) {
        ImageBinding b = new ImageBinding(leaves.size());
        for (int i = 0; i < leaves.size(); i++) {
            var d = leaves.get(i).descriptor();
            IoAddress a = d.address();
            b.access[i] = d.access();
            b.area[i] = image.area(a.area());
            b.offset[i] = a.byteOffset();
            b.bytes[i] = a.size() == IoAddress.Size.X ? 0 : a.size().bytes;
            b.bit[i] = a.bit();
            ValueType t = d.type();
            b.signed[i] = switch (t) {
                case SINT, INT, DINT, LINT, TIME, LTIME, ENUM -> true;
                default -> false;
            };
            b.boolByte[i] = t == ValueType.BOOL && b.bytes[i] > 0;
            b.scale[i] = scaleOf(t, b.bytes[i]);
        }
        return b;
    }

    private static long scaleOf(ValueType t, int bytes) {
        if (bytes == 8 || bytes == 0) {
            return 1;
        }
        return switch (t) {
            case TIME, LTIME, TIME_OF_DAY -> 1_000_000L;
            case DATE, DATE_AND_TIME -> 1_000_000_000L;
            default -> 1;
        };
    }

    public int size() {
        return access.length;
    }

    /** Image → variables. Scan thread only. */
    public void copyIn() {
        for (int i = 0; i < access.length; i++) {
            access[i].set(read(i));
        }
    }

    /**
     * Image → variables for the bound variables of {@code area} (one of the image's byte arrays)
     * that overlap bytes {@code [from, to)}: what a driver calls after remote clients wrote those
     * bytes. Scan thread only; allocates nothing.
     */
    public void copyIn(byte[] area, int from, int to) {
        for (int i = 0; i < access.length; i++) {
            if (this.area[i] == area && offset[i] < to && offset[i] + Math.max(1, bytes[i]) > from) {
                access[i].set(read(i));
            }
        }
    }

    /** Variables → image. Scan thread only. */
    public void copyOut() {
        for (int i = 0; i < access.length; i++) {
            write(i, access[i].get());
        }
    }

    /** Sets every bound variable and its image bytes to 0/FALSE (the safe state of outputs). */
    public void zero() {
        for (int i = 0; i < access.length; i++) {
            access[i].set(0);
            write(i, 0);
        }
    }

    private long read(int i) {
        int n = bytes[i];
        if (n == 0) {
            return ProcessImage.readBit(area[i], offset[i], bit[i]) ? 1 : 0;
        }
        long v = ProcessImage.readUnsigned(area[i], offset[i], n);
        if (boolByte[i]) {
            return v != 0 ? 1 : 0;
        }
        if (signed[i] && n < 8) {
            int shift = 64 - 8 * n;
            v = (v << shift) >> shift;
        }
        return v * scale[i];
    }

    private void write(int i, long raw) {
        int n = bytes[i];
        if (n == 0) {
            ProcessImage.writeBit(area[i], offset[i], bit[i], (raw & 1) != 0);
        } else if (boolByte[i]) {
            ProcessImage.write(area[i], offset[i], n, raw != 0 ? 1 : 0);
        } else {
            ProcessImage.write(area[i], offset[i], n, scale[i] == 1 ? raw : Math.floorDiv(raw, scale[i]));
        }
    }
}
