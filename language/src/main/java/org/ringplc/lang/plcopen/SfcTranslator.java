package org.ringplc.lang.plcopen;

import static org.ringplc.lang.plcopen.AstNodes.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.ringplc.lang.ast.Argument;
import org.ringplc.lang.ast.Expression;
import org.ringplc.lang.ast.Initializer;
import org.ringplc.lang.ast.Statement;
import org.ringplc.lang.ast.TypeDefinition;
import org.ringplc.lang.ast.TypeRef;
import org.ringplc.lang.ast.VarDecl;
import org.ringplc.lang.diag.DiagnosticCode;
import org.ringplc.lang.diag.SourceSpan;
import org.ringplc.lang.program.VariableDescriptor.VarKind;

/**
 * Sequential function charts (IEC 61131-3 §6.7 / 3rd ed. §8.3) to ST statements. Each step is a
 * variable of a STRUCT with {@code X : BOOL} (active) and {@code T : TIME} (time active), so
 * {@code Instance.Step.X} and {@code Instance.Step.T} are real variables to monitor and force;
 * the initial step starts with {@code X := TRUE}. Every cycle, in this order (CODESYS order):
 * <ol>
 *   <li>step times: {@code T} counts from T#0s in the first cycle a step is active and keeps
 *       its value after the step is left, as the standard says;</li>
 *   <li>action control ({@link ActionControl}): for each action, its qualifier associations (N, S, R, P, P1, P0, L, D,
 *       SD, DS, SL; timed ones with a hidden TON, pulses with a hidden R_TRIG/F_TRIG) give its Q;
 *       an action with a body has a variable of a STRUCT with {@code Q} and {@code A} (named like
 *       the action; hidden for inline actions) and runs while A is TRUE: every cycle Q is, and
 *       once more in the cycle after Q falls (the IEC "final scan", with Q = FALSE); an action
 *       that names a BOOL variable sets it to Q; actions run in the order of the POU's
 *       {@code <actions>}, then inline actions by localId;</li>
 *   <li>transitions: every transition whose preceding steps are all active and whose condition
 *       is TRUE fires, all of them evaluated before any step changes; alternatives of a selection
 *       divergence are tried by {@code priority}, else left to right, and only the first TRUE
 *       one fires; firing deactivates the preceding steps, then activates the following ones.
 *       Each condition's value is kept in a hidden BOOL {@code _cond<localId>} (for every kind of
 *       condition), the firing decision in {@code _tr<localId>}.</li>
 * </ol>
 * Conditions are inline ST expressions, named transitions of the POU (ST, LD or FBD bodies that
 * assign the transition's name, or a bare ST expression), or LD/FBD elements of the chart wired
 * into the condition.
 */
final class SfcTranslator {
    /** Longest TIME a step's hidden timer counts to: about 274 years, so it never saturates in practice. */
    private static final long STEP_TIMER_LIMIT_NANOS = 100_000L * 86_400L * 1_000_000_000L;

    private final ImportContext ctx;
    private final PouScope scope;
    private final PouImporter pouImporter;
    private final String label;
    private final XmlNode pou;
    private final Map<Integer, XmlNode> elements = new LinkedHashMap<>();
    private final Map<Integer, List<Integer>> successors = new HashMap<>();
    private final Map<String, XmlNode> steps = new LinkedHashMap<>();
    private NetworkTranslator wires;
    private ActionControl control;
    private XmlNode chart;

    SfcTranslator(ImportContext ctx, PouScope scope, PouImporter pouImporter, String label, XmlNode pou) {
        this.ctx = ctx;
        this.scope = scope;
        this.pouImporter = pouImporter;
        this.label = label;
        this.pou = pou;
    }

