package org.ringplc.runtime.task;

import java.time.Instant;
import java.util.List;
import org.ringplc.runtime.DeployReport;
import org.ringplc.runtime.force.AuditLog;
import org.ringplc.runtime.project.LoadedProject;
import org.ringplc.runtime.project.ProjectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deploy by restart (PRODUCT.md §3): every task of the running project stops at a cycle
 * boundary with its outputs safe, forces are cleared, retained values are saved, and the new
 * project starts from its initial and retained values. When the new project cannot start (a
 * driver cannot open its socket, say), the previous project is started again, so a failed deploy
 * leaves a running PLC whenever it can; the report and the audit log say which of the three
 * happened.
 *
 * <p>Kept apart from {@link ScanRuntime}, which owns the state a restart replaces and the
 * launch and halt steps it uses, so that the order of those steps and the fall-back read top to
 * bottom, as {@link OnlineDeploy} does for an online change.
 */
final class RestartDeploy {
    private static final Logger LOG = LoggerFactory.getLogger(ScanRuntime.class);

    private RestartDeploy() {
    }

    /** Restarts {@code rt} with {@code next}. Caller holds the runtime's lock. */
    static DeployReport run(ScanRuntime rt, LoadedProject next, String who) {
        LiveProject nl;
        try {
            nl = LiveProject.instantiate(next);
        } catch (ProjectException e) {
            return DeployReport.of(DeployReport.Outcome.FAILED, e.getMessage() + "; the running project is unchanged",
                    next.diagnostics());
        }
        LiveProject old = rt.live();
        rt.halt();
        int cleared = rt.clearForRestart();
        try {
            rt.launch(nl);
        } catch (ProjectException | RuntimeException e) {
            rt.halt();
            String msg = "the new project cannot start: " + e.getMessage();
            try {
                rt.launch(LiveProject.instantiate(old.project()));
                rt.start();
                msg += "; the previous project runs again (from its initial and retained values)";
            } catch (ProjectException | RuntimeException again) {
                rt.halt();
                msg += "; the previous project could not be started again either: " + again.getMessage();
            }
            LOG.error("{}: {}", next.name(), msg);
            rt.audit().record(new AuditLog.Entry(Instant.now(), who, "deploy", null, null, null, msg));
            return DeployReport.of(DeployReport.Outcome.FAILED, msg, next.diagnostics());
        }
        String msg = "restarted with " + next.name() + (cleared > 0 ? "; " + cleared + " force(s) cleared by the restart"
                : "; forces are cleared by a restart");
        LOG.info("{}: {}", next.name(), msg);
        rt.audit().record(new AuditLog.Entry(Instant.now(), who, "restart", null, null, null, msg));
        rt.start();
        OnlineChange.LeafMatch match = OnlineChange.match(old.variables().leaves(), nl.variables().leaves());
        return new DeployReport(DeployReport.Outcome.RESTARTED, msg, next.diagnostics(), match.added(), match.dropped(),
                List.of(), List.of(), List.of());
    }
}
