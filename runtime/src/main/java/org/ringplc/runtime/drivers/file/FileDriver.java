package org.ringplc.runtime.drivers.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.ringplc.io.CycleIo;
import org.ringplc.io.Exchange;
import org.ringplc.io.ExchangeStatus;
import org.ringplc.io.NativeFiles;
import org.ringplc.io.Phase;
import org.ringplc.lang.program.IoAddress;
import org.ringplc.runtime.DriverStatus;
import org.ringplc.runtime.drivers.DriverException;
import org.ringplc.runtime.drivers.ImageDriver;
import org.ringplc.runtime.image.ProcessImage;
import org.ringplc.runtime.project.FileDriverConfig;

/**
 * Files and character devices that hold one value as text, like the Linux sysfs GPIO files
 * ({@code /sys/class/gpio/gpio17/value} reads "0\n" or "1\n" and takes the same): each input is
 * read with a READ at offset 0 in the INPUT phase and parsed into a %I bit or integer; each output
 * is formatted from its %Q bit or integer and written with a WRITE at offset 0 in the OUTPUT phase,
 * when it changed (or every cycle with {@code write: always}).
 *
 * <p>A file that is missing or fails (a GPIO not exported yet, a device unplugged) is reported in
 * the status and opened again every {@code retry} by an opener thread, which hands the new fd to
 * the scan thread through an atomic; the scan thread never opens a file. Its input keeps its last
 * value meanwhile.
 *
 * <p>A written value's text length varies ("7\n", "1000\n"), but an exchange's length is fixed, so
 * an integer output has one WRITE per possible length, each on a {@link SwitchableFd}; the one that
 * fits the value points at the file, the others at /dev/null. Regular files are written at offset 0
 * without truncation, like sysfs attributes: a shorter value leaves the tail of a longer one behind
 * its newline, so readers of a regular file should read its first line.
 */
public final class FileDriver implements ImageDriver {
    public static final String TYPE = "file";
    /** Bytes read per input: sysfs values and integers are far shorter; a longer file is unparsable anyway. */
    static final int READ_BYTES = 64;

    private final FileDriverConfig config;
    private final String task;
    private final Item[] items;
    private CycleIo io;
    private byte[] in;
    private byte[] out;
    private Thread opener;
    private volatile boolean closing;

    private volatile long received;
    private volatile long rejected;
    private volatile long sent;
    private volatile long errors;
    private volatile String lastError = "";

    public FileDriver(FileDriverConfig config, String task) {
        this.config = config;
        this.task = task;
        this.items = config.files().stream().map(Item::new).toArray(Item[]::new);
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public void init(CycleIo io, ProcessImage image) throws DriverException {
        this.io = io;
        in = image.area(IoAddress.Area.I);
        out = image.area(IoAddress.Area.Q);
        try {
            for (Item it : items) {
                it.register(io);
                // a file present at start is used from the first cycle; a missing one is retried
                it.tryOpen();
                it.takeHandover();
            }
        } catch (IOException e) {
            close();
            throw new DriverException("driver " + config.name() + " (" + TYPE + "): " + e.getMessage(), e);
        }
        opener = new Thread(this::openLoop, "ringplc-file-" + config.name());
        opener.setDaemon(true);
        opener.start();
    }

    @Override
    public void decodeInputs() {
        for (Item it : items) {
            it.takeHandover();
            if (it.entry.isInput() && it.open && it.armed) {
                it.decode();
            }
        }
    }

    @Override
    public void encodeOutputs() {
        for (Item it : items) {
            if (!it.entry.isInput()) {
                it.encode();
            }
        }
    }

    @Override
    public void outputsDone() {
        for (Item it : items) {
            if (!it.entry.isInput()) {
                it.written();
            } else {
                // arm the next INPUT phase's read only with the file in place
                it.armed = it.open;
            }
        }
    }

    private void openLoop() {
        while (!closing) {
            LockSupport.parkNanos(this, config.retryNanos());
            for (Item it : items) {
                if (closing) {
                    break;
                }
                if (it.wantOpen && it.handover.get() < 0) {
                    it.tryOpen();
                }
            }
        }
    }

    @Override
    public DriverStatus status() {
        List<String> details = new ArrayList<>();
        for (Item it : items) {
            details.add(it.entry.path() + (it.entry.isInput() ? " -> " : " <- ") + it.entry.address() + ": "
                    + (it.open ? "ok" : "missing: " + it.openError + " (retrying every "
                    + config.retryNanos() / 1_000_000L + " ms)") + (it.problem.isEmpty() ? "" : "; last problem: " + it.problem));
        }
        return new DriverStatus(config.name(), TYPE, task, "", received, rejected, sent, errors, lastError, details);
    }

    @Override
    public void close() {
        closing = true;
        Thread t = opener;
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Item it : items) {
            it.close();
        }
    }

