package org.ringplc.runtime;

import java.time.Instant;

/**
 * One entry of {@code GET /api/forces}.
 *
 * @param path  the full path as declared
 * @param value the forced value, JSON-ready
 * @param user  who set it
 * @param since when it was set
 */
public record ForceInfo(String path, Object value, String user, Instant since) {
}
