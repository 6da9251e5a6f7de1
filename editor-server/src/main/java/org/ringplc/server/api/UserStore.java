package org.ringplc.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users file, PRODUCT.md §5: who may log in with a password, and their role. Written by
 * {@code ringplc user add}, read by the web server.
 *
 * <pre>
 * # ringplc users (ringplc user add NAME --role ROLE)
 * users:
 *   - name: alice
 *     role: engineer
 *     password: '$pbkdf2-sha256$600000$...$...'
 * </pre>
 *
 * <p>The server re-reads the file whenever its modification time or size changes, so a user
 * added, removed or given another role with the command line takes effect at the next request of
 * a running box, sessions included. A file broken by hand while the server runs is reported in
 * the log and the last good version stays in force; at start-up it stops the start.
 *
 * <p>The file holds password hashes only and is written with owner-only permissions; names are
 * matched case-insensitively. Thread-safe.
 */
public final class UserStore {
    private static final Logger LOG = LoggerFactory.getLogger(UserStore.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    /** Names the server itself writes into the audit log for token and process actions. */
    private static final List<String> RESERVED = List.of("token", "system");
    /** NIST SP 800-63B's minimum for memorized secrets chosen by the user. */
    static final int MIN_PASSWORD_LENGTH = 8;

    /** One user as stored. */
    public record User(String name, Role role, String passwordHash) {
    }

    /** The users file cannot be read or is not valid; the message names the file and the entry. */
    public static final class InvalidFile extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidFile(String message) {
            super(message, null, false, false);
        }
    }

    private final Path file;
    private final int iterations;
    private List<User> users = List.of();
    private FileTime loadedTime;
    private long loadedSize = -1;

    /**
     * Opens the users file, which need not exist yet (then nobody can log in with a password).
     *
     * @throws InvalidFile when it exists and is not valid
     */
    public UserStore(Path file) {
        this(file, PasswordHash.ITERATIONS);
    }

    UserStore(Path file, int iterations) {
        this.file = file.toAbsolutePath().normalize();
        this.iterations = iterations;
        synchronized (this) {
            refresh(true);
        }
    }

    public Path file() {
        return file;
    }

    /** Every user, in file order. */
    public synchronized List<User> users() {
        refresh(false);
        return users;
    }

    /**
     * The user named {@code name} if {@code password} is theirs. Takes the time of one hash
     * whether or not the name exists, so a caller cannot tell names from timing.
     */
    public Optional<Principal> authenticate(String name, char[] password) {
        Optional<User> u = find(name);
        if (u.isEmpty()) {
            PasswordHash.burn(password);
            return Optional.empty();
        }
        // Outside the lock: hashing takes a while and other requests must not queue behind it.
        return PasswordHash.verify(password, u.get().passwordHash())
                ? Optional.of(new Principal(u.get().name(), u.get().role())) : Optional.empty();
    }

    /** The current entry of {@code name}, if there is one. */
    public synchronized Optional<User> find(String name) {
        refresh(false);
        if (name == null) {
            return Optional.empty();
        }
        return users.stream().filter(u -> u.name().equalsIgnoreCase(name)).findFirst();
    }

    /**
     * Adds a user, or replaces the role and password of an existing one.
     *
     * @return true when the user is new
     * @throws IllegalArgumentException when the name or password is not acceptable, with the reason
     */
    public synchronized boolean put(String name, Role role, char[] password) throws IOException {
        checkName(name);
        checkPassword(password);
        refresh(true);
        String hash = PasswordHash.hash(password, iterations);
        List<User> next = new ArrayList<>(users);
        boolean added = true;
        for (int i = 0; i < next.size(); i++) {
            if (next.get(i).name().equalsIgnoreCase(name)) {
                next.set(i, new User(next.get(i).name(), role, hash));
                added = false;
            }
        }
        if (added) {
            next.add(new User(name, role, hash));
        }
        save(next);
        return added;
    }

    /** Changes the role of an existing user; false when there is no such user. */
    public synchronized boolean setRole(String name, Role role) throws IOException {
        refresh(true);
        List<User> next = new ArrayList<>();
        boolean found = false;
        for (User u : users) {
            if (u.name().equalsIgnoreCase(name)) {
                next.add(new User(u.name(), role, u.passwordHash()));
                found = true;
            } else {
                next.add(u);
            }
        }
        if (found) {
            save(next);
        }
        return found;
    }

    /** Removes a user; their sessions end at their next request. False when there is no such user. */
    public synchronized boolean remove(String name) throws IOException {
        refresh(true);
        List<User> next = new ArrayList<>(users);
        boolean removed = next.removeIf(u -> u.name().equalsIgnoreCase(name));
        if (removed) {
            save(next);
        }
        return removed;
    }