    private static void closeQuietly(int fd) {
        if (fd >= 0) {
            try {
                NativeFiles.close(fd);
            } catch (IOException ignored) {
                // close(2) releases the fd even when it reports an error
            }
        }
    }

    /** One configured file with its exchanges and state. */
    private final class Item {
        final FileDriverConfig.Entry entry;
        final int bytes;
        final int offset;
        final int bit;
        final Path path;
        // the fd, handed over by the opener (or init) through the atomic; -1 when none
        final AtomicInteger handover = new AtomicInteger(-1);
        volatile boolean wantOpen = true;
        volatile boolean open;
        volatile String openError = "not opened yet";
        volatile String problem = "";
        int fd = -1;
        boolean armed;
        // input
        SwitchableFd readFd;
        ByteBuffer readBuf;
        int readId = -1;
        // output: slot k writes k + 1 bytes; slot 0 is unused (the shortest text is a digit and a newline)
        SwitchableFd[] slots;
        ByteBuffer[] bufs;
        int[] ids;
        int pointed = -1;
        long lastValue;
        boolean wroteOnce;
        long pendingValue;
        final byte[] digits = new byte[24];

        Item(FileDriverConfig.Entry entry) {
            this.entry = entry;
            IoAddress a = entry.address();
            this.bytes = a.size() == IoAddress.Size.X ? 0 : a.size().bytes;
            this.offset = a.byteOffset();
            this.bit = a.bit();
            this.path = Path.of(entry.path());
        }

        void register(CycleIo io) throws IOException {
            if (entry.isInput()) {
                readFd = SwitchableFd.open();
                // SAFETY: the buffers stay referenced by this item until close(), after the CycleIo closed
                readBuf = ByteBuffer.allocateDirect(READ_BYTES);
                readId = io.register(new Exchange(Phase.INPUT, Exchange.Op.READ, readFd.fd(), readBuf, 0, false));
                return;
            }
            int longest = maxTextLength();
            slots = new SwitchableFd[longest + 1];
            bufs = new ByteBuffer[longest + 1];
            ids = new int[longest + 1];
            for (int len = 2; len <= longest; len++) {
                slots[len] = SwitchableFd.open();
                bufs[len] = ByteBuffer.allocateDirect(len);
                ids[len] = io.register(new Exchange(Phase.OUTPUT, Exchange.Op.WRITE, slots[len].fd(), bufs[len], 0, false));
            }
        }

        /** The longest text a value can take, newline included: "1\n" for a bit, "-9223372036854775808\n" for an LINT. */
        int maxTextLength() {
            if (bytes == 0) {
                return 2;
            }
            long max = bytes == 8 ? Long.MAX_VALUE : (1L << (8 * bytes)) - 1;
            int digitsMax = Long.toString(entry.signed() ? max >> 1 : max).length();
            if (bytes == 8 && !entry.signed()) {
                digitsMax = Long.toUnsignedString(-1L).length();
            }
            return digitsMax + (entry.signed() ? 1 : 0) + 1;
        }

        /** Opener thread (or init): opens the file and hands the fd over. */
        void tryOpen() {
            try {
                int f = NativeFiles.open(path, entry.isInput() ? NativeFiles.O_RDONLY : NativeFiles.O_WRONLY);
                if (closing || !handover.compareAndSet(-1, f)) {
                    closeQuietly(f);
                    return;
                }
                wantOpen = false;
            } catch (IOException e) {
                openError = e.getMessage();
            }
        }

        /** Scan thread: takes a newly opened fd. */
        void takeHandover() {
            if (fd >= 0 || handover.get() < 0) {
                return;
            }
            fd = handover.getAndSet(-1);
            if (entry.isInput()) {
                int errno = readFd.point(fd);
                if (errno != 0) {
                    fail("dup2: " + org.ringplc.io.Errno.name(errno));
                    return;
                }
            }
            open = true;
            openError = "";
            wroteOnce = false;
        }