    List<Statement> translate(XmlNode sfc) {
        chart = sfc;
        wires = new NetworkTranslator(ctx, scope, NetworkTranslator.Language.LD, label, "sfc_");
        SourceSpan chartSpan = ctx.span(sfc);
        for (XmlNode e : sfc.children) {
            Integer id = id(e);
            if (id == null) {
                continue;
            }
            elements.put(id, e);
            ctx.describe(e, label + ", " + e.name + (e.attr("name") != null ? " " + e.attr("name") : "") + " localId " + id);
            if (e.name.equals("macroStep")) {
                ctx.error(DiagnosticCode.UNSUPPORTED, e, "macro steps are not supported; put the steps in the chart itself");
            }
        }
        for (Map.Entry<Integer, XmlNode> en : elements.entrySet()) {
            for (Integer from : inputs(en.getValue())) {
                successors.computeIfAbsent(from, k -> new ArrayList<>()).add(en.getKey());
            }
        }
        // the step type: one per chart POU, so two files' charts never declare the same type
        String stepType = "_SfcStep_" + scope.pouName;
        ctx.types.add(new TypeDefinition.Struct(chartSpan, stepType, List.of(
                new VarDecl(chartSpan, "X", VarKind.LOCAL, false, false, null, null, new TypeRef.Named(chartSpan, "BOOL"), null),
                new VarDecl(chartSpan, "T", VarKind.LOCAL, false, false, null, null, new TypeRef.Named(chartSpan, "TIME"), null))));
        int initial = 0;
        for (XmlNode e : elements.values()) {
            if (!e.name.equals("step")) {
                continue;
            }
            String name = e.attr("name", "");
            SourceSpan s = ctx.span(e);
            if (name.isBlank()) {
                ctx.error(DiagnosticCode.SYNTAX_ERROR, e, "a step needs a name");
                continue;
            }
            if (steps.put(name.toLowerCase(Locale.ROOT), e) != null || scope.isDeclared(name)) {
                ctx.error(DiagnosticCode.DUPLICATE_DECLARATION, e, "step name '" + name + "' is already used in " + scope.pouName);
                continue;
            }
            boolean init = e.flag("initialStep");
            initial += init ? 1 : 0;
            Initializer value = init ? new Initializer.StructInit(s, List.of(new Initializer.FieldInit(s, "X",
                    new Initializer.Value(s, new Expression.BoolLiteral(s, true))))) : null;
            scope.declare(new VarDecl(s, name, VarKind.LOCAL, false, false, null, null, new TypeRef.Named(s, stepType), value));
        }
        control = new ActionControl(ctx, scope, this);
        control.declare(pou, steps.keySet(), chartSpan);
        if (initial == 0 && !steps.isEmpty()) {
            ctx.error(DiagnosticCode.INVALID_CONFIGURATION, sfc, "the chart has no initial step (initialStep=\"true\")");
        }
        List<Statement> out = new ArrayList<>();
        stepTimes(out);
        actions(out);
        transitions(out);
        return out;
    }

    private static Integer id(XmlNode e) {
        try {
            return e.attr("localId") == null ? null : Integer.parseInt(e.attr("localId").trim());
        } catch (NumberFormatException ex) {
            return null;
        }
    }

