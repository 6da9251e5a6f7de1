package org.ringplc.runtime;

import java.util.List;

/**
 * The state of the retained (RETAIN/PERSISTENT) variables, part of {@code GET /api/status}.
 *
 * @param file         the retain file, or null when values are not saved (no state directory)
 * @param variables    retained variables in the running project
 * @param restoredFrom what the values were restored from at start: "file", "backup" (the file was
 *                     damaged and the previous copy was used), or "none" (initial values)
 * @param restored     variables whose saved value was restored
 * @param notRestored  one line per saved or current variable that did not match (path changed,
 *                     type changed, new variable): these start from their initial values
 * @param saves        files written since start
 * @param lastSaveMillis wall-clock time of the last save, 0 before the first
 * @param warning      the last problem (a damaged file, a failed save), or null
 */
public record RetainStatus(String file, int variables, String restoredFrom, int restored, List<String> notRestored,
                           long saves, long lastSaveMillis, String warning) {
}
