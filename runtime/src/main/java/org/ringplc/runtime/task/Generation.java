package org.ringplc.runtime.task;

import java.util.List;
import org.ringplc.lang.program.VariableAccessor;
import org.ringplc.runtime.force.ForceTable;
import org.ringplc.runtime.image.ImageBinding;
import org.ringplc.runtime.image.Leaf;
import org.ringplc.runtime.image.ProcessImage;
import org.ringplc.runtime.monitor.SnapshotBuffer;
import org.ringplc.runtime.monitor.Snapshots;
import org.ringplc.runtime.retain.RetainImage;
import org.ringplc.runtime.task.LiveProject.LiveTask;

/**
 * Everything the scan loop touches that belongs to one version of the programs: the instances,
 * the located-variable bindings, the forces, the snapshot buffer and the retain buffer. An
 * online change replaces it as a whole at a cycle boundary.
 *
 * @param task        the live task (clock, instances)
 * @param inputs      located %I/%M variables of the task
 * @param outputs     located %Q/%M variables of the task
 * @param safeOutputs located %Q variables, set to 0/FALSE on stop and fault
 * @param forces      the task's forces and queued writes
 * @param snapshot    where cycle values are published
 * @param retain      the task's RETAIN/PERSISTENT variables, or null when it has none
 * @param trigger     the accessor of an event task's BOOL trigger; null for a cyclic task
 */
public record Generation(LiveTask task, ImageBinding inputs, ImageBinding outputs, ImageBinding safeOutputs,
                         ForceTable forces, SnapshotBuffer snapshot, RetainImage retain, VariableAccessor trigger) {

    /** Task {@code i} of {@code live} bound to {@code image}, with its force table and snapshot buffer. */
    static Generation of(LiveProject live, int i, ProcessImage image, ForceTable table, Snapshots snapshots) {
        List<Leaf> retained = live.leavesOf(i).stream().filter(l -> l.descriptor().retain()).toList();
        String single = live.tasks().get(i).plan().single();
        Leaf trigger = single == null ? null : live.variables().find(single);
        if (single != null && trigger == null) {
            // the loader checked the name against the compiled globals, so this is a bug
            throw new IllegalStateException("task " + live.tasks().get(i).plan().name() + ": trigger " + single + " not found");
        }
        return new Generation(live.tasks().get(i),
                ImageBinding.of(live.locatedInputs(i), image),
                ImageBinding.of(live.locatedOutputs(i), image),
                ImageBinding.of(live.physicalOutputs(i), image),
                table, snapshots.buffer(i), retained.isEmpty() ? null : new RetainImage(retained),
                trigger == null ? null : trigger.descriptor().access());
    }
}
