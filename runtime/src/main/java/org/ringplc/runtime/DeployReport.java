package org.ringplc.runtime;

import java.util.List;
import org.ringplc.lang.diag.Diagnostic;

/**
 * What {@link PlcRuntime#deploy} did.
 *
 * @param outcome      what happened
 * @param message      one sentence for a person: what was done, or why not
 * @param diagnostics  the new project's compile diagnostics (warnings included)
 * @param added        variables of the new project that did not exist: they start from their initial values
 * @param dropped      variables of the old project that are gone
 * @param reset        variables whose path stayed but whose type changed: they start from their initial values
 * @param forcesDropped forces whose variable is gone or changed type (they were removed)
 * @param firstCycle   per task (in task order), the cycle number the new programs ran first; empty unless ONLINE
 */
public record DeployReport(Outcome outcome, String message, List<Diagnostic> diagnostics, List<String> added,
                           List<String> dropped, List<String> reset, List<String> forcesDropped, List<Long> firstCycle) {

    /** The result of a deploy. */
    public enum Outcome {
        /** The new programs run, changed online at a cycle boundary. */
        CHANGED_ONLINE,
        /** The runtime was stopped and started with the new project. */
        RESTARTED,
        /** Nothing changed: the project has errors, or an online change is not possible (the message says why). */
        REFUSED,
        /** Nothing changed: putting the new programs in place failed (the message says why). */
        FAILED
    }

    public boolean succeeded() {
        return outcome == Outcome.CHANGED_ONLINE || outcome == Outcome.RESTARTED;
    }

    static DeployReport refused(String message, List<Diagnostic> diagnostics) {
        return new DeployReport(Outcome.REFUSED, message, diagnostics, List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /** A refusal or failure with no variable lists. */
    public static DeployReport of(Outcome outcome, String message, List<Diagnostic> diagnostics) {
        return new DeployReport(outcome, message, diagnostics, List.of(), List.of(), List.of(), List.of(), List.of());
    }
}