        /** Scan thread: the file failed; park its exchanges, close it and ask for it again. */
        void fail(String why) {
            errors++;
            problem = why;
            lastError = entry.path() + ": " + why;
            if (readFd != null) {
                readFd.park();
            }
            if (slots != null) {
                for (SwitchableFd s : slots) {
                    if (s != null) {
                        s.park();
                    }
                }
                pointed = -1;
            }
            closeQuietly(fd);
            fd = -1;
            open = false;
            armed = false;
            openError = why;
            wantOpen = true;
        }

        void decode() {
            armed = false;
            ExchangeStatus s = io.status(readId);
            if (s != ExchangeStatus.OK) {
                if (s == ExchangeStatus.ERROR) {
                    fail("read: " + io.errorName(readId));
                } else if (s == ExchangeStatus.TIMEOUT) {
                    errors++;
                    problem = "read did not complete within the I/O deadline";
                }
                return;
            }
            int n = io.result(readId);
            int i = 0;
            while (i < n && isSpace(readBuf.get(i))) {
                i++;
            }
            boolean negative = false;
            if (i < n && (readBuf.get(i) == '-' || readBuf.get(i) == '+')) {
                negative = readBuf.get(i) == '-';
                i++;
            }
            int start = i;
            long v = 0;
            while (i < n && readBuf.get(i) >= '0' && readBuf.get(i) <= '9' && i - start < 20) {
                v = v * 10 + (readBuf.get(i) - '0');
                i++;
            }
            boolean digits = i > start;
            while (i < n && isSpace(readBuf.get(i))) {
                i++;
            }
            if (!digits || i != n) {
                rejected++;
                problem = n == 0 ? "the file is empty" : "not a number: the text must be an integer such as 0 or 1";
                return;
            }
            if (negative) {
                v = -v;
            }
            if (bytes == 0) {
                ProcessImage.writeBit(in, offset, bit, v != 0);
            } else {
                ProcessImage.write(in, offset, bytes, v);
            }
            received++;
        }

        void encode() {
            long v;
            if (bytes == 0) {
                v = ProcessImage.readBit(out, offset, bit) ? 1 : 0;
            } else {
                v = ProcessImage.readUnsigned(out, offset, bytes);
                if (entry.signed() && bytes < 8) {
                    int shift = 64 - 8 * bytes;
                    v = (v << shift) >> shift;
                }
            }
            int want = -1;
            if (open && (entry.always() || !wroteOnce || v != lastValue)) {
                int len = format(v);
                want = len;
                bufs[len].put(0, digits, 0, len);
                pendingValue = v;
            }
            if (want != pointed) {
                if (pointed > 0) {
                    slots[pointed].park();
                }
                pointed = -1;
                if (want > 0) {
                    int errno = slots[want].point(fd);
                    if (errno != 0) {
                        fail("dup2: " + org.ringplc.io.Errno.name(errno));
                        return;
                    }
                    pointed = want;
                }
            }
        }

        void written() {
            if (pointed < 0) {
                return;
            }
            ExchangeStatus s = io.status(ids[pointed]);
            if (s == ExchangeStatus.OK) {
                sent++;
                lastValue = pendingValue;
                wroteOnce = true;
            } else if (s == ExchangeStatus.ERROR) {
                fail("write: " + io.errorName(ids[pointed]));
            } else if (s == ExchangeStatus.TIMEOUT) {
                errors++;
                problem = "write did not complete within the cycle";
            }
        }

        /** Writes the decimal text of {@code v} and a newline into {@link #digits}; returns its length. */
        private int format(long v) {
            if (bytes == 0) {
                digits[0] = (byte) (v != 0 ? '1' : '0');
                digits[1] = '\n';
                return 2;
            }
            int end = digits.length;
            digits[--end] = '\n';
            boolean negative = entry.signed() && v < 0;
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

        void close() {
            closeQuietly(handover.getAndSet(-1));
            closeQuietly(fd);
            fd = -1;
            if (readFd != null) {
                readFd.close();
            }
            if (slots != null) {
                for (SwitchableFd s : slots) {
                    if (s != null) {
                        s.close();
                    }
                }
            }
        }
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\n' || b == '\t' || b == '\r';
    }
}
