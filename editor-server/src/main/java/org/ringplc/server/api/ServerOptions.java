package org.ringplc.server.api;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.ringplc.runtime.force.AuditLog;

/**
 * What a {@link WebServer} serves beyond the runtime and its login: HTTPS, the audit log that
 * administrators may read and that logins and user changes are recorded in, and deploy. Each part
 * is optional; {@link #defaults()} is plain HTTP, an empty audit list, no recording, and a deploy
 * route that explains why it cannot deploy.
 *
 * @param tls             HTTPS instead of HTTP, or null
 * @param audit           the runtime's audit entries, oldest first, or null
 * @param auditRecorder   where the web edge records logins and user changes, or null
 * @param deployer        puts an uploaded project in place, or null
 * @param deployDirectory where uploaded projects are unpacked, one new directory each, or null
 */
public record ServerOptions(TlsConfig tls, Supplier<List<AuditLog.Entry>> audit, Consumer<AuditLog.Entry> auditRecorder,
                            Deployer deployer, Path deployDirectory) {

    public static ServerOptions defaults() {
        return new ServerOptions(null, null, null, null, null);
    }

    public ServerOptions withTls(TlsConfig t) {
        return new ServerOptions(t, audit, auditRecorder, deployer, deployDirectory);
    }

    /** Reads the audit entries from {@code a}; records nothing. */
    public ServerOptions withAudit(Supplier<List<AuditLog.Entry>> a) {
        return new ServerOptions(tls, a, auditRecorder, deployer, deployDirectory);
    }

    /** Reads from and records into the runtime's audit log. */
    public ServerOptions withAuditLog(AuditLog log) {
        return new ServerOptions(tls, log::entries, log::record, deployer, deployDirectory);
    }

    public ServerOptions withDeploy(Deployer d, Path directory) {
        return new ServerOptions(tls, audit, auditRecorder, d, directory);
    }

    /** Records {@code e} when there is a recorder. */
    void record(AuditLog.Entry e) {
        if (auditRecorder != null) {
            auditRecorder.accept(e);
        }
    }
}
