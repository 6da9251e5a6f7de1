package org.ringplc.server.api;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.ringplc.runtime.project.LoadedProject;
import org.ringplc.runtime.project.TaskPlan;

/**
 * Tells the variables the PLCopen importer adds to a drawn POU (edge memories {@code _contact31_r},
 * EN flags, SFC step timers {@code _Fill_timer}, transition flags {@code _tr7}, ...) from the
 * user's own. They are real variables, monitored and forced by path like any other, but nobody
 * declared them: {@code GET /api/variables} leaves them out unless asked ({@code ?generated=true},
 * then marked {@code "generated": true}), as CODESYS hides its implicit variables.
 *
 * <p>A path is generated when one of its names starts with {@code _} and the POU that owns that
 * name is a drawn POU of the XML sources whose interface does not declare it. The owner is found
 * by walking the path: the program instance's POU, then the declared type of each member. An ST
 * program's own {@code _x}, or a member of a standard block, is therefore never taken for one.
 *
 * <p>Thread-safe; the answer for a project is computed once and kept until the project changes.
 */
final class GeneratedVariables {
    private static volatile GeneratedVariables last;

    private final LoadedProject project;
    private final PlcOpenDiagrams diagrams;
    private final Map<String, String> instancePou = new HashMap<>();

    private GeneratedVariables(LoadedProject project) {
        this.project = project;
        this.diagrams = PlcOpenDiagrams.read(project.sources());
        for (TaskPlan t : project.tasks()) {
            for (TaskPlan.Instance i : t.programs()) {
                instancePou.put(i.name().toLowerCase(Locale.ROOT), i.type().name().toLowerCase(Locale.ROOT));
            }
        }
    }

    /** The classifier of {@code workspace}'s current project; one that says "no" to everything without a workspace. */
    static GeneratedVariables of(ProjectWorkspace workspace) {
        if (workspace == null) {
            return null;
        }
        LoadedProject p = workspace.project();
        GeneratedVariables g = last;
        if (g == null || g.project != p) {
            try {
                g = new GeneratedVariables(p);
            } catch (IllegalArgumentException notXml) {
                // a source that does not parse cannot have compiled either: nothing generated to hide
                return null;
            }
            last = g;
        }
        return g;
    }

    /** Whether {@code path} ({@code Instance.member...}) is, or lies inside, a variable the importer added. */
    boolean isGenerated(String path) {
        String[] names = path.split("\\.");
        String pou = instancePou.get(names[0].toLowerCase(Locale.ROOT));
        for (int i = 1; i < names.length && pou != null; i++) {
            PlcOpenDiagrams.Interface declared = diagrams.declarations(pou);
            if (declared == null) {
                return false; // an ST POU or a standard block: every name in it was written by someone
            }
            String name = names[i].replaceAll("\\[.*$", "").toLowerCase(Locale.ROOT);
            String type = declared.variables().get(name);
            if (type == null) {
                return declared.drawn() && name.startsWith("_");
            }
            pou = type;
        }
        return false;
    }
}
