package org.ringplc.runtime.retain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.ringplc.lang.program.TextAccessor;
import org.ringplc.runtime.RetainStatus;
import org.ringplc.runtime.image.Leaf;
import org.ringplc.runtime.image.VariableTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the RETAIN and PERSISTENT variables across restarts (IEC 61131-3 §6.5.6: both survive a
 * warm restart, which is what starting the runtime again is). On start the values saved last are
 * restored before the first cycle; while running, a writer thread asks each task for a capture of
 * its retained values every interval and saves them when they changed; on stop and close a last
 * save is made. The scan threads never do file I/O: they copy values into a {@link RetainImage}.
 *
 * <p>A layout change (a variable added, removed, renamed or retyped since the save) restores
 * every value whose path and type still match and reports the rest.
 */
public final class RetainStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RetainStore.class);
    /** How long the writer waits for a scan thread's capture, beyond two periods of the task. */
    private static final long CAPTURE_SLACK_NANOS = 200_000_000L;

    /**
     * The retain buffer of one task as the writer sees it.
     *
     * @param image     the task's current retain image (changes with an online change)
     * @param running   true while the task scans (a capture must be requested), false when the
     *                  buffer is final (stopped, faulted, or not started yet)
     * @param periodNanos the task's period
     */
    public record Source(RetainImage image, boolean running, long periodNanos) {
    }

    private final Path file;
    private final long intervalNanos;
    private final Supplier<List<Source>> sources;
    private final String project;
    private Thread writer;
    private volatile boolean closed;
    private byte[] lastPayload;
    private long sequence;
    private volatile long saves;
    private volatile long lastSaveMillis;
    private volatile String warning;
    private volatile String restoredFrom = "none";
    private volatile int restored;
    private volatile List<String> notRestored = List.of();
    private volatile int variables;

    /**
     * @param file          the retain file, or null to keep nothing (no state directory)
     * @param intervalNanos how often to save
     * @param sources       the tasks' retain buffers, asked for at every save
     */
    public RetainStore(String project, Path file, long intervalNanos, Supplier<List<Source>> sources) {
        this.project = project;
        this.file = file;
        this.intervalNanos = intervalNanos;
        this.sources = sources;
    }

    public Path file() {
        return file;
    }

    /** The retained leaves of {@code table} in table order. */
    public static List<Leaf> retained(VariableTable table) {
        return table.leaves().stream().filter(l -> l.descriptor().retain()).toList();
    }

    static String typeKey(Leaf l) {
        return l.descriptor().typeName() + "/" + l.descriptor().type().name();
    }

    /**
     * Restores the saved values into the variables of {@code table}: before the first cycle, from
     * the thread that will then start the scan threads. A damaged file falls back to the previous
     * copy, with a warning; paths and types that do not match are reported.
     */
    public synchronized void restore(VariableTable table) {
        List<Leaf> leaves = retained(table);
        variables = leaves.size();
        if (file == null) {
            return;
        }
        RetainFile.Content content = null;
        String from = "none";
        if (Files.exists(file)) {
            try {
                content = RetainFile.read(file);
                from = "file";
            } catch (IOException e) {
                Path bak = RetainFile.backupOf(file);
                String problem = "retain file " + file + " is unusable (" + e.getMessage() + ")";
                try {
                    content = RetainFile.read(bak);
                    from = "backup";
                    warning = problem + "; restored the previous copy " + bak.getFileName() + " saved at "
                            + java.time.Instant.ofEpochMilli(content.savedMillis());
                } catch (IOException e2) {
                    warning = problem + ", and so is the previous copy " + bak.getFileName() + " (" + e2.getMessage()
                            + "); retained variables start from their initial values";
                }
                LOG.warn("{}: {}", project, warning);
            }
        } else if (Files.exists(RetainFile.backupOf(file))) {
            try {
                content = RetainFile.read(RetainFile.backupOf(file));
                from = "backup";
                warning = "retain file " + file + " is missing; restored the previous copy";
                LOG.warn("{}: {}", project, warning);
            } catch (IOException e) {
                warning = "retain file " + file + " is missing and its previous copy is unusable (" + e.getMessage() + ")";
                LOG.warn("{}: {}", project, warning);
            }
        }
        if (content == null) {
            restoredFrom = from;
            return;
        }
        sequence = content.sequence();
        Map<String, RetainFile.Entry> saved = new HashMap<>();
        for (RetainFile.Entry e : content.entries()) {
            saved.put(key(e.path()), e);
        }
        List<String> missed = new ArrayList<>();
        int n = 0;
        for (Leaf l : leaves) {
            RetainFile.Entry e = saved.remove(key(l.path()));
            if (e == null) {
                missed.add(l.path() + ": new, starts from its initial value");
            } else if (!e.type().equals(typeKey(l))) {
                missed.add(l.path() + ": saved as " + e.type().replaceAll("/.*", "") + ", now "
                        + l.descriptor().typeName() + "; starts from its initial value");
            } else {
                if (l.isText()) {
                    ((TextAccessor) l.descriptor().access()).setText(e.text() == null ? "" : e.text());
                } else {
                    l.descriptor().access().set(e.raw());
                }
                n++;
            }
        }
        for (RetainFile.Entry e : saved.values()) {
            missed.add(e.path() + ": saved, but no longer a retained variable of the project; dropped");
        }
        restored = n;
        restoredFrom = from;
        notRestored = List.copyOf(missed);
        boolean layoutChanged = content.layoutHash() != RetainFile.layoutHash(entriesOf(leaves));
        LOG.info("{}: restored {} retained variable(s) from {}{}", project, n,
                from.equals("backup") ? RetainFile.backupOf(file) : file,
                layoutChanged ? " (the layout changed since the save)" : "");
        if (!missed.isEmpty()) {
            LOG.warn("{}: retained variables not restored: {}", project, String.join("; ", missed));
        }
    }

    private static List<RetainFile.Entry> entriesOf(List<Leaf> leaves) {
        return leaves.stream().map(l -> new RetainFile.Entry(l.path(), typeKey(l), 0, null)).toList();
    }

    private static String key(String path) {
        return path.toLowerCase(Locale.ROOT);
    }

    /** Starts the writer thread (nothing when there is no file or nothing to retain). */
    public synchronized void start() {
        if (file == null || writer != null) {
            return;
        }
        Thread t = new Thread(this::writerLoop, "ringplc-retain");
        t.setDaemon(true);
        writer = t;
        t.start();
    }

    private void writerLoop() {
        long next = System.nanoTime() + intervalNanos;
        while (!closed) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
                continue;
            }
            next += intervalNanos;
            if (next < System.nanoTime()) {
                next = System.nanoTime() + intervalNanos;
            }
            save();
        }
    }

    /**
     * Captures the values of every task and writes them when they changed since the last save.
     * Any thread but a scan thread.
     *
     * @return true when a file was written
     */
    public synchronized boolean save() {
        if (file == null) {
            return false;
        }
        List<Source> src = sources.get();
        List<RetainFile.Entry> entries = new ArrayList<>();
        for (Source s : src) {
            RetainImage img = s.image();
            if (img == null) {
                continue;
            }
            if (s.running()) {
                long ticket = img.request();
                long end = System.nanoTime() + 2 * s.periodNanos() + CAPTURE_SLACK_NANOS;
                while (!img.isCaptured(ticket) && System.nanoTime() < end) {
                    LockSupport.parkNanos(Math.min(s.periodNanos() / 4 + 1, 1_000_000L));
                }
                if (!img.isCaptured(ticket)) {
                    // the task stopped completing cycles: keep the last file rather than save a torn set
                    warning = "retain save skipped: a task did not complete a cycle in time";
                    return false;
                }
            }
            List<Leaf> leaves = img.leaves();
            for (int i = 0; i < leaves.size(); i++) {
                Leaf l = leaves.get(i);
                entries.add(new RetainFile.Entry(l.path(), typeKey(l), l.isText() ? 0 : img.raw(i),
                        l.isText() ? (img.text(i) == null ? "" : img.text(i)) : null));
            }
        }
        byte[] payload = RetainFile.encode(entries, 0, 0);
        if (lastPayload != null && Arrays.equals(payload, lastPayload)) {
            return false;
        }
        long now = System.currentTimeMillis();
        try {
            RetainFile.writeAtomically(file, RetainFile.encode(entries, ++sequence, now));
            lastPayload = payload;
            saves++;
            lastSaveMillis = now;
            if (warning != null && warning.startsWith("retain save")) {
                warning = null;
            }
            return true;
        } catch (IOException | RuntimeException e) {
            String w = "retain save to " + file + " failed: " + e.getMessage();
            if (!w.equals(warning)) {
                LOG.error("{}: {}", project, w);
            }
            warning = w;
            return false;
        }
    }

    public RetainStatus status() {
        return new RetainStatus(file == null ? null : file.toString(), variables, restoredFrom, restored, notRestored,
                saves, lastSaveMillis, warning);
    }

    /** Updates the count of retained variables after an online change. */
    public void variables(int n) {
        variables = n;
    }

    /** Ends the writer thread after a last save. */
    @Override
    public void close() {
        closed = true;
        Thread t;
        synchronized (this) {
            t = writer;
        }
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        save();
    }
}
