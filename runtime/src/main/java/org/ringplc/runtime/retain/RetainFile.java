package org.ringplc.runtime.retain;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The on-disk form of the retained variables, and how it is written so that a power loss at any
 * instant leaves a readable file: the new content goes to {@code NAME.tmp}, is flushed to the
 * device ({@code fsync}), the current file is kept as {@code NAME.bak} (a hard link, so the current
 * name never disappears), the temporary file is renamed over the current one and the directory is
 * flushed so that the rename itself is durable.
 *
 * <p>Layout, little-endian: magic {@code RPRT}, version byte 1, three zero bytes, the layout hash
 * (8 bytes: the start of SHA-256 over every "path:type" line), the save number (8), the wall-clock
 * time of the save in ms (8), the entry count (4); per entry the path and the type key ("INT",
 * "E_State/ENUM") as u16 length + UTF-8, a kind byte (0 raw, 1 text) and the raw value (8) or the
 * text (u32 length + UTF-8); last, the CRC32C of everything before it (4).
 */
public final class RetainFile {
    static final byte[] MAGIC = {'R', 'P', 'R', 'T'};
    static final int VERSION = 1;

    private RetainFile() {
    }

    /**
     * One retained value.
     *
     * @param path the full path as declared
     * @param type the type key: the declared type name and the elementary type
     * @param raw  the raw value (non-text types)
     * @param text the text (STRING/WSTRING), else null
     */
    public record Entry(String path, String type, long raw, String text) {
    }

    /**
     * The content of a file.
     *
     * @param layoutHash the hash of the paths and types
     * @param sequence   the save number
     * @param savedMillis when it was saved
     * @param entries    the values
     */
    public record Content(long layoutHash, long sequence, long savedMillis, List<Entry> entries) {
    }

    /** A file that exists but cannot be used: wrong magic or version, truncated, or a wrong checksum. */
    public static final class CorruptException extends IOException {
        private static final long serialVersionUID = 1L;

        CorruptException(String message) {
            super(message);
        }
    }

    /** The layout hash of {@code entries}' paths and types, in order. */
    public static long layoutHash(List<Entry> entries) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Entry e : entries) {
                sha.update((e.path() + ":" + e.type() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return ByteBuffer.wrap(sha.digest()).order(ByteOrder.LITTLE_ENDIAN).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The bytes of a file holding {@code entries}. */
    public static byte[] encode(List<Entry> entries, long sequence, long savedMillis) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + entries.size() * 32);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeByte(VERSION);
            out.write(new byte[3]);
            out.writeLong(Long.reverseBytes(layoutHash(entries)));
            out.writeLong(Long.reverseBytes(sequence));
            out.writeLong(Long.reverseBytes(savedMillis));
            out.writeInt(Integer.reverseBytes(entries.size()));
            for (Entry e : entries) {
                writeString16(out, e.path());
                writeString16(out, e.type());
                if (e.text() != null) {
                    out.writeByte(1);
                    byte[] t = e.text().getBytes(StandardCharsets.UTF_8);
                    out.writeInt(Integer.reverseBytes(t.length));
                    out.write(t);
                } else {
                    out.writeByte(0);
                    out.writeLong(Long.reverseBytes(e.raw()));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        byte[] body = bytes.toByteArray();
        CRC32C crc = new CRC32C();
        crc.update(body);
        ByteBuffer all = ByteBuffer.allocate(body.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        all.put(body).putInt((int) crc.getValue());
        return all.array();
    }

    private static void writeString16(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0xFFFF) {
            throw new IOException("path too long for the retain file: " + s.substring(0, 80) + "...");
        }
        out.writeShort(Short.reverseBytes((short) b.length));
        out.write(b);
    }

    /** Parses and checks a file's bytes. */
    public static Content decode(byte[] data) throws CorruptException {
        if (data.length < 40) {
            throw new CorruptException("too short (" + data.length + " bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        CRC32C crc = new CRC32C();
        crc.update(data, 0, data.length - 4);
        int stored = b.getInt(data.length - 4);
        if ((int) crc.getValue() != stored) {
            throw new CorruptException("checksum mismatch (the file was damaged or only partly written)");
        }
        for (int i = 0; i < 4; i++) {
            if (b.get() != MAGIC[i]) {
                throw new CorruptException("not a ringplc retain file");
            }
        }
        int version = b.get();
        if (version != VERSION) {
            throw new CorruptException("version " + version + " (this ringplc reads version " + VERSION + ")");
        }
        b.position(8);
        long hash = b.getLong();
        long sequence = b.getLong();
        long saved = b.getLong();
        int count = b.getInt();
        List<Entry> entries = new ArrayList<>(Math.max(0, Math.min(count, 1 << 20)));
        try {
            for (int i = 0; i < count; i++) {
                String path = string16(b);
                String type = string16(b);
                byte kind = b.get();
                if (kind == 1) {
                    int len = b.getInt();
                    byte[] t = new byte[len];
                    b.get(t);
                    entries.add(new Entry(path, type, 0, new String(t, StandardCharsets.UTF_8)));
                } else {
                    entries.add(new Entry(path, type, b.getLong(), null));
                }
            }
        } catch (RuntimeException e) {
            throw new CorruptException("entries do not match their count");
        }
        if (b.position() != data.length - 4) {
            throw new CorruptException("entries do not match their count");
        }
        return new Content(hash, sequence, saved, entries);
    }

    private static String string16(ByteBuffer b) {
        int len = b.getShort() & 0xFFFF;
        byte[] s = new byte[len];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    /** Reads and checks {@code file}. */
    public static Content read(Path file) throws IOException {
        return decode(Files.readAllBytes(file));
    }

    /** The previous copy kept beside {@code file}. */
    public static Path backupOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".bak");
    }

    /**
     * Writes {@code data} to {@code file} atomically and durably, keeping the current content as
     * {@link #backupOf backup}.
     */
    public static void writeAtomically(Path file, byte[] data) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(data);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            // the data reaches the device before the name points at it
            ch.force(true);
        }
        Path bak = backupOf(file);
        if (Files.exists(file)) {
            Files.deleteIfExists(bak);
            try {
                // a second name for the current content: the current name stays valid throughout
                Files.createLink(bak, file);
            } catch (UnsupportedOperationException | FileSystemException e) {
                Files.copy(file, bak, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory(dir);
    }

    /** Makes a rename in {@code dir} durable (fsync of the directory). */
    static void forceDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            // some file systems refuse to open or flush a directory; the rename is still atomic
        }
    }
}
