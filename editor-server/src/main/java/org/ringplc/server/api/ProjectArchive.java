package org.ringplc.server.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A project uploaded as a zip ({@code POST /api/deploy}), checked and unpacked into a new
 * directory. The archive comes from the network, so nothing in it is trusted:
 * <ul>
 * <li>at most {@link #MAX_ZIP_BYTES} on the wire (413 beyond), {@link #MAX_ENTRIES} entries,
 *     {@link #MAX_FILE_BYTES} per file and {@link #MAX_UNPACKED_BYTES} in all, counted while
 *     inflating so a "zip bomb" that lies about its sizes stops at the limit;</li>
 * <li>every name is refused, naming the entry, when it is absolute, has a drive letter or
 *     backslash, contains {@code ..}, {@code .} or empty segments or control characters, appears
 *     twice, or is a symbolic link (Unix mode in the central directory), so nothing lands outside
 *     the new directory and nothing in it points elsewhere;</li>
 * <li>the project is {@code project.yaml} at the top, or in the one folder at the top (what
 *     zipping a project folder gives).</li>
 * </ul>
 * The names used are those of the central directory, the table {@link ZipFile} extracts by.
 */
final class ProjectArchive {
    /** A PLC project is sources and a YAML file; 16 MiB leaves room for PLCopen XML exports. */
    static final long MAX_ZIP_BYTES = 16L * 1024 * 1024;
    static final int MAX_ENTRIES = 2_000;
    static final long MAX_FILE_BYTES = 16L * 1024 * 1024;
    static final long MAX_UNPACKED_BYTES = 64L * 1024 * 1024;
    private static final String PROJECT_FILE = "project.yaml";

    /** The upload is over {@link #MAX_ZIP_BYTES}: answered 413. */
    static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLarge(String message) {
            super(message, null, false, false);
        }
    }

    private ProjectArchive() {
    }

    /**
     * Reads the upload, at most {@link #MAX_ZIP_BYTES}.
     *
     * @param declaredLength the Content-Length, or -1
     */
    static byte[] read(InputStream in, long declaredLength) throws IOException {
        if (declaredLength > MAX_ZIP_BYTES) {
            throw tooLarge(declaredLength);
        }
        byte[] bytes = in.readNBytes((int) MAX_ZIP_BYTES + 1);
        if (bytes.length > MAX_ZIP_BYTES) {
            throw tooLarge(-1);
        }
        return bytes;
    }

    private static TooLarge tooLarge(long length) {
        return new TooLarge("the project zip is " + (length > 0 ? length + " bytes, " : "") + "larger than the "
                + (MAX_ZIP_BYTES / (1024 * 1024)) + " MiB a deploy accepts; leave build output and logs out of it");
    }

    /**
     * Checks {@code zip} and unpacks it into {@code target} (created; must not exist).
     *
     * @return the project directory: {@code target} or its one top folder
     * @throws ApiException 400 naming the entry or the problem
     */
    static Path unpack(byte[] zip, Path target) throws IOException {
        if (zip.length == 0) {
            throw ApiException.badRequest("the request body is empty; send the project as a zip "
                    + "(ringplc deploy PROJECT --to URL does this)");
        }
        Map<String, Integer> unixModes = unixModes(zip);
        Files.createDirectories(target.getParent());
        Files.createDirectory(target);
        Path tmp = Files.createTempFile(target.getParent(), ".upload", ".zip");
        try {
            Files.write(tmp, zip);
            List<String> files = extract(tmp, target, unixModes);
            return projectRoot(target, files);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static List<String> extract(Path zipFile, Path target, Map<String, Integer> unixModes) throws IOException {
        Path root = target.toRealPath();
        List<String> files = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long total = 0;
        int count = 0;
        try (ZipFile zf = new ZipFile(zipFile.toFile(), StandardCharsets.UTF_8)) {
            for (ZipEntry e : Collections.list(zf.entries())) {
                String name = e.getName();
                if (++count > MAX_ENTRIES) {
                    throw ApiException.badRequest("the zip has more than " + MAX_ENTRIES + " entries; a project does not");
                }
                if (name.startsWith("__MACOSX/")) {
                    continue; // Finder's resource forks, never part of a project
                }
                String problem = nameProblem(name);
                if (problem != null) {
                    throw ApiException.badRequest("zip entry '" + printable(name) + "' refused: " + problem);
                }
                Integer mode = unixModes.get(name);
                if (mode != null && (mode & 0xF000) == 0xA000) {
                    throw ApiException.badRequest("zip entry '" + name + "' refused: it is a symbolic link; "
                            + "put the file itself in the zip");
                }
                String key = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
                if (!seen.add(key.toLowerCase(Locale.ROOT))) {
                    throw ApiException.badRequest("zip entry '" + name + "' refused: it appears twice");
                }
                Path out = root.resolve(key).normalize();
                if (!out.startsWith(root) || out.equals(root)) {
                    throw ApiException.badRequest("zip entry '" + name + "' refused: it points outside the project");
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = zf.getInputStream(e);
                     OutputStream os = Files.newOutputStream(out, StandardOpenOption.CREATE_NEW)) {
                    long n = copy(in, os, name, MAX_UNPACKED_BYTES - total);
                    total += n;
                }
                files.add(key);
            }
        } catch (ZipException e) {
            throw ApiException.badRequest("the body is not a valid zip: " + e.getMessage());
        }
        return files;
    }

    /** Copies one entry, stopping at the per-file limit and at what is left of the total. */
    private static long copy(InputStream in, OutputStream out, String name, long totalLeft) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long n = 0;
        int r;
        while ((r = in.read(buf)) > 0) {
            n += r;
            if (n > MAX_FILE_BYTES) {
                throw ApiException.badRequest("zip entry '" + name + "' refused: it unpacks to more than "
                        + (MAX_FILE_BYTES / (1024 * 1024)) + " MiB");
            }
            if (n > totalLeft) {
                throw ApiException.badRequest("the zip unpacks to more than " + (MAX_UNPACKED_BYTES / (1024 * 1024))
                        + " MiB (at entry '" + name + "'); a project does not");
            }
            out.write(buf, 0, r);
        }
        return n;
    }

    /** Why {@code name} may not be unpacked, or null. */
    static String nameProblem(String name) {
        if (name.isEmpty()) {
            return "it has no name";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return "its name contains a control character";
            }
        }
        if (name.indexOf('\\') >= 0) {
            return "its name contains a backslash (zip names use /)";
        }
        if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
            return "it is an absolute path";
        }
        String body = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        for (String segment : body.split("/", -1)) {
            if (segment.equals("..")) {
                return "it climbs out of the project with '..'";
            }
            if (segment.isEmpty() || segment.equals(".")) {
                return "its path has an empty or '.' segment";
            }
        }
        return null;
    }

    private static String printable(String name) {
        StringBuilder sb = new StringBuilder();
        for (char c : name.toCharArray()) {
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return sb.toString();
    }

    /** {@code project.yaml} at the top, else in the one top folder that holds everything. */
    private static Path projectRoot(Path target, List<String> files) {
        if (files.contains(PROJECT_FILE)) {
            return target;
        }
        Set<String> tops = new HashSet<>();
        for (String f : files) {
            int slash = f.indexOf('/');
            tops.add(slash < 0 ? "" : f.substring(0, slash));
        }
        if (tops.size() == 1 && !tops.contains("")) {
            String top = tops.iterator().next();
            if (files.contains(top + "/" + PROJECT_FILE)) {
                return target.resolve(top);
            }
        }
        throw ApiException.badRequest("the zip has no project.yaml at its top (or in the one folder at its top); "
                + "zip the project directory, or use 'ringplc deploy PROJECT --to URL'");
    }

    /**
     * The Unix mode of each entry that has one, from the central directory (java.util.zip does not
     * expose the external attributes). Format: PKWARE APPNOTE.TXT 6.3.10, sections 4.3.12 and 4.3.16.
     */
    static Map<String, Integer> unixModes(byte[] zip) {
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int eocd = -1;
        // The end record is 22 bytes plus a comment of at most 65535 bytes, searched from the end.
        for (int i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i--) {
            if (b.getInt(i) == 0x06054b50) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) {
            throw ApiException.badRequest("the body is not a zip archive (no end of central directory record)");
        }
        int entries = Short.toUnsignedInt(b.getShort(eocd + 10));
        long cdOffset = Integer.toUnsignedLong(b.getInt(eocd + 16));
        if (entries == 0xFFFF || cdOffset == 0xFFFFFFFFL) {
            throw ApiException.badRequest("ZIP64 archives are not accepted; a project is far smaller than 4 GiB");
        }
        Map<String, Integer> modes = new HashMap<>();
        int p = (int) Math.min(cdOffset, Integer.MAX_VALUE);
        for (int i = 0; i < entries; i++) {
            if (p < 0 || p + 46 > zip.length || b.getInt(p) != 0x02014b50) {
                throw ApiException.badRequest("the zip's central directory is damaged");
            }
            int madeBy = Short.toUnsignedInt(b.getShort(p + 4)) >>> 8;
            int nameLen = Short.toUnsignedInt(b.getShort(p + 28));
            int extraLen = Short.toUnsignedInt(b.getShort(p + 30));
            int commentLen = Short.toUnsignedInt(b.getShort(p + 32));
            int external = b.getInt(p + 38);
            if (p + 46 + nameLen > zip.length) {
                throw ApiException.badRequest("the zip's central directory is damaged");
            }
            String name = new String(zip, p + 46, nameLen, StandardCharsets.UTF_8);
            if (madeBy == 3) { // "UNIX": the high 16 bits are st_mode
                modes.put(name, external >>> 16);
            }
            p += 46 + nameLen + extraLen + commentLen;
        }
        return modes;
    }
}
