package org.ringplc.server.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.ringplc.server.api.Role;
import org.ringplc.server.api.UserStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ringplc user add|remove|list}: the users file of a box (PRODUCT.md §5), by default
 * {@code PROJECT/.ringplc/users.yaml} beside the audit log. A running {@code ringplc run} picks up
 * the change at the next request; no restart is needed.
 *
 * <p>The password is never an argument (it would end up in the shell history and in
 * {@code ps}): on a terminal it is asked for twice without echo, otherwise the first line of
 * standard input is taken, for scripts ({@code printf '%s\n' "$PW" | ringplc user add ...}).
 */
@Command(name = "user", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Manage the users who log in with a password (viewer, operator, engineer, admin).",
        subcommands = {UserCommand.Add.class, UserCommand.Remove.class, UserCommand.ListUsers.class})
final class UserCommand implements Callable<Integer> {
    /** Where a piped password is read from; a test may replace it. */
    static Supplier<InputStream> stdin = () -> System.in;
    /** The terminal, when there is one; a test may replace it. */
    static Supplier<Console> console = System::console;

    @Option(names = "--users", paramLabel = "FILE", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "the users file (default: PROJECT/.ringplc/users.yaml)")
    Path usersFile;

    @Option(names = "--project", paramLabel = "DIR", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "the project directory whose users file to change (default: the current directory)")
    Path projectDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CliException(ExitCodes.USAGE, "user: say add, remove or list");
    }

    /** The file to work on: --users, else --project's, else the current directory's if it is a project. */
    UserStore store() {
        Path file = usersFile;
        if (file == null) {
            Path dir = projectDir != null ? projectDir : Path.of("");
            if (!Files.isRegularFile(dir.resolve("project.yaml"))) {
                throw new CliException(ExitCodes.USAGE, (projectDir != null ? projectDir + " is not a project directory"
                        : "the current directory is not a project") + " (no project.yaml); give --project DIR or --users FILE");
            }
            file = RunCommand.defaultUsersFile(dir);
        }
        try {
            return new UserStore(file);
        } catch (UserStore.InvalidFile e) {
            throw new CliException(ExitCodes.PROJECT_ERRORS, e.getMessage());
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "Add a user, or set the role and password of an existing one.")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        UserCommand parent;

        @Parameters(index = "0", paramLabel = "NAME", description = "the login name")
        String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE",
                description = "viewer (watch), operator (+ write), engineer (+ force, deploy, start/stop), admin (all)")
        String role;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Role r = Role.parse(role).orElseThrow(() -> new CliException(ExitCodes.USAGE,
                    "--role " + role + ": not a role; use viewer, operator, engineer or admin"));
            UserStore store = parent.store();
            char[] password = readPassword();
            try {
                boolean added = store.put(name, r, password);
                spec.commandLine().getOut().println("ringplc: " + (added ? "added" : "updated") + " user " + name
                        + " (" + r.label() + ") in " + store.file());
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.USAGE, e.getMessage());
            } finally {
                Arrays.fill(password, '\0');
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "Remove a user; their browser sessions end at their next request.")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        UserCommand parent;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            UserStore store = parent.store();
            if (!store.remove(name)) {
                throw new CliException(ExitCodes.USAGE, "no user " + name + " in " + store.file());
            }
            spec.commandLine().getOut().println("ringplc: removed user " + name + " from " + store.file());
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "List the users and their roles.")
    static final class ListUsers implements Callable<Integer> {
        @ParentCommand
        UserCommand parent;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            UserStore store = parent.store();
            PrintWriter out = spec.commandLine().getOut();
            for (UserStore.User u : store.users()) {
                out.println(u.name() + "\t" + u.role().label());
            }
            return ExitCodes.OK;
        }
    }

    /** Twice without echo on a terminal; else the first line of standard input. */
    static char[] readPassword() throws IOException {
        Console c = console.get();
        if (c != null) {
            char[] first = c.readPassword("Password: ");
            char[] second = c.readPassword("Password again: ");
            if (first == null || second == null) {
                throw new CliException(ExitCodes.USAGE, "no password given");
            }
            try {
                if (!Arrays.equals(first, second)) {
                    throw new CliException(ExitCodes.USAGE, "the two passwords differ; nothing changed");
                }
            } finally {
                Arrays.fill(second, '\0');
            }
            return first;
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(stdin.get(), StandardCharsets.UTF_8));
        String line = in.readLine();
        if (line == null || line.isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "no password on standard input (pipe it in, one line, "
                    + "or run on a terminal to be asked)");
        }
        return line.toCharArray();
    }
}
