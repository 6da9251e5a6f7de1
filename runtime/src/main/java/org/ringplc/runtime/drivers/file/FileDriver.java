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
 * <p>Each file has one exchange, registered before the file is open and switched off until it is:
 * the scan thread moves it onto a newly opened fd with {@link CycleIo#setFd}, switches it on only
 * in the phases where it is to run ({@link CycleIo#setEnabled}: an input whose file is in place, an
 * output whose value is to be written), and sizes a WRITE to the text of the value
 * ({@link CycleIo#setLength}: "7\n" is 2 bytes, "1000\n" 5). Regular files are written at offset 0
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
        for (Item it : items) {
            it.register(io);
            // a file present at start is used from the first cycle; a missing one is retried
            it.tryOpen();
            it.takeHandover();
            if (it.entry.isInput()) {
                it.arm();
            }
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
                it.arm();
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
        // the READ (input) or WRITE (output) exchange and its buffer
        ByteBuffer buf;
        int id = -1;
        /** An output's WRITE is switched on for the coming OUTPUT phase. */
        boolean writing;
        long lastValue;
        boolean wroteOnce;
        long pendingValue;
        final DecimalText text;

        Item(FileDriverConfig.Entry entry) {
            this.entry = entry;
            IoAddress a = entry.address();
            this.bytes = a.size() == IoAddress.Size.X ? 0 : a.size().bytes;
            this.offset = a.byteOffset();
            this.bit = a.bit();
            this.path = Path.of(entry.path());
            this.text = new DecimalText(bytes, entry.signed());
        }

        /** Registers the exchange, switched off and on no fd until the file is open. Setup time. */
        void register(CycleIo io) {
            // SAFETY: the buffer stays referenced by this item until close(), after the CycleIo closed
            if (entry.isInput()) {
                buf = ByteBuffer.allocateDirect(READ_BYTES);
                id = io.register(new Exchange(Phase.INPUT, Exchange.Op.READ, -1, buf, 0, false));
            } else {
                buf = ByteBuffer.allocateDirect(text.maxLength());
                id = io.register(new Exchange(Phase.OUTPUT, Exchange.Op.WRITE, -1, buf, 0, false));
            }
            io.setEnabled(id, false);
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
            // still switched off: an input from the next armed phase on, an output when it writes
            io.setFd(id, fd);
            open = true;
            openError = "";
            wroteOnce = false;
        }

        /** Scan thread, between phases: the file failed; switch its exchange off, close it and ask for it again. */
        void fail(String why) {
            errors++;
            problem = why;
            lastError = entry.path() + ": " + why;
            io.setEnabled(id, false);
            writing = false;
            closeQuietly(fd);
            fd = -1;
            open = false;
            armed = false;
            openError = why;
            wantOpen = true;
        }

        /** Scan thread, after the OUTPUT phase: the next INPUT phase reads the file only with the file in place. */
        void arm() {
            armed = open;
            io.setEnabled(id, armed);
        }

        void decode() {
            armed = false;
            ExchangeStatus s = io.status(id);
            if (s != ExchangeStatus.OK) {
                if (s == ExchangeStatus.ERROR) {
                    fail("read: " + io.errorName(id));
                } else if (s == ExchangeStatus.TIMEOUT) {
                    errors++;
                    problem = "read did not complete within the I/O deadline";
                }
                return;
            }
            int n = io.result(id);
            if (!text.parse(buf, n)) {
                rejected++;
                problem = n == 0 ? "the file is empty" : "not a number: the text must be an integer such as 0 or 1";
                return;
            }
            long v = text.value();
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
            boolean write = open && (entry.always() || !wroteOnce || v != lastValue);
            if (write) {
                int len = text.format(v);
                buf.put(0, text.text(), 0, len);
                io.setLength(id, len);
                pendingValue = v;
            }
            if (write != writing) {
                io.setEnabled(id, write);
                writing = write;
            }
        }

        void written() {
            if (!writing) {
                return;
            }
            ExchangeStatus s = io.status(id);
            if (s == ExchangeStatus.OK) {
                sent++;
                lastValue = pendingValue;
                wroteOnce = true;
            } else if (s == ExchangeStatus.ERROR) {
                fail("write: " + io.errorName(id));
            } else if (s == ExchangeStatus.TIMEOUT) {
                errors++;
                problem = "write did not complete within the cycle";
            }
        }

        void close() {
            closeQuietly(handover.getAndSet(-1));
            closeQuietly(fd);
            fd = -1;
        }
    }
}
