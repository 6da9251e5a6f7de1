package org.ringplc.server.api;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;

/**
 * Replacing a file that others read while it changes (the editor saving a source, the users file
 * on an edit): the content goes to a temporary file in the same folder, which is then renamed over
 * the target, so a reader sees the old file or the new one and never half of one.
 */
final class AtomicFileWrite {
    private AtomicFileWrite() {
    }

    /**
     * @param tempPrefix names the temporary file, so one left by a crash tells what wrote it
     * @param attributes of the new file (its permissions), applied when the temporary file is created
     */
    static void replace(Path target, String tempPrefix, byte[] content, FileAttribute<?>... attributes)
            throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), tempPrefix, ".tmp", attributes);
        try {
            Files.write(tmp, content);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                // some file systems (a few network and FUSE mounts) cannot: a plain replace is the best there is
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
