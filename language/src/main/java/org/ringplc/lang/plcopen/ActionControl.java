package org.ringplc.lang.plcopen;

import static org.ringplc.lang.plcopen.AstNodes.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.ringplc.lang.ast.Argument;
import org.ringplc.lang.ast.Expression;
import org.ringplc.lang.ast.Statement;
import org.ringplc.lang.ast.TypeDefinition;
import org.ringplc.lang.ast.TypeRef;
import org.ringplc.lang.ast.VarDecl;
import org.ringplc.lang.diag.DiagnosticCode;
import org.ringplc.lang.diag.SourceSpan;
import org.ringplc.lang.program.VariableDescriptor.VarKind;

/**
 * The action control of an SFC (IEC 61131-3 §6.7.4), one per chart: the Q of one action from the
 * qualifiers of its associations with steps, as ST over the steps' X flags, with a hidden TON per
 * timed qualifier and a hidden R_TRIG/F_TRIG per pulse; and the action's flags, a STRUCT with
 * {@code Q} and {@code A} (active), by which its body runs while Q is TRUE and once more after Q
 * falls (the final scan). Hidden blocks that follow a step's X are registered with the chart,
 * which restarts them when the step is entered again.
 */
final class ActionControl {
    /** One qualifier association of an action with a step. */
    record Association(XmlNode step, XmlNode action, String qualifier, String duration) {
    }

    private final ImportContext ctx;
    private final PouScope scope;
    private final SfcTranslator chart;
    /** The action-control STRUCT of this chart, declared with the first action that needs it. */
    private String actionType;
    /** The variable holding each body action's Q and A, by action key (lower-case name or inline key). */
    private final Map<String, String> controls = new HashMap<>();

    ActionControl(ImportContext ctx, PouScope scope, SfcTranslator chart) {
        this.ctx = ctx;
        this.scope = scope;
        this.chart = chart;
    }

    private String actionType(SourceSpan s) {
        if (actionType == null) {
            actionType = "_SfcAction_" + scope.pouName;
            ctx.types.add(new TypeDefinition.Struct(s, actionType, List.of(
                    new VarDecl(s, "Q", VarKind.LOCAL, false, false, null, null, new TypeRef.Named(s, "BOOL"), null),
                    new VarDecl(s, "A", VarKind.LOCAL, false, false, null, null, new TypeRef.Named(s, "BOOL"), null))));
        }
        return actionType;
    }

    /**
     * Every action of the POU's {@code <actions>} is a variable named like it holding its Q and A,
     * so {@code Action.Q} is monitorable and readable in the action's own body (to tell the final
     * run) and anywhere else in the POU; a name a step or variable already has is an error, as
     * the two could not both be read by that name.
     */
    void declare(XmlNode pou, Set<String> steps, SourceSpan chartSpan) {
        XmlNode actionsNode = pou.child("actions");
        for (XmlNode a : actionsNode == null ? List.<XmlNode>of() : actionsNode.all("action")) {
            String name = a.attr("name", "");
            if (name.isBlank()) {
                ctx.error(DiagnosticCode.SYNTAX_ERROR, a, "an action needs a name");
                continue;
            }
            String key = name.toLowerCase(Locale.ROOT);
            if (steps.contains(key) || scope.isDeclared(name) || controls.containsKey(key)) {
                ctx.error(DiagnosticCode.DUPLICATE_DECLARATION, a, "action name '" + name + "' is already used in "
                        + scope.pouName + " (by a step, a variable or another action); the action's Q and A are read as "
                        + name + ".Q and " + name + ".A, so it needs a name of its own");
                continue;
            }
            SourceSpan s = ctx.span(a);
            scope.declare(new VarDecl(s, name, VarKind.LOCAL, false, false, null, null, new TypeRef.Named(s, actionType(chartSpan)), null));
            controls.put(key, name);
        }
    }

    /** The flags variable of a POU action ({@code key} its lower-case name), or null when its name clashed. */
    String flags(String key) {
        return controls.get(key);
    }

    /** A hidden flags variable for an inline action, which has no name to read it by. */
    String inlineFlags(String base, SourceSpan s) {
        return scope.hidden("_" + base, new TypeRef.Named(s, actionType(s)), null, s);
    }

    /**
     * The flags and the body of one action: A is the old Q OR the new one, so it is TRUE while Q
     * is and in the one cycle after Q falls (the final run, in which the body sees Q = FALSE and
     * can undo what it did).
     */
    void run(String flags, Expression q, List<Statement> body, SourceSpan s, List<Statement> out) {
        out.add(assign(s, member(s, flags, "A"), member(s, flags, "Q")));
        out.add(assign(s, member(s, flags, "Q"), q));
        out.add(assign(s, member(s, flags, "A"), or(s, member(s, flags, "A"), member(s, flags, "Q"))));
        if (!body.isEmpty()) {
            out.add(new Statement.If(s, List.of(new Statement.Branch(member(s, flags, "A"), body)), List.of()));
        }
    }

