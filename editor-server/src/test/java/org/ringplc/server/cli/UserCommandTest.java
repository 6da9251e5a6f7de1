package org.ringplc.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ringplc.server.api.PasswordHash;
import org.ringplc.server.api.Role;
import org.ringplc.server.api.UserStore;

/** {@code ringplc user add|list|remove} with the password piped in, and {@code run}'s TLS options. */
class UserCommandTest {
    @TempDir
    Path dir;

    private Supplier<java.io.InputStream> savedStdin;
    private Path project;

    @BeforeEach
    void setUp() throws Exception {
        savedStdin = UserCommandAccess.stdin();
        project = dir.resolve("proj");
        Files.createDirectories(project);
        Files.writeString(project.resolve("project.yaml"), "name: p\n");
    }

    @AfterEach
    void tearDown() {
        UserCommandAccess.restore(savedStdin);
    }

    private record Result(int code, String out, String err) {
    }

    private static Result cli(String stdin, String... args) {
        UserCommandAccess.stdin(stdin);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void addListAndRemoveAUserOfAProject() throws Exception {
        Result add = cli("s3cret-password\n", "user", "add", "alice", "--role", "engineer", "--project", project.toString());
        assertEquals(0, add.code(), add.err());
        Path file = project.resolve(".ringplc/users.yaml");
        assertTrue(add.out().contains("added user alice (engineer) in " + file.toAbsolutePath()), add.out());
        String text = Files.readString(file);
        assertFalse(text.contains("s3cret-password"));
        assertTrue(text.contains("$pbkdf2-sha256$" + PasswordHash.ITERATIONS + "$"), "the real work factor: " + text);
        assertEquals(Role.ENGINEER, new UserStore(file).authenticate("alice", "s3cret-password".toCharArray()).orElseThrow().role());

        Result again = cli("another-password\n", "user", "add", "alice", "--role", "viewer", "--users", file.toString());
        assertTrue(again.out().contains("updated user alice (viewer)"), again.out());

        Result list = cli("", "user", "list", "--project", project.toString());
        assertEquals("alice\tviewer\n", list.out());

        assertEquals(0, cli("", "user", "remove", "alice", "--project", project.toString()).code());
        Result missing = cli("", "user", "remove", "alice", "--project", project.toString());
        assertEquals(ExitCodes.USAGE, missing.code());
        assertTrue(missing.err().contains("no user alice"), missing.err());
    }

    @Test
    void refusalsSayWhatIsWrong() {
        Result role = cli("long-enough-pw\n", "user", "add", "bob", "--role", "boss", "--project", project.toString());
        assertEquals(ExitCodes.USAGE, role.code());
        assertTrue(role.err().contains("--role boss: not a role; use viewer, operator, engineer or admin"), role.err());

        Result shortPw = cli("short\n", "user", "add", "bob", "--role", "viewer", "--project", project.toString());
        assertEquals(ExitCodes.USAGE, shortPw.code());
        assertTrue(shortPw.err().contains("at least 8 characters"), shortPw.err());

        Result noPw = cli("", "user", "add", "bob", "--role", "viewer", "--project", project.toString());
        assertEquals(ExitCodes.USAGE, noPw.code());
        assertTrue(noPw.err().contains("no password on standard input"), noPw.err());

        Result noProject = cli("long-enough-pw\n", "user", "add", "bob", "--role", "viewer", "--project", dir.toString());
        assertEquals(ExitCodes.USAGE, noProject.code());
        assertTrue(noProject.err().contains("not a project directory"), noProject.err());
        assertFalse(Files.exists(project.resolve(".ringplc/users.yaml")), "nothing written by a refused command");
    }

    @Test
    void tlsOptionsComeInPairs() {
        assertEquals(null, RunCommand.tls(null, null, null, k -> null));
        CliException e = org.junit.jupiter.api.Assertions.assertThrows(CliException.class,
                () -> RunCommand.tls(Path.of("a.crt"), null, null, k -> null));
        assertTrue(e.getMessage().contains("--tls-cert and --tls-key go together"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(CliException.class,
                () -> RunCommand.tls(Path.of("a.crt"), Path.of("a.key"), Path.of("a.p12"), k -> null));
        assertTrue(e.getMessage().contains("not both"), e.getMessage());
        assertEquals("pw", new String(RunCommand.tls(null, null, Path.of("a.p12"),
                k -> k.equals("RINGPLC_TLS_PASSWORD") ? "pw" : null).keystorePassword()));
    }
}
