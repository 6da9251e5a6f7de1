package org.ringplc.server.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** Lets tests in other packages pipe a password into the commands that read one. */
public final class UserCommandAccess {
    private UserCommandAccess() {
    }

    public static Supplier<InputStream> stdin() {
        return UserCommand.stdin;
    }

    /** Standard input holds {@code text}; there is no terminal. */
    public static void stdin(String text) {
        UserCommand.console = () -> null;
        UserCommand.stdin = () -> new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    public static void restore(Supplier<InputStream> saved) {
        UserCommand.stdin = saved;
        UserCommand.console = System::console;
    }
}
