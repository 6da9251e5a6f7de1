package org.ringplc.server.api;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The files of a project directory as the browser editor may see them: the sources,
 * {@code project.yaml} and notes, addressed by their path relative to the directory with
 * {@code /} separators ({@code src/tank.st}).
 *
 * <p>Nothing outside the directory is reachable: a path is refused when it is absolute, has a
 * {@code ..}, {@code .} or empty segment, a hidden segment ({@code .ringplc} holds the audit log
 * and retain file, {@code .git} the history), a backslash or a control character, or when any
 * existing part of it is a symbolic link (a link could point anywhere). Only text files of the
 * known kinds, up to {@link #MAX_BYTES}, are listed, read and written; a write replaces the file
 * atomically so a crash never leaves half a source.
 */
final class ProjectFiles {
    /** A single ST file of 1 MiB is already far beyond what people write by hand. */
    static final int MAX_BYTES = 1 << 20;
    /** Bounds the listing of a directory someone pointed at a whole disk. */
    static final int MAX_FILES = 2000;
    private static final Set<String> EXTENSIONS = Set.of("st", "xml", "yaml", "yml", "md", "txt", "csv", "json");
    /** Build output and dependencies are not part of a PLC project's sources. */
    private static final Set<String> SKIPPED_DIRS = Set.of("target", "node_modules");

    private final Path root;

    ProjectFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** One entry of {@code GET /api/files}. */
    record Entry(String path, long size) {
    }

    /** Every editable file, sorted by path. */
    List<Entry> list() throws IOException {
        List<Entry> out = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                if (!dir.equals(root) && (name.startsWith(".") || SKIPPED_DIRS.contains(name))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && !file.getFileName().toString().startsWith(".") && isEditable(file)
                        && attrs.size() <= MAX_BYTES) {
                    out.add(new Entry(relative(file), attrs.size()));
                }
                return out.size() >= MAX_FILES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // an unreadable entry is simply not offered
            }
        });
        out.sort(Comparator.comparing(Entry::path));
        return out;
    }

    /**
     * Whether {@code other} holds the same editable files with the same bytes: the test for "the
     * sources are what runs" when the running version was deployed from elsewhere.
     */
    boolean sameFilesAs(ProjectFiles other) throws IOException {
        List<Entry> mine = list();
        List<Entry> theirs = other.list();
        if (!mine.stream().map(Entry::path).toList().equals(theirs.stream().map(Entry::path).toList())) {
            return false;
        }
        for (Entry e : mine) {
            if (Files.mismatch(root.resolve(e.path()), other.root.resolve(e.path())) != -1) {
                return false;
            }
        }
        return true;
    }

    /** The text of an existing file. */
    String read(String path) throws IOException {
        Path p = resolve(path);
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new ApiException(404, "no file " + path + " in the project");
        }
        if (Files.size(p) > MAX_BYTES) {
            throw ApiException.badRequest(path + " is larger than " + MAX_BYTES + " bytes; edit it outside the browser");
        }
        byte[] bytes = Files.readAllBytes(p);
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest(path + " is not UTF-8 text; edit it outside the browser");
        }
    }

    /**
     * Replaces (or creates) a file with {@code text}; its folder must exist.
     *
     * @return true when the file was created
     */
    boolean write(String path, String text) throws IOException {
        Path p = resolve(path);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_BYTES) {
            throw ApiException.badRequest(path + ": " + bytes.length + " bytes is more than the " + MAX_BYTES
                    + " bytes the editor saves");
        }
        Path dir = p.getParent();
        if (dir == null || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw ApiException.badRequest("the folder of " + path + " does not exist in the project");
        }
        boolean created = !Files.exists(p, LinkOption.NOFOLLOW_LINKS);
        if (!created && !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            throw ApiException.badRequest(path + " is not a regular file");
        }
        AtomicFileWrite.replace(p, ".ringplc-save-", bytes);
        return created;
    }

    /**
     * The file {@code path} names inside the root, or a 400 saying why it is refused. Checked
     * segment by segment before anything is resolved, then every existing ancestor is checked for
     * symbolic links, so neither {@code ../} nor a link leads out of the project.
     */
    Path resolve(String path) {
        if (path == null || path.isBlank()) {
            throw ApiException.badRequest("no file path given");
        }
        if (path.startsWith("/") || path.indexOf('\\') >= 0 || path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw ApiException.badRequest("file path " + printable(path)
                    + " refused: give a path relative to the project like src/main.st");
        }
        String[] segments = path.split("/", -1);
        for (String s : segments) {
            if (s.isEmpty() || s.equals(".") || s.equals("..") || s.startsWith(".") || s.indexOf(':') >= 0) {
                throw ApiException.badRequest("file path " + printable(path)
                        + " refused: only plain names inside the project (no '..', hidden or empty parts)");
            }
        }
        if (!isEditable(Path.of(segments[segments.length - 1]))) {
            throw ApiException.badRequest(path + ": the editor handles only " + String.join(", ", sortedExtensions())
                    + " files");
        }
        Path p = root;
        for (String s : segments) {
            p = p.resolve(s);
            if (Files.isSymbolicLink(p)) {
                throw ApiException.badRequest(path + " refused: it goes through a symbolic link");
            }
        }
        if (!p.normalize().startsWith(root)) {
            throw ApiException.badRequest("file path " + printable(path) + " is outside the project");
        }
        return p;
    }

    private String relative(Path file) {
        return root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }

    private static boolean isEditable(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static List<String> sortedExtensions() {
        return EXTENSIONS.stream().sorted().map(e -> "." + e).toList();
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().limit(120).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.append('"').toString();
    }
}
