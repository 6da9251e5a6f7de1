package org.ringplc.lang.ast;

import java.util.List;
import org.ringplc.lang.diag.SourceSpan;

/**
 * {@code CONFIGURATION ... END_CONFIGURATION} with its resources flattened: the tasks, the
 * program instances and the global variables (IEC 61131-3 §6.8).
 */
public record Configuration(SourceSpan span, String name, List<VarDecl> globals, List<Task> tasks,
                            List<ProgramInstance> programs) {

    /** {@code TASK t(INTERVAL := T#10ms, PRIORITY := 1);}, parameters as written. */
    public record Task(SourceSpan span, String name, List<Argument> params) {
    }

    /** {@code PROGRAM inst WITH task : Type;}; {@code task} is null without WITH. */
    public record ProgramInstance(SourceSpan span, String name, String task, String type) {
    }
}
