package org.ringplc.lang.program;

import java.util.List;

/**
 * A compiled PROGRAM type. The runtime creates instances from it (one per program instance in
 * the configuration) and asks it for their variables.
 */
public interface ProgramType {
    /** The PROGRAM name as declared. */
    String name();

    /** Creates a fresh instance with every variable at its initial value. */
    ProgramInstance instantiate(RuntimeEnvironment env);

    /**
     * Every elementary variable of {@code instance} (all sections, FB members, struct members,
     * array elements flattened), paths relative to the instance, in declaration order.
     */
    List<VariableDescriptor> variables(ProgramInstance instance);
}
