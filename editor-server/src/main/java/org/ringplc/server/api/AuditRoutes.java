package org.ringplc.server.api;

import io.javalin.Javalin;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.ringplc.runtime.force.AuditLog;

/**
 * {@code GET /api/audit?limit=N}: the most recent entries of the runtime's audit log (every write,
 * force, unforce, start, stop, restart and deploy, PRODUCT.md §3), newest first. Administrators
 * only: the log shows who did what on the machine, which is for whoever answers for it.
 *
 * <p>The whole history is the {@code audit.log} file in the state directory, one JSON object per
 * line; the API serves what the runtime keeps in memory ({@link AuditLog#MEMORY_ENTRIES}).
 */
final class AuditRoutes {
    static final int DEFAULT_LIMIT = 100;

    private AuditRoutes() {
    }

    /** One entry as the API shows it; {@code old}/{@code new} are JSON values in the formats of PRODUCT.md §2. */
    record AuditEntry(String time, String user, String action, String path, Object old, Object value, String note) {
        @com.fasterxml.jackson.annotation.JsonProperty("new")
        public Object value() {
            return value;
        }
    }

    static void install(Javalin app, Supplier<List<AuditLog.Entry>> source) {
        app.get("/api/audit", ctx -> {
            int limit = limit(ctx.queryParam("limit"));
            List<AuditLog.Entry> all = source == null ? List.of() : source.get();
            List<AuditEntry> out = new ArrayList<>(Math.min(limit, all.size()));
            for (int i = all.size() - 1; i >= 0 && out.size() < limit; i--) {
                AuditLog.Entry e = all.get(i);
                out.add(new AuditEntry(e.time().toString(), e.user(), e.action(), e.path(), e.oldValue(), e.newValue(),
                        e.note()));
            }
            ctx.json(out);
        }, Role.ADMIN);
    }

    static int limit(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(text.strip());
            if (n >= 1 && n <= AuditLog.MEMORY_ENTRIES) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below with the range
        }
        throw ApiException.badRequest("limit=" + text + ": give a number of entries from 1 to " + AuditLog.MEMORY_ENTRIES);
    }
}