    static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("user name '" + name + "' is not valid: 1 to 64 letters, digits or . _ @ -,"
                    + " starting with a letter or digit");
        }
        if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("user name '" + name + "' is reserved (the audit log uses it for "
                    + (name.equalsIgnoreCase("token") ? "the access token" : "the runtime itself") + ")");
        }
    }

    static void checkPassword(char[] password) {
        if (password == null || password.length < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("the password must have at least " + MIN_PASSWORD_LENGTH + " characters");
        }
    }

    /** Caller holds this. Re-reads the file when it changed; {@code strict}: a broken file throws. */
    private void refresh(boolean strict) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            users = List.of();
            loadedTime = null;
            loadedSize = -1;
            return;
        } catch (IOException e) {
            fail(strict, file + ": cannot read the users file: " + e.getMessage());
            return;
        }
        if (attrs.lastModifiedTime().equals(loadedTime) && attrs.size() == loadedSize) {
            return;
        }
        try {
            users = parse(file, Files.readString(file, StandardCharsets.UTF_8));
            loadedTime = attrs.lastModifiedTime();
            loadedSize = attrs.size();
        } catch (IOException e) {
            fail(strict, file + ": cannot read the users file: " + e.getMessage());
        } catch (InvalidFile e) {
            fail(strict, e.getMessage());
        }
    }

    private void fail(boolean strict, String message) {
        if (strict) {
            throw new InvalidFile(message);
        }
        LOG.error("{}; the users as last read stay in force until the file is fixed", message);
        // Do not report the same broken version on every request.
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
            loadedTime = attrs.lastModifiedTime();
            loadedSize = attrs.size();
        } catch (IOException ignored) {
            // reported above
        }
    }

    static List<User> parse(Path file, String text) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidFile(file + ": not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse("")
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return List.of();
        }
        if (!root.isObject()) {
            throw new InvalidFile(file + ": expected a mapping with the key 'users'");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext();) {
            String key = it.next();
            if (!key.equals("users")) {
                throw new InvalidFile(file + ": unknown key '" + key + "' (expected 'users')");
            }
        }
        JsonNode list = root.get("users");
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw new InvalidFile(file + ": 'users' must be a list of {name, role, password}");
        }
        List<User> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode u = list.get(i);
            String where = file + ": users[" + i + "]";
            if (!u.isObject()) {
                throw new InvalidFile(where + ": expected a mapping with name, role and password");
            }
            for (Iterator<String> it = u.fieldNames(); it.hasNext();) {
                String key = it.next();
                if (!List.of("name", "role", "password").contains(key)) {
                    throw new InvalidFile(where + ": unknown key '" + key + "' (expected name, role, password)");
                }
            }
            String name = text(u, "name", where);
            try {
                checkName(name);
            } catch (IllegalArgumentException e) {
                throw new InvalidFile(where + ".name: " + e.getMessage());
            }
            if (out.stream().anyMatch(x -> x.name().equalsIgnoreCase(name))) {
                throw new InvalidFile(where + ".name: '" + name + "' appears twice");
            }
            Role role = Role.parse(text(u, "role", where))
                    .orElseThrow(() -> new InvalidFile(where + ".role: '" + u.get("role").asText()
                            + "' is not a role (viewer, operator, engineer, admin)"));
            String hash = text(u, "password", where);
            String problem = PasswordHash.problem(hash);
            if (problem != null) {
                throw new InvalidFile(where + ".password: " + problem);
            }
            out.add(new User(name, role, hash));
        }
        return List.copyOf(out);
    }

    private static String text(JsonNode u, String key, String where) {
        JsonNode v = u.get(key);
        if (v == null || !v.isValueNode() || v.asText().isBlank()) {
            throw new InvalidFile(where + ": missing '" + key + "'");
        }
        return v.asText().strip();
    }

    /** Caller holds this. Replaces the file atomically, readable by its owner only. */
    private void save(List<User> next) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("# ringplc users: add and change them with 'ringplc user add NAME --role ROLE'.\n");
        sb.append("# Roles: viewer (watch), operator (+ write), engineer (+ force, deploy, start/stop), admin (all).\n");
        sb.append("# Passwords are salted PBKDF2-HMAC-SHA256 hashes; never put a plain password here.\n");
        sb.append("users:\n");
        for (User u : next) {
            sb.append("  - name: ").append(u.name()).append('\n');
            sb.append("    role: ").append(u.role().label()).append('\n');
            sb.append("    password: '").append(u.passwordHash()).append("'\n");
        }
        Path dir = file.getParent();
        Files.createDirectories(dir);
        byte[] content = sb.toString().getBytes(StandardCharsets.UTF_8);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            AtomicFileWrite.replace(file, ".users", content,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            AtomicFileWrite.replace(file, ".users", content);
        }
        users = List.copyOf(next);
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
        loadedTime = attrs.lastModifiedTime();
        loadedSize = attrs.size();
    }
}
