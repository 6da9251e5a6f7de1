package org.ringplc.server.api;

import org.ringplc.runtime.ForceInfo;

/**
 * One row of {@code GET /api/forces}; {@code since} as ISO-8601 UTC text, which both people and
 * {@code Date.parse} read.
 */
public record ForceEntry(String path, Object value, String user, String since) {
    static ForceEntry of(ForceInfo f) {
        return new ForceEntry(f.path(), f.value(), f.user(), f.since() == null ? null : f.since().toString());
    }
}
