package org.ringplc.runtime.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small projects into a temporary directory. */
public final class ProjectDir {
    private ProjectDir() {
    }

    /** Writes {@code project.yaml} and an {@code src/main.st} placeholder into {@code dir}. */
    public static Path write(Path dir, String yaml) {
        try {
            Files.createDirectories(dir.resolve("src"));
            Files.writeString(dir.resolve("project.yaml"), yaml);
            Files.writeString(dir.resolve("src/main.st"), "PROGRAM Main\nEND_PROGRAM\n");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