    /** The localIds an element's connection points refer to (conditions excluded). */
    private static List<Integer> inputs(XmlNode e) {
        List<Integer> out = new ArrayList<>();
        for (XmlNode point : e.all("connectionPointIn")) {
            for (XmlNode c : point.all("connection")) {
                try {
                    out.add(Integer.parseInt(c.attr("refLocalId", "").trim()));
                } catch (NumberFormatException ex) {
                    // reported by the element that cannot find its predecessor
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- steps

    private void stepTimes(List<Statement> out) {
        for (XmlNode step : steps.values()) {
            String name = step.attr("name");
            SourceSpan s = ctx.span(step);
            String timer = scope.hidden("_" + name + "_timer", "TON", s);
            restart(name, timer, "IN");
            out.add(new Statement.CallStatement(s, name(s, timer), List.of(
                    new Argument(s, "IN", member(s, name, "X"), false, false),
                    new Argument(s, "PT", new Expression.TimeLiteral(s, STEP_TIMER_LIMIT_NANOS, "TIME"), false, false))));
            out.add(new Statement.If(s, List.of(new Statement.Branch(member(s, name, "X"),
                    List.of(assign(s, member(s, name, "T"), member(s, timer, "ET"))))), List.of()));
        }
    }

    // ---------------------------------------------------------------- actions

    private void actions(List<Statement> out) {
        // named actions of the POU, in declaration order, then inline and variable actions
        Map<String, List<ActionControl.Association>> byAction = new LinkedHashMap<>();
        Map<String, XmlNode> pouActions = new LinkedHashMap<>();
        XmlNode actionsNode = pou.child("actions");
        for (XmlNode a : actionsNode == null ? List.<XmlNode>of() : actionsNode.all("action")) {
            pouActions.put(a.attr("name", "").toLowerCase(Locale.ROOT), a);
            byAction.put(a.attr("name", "").toLowerCase(Locale.ROOT), new ArrayList<>());
        }
        Map<String, XmlNode> inline = new LinkedHashMap<>();
        List<XmlNode> blocks = elements.values().stream().filter(e -> e.name.equals("actionBlock"))
                .sorted(Comparator.comparingInt(e -> id(e))).toList();
        for (XmlNode block : blocks) {
            XmlNode step = null;
            for (Integer from : inputs(block)) {
                XmlNode f = elements.get(from);
                if (f != null && f.name.equals("step")) {
                    step = f;
                }
            }
            if (step == null || step.attr("name") == null || !steps.containsKey(step.attr("name").toLowerCase(Locale.ROOT))) {
                ctx.error(DiagnosticCode.INVALID_CONFIGURATION, block, "the action block is not connected to a step");
                continue;
            }
            for (XmlNode a : block.all("action")) {
                String key;
                XmlNode ref = a.child("reference");
                if (ref != null) {
                    key = ref.attr("name", "").toLowerCase(Locale.ROOT);
                } else if (a.child("inline") != null) {
                    key = "#inline" + id(block) + "_" + a.attr("localId", String.valueOf(inline.size()));
                    inline.put(key, a);
                } else {
                    ctx.error(DiagnosticCode.SYNTAX_ERROR, a, "the action names no action (<reference>) and has no <inline> body");
                    continue;
                }
                byAction.computeIfAbsent(key, k -> new ArrayList<>())
                        .add(new ActionControl.Association(step, a, a.attr("qualifier", "N").toUpperCase(Locale.ROOT), a.attr("duration")));
            }
        }
        for (Map.Entry<String, List<ActionControl.Association>> en : byAction.entrySet()) {
            if (en.getValue().isEmpty()) {
                continue;
            }
            String key = en.getKey();
            XmlNode first = en.getValue().get(0).action();
            SourceSpan s = ctx.span(first);
            String base = key.startsWith("#") ? key.substring(1) : key;
            Expression q = control.q(base, en.getValue(), out);
            if (q == null) {
                continue;
            }
            List<Statement> body;
            String flags;
            if (pouActions.containsKey(key)) {
                flags = control.flags(key);
                if (flags == null) {
                    continue; // its name clashed, reported above
                }
                XmlNode action = pouActions.get(key);
                XmlNode b = action.child("body");
                String actionLabel = "pou " + scope.pouName + ", action " + action.attr("name", "");
                ctx.describe(action, actionLabel);
                body = b == null ? List.of() : pouImporter.body(scope, actionLabel, b, action.attr("name", "") + "_");
            } else if (inline.containsKey(key)) {
                XmlNode in = inline.get(key).child("inline");
                XmlNode b = in.children.isEmpty() ? null : in;
                body = b == null ? List.of() : pouImporter.body(scope, label + ", inline action", b, base + "_");
                flags = control.inlineFlags(base, s);
            } else {
                // an action that names a variable: the variable follows the action's Q
                String var = first.child("reference").attr("name", "");
                out.add(assign(s, name(s, var), q));
                continue;
            }
            control.run(flags, q, body, s, out);
        }
    }

    private final Map<String, List<String[]>> restarts = new HashMap<>();

    /** Registers a hidden FB that follows a step's X and must forget it when the step is entered again. */
    void restart(String step, String fb, String input) {
        restarts.computeIfAbsent(step.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(new String[] {fb, input});
    }

    // ---------------------------------------------------------------- transitions

    private void transitions(List<Statement> out) {
        List<XmlNode> all = elements.values().stream().filter(e -> e.name.equals("transition")).toList();
        // priority order: by the priority attribute where the chart gives one, else left to right, then top to bottom
        List<XmlNode> ordered = new ArrayList<>(all);
        ordered.sort(Comparator.comparingInt((XmlNode t) -> t.intAttr("priority", Integer.MAX_VALUE))
                .thenComparingInt(ExecutionOrder::x).thenComparingInt(ExecutionOrder::y).thenComparingInt(t -> id(t)));
        Map<XmlNode, Set<XmlNode>> before = new LinkedHashMap<>();
        Map<XmlNode, Set<XmlNode>> after = new LinkedHashMap<>();
        Map<XmlNode, String> fire = new LinkedHashMap<>();
        for (XmlNode t : ordered) {
            Set<XmlNode> from = new LinkedHashSet<>();
            Set<XmlNode> to = new LinkedHashSet<>();
            for (Integer in : inputs(t)) {
                preceding(elements.get(in), from, new LinkedHashSet<>());
            }
            following(t, to, new LinkedHashSet<>());
            if (from.isEmpty()) {
                ctx.error(DiagnosticCode.INVALID_CONFIGURATION, t, "the transition has no preceding step");
                continue;
            }
            if (to.isEmpty()) {
                ctx.error(DiagnosticCode.INVALID_CONFIGURATION, t, "the transition leads to no step");
                continue;
            }
            Expression cond = condition(t, out);
            if (cond == null) {
                continue;
            }
            SourceSpan s = ctx.span(t);
            // the condition's value in a variable of its own, so the online view shows what the
            // program computed (an ST expression leaves no other trace); it is evaluated here as
            // before, once per cycle whatever the steps, since AND does not short-circuit
            String condFlag = scope.hidden("_cond" + id(t), "BOOL", s);
            out.add(assign(s, name(s, condFlag), cond));
            cond = name(s, condFlag);
            Expression enabled = null;
            for (XmlNode step : from) {
                Expression x = member(s, step.attr("name"), "X");
                enabled = enabled == null ? x : and(s, enabled, x);
            }
            Expression value = and(s, enabled, cond);
            for (Map.Entry<XmlNode, String> earlier : fire.entrySet()) {
                if (before.get(earlier.getKey()).stream().anyMatch(from::contains)) {
                    // an alternative with higher priority took the step already
                    value = and(s, value, not(s, name(s, earlier.getValue())));
                }
            }
            String flag = scope.hidden("_tr" + id(t), "BOOL", s);
            out.add(assign(s, name(s, flag), value));
            fire.put(t, flag);
            before.put(t, from);
            after.put(t, to);
        }
        for (Map.Entry<XmlNode, String> en : fire.entrySet()) {
            SourceSpan s = ctx.span(en.getKey());
            List<Statement> off = new ArrayList<>();
            for (XmlNode step : before.get(en.getKey())) {
                off.add(assign(s, member(s, step.attr("name"), "X"), new Expression.BoolLiteral(s, false)));
            }
            out.add(new Statement.If(s, List.of(new Statement.Branch(name(s, en.getValue()), off)), List.of()));
        }
        for (Map.Entry<XmlNode, String> en : fire.entrySet()) {
            SourceSpan s = ctx.span(en.getKey());
            List<Statement> on = new ArrayList<>();
            for (XmlNode step : after.get(en.getKey())) {
                on.add(assign(s, member(s, step.attr("name"), "X"), new Expression.BoolLiteral(s, true)));
                for (String[] r : restarts.getOrDefault(step.attr("name").toLowerCase(Locale.ROOT), List.of())) {
                    // a step left and entered again in one cycle starts afresh: T from 0, P pulses, L/D time anew
                    on.add(new Statement.CallStatement(s, name(s, r[0]),
                            List.of(new Argument(s, r[1], new Expression.BoolLiteral(s, false), false, false))));
                }
            }
            out.add(new Statement.If(s, List.of(new Statement.Branch(name(s, en.getValue()), on)), List.of()));
        }
    }

    /** The steps before a transition: through selection divergences and simultaneous convergences. */
    private void preceding(XmlNode e, Set<XmlNode> steps, Set<XmlNode> seen) {
        if (e == null || !seen.add(e)) {
            return;
        }
        switch (e.name) {
            case "step" -> steps.add(e);
            case "selectionDivergence", "simultaneousConvergence", "selectionConvergence", "simultaneousDivergence" -> {
                for (Integer in : inputs(e)) {
                    preceding(elements.get(in), steps, seen);
                }
            }
            default -> ctx.error(DiagnosticCode.INVALID_CONFIGURATION, e, "a transition cannot follow a <" + e.name + ">");
        }
    }

    /** The steps after a transition: through selection convergences, simultaneous divergences and jumps. */
    private void following(XmlNode e, Set<XmlNode> out, Set<XmlNode> seen) {
        for (Integer next : successors.getOrDefault(id(e), List.of())) {
            XmlNode n = elements.get(next);
            if (n == null || !seen.add(n)) {
                continue;
            }
            switch (n.name) {
                case "step" -> out.add(n);
                case "selectionConvergence", "simultaneousDivergence", "selectionDivergence", "simultaneousConvergence" ->
                        following(n, out, seen);
                case "jumpStep" -> {
                    XmlNode target = steps.get(n.attr("targetName", "").toLowerCase(Locale.ROOT));
                    if (target == null) {
                        ctx.error(DiagnosticCode.UNDEFINED_NAME, n, "jump to '" + n.attr("targetName", "") + "', which is not a step of the chart");
                    } else {
                        out.add(target);
                    }
                }
                default -> {
                    // action blocks and the elements of a condition also refer to steps/transitions
                }
            }
        }
    }

    /** A transition's condition: inline ST, a named transition of the POU, or wired LD/FBD elements. */
    private Expression condition(XmlNode t, List<Statement> out) {
        XmlNode c = t.child("condition");
        if (c == null || c.children.isEmpty()) {
            ctx.error(DiagnosticCode.SYNTAX_ERROR, t, "the transition has no <condition>");
            return null;
        }
        XmlNode kind = c.children.get(0);
        switch (kind.name) {
            case "inline": {
                XmlNode st = kind.child("ST");
                if (st == null) {
                    ctx.error(DiagnosticCode.UNSUPPORTED, kind, "an inline condition must be ST; draw LD or FBD conditions into the chart");
                    return null;
                }
                return ctx.snippets.expression(st);
            }
            case "reference":
                return namedTransition(t, kind.attr("name", ""), out);
            case "connectionPointIn":
                return wires.condition(chart, t, kind, out);
            default:
                ctx.error(DiagnosticCode.UNSUPPORTED, kind, "condition <" + kind.name + "> is not supported");
                return null;
        }
    }

    private final Map<String, String> namedDone = new HashMap<>();

    private Expression namedTransition(XmlNode t, String name, List<Statement> out) {
        SourceSpan s = ctx.span(t);
        String key = name.toLowerCase(Locale.ROOT);
        if (namedDone.containsKey(key)) {
            return name(s, namedDone.get(key));
        }
        XmlNode defs = pou.child("transitions");
        XmlNode def = null;
        for (XmlNode d : defs == null ? List.<XmlNode>of() : defs.all("transition")) {
            if (d.attr("name", "").equalsIgnoreCase(name)) {
                def = d;
            }
        }
        if (def == null) {
            ctx.error(DiagnosticCode.UNDEFINED_NAME, t, "transition '" + name + "' is not defined in the POU's <transitions>");
            return null;
        }
        String tlabel = "pou " + scope.pouName + ", transition " + name;
        ctx.describe(def, tlabel);
        XmlNode body = def.child("body");
        XmlNode st = body == null ? null : body.child("ST");
        if (st != null && !ctx.snippets.source(st).contains(":=")) {
            // a bare expression, as most tools save an ST transition
            return ctx.snippets.expression(st);
        }
        if (!scope.isDeclared(name)) {
            scope.declareLocal(name, "BOOL", s);
        }
        if (body != null) {
            out.addAll(pouImporter.body(scope, tlabel, body, "tr_" + name + "_"));
        }
        namedDone.put(key, name);
        return name(s, name);
    }
}
