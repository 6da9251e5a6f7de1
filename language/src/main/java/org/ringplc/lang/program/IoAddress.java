package org.ringplc.lang.program;

/**
 * A directly represented (located) variable's address, {@code %IX0.3}, {@code %QW4}, {@code %MD2}.
 *
 * <p>Byte addressing as in CODESYS: {@code %IW1} is bytes 2..3 of the input image (the word index
 * times two), {@code %ID1} bytes 4..7, {@code %IB1} byte 1, {@code %IX1.3} bit 3 of byte 1.
 * Multi-byte values are little-endian in the image.
 *
 * @param area      I (inputs), Q (outputs) or M (memory)
 * @param size      X (bit), B (8), W (16), D (32), L (64)
 * @param index     the number after the size letter (byte index for X and B, word index for W, ...)
 * @param bit       the bit number for X, otherwise 0
 */
public record IoAddress(Area area, Size size, int index, int bit) {
    public enum Area { I, Q, M }

    public enum Size {
        X(1), B(1), W(2), D(4), L(8);
        /** Bytes occupied in the image (one for a bit). */
        public final int bytes;

        Size(int bytes) {
            this.bytes = bytes;
        }
    }

    /** First byte in the image of {@link #area}. */
    public int byteOffset() {
        return size == Size.X ? index : index * size.bytes;
    }

    @Override
    public String toString() {
        return "%" + area + size + index + (size == Size.X ? "." + bit : "");
    }
}
