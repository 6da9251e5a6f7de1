package org.ringplc.lang.sema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ringplc.lang.ast.Argument;
import org.ringplc.lang.ast.Configuration;
import org.ringplc.lang.ast.Expression;
import org.ringplc.lang.ast.Pou;
import org.ringplc.lang.diag.Diagnostics;
import org.ringplc.lang.diag.Problems;
import org.ringplc.lang.program.ConfigurationModel;

/**
 * Checks a CONFIGURATION (IEC 61131-3 §6.8.2) and turns it into the runtime's
 * {@link ConfigurationModel}: tasks with INTERVAL and PRIORITY, program instances bound to
 * existing tasks and PROGRAM types. A program instance without WITH runs in a task named
 * {@code default} with the runtime's default interval.
 */
public final class ConfigurationBuilder {
    private ConfigurationBuilder() {
    }

    public static ConfigurationModel build(ProjectModel model, Diagnostics diagnostics) {
        List<Configuration> configs = model.configurations();
        if (configs.isEmpty()) {
            return null;
        }
        for (int i = 1; i < configs.size(); i++) {
            diagnostics.report(Problems.InvalidConfiguration.secondConfiguration(configs.get(i).span(), configs.get(0).name()));
        }
        Configuration c = configs.get(0);
        Map<String, ConfigurationModel.Task> tasks = new LinkedHashMap<>();
        Map<String, List<ConfigurationModel.Instance>> instances = new LinkedHashMap<>();
        for (Configuration.Task t : c.tasks()) {
            String key = t.name().toLowerCase(Locale.ROOT);
            if (tasks.containsKey(key)) {
                diagnostics.report(Problems.DuplicateDeclaration.twice(t.span(), "task", t.name()));
                continue;
            }
            long interval = 0;
            int priority = 0;
            String single = null;
            Argument singleArg = null;
            Argument intervalArg = null;
            for (Argument p : t.params()) {
                switch (p.name().toUpperCase(Locale.ROOT)) {
                    case "INTERVAL" -> {
                        intervalArg = p;
                        if (p.value() instanceof Expression.TimeLiteral tl && tl.nanos() > 0) {
                            interval = tl.nanos();
                        } else {
                            diagnostics.report(Problems.InvalidConfiguration.interval(p.value().span()));
                        }
                    }
                    case "PRIORITY" -> {
                        if (p.value() instanceof Expression.IntLiteral il && il.value().bitLength() < 31) {
                            priority = il.value().intValue();
                        } else {
                            diagnostics.report(Problems.InvalidConfiguration.priority(p.value().span()));
                        }
                    }
                    case "SINGLE" -> {
                        singleArg = p;
                        single = singleTrigger(model, p.value(), diagnostics);
                    }
                    default -> diagnostics.report(Problems.UnknownParameter.of(p.span(), "a TASK", false, p.name(),
                            "INTERVAL, PRIORITY, SINGLE"));
                }
            }
            // CODESYS lets both through and runs the task as an event task, silently ignoring the
            // INTERVAL; a reader of the source would expect one of the two, so both is an error.
            if (singleArg != null && intervalArg != null) {
                diagnostics.report(Problems.InvalidConfiguration.singleWithInterval(intervalArg.span()));
            }
            tasks.put(key, new ConfigurationModel.Task(t.name(), single == null ? interval : 0, priority, List.of(), single));
            instances.put(key, new ArrayList<>());
        }
        List<String> names = new ArrayList<>();
        for (Configuration.ProgramInstance p : c.programs()) {
            if (names.contains(p.name().toLowerCase(Locale.ROOT))) {
                diagnostics.report(Problems.DuplicateDeclaration.twice(p.span(), "program instance", p.name()));
                continue;
            }
            names.add(p.name().toLowerCase(Locale.ROOT));
            PouSymbol type = model.pou(p.type());
            if (type == null || type.kind() != Pou.Kind.PROGRAM) {
                diagnostics.report(Problems.InvalidConfiguration.notAProgram(p.span(), p.type()));
                continue;
            }
            String key = p.task() == null ? "default" : p.task().toLowerCase(Locale.ROOT);
            if (!tasks.containsKey(key)) {
                if (p.task() != null) {
                    diagnostics.report(Problems.InvalidConfiguration.unknownTask(p.span(), p.task()));
                    continue;
                }
                tasks.put(key, new ConfigurationModel.Task("default", 0, 0, List.of()));
                instances.put(key, new ArrayList<>());
            }
            instances.get(key).add(new ConfigurationModel.Instance(p.name(), type.name()));
        }
        List<ConfigurationModel.Task> out = new ArrayList<>();
        for (Map.Entry<String, ConfigurationModel.Task> e : tasks.entrySet()) {
            ConfigurationModel.Task t = e.getValue();
            out.add(new ConfigurationModel.Task(t.name(), t.intervalNanos(), t.priority(),
                    List.copyOf(instances.get(e.getKey())), t.single()));
        }
        return new ConfigurationModel(c.name(), out);
    }

    /**
     * The trigger of an event task must be a BOOL global: the runtime samples it between cycles
     * of other tasks by name, so it needs a place that outlives every program instance. A direct
     * address (%IX0.0) is refused rather than read raw: declaring it as a global with AT gives
     * it a name the monitor, forcing and the runtime's edge detection all share.
     *
     * @return the name as declared, or null after reporting why it cannot be a trigger
     */
    private static String singleTrigger(ProjectModel model, Expression value, Diagnostics diagnostics) {
        if (!(value instanceof Expression.Name n)) {
            diagnostics.report(Problems.InvalidConfiguration.singleNotAName(value.span()));
            return null;
        }
        VarSymbol g = model.global(n.name());
        if (g == null) {
            diagnostics.report(Problems.InvalidConfiguration.singleUnknown(value.span(), n.name()));
            return null;
        }
        if (g.type() != ElementaryType.BOOL) {
            diagnostics.report(Problems.InvalidConfiguration.singleNotBool(value.span(), g.name(), g.type().name()));
            return null;
        }
        return g.name();
    }
}
