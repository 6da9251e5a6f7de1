package org.ringplc.runtime.image;

import org.ringplc.lang.program.VariableDescriptor;

/**
 * One elementary variable of the running project under its full path ({@code Main.ton1.Q}, or a
 * global's bare name), with the task whose scan thread owns it.
 *
 * @param index      position in the {@link VariableTable}
 * @param path       the full path as declared
 * @param descriptor the descriptor, its path being the full path
 * @param owner      the index of the task that runs the owning program instance; -1 for globals
 *                   (shared by every task: the first task copies them in and out and applies
 *                   writes, every task applies their forces)
 */
public record Leaf(int index, String path, VariableDescriptor descriptor, int owner) {

    public boolean isGlobal() {
        return owner < 0;
    }

    /** The task that applies one-shot writes and takes snapshots of this leaf. */
    public int scanTask() {
        return owner < 0 ? 0 : owner;
    }

    public boolean isText() {
        return descriptor.type().isText();
    }
}
