package org.ringplc.server.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The boot version of a project (CODESYS "boot application"): the deployed project that
 * {@code ringplc run PROJECT} starts, so that a deployed program survives a restart of the process
 * or a power cycle of the box. A successful deploy records it in
 * {@code PROJECT/.ringplc/deploys/current}, a small JSON file naming the deploy directory:
 *
 * <pre>{"directory": "20261121-201403-a1b2c3", "deployed": "2026-11-21T20:14:03Z", "user": "alice",
 *  "mode": "online", "project": "tank-demo"}</pre>
 *
 * <p>Durability: the deployed files are flushed to disk first, then the record is written to a
 * temporary file, flushed, renamed over {@code current} and the directory flushed, so after a
 * crash at any point {@code current} names either the previous complete version or the new one.
 *
 * @param directory the project directory, relative to the deploys directory ({@code /} separated)
 * @param deployed  when the deploy succeeded, ISO-8601 UTC to the second
 * @param user      who deployed it
 * @param mode      online or restart
 * @param project   the project's name
 */
public record BootVersion(String directory, String deployed, String user, String mode, String project) {
    /** The record's file name in the deploys directory. */
    public static final String FILE = "current";

    /** A {@code current} file that cannot be used: it is unreadable, or names nothing usable. */
    public static final class InvalidRecord extends Exception {
        InvalidRecord(String message) {
            super(message);
        }
    }

    /**
     * The boot version recorded in {@code deploys}, or empty when none was ever deployed.
     *
     * @throws InvalidRecord when the record exists but is damaged or names a missing directory:
     *                       the box must not silently start something else than was deployed
     */
    public static Optional<BootVersion> read(Path deploys) throws InvalidRecord {
        Path file = deploys.resolve(FILE);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new InvalidRecord(file + ": cannot be read: " + e.getMessage());
        }
        BootVersion v;
        try {
            v = Json.mapper().readValue(bytes, BootVersion.class);
        } catch (IOException e) {
            throw new InvalidRecord(file + ": not a boot record (" + firstLine(e.getMessage()) + ")");
        }
        if (v.directory() == null || !isPlainRelative(v.directory())) {
            throw new InvalidRecord(file + ": names no deploy directory of its own");
        }
        try {
            Instant.parse(String.valueOf(v.deployed()));
        } catch (DateTimeParseException e) {
            throw new InvalidRecord(file + ": 'deployed' is not a time: " + v.deployed());
        }
        Path dir = v.projectDirectory(deploys);
        if (!Files.isRegularFile(dir.resolve("project.yaml"))) {
            throw new InvalidRecord(file + " names " + dir + ", which has no project.yaml (deleted by hand?)");
        }
        return Optional.of(v);
    }

    /** A new record for the project deployed in {@code projectDir}, a directory under {@code deploys}. */
    static BootVersion of(Path deploys, Path projectDir, Instant deployed, String user, String mode, String project) {
        String rel = deploys.toAbsolutePath().normalize().relativize(projectDir.toAbsolutePath().normalize())
                .toString().replace('\\', '/');
        return new BootVersion(rel, deployed.truncatedTo(ChronoUnit.SECONDS).toString(), user, mode, project);
    }

    /** The deployed project's directory. */
    public Path projectDirectory(Path deploys) {
        return deploys.resolve(directory).normalize();
    }

    /** The first directory under the deploys directory that this version lives in (never pruned). */
    @JsonIgnore
    String topDirectory() {
        int slash = directory.indexOf('/');
        return slash < 0 ? directory : directory.substring(0, slash);
    }

    /** "2026-11-21T20:14:03Z (deployed by alice)", as start-up lines and the IDE say it. */
    public String describe() {
        return deployed + " (deployed by " + (user == null ? "an unknown user" : user) + ")";
    }

    /**
     * Makes this the boot version: flushes every file and directory of the deployed project, then
     * replaces {@code current} atomically.
     */
    void write(Path deploys) throws IOException {
        syncTree(projectDirectory(deploys));
        byte[] json;
        try {
            json = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IOException("cannot encode the boot record: " + e.getMessage(), e);
        }
        Path tmp = deploys.resolve(FILE + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(json);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, deploys.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // same directory, so only an exotic file system gets here; a plain replace is the best it offers
            Files.move(tmp, deploys.resolve(FILE), StandardCopyOption.REPLACE_EXISTING);
        }
        syncDirectory(deploys);
    }

    /** Files first, then their directories deepest first, so every name points at flushed data. */
    private static void syncTree(Path dir) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.walk(dir)) {
            all = s.sorted((a, b) -> Integer.compare(b.getNameCount(), a.getNameCount())).toList();
        }
        for (Path p : all) {
            if (Files.isRegularFile(p)) {
                try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                    ch.force(true);
                }
            }
        }
        for (Path p : all) {
            if (Files.isDirectory(p)) {
                syncDirectory(p);
            }
        }
        syncDirectory(dir.getParent());
    }

    /** fsync of a directory (its entries); Linux allows it through a read-only channel. */
    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private static boolean isPlainRelative(String dir) {
        if (dir.isEmpty() || dir.startsWith("/") || dir.contains("\\")) {
            return false;
        }
        for (String part : dir.split("/")) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
