package org.ringplc.runtime.force;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The record of every write, force and unforce (PRODUCT.md §3): who, when, which variable, the
 * value before and the value requested. Appended to {@code audit.log} in the state directory, one
 * JSON object per line (easy to grep, to tail and to load into any tool), flushed per entry so a
 * crash loses nothing; the most recent entries are also kept in memory for the API.
 *
 * <p>Thread-safe; never used by a scan thread.
 */
public final class AuditLog implements AutoCloseable {
    /** Entries kept in memory: enough for an operator's session, bounded for a long-running box. */
    public static final int MEMORY_ENTRIES = 10_000;
    public static final String FILE_NAME = "audit.log";

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One audit entry.
     *
     * @param time     when it was requested
     * @param user     who requested it
     * @param action   write, force, unforce, unforce-all, start, stop, restart
     * @param path     the variable, or null for actions on the whole runtime
     * @param oldValue the value before (JSON-ready), or null
     * @param newValue the value requested (JSON-ready), or null
     * @param note     a remark for a person ("forces cleared by restart"), or null
     */
    public record Entry(Instant time, String user, String action, String path, Object oldValue, Object newValue,
                        String note) {
    }

    private final Path file;
    private final BufferedWriter out;
    private final Deque<Entry> recent = new ArrayDeque<>();

    /**
     * @param stateDirectory where {@code audit.log} is appended to (created if missing), or null
     *                       to keep the log in memory only
     * @throws IOException when the file cannot be opened: a runtime must not run with a broken audit trail
     */
    public AuditLog(Path stateDirectory) throws IOException {
        if (stateDirectory == null) {
            file = null;
            out = null;
        } else {
            Files.createDirectories(stateDirectory);
            file = stateDirectory.resolve(FILE_NAME);
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        }
    }

    /** The file entries are appended to, or null. */
    public Path file() {
        return file;
    }

    public synchronized void record(Entry e) {
        recent.addLast(e);
        if (recent.size() > MEMORY_ENTRIES) {
            recent.removeFirst();
        }
        if (out == null) {
            return;
        }
        ObjectNode n = JSON.createObjectNode();
        n.put("time", e.time().toString());
        n.put("user", e.user());
        n.put("action", e.action());
        if (e.path() != null) {
            n.put("path", e.path());
        }
        if (e.oldValue() != null || e.path() != null) {
            n.set("old", JSON.valueToTree(e.oldValue()));
            n.set("new", JSON.valueToTree(e.newValue()));
        }
        if (e.note() != null) {
            n.put("note", e.note());
        }
        try {
            out.write(JSON.writeValueAsString(n));
            out.write('\n');
            out.flush();
        } catch (IOException ex) {
            LOG.error("cannot append to the audit log {}: {}", file, ex.getMessage());
        }
    }

    /** The most recent entries, oldest first. */
    public synchronized List<Entry> entries() {
        return new ArrayList<>(recent);
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                LOG.warn("closing the audit log {}: {}", file, e.getMessage());
            }
        }
    }
}
