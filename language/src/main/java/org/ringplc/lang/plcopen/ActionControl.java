package org.ringplc.lang.plcopen;

import static org.ringplc.lang.plcopen.AstNodes.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ringplc.lang.ast.Argument;
import org.ringplc.lang.ast.Expression;
import org.ringplc.lang.ast.Statement;
import org.ringplc.lang.diag.DiagnosticCode;
import org.ringplc.lang.diag.SourceSpan;

/**
 * The action control of an SFC (IEC 61131-3 §6.7.4): the Q of one action from the qualifiers
 * of its associations with steps, as ST over the steps' X flags, with a hidden TON per timed
 * qualifier and a hidden R_TRIG/F_TRIG per pulse. Hidden blocks that follow a step's X are
 * registered with the chart, which restarts them when the step is entered again.
 */
final class ActionControl {
    /** One qualifier association of an action with a step. */
    record Association(XmlNode step, XmlNode action, String qualifier, String duration) {
    }

    private final ImportContext ctx;
    private final PouScope scope;
    private final SfcTranslator chart;

    ActionControl(ImportContext ctx, PouScope scope, SfcTranslator chart) {
        this.ctx = ctx;
        this.scope = scope;
        this.chart = chart;
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
