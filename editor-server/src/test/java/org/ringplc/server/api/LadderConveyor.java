package org.ringplc.server.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The demo {@code projects/ladder-conveyor} copied into a test's temporary directory, so a test
 * can run, force and even edit it without touching the repository's copy.
 */
public final class LadderConveyor {
    /** Where the demo lives, from the module directory Maven runs the tests in. */
    public static final Path SOURCE = Path.of("../projects/ladder-conveyor");

    private LadderConveyor() {
    }

    /** Copies the project to {@code to} (created) and returns {@code to}. */
    public static Path copy(Path to) {
        try (Stream<Path> files = Files.walk(SOURCE)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(SOURCE.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else if (!SOURCE.relativize(f).startsWith(".ringplc")) {
                    Files.copy(f, target);
                }
            }
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Declares {@code variable} of the ladder POU {@code AT address} in the copy at {@code project}. */
    public static void locate(Path project, String variable, String address) {
        Path xml = project.resolve("src/conveyor.xml");
        try {
            String text = Files.readString(xml);
            String from = "<variable name=\"" + variable + "\">";
            if (!text.contains(from)) {
                throw new IllegalStateException("the demo no longer declares " + variable + " as " + from);
            }
            Files.writeString(xml, text.replace(from, "<variable name=\"" + variable + "\" address=\"" + address + "\">"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
