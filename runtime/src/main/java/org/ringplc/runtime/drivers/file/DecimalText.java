package org.ringplc.runtime.drivers.file;

import java.nio.ByteBuffer;

/**
 * The text of one integer value as sysfs value files hold it ("1\n", "-42\n"), read and written
 * without allocating, since the scan thread does both every cycle: a bit is "0" or "1", an
 * integer of 1, 2, 4 or 8 image bytes is decimal, signed or not, and written with a newline.
 *
 * <p>One instance per file: {@link #format} writes into its own buffer. Scan thread only.
 */
final class DecimalText {
    /** Image bytes of the value; 0 for a bit. */
    private final int bytes;
    private final boolean signed;
    /** Room for the longest text, "-9223372036854775808\n" or "18446744073709551615\n". */
    private final byte[] digits = new byte[24];
    /** The value of the last successful {@link #parse}. */
    private long value;

    DecimalText(int bytes, boolean signed) {
        this.bytes = bytes;
        this.signed = signed;
    }

    /** The longest text a value can take, newline included: "1\n" for a bit, "-9223372036854775808\n" for an LINT. */
    int maxLength() {
        if (bytes == 0) {
            return 2;
        }
        long max = bytes == 8 ? Long.MAX_VALUE : (1L << (8 * bytes)) - 1;
        int digitsMax = Long.toString(signed ? max >> 1 : max).length();
        if (bytes == 8 && !signed) {
            digitsMax = Long.toUnsignedString(-1L).length();
        }
        return digitsMax + (signed ? 1 : 0) + 1;
    }

    /**
     * Reads the first {@code n} bytes of {@code buf}: an optional sign and up to 20 digits, with white
     * space around them and nothing else. True when it is such a number, then {@link #value()} has it.
     */
    boolean parse(ByteBuffer buf, int n) {
        int i = 0;
        while (i < n && isSpace(buf.get(i))) {
            i++;
        }
        boolean negative = false;
        if (i < n && (buf.get(i) == '-' || buf.get(i) == '+')) {
            negative = buf.get(i) == '-';
            i++;
        }
        int start = i;
        long v = 0;
        while (i < n && buf.get(i) >= '0' && buf.get(i) <= '9' && i - start < 20) {
            v = v * 10 + (buf.get(i) - '0');
            i++;
        }
        boolean any = i > start;
        while (i < n && isSpace(buf.get(i))) {
            i++;
        }
        if (!any || i != n) {
            return false;
        }
        value = negative ? -v : v;
        return true;
    }

    long value() {
        return value;
    }

    /** Writes the decimal text of {@code v} and a newline into {@link #text()}; returns its length. */
    int format(long v) {
        if (bytes == 0) {
            digits[0] = (byte) (v != 0 ? '1' : '0');
            digits[1] = '\n';
            return 2;
        }
        int end = digits.length;
        digits[--end] = '\n';
        boolean negative = signed && v < 0;
        long rest = v;
        do {
            // unsigned remainder and quotient, so that a ULINT above Long.MAX_VALUE prints right
            int d = negative ? (int) -(rest % 10) : (int) Long.remainderUnsigned(rest, 10);
            digits[--end] = (byte) ('0' + d);
            rest = negative ? rest / 10 : Long.divideUnsigned(rest, 10);
        } while (rest != 0);
        if (negative) {
            digits[--end] = '-';
        }
        int len = digits.length - end;
        System.arraycopy(digits, end, digits, 0, len);
        return len;
    }

    /** The text of the last {@link #format}, from index 0. */
    byte[] text() {
        return digits;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\n' || b == '\t' || b == '\r';
    }
}