    /**
     * The Q of one action from its associations (IEC 61131-3 action control): N while the step
     * is active; S/R set and reset a stored flag; P, P1, P0 pulse on the step's activation or
     * deactivation; L limits and D delays by the duration; SD, DS, SL combine storing and timing.
     * Hidden timers and triggers are called here, before Q is used.
     */
    Expression q(String base, List<Association> associations, List<Statement> out) {
        // the flags of SD, DS and SL, which the action's R associations clear
        List<String> storedFlags = new ArrayList<>();
        List<Expression> terms = new ArrayList<>();
        List<Expression> sets = new ArrayList<>();
        List<Expression> resets = new ArrayList<>();
        String stored = null;
        String safe = base.replaceAll("[^A-Za-z0-9_]", "_");
        int n = 0;
        for (Association a : associations) {
            SourceSpan s = ctx.span(a.action);
            String step = a.step.attr("name");
            n++;
            switch (a.qualifier) {
                case "N", "" -> terms.add(member(s, step, "X"));
                case "S" -> sets.add(member(s, step, "X"));
                case "R" -> resets.add(member(s, step, "X"));
                case "P", "P1", "P0" -> {
                    String trig = scope.hidden("_" + safe + "_" + a.qualifier.toLowerCase(Locale.ROOT) + n,
                            a.qualifier.equals("P0") ? "F_TRIG" : "R_TRIG", s);
                    if (!a.qualifier.equals("P0")) {
                        chart.restart(step, trig, "CLK");
                    }
                    out.add(new Statement.CallStatement(s, name(s, trig), List.of(new Argument(s, "CLK", member(s, step, "X"), false, false))));
                    terms.add(member(s, trig, "Q"));
                }
                case "L", "D" -> {
                    Expression pt = duration(a);
                    if (pt == null) {
                        return null;
                    }
                    String tmr = scope.hidden("_" + safe + "_" + a.qualifier.toLowerCase(Locale.ROOT) + n, "TON", s);
                    chart.restart(step, tmr, "IN");
                    out.add(timer(s, tmr, member(s, step, "X"), pt));
                    terms.add(a.qualifier.equals("D") ? member(s, tmr, "Q")
                            : and(s, member(s, step, "X"), not(s, member(s, tmr, "Q"))));
                }
                case "SD", "DS", "SL" -> {
                    Expression pt = duration(a);
                    if (pt == null) {
                        return null;
                    }
                    String tmr = scope.hidden("_" + safe + "_" + a.qualifier.toLowerCase(Locale.ROOT) + n, "TON", s);
                    String flag = scope.hidden("_" + safe + "_" + a.qualifier.toLowerCase(Locale.ROOT) + n + "_s", "BOOL", s);
                    // the flag is cleared by the action's R associations (below)
                    if (a.qualifier.equals("DS")) {
                        out.add(timer(s, tmr, member(s, step, "X"), pt));
                        out.add(assign(s, name(s, flag), or(s, name(s, flag), member(s, tmr, "Q"))));
                        terms.add(name(s, flag));
                    } else {
                        out.add(assign(s, name(s, flag), or(s, name(s, flag), member(s, step, "X"))));
                        out.add(timer(s, tmr, name(s, flag), pt));
                        terms.add(a.qualifier.equals("SD") ? member(s, tmr, "Q") : and(s, name(s, flag), not(s, member(s, tmr, "Q"))));
                    }
                    storedFlags.add(flag);
                }
                default -> {
                    ctx.error(DiagnosticCode.UNSUPPORTED, a.action, "action qualifier '" + a.qualifier
                            + "' is not one of N, S, R, P, P1, P0, L, D, SD, DS, SL");
                    return null;
                }
            }
        }
        SourceSpan s = ctx.span(associations.get(0).action);
        if (!sets.isEmpty() || !resets.isEmpty()) {
            stored = scope.hidden("_" + safe + "_stored", "BOOL", s);
            Expression value = name(s, stored);
            for (Expression set : sets) {
                value = or(s, value, set);
            }
            Expression r = anyOf(s, resets);
            if (r != null) {
                value = and(s, value, not(s, r));
            }
            out.add(assign(s, name(s, stored), value));
            terms.add(name(s, stored));
        }
        Expression r = anyOf(s, resets);
        if (r != null) {
            for (String flag : storedFlags) {
                out.add(new Statement.If(s, List.of(new Statement.Branch(anyOf(s, resets),
                        List.of(assign(s, name(s, flag), new Expression.BoolLiteral(s, false))))), List.of()));
            }
        }
        Expression q = anyOf(s, terms);
        return q == null ? new Expression.BoolLiteral(s, false) : q;
    }

    private Expression duration(Association a) {
        if (a.duration == null || a.duration.isBlank()) {
            ctx.error(DiagnosticCode.SYNTAX_ERROR, a.action, "qualifier " + a.qualifier + " needs a duration (e.g. duration=\"T#2s\")");
            return null;
        }
        return ctx.snippets.expression(a.duration.trim(), a.action);
    }

    private static Statement timer(SourceSpan s, String tmr, Expression in, Expression pt) {
        return new Statement.CallStatement(s, new Expression.Name(s, tmr), List.of(
                new Argument(s, "IN", in, false, false), new Argument(s, "PT", pt, false, false)));
    }
}
