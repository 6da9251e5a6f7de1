package org.ringplc.lang.program;

import java.util.List;
import java.util.Optional;

/**
 * What the compiler hands to the runtime: the compiled PROGRAM types, the global variables and
 * the configuration, if the sources declared one. Classes are already defined in their own
 * class loader, so no javac or file system is needed at run time.
 */
public interface CompiledProject {
    List<ProgramType> programs();

    /** The PROGRAM named {@code name} (case-insensitive), if any. */
    default Optional<ProgramType> program(String name) {
        return programs().stream().filter(p -> p.name().equalsIgnoreCase(name)).findFirst();
    }

    /** The CONFIGURATION of the sources, if any. */
    Optional<ConfigurationModel> configuration();

    /** Creates the instance holding the VAR_GLOBALs (null when there are none). */
    Object instantiateGlobals(TaskClock clock);

    /** Every elementary global variable of {@code globals}, paths are the bare names. */
    List<VariableDescriptor> globalVariables(Object globals);
}
