package org.ringplc.server.api;

import java.util.List;
import java.util.function.Supplier;
import org.ringplc.runtime.force.AuditLog;

/**
 * What a {@link WebServer} serves beyond the runtime and its login: HTTPS, and the audit log that
 * administrators may read. Each part is optional; {@link #defaults()} is plain HTTP without an audit
 * route's data (the route then answers with an empty list).
 *
 * @param tls   HTTPS instead of HTTP, or null
 * @param audit the runtime's audit entries, oldest first, or null
 */
public record ServerOptions(TlsConfig tls, Supplier<List<AuditLog.Entry>> audit) {

    public static ServerOptions defaults() {
        return new ServerOptions(null, null);
    }

    public ServerOptions withTls(TlsConfig t) {
        return new ServerOptions(t, audit);
    }

    public ServerOptions withAudit(Supplier<List<AuditLog.Entry>> a) {
        return new ServerOptions(tls, a);
    }
}
