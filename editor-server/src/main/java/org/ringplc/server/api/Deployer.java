package org.ringplc.server.api;

import java.util.List;
import org.ringplc.runtime.project.LoadedProject;

/**
 * Puts a compiled, error-free project in place of the running one, for {@code POST /api/deploy}.
 * {@code ringplc run} backs it with the runtime's own deploy (online change at a cycle boundary,
 * or restart); tests back it with a recording fake.
 */
@FunctionalInterface
public interface Deployer {

    /**
     * @param online true: online change, keeping values, or refused with the reason; false: stop,
     *               start the new project, forces cleared
     * @param user   who asked, for the audit log
     */
    Outcome deploy(LoadedProject project, boolean online, String user);

    /**
     * What happened.
     *
     * @param outcome       CHANGED_ONLINE, RESTARTED, REFUSED or FAILED
     * @param succeeded     whether the new project now runs
     * @param message       one sentence for a person
     * @param added         variables that did not exist before (they start from their initial values)
     * @param dropped       variables that are gone
     * @param reset         variables whose type changed (they start from their initial values)
     * @param forcesDropped forces removed because their variable is gone or changed type
     * @param firstCycle    per task, the cycle the new programs ran first (online change only)
     */
    record Outcome(String outcome, boolean succeeded, String message, List<String> added, List<String> dropped,
                   List<String> reset, List<String> forcesDropped, List<Long> firstCycle) {

        public static Outcome refused(String message) {
            return new Outcome("REFUSED", false, message, List.of(), List.of(), List.of(), List.of(), List.of());
        }
    }
}
