package org.ringplc.lang.plcopen;

import static org.ringplc.lang.plcopen.AstNodes.*;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.ringplc.lang.ast.Argument;
import org.ringplc.lang.ast.Expression;
import org.ringplc.lang.ast.Statement;
import org.ringplc.lang.ast.TypeRef;
import org.ringplc.lang.diag.DiagnosticCode;
import org.ringplc.lang.diag.SourceSpan;

/**
 * Ladder (LD) and function block diagram (FBD) bodies to ST statements (IEC 61131-3 §8). Both
 * languages are a graph of elements joined by {@code connectionPointIn/connection refLocalId}
 * links; each element becomes what the ST front end would produce for the same logic:
 * <ul>
 *   <li>the left power rail is TRUE; a contact ANDs its variable (negated: NOT, rising/falling
 *       edge: the Q of a hidden R_TRIG/F_TRIG per contact) with the power of its input; several
 *       connections into one point are ORed (branches); a coil passes its power on;</li>
 *   <li>a coil assigns its power (negated, set, reset, rising/falling through a hidden trigger);
 *       an outVariable assigns its input; an inOutVariable assigns, then is read;</li>
 *   <li>a block with an instanceName is a function block call, emitted once, whose outputs are
 *       read as {@code inst.Q}; a block without one is a function, inlined where its output is
 *       used (ADD, AND, GT... as the ST operators); EN gates the call (kept in a hidden flag that
 *       is also ENO), negated and edge pins wrap the value ({@link BlockTranslator});</li>
 *   <li>jump/label (forward jumps only) skip the statements in between; return leaves the body.</li>
 * </ul>
 * Order: outputs and function block calls in data-flow order, then as {@link ExecutionOrder}
 * says (LD rungs top to bottom; FBD by executionOrderId, else localId). A function block
 * whose output feeds back into an earlier input is read with its previous cycle's value, as the
 * standard's feedback paths are.
 */
final class NetworkTranslator {
    enum Language { LD, FBD }

    /** A value on a wire; {@code guard} (or null) is the condition under which it is valid (EN of a function). */
    record Val(Expression e, Expression guard) {
    }

    private final ImportContext ctx;
    private final PouScope scope;
    private final Language language;
    private final String prefix;
    private final NetworkGraph graph;
    private final BlockTranslator blocks;
    private final Map<Integer, String> memo = new HashMap<>();
    private final Map<String, String> triggers = new HashMap<>();
    private final Set<Integer> emitted = new HashSet<>();
    private final Set<Integer> inProgress = new HashSet<>();
    private final Set<Integer> inlining = new HashSet<>();
    private List<Statement> out = new ArrayList<>();
    private String gotoVar;
    private boolean collected;
    private final Map<String, Integer> labelIndex = new HashMap<>();

    /**
     * @param label  how messages name the body ("pou Main, LD body")
     * @param prefix put in hidden variable names, so that several bodies of one POU (actions,
     *               transitions) never share one
     */
    NetworkTranslator(ImportContext ctx, PouScope scope, Language language, String label, String prefix) {
        this.ctx = ctx;
        this.scope = scope;
        this.language = language;
        this.prefix = prefix;
        this.graph = new NetworkGraph(ctx, label);
        this.blocks = new BlockTranslator(this, ctx, scope, graph, prefix);
    }

    /** The statements of an {@code <LD>} or {@code <FBD>} element. */
    List<Statement> translate(XmlNode body) {
        graph.collect(body);
        collected = true;
        List<XmlNode> sinks = new ArrayList<>();
        for (XmlNode e : graph.elements().values()) {
            if (NetworkGraph.isSink(e)) {
                sinks.add(e);
            }
        }
        List<List<XmlNode>> groups = language == Language.LD ? ExecutionOrder.rungs(graph.elements(), graph.connectors(), sinks)
                : ExecutionOrder.fbd(graph.elements(), sinks);
        List<XmlNode> flat = groups.stream().flatMap(List::stream).toList();
        for (int i = 0; i < flat.size(); i++) {
            if (flat.get(i).name.equals("label")) {
                labelIndex.putIfAbsent(flat.get(i).attr("label", "").toLowerCase(Locale.ROOT), i + 1);
            }
        }
        boolean jumps = flat.stream().anyMatch(e -> e.name.equals("jump"));
        List<Statement> result = new ArrayList<>();
        if (jumps) {
            gotoVar = scope.hidden("_" + prefix + "goto", "DINT", ctx.span(body));
            result.add(assign(ctx.span(body), gotoVar, new Expression.IntLiteral(ctx.span(body), BigInteger.ZERO, null)));
        }
        int position = 0;
        for (List<XmlNode> group : groups) {
            out = new ArrayList<>();
            for (XmlNode sink : group) {
                position++;
                if (sink.name.equals("label")) {
                    if (jumps) {
                        // reaching the label ends the skip of a jump to it
                        SourceSpan s = ctx.span(sink);
                        result.addAll(out);
                        out = new ArrayList<>();
                        result.add(new Statement.If(s, List.of(new Statement.Branch(
                                eq(s, gotoVar, position), List.of(assign(s, gotoVar, new Expression.IntLiteral(s, BigInteger.ZERO, null))))),
                                List.of()));
                    }
                    continue;
                }
                sink(sink, position);
            }
            if (jumps && !out.isEmpty()) {
                SourceSpan s = ctx.span(group.get(0));
                result.add(new Statement.If(s, List.of(new Statement.Branch(eq(s, gotoVar, 0), out)), List.of()));
            } else {
                result.addAll(out);
            }
        }
        return result;
    }

    /**
     * In an SFC body, the value on a transition's condition point, computed from the LD or FBD
     * elements drawn into the chart; statements it needs first (edge triggers, function block
     * calls) go to {@code pre}. Null after an error.
     */
    Expression condition(XmlNode chart, XmlNode owner, XmlNode point, List<Statement> pre) {
        if (!collected) {
            graph.collect(chart);
            collected = true;
        }
        out = pre;
        Val v = input(owner, point, "the condition");
        return v == null ? null : both(ctx.span(owner), v.guard, v.e);
    }

    // ---------------------------------------------------------------- outputs

    private void sink(XmlNode e, int position) {
        SourceSpan s = ctx.span(e);
        switch (e.name) {
            case "coil" -> coil(e);
            case "outVariable" -> {
                Val v = input(e, e.child("connectionPointIn"), "its input");
                Expression target = ctx.snippets.expression(expressionNode(e));
                if (v == null || target == null) {
                    return;
                }
                Expression value = e.flag("negated") ? not(s, v.e) : v.e;
                emit(s, v.guard, new Statement.Assignment(s, target, value));
            }
            case "inOutVariable" -> ensureInOut(e);
            case "block" -> blocks.ensureBlock(e);
            case "jump" -> {
                Integer target = labelIndex.get(e.attr("label", "").toLowerCase(Locale.ROOT));
                if (target == null) {
                    ctx.error(DiagnosticCode.UNDEFINED_NAME, e, "there is no label '" + e.attr("label", "") + "' to jump to");
                    return;
                }
                if (target <= position) {
                    ctx.error(DiagnosticCode.UNSUPPORTED, e, "jumps back to label '" + e.attr("label", "")
                            + "' are not supported (they can loop for ever within one cycle); jump forward or use a loop in ST");
                    return;
                }
                Val c = input(e, e.child("connectionPointIn"), "its condition");
                if (c != null) {
                    emit(s, c.guard, new Statement.If(s, List.of(new Statement.Branch(c.e,
                            List.of(assign(s, gotoVar, new Expression.IntLiteral(s, BigInteger.valueOf(target), null))))), List.of()));
                }
            }
            case "return" -> {
                Val c = input(e, e.child("connectionPointIn"), "its condition");
                if (c != null) {
                    emit(s, c.guard, new Statement.If(s, List.of(new Statement.Branch(c.e, List.of(new Statement.Return(s)))), List.of()));
                }
            }
            default -> {
            }
        }
    }

    private void coil(XmlNode e) {
        SourceSpan s = ctx.span(e);
        Val p = power(e);
        Expression target = variable(e);
        if (p == null || target == null) {
            return;
        }
        String storage = e.attr("storage", "none");
        String edge = e.attr("edge", "none");
        Statement st;
        if (storage.equals("set") || storage.equals("reset")) {
            st = new Statement.If(s, List.of(new Statement.Branch(p.e, List.of(new Statement.Assignment(s, target,
                    new Expression.BoolLiteral(s, storage.equals("set")))))), List.of());
        } else if (edge.equals("rising") || edge.equals("falling")) {
            String trig = trigger(e, edge, p.e, "coil");
            st = new Statement.Assignment(s, target, member(s, trig, "Q"));
        } else {
            st = new Statement.Assignment(s, target, e.flag("negated") ? not(s, p.e) : p.e);
        }
        emit(s, p.guard, st);
    }

    /** Adds a statement to the current network's statements. */
    void add(Statement st) {
        out.add(st);
    }

    /** Marks element {@code id} as being inlined; false when it already is (a loop of connections). */
    boolean enter(int id) {
        return inlining.add(id);
    }

    void leave(int id) {
        inlining.remove(id);
    }

    /** Adds {@code st}, under {@code guard} when there is one. */
    void emit(SourceSpan s, Expression guard, Statement st) {
        if (guard == null) {
            out.add(st);
        } else {
            out.add(new Statement.If(s, List.of(new Statement.Branch(guard, List.of(st))), List.of()));
        }
    }

    private void ensureInOut(XmlNode e) {
        int id = NetworkGraph.localId(e);
        if (emitted.contains(id) || inProgress.contains(id)) {
            return;
        }
        inProgress.add(id);
        XmlNode in = e.child("connectionPointIn");
        if (in != null && !NetworkGraph.connections(in).isEmpty()) {
            Val v = input(e, in, "its input");
            Expression target = ctx.snippets.expression(expressionNode(e));
            if (v != null && target != null) {
                SourceSpan s = ctx.span(e);
                emit(s, v.guard, new Statement.Assignment(s, target, e.flag("negatedIn") ? not(s, v.e) : v.e));
            }
        }
        inProgress.remove(id);
        emitted.add(id);
    }

    // ---------------------------------------------------------------- values

    /** The value on a connection point: its connections ORed (LD branches), null after an error. */
    Val input(XmlNode owner, XmlNode point, String what) {
        List<XmlNode> conns = point == null ? List.of() : NetworkGraph.connections(point);
        if (conns.isEmpty()) {
            ctx.error(DiagnosticCode.INVALID_CONFIGURATION, owner, what.substring(0, 1).toUpperCase(Locale.ROOT)
                    + what.substring(1) + " is not connected");
            return null;
        }
        Val acc = null;
        for (XmlNode c : conns) {
            Val v = connectionValue(owner, c);
            if (v == null) {
                return null;
            }
            acc = acc == null ? v : or(ctx.span(owner), acc, v);
        }
        return acc;
    }

    private Val power(XmlNode e) {
        return input(e, e.child("connectionPointIn"), "its left side");
    }

    private Val connectionValue(XmlNode owner, XmlNode c) {
        Integer ref = NetworkGraph.ref(c);
        XmlNode from = ref == null ? null : graph.elements().get(ref);
        if (from == null) {
            ctx.error(DiagnosticCode.UNDEFINED_NAME, owner, "a connection refers to localId " + c.attr("refLocalId", "?")
                    + ", which is not in this body");
            return null;
        }
        return value(from, c.attr("formalParameter"));
    }

    private Val value(XmlNode e, String pin) {
        SourceSpan s = ctx.span(e);
        int id = NetworkGraph.localId(e);
        switch (e.name) {
            case "leftPowerRail":
                return new Val(new Expression.BoolLiteral(s, true), null);
            case "contact": {
                if (memo.containsKey(id)) {
                    return new Val(new Expression.Name(s, memo.get(id)), null);
                }
                if (!inlining.add(id)) {
                    ctx.error(DiagnosticCode.UNSUPPORTED, e, "this contact is part of a loop of connections");
                    return null;
                }
                try {
                    Val p = power(e);
                    Expression term = contactTerm(e);
                    if (p == null || term == null) {
                        return null;
                    }
                    Val v = and(s, p, new Val(term, null));
                    if (graph.fanOut(id) > 1 && v.guard == null) {
                        // one evaluation per contact, as the standard evaluates each element once per rung
                        String name = scope.hidden("_" + prefix + "p" + id, "BOOL", s);
                        memo.put(id, name);
                        out.add(assign(s, name, v.e));
                        return new Val(new Expression.Name(s, name), null);
                    }
                    return v;
                } finally {
                    inlining.remove(id);
                }
            }
            case "coil":
                if (!inlining.add(id)) {
                    ctx.error(DiagnosticCode.UNSUPPORTED, e, "this coil is part of a loop of connections");
                    return null;
                }
                try {
                    return power(e);
                } finally {
                    inlining.remove(id);
                }
            case "inVariable": {
                Expression v = ctx.snippets.expression(expressionNode(e));
                return v == null ? null : new Val(e.flag("negated") ? not(s, v) : v, null);
            }
            case "inOutVariable": {
                ensureInOut(e);
                Expression v = ctx.snippets.expression(expressionNode(e));
                return v == null ? null : new Val(e.flag("negatedOut") ? not(s, v) : v, null);
            }
            case "continuation":
            case "connector": {
                XmlNode con = e.name.equals("connector") ? e : graph.connectors().get(e.attr("name", "").toLowerCase(Locale.ROOT));
                if (con == null) {
                    ctx.error(DiagnosticCode.UNDEFINED_NAME, e, "there is no connector named '" + e.attr("name", "") + "'");
                    return null;
                }
                if (!inlining.add(NetworkGraph.localId(con))) {
                    ctx.error(DiagnosticCode.UNSUPPORTED, e, "connector '" + e.attr("name", "") + "' is part of a loop of connections");
                    return null;
                }
                try {
                    return input(con, con.child("connectionPointIn"), "connector '" + con.attr("name", "") + "'");
                } finally {
                    inlining.remove(NetworkGraph.localId(con));
                }
            }
            case "block":
                return blocks.blockOutput(e, pin);
            default:
                ctx.error(DiagnosticCode.UNSUPPORTED, e, "<" + e.name + "> has no output to connect");
                return null;
        }
    }

    private Expression contactTerm(XmlNode e) {
        Expression v = variable(e);
        if (v == null) {
            return null;
        }
        SourceSpan s = ctx.span(e);
        String edge = e.attr("edge", "none");
        if (edge.equals("rising") || edge.equals("falling")) {
            return member(s, trigger(e, edge, v, "contact"), "Q");
        }
        return e.flag("negated") ? not(s, v) : v;
    }

    /** The hidden R_TRIG/F_TRIG of an edge contact, coil or pin, called once where it is first needed. */
    String trigger(XmlNode e, String edge, Expression clk, String what) {
        String key = NetworkGraph.localId(e) + "/" + what;
        if (triggers.containsKey(key)) {
            return triggers.get(key);
        }
        SourceSpan s = ctx.span(e);
        String fb = edge.equals("rising") ? "R_TRIG" : "F_TRIG";
        String name = scope.hidden("_" + prefix + what + NetworkGraph.localId(e) + "_" + (edge.equals("rising") ? "r" : "f"), fb, s);
        out.add(new Statement.CallStatement(s, new Expression.Name(s, name),
                List.of(new Argument(s, "CLK", clk, false, false))));
        triggers.put(key, name);
        return name;
    }

    private Expression variable(XmlNode e) {
        XmlNode v = e.child("variable");
        if (v == null || v.text().isEmpty()) {
            ctx.error(DiagnosticCode.SYNTAX_ERROR, e, "<" + e.name + "> names no <variable>");
            return null;
        }
        Expression x = ctx.snippets.expression(v);
        if (x instanceof Expression.Name n && scope.typeOf(n.name()) instanceof TypeRef.Named t
                && NON_BOOL.contains(t.name().toUpperCase(Locale.ROOT))) {
            // the checker would blame the wire feeding the coil; the element with the wrong variable is this one
            ctx.error(DiagnosticCode.TYPE_MISMATCH, e, "a " + e.name + " needs a BOOL variable, but '" + n.name()
                    + "' is " + t.name());
            return null;
        }
        return x;
    }

    private static final Set<String> NON_BOOL = Set.of("SINT", "INT", "DINT", "LINT", "USINT", "UINT", "UDINT", "ULINT",
            "REAL", "LREAL", "TIME", "LTIME", "DATE", "TOD", "DT", "TIME_OF_DAY", "DATE_AND_TIME", "STRING", "WSTRING");

    private XmlNode expressionNode(XmlNode e) {
        XmlNode x = e.child("expression");
        if (x == null || x.text().isEmpty()) {
            ctx.error(DiagnosticCode.SYNTAX_ERROR, e, "<" + e.name + "> has no <expression>");
            return e;
        }
        return x;
    }

    // ---------------------------------------------------------------- wires

    private static Val and(SourceSpan s, Val a, Val b) {
        Expression e = isTrue(a.e) ? b.e : isTrue(b.e) ? a.e : AstNodes.and(s, a.e, b.e);
        return new Val(e, both(s, a.guard, b.guard));
    }

    private static Val or(SourceSpan s, Val a, Val b) {
        Expression e = isTrue(a.e) || isTrue(b.e) ? new Expression.BoolLiteral(s, true) : AstNodes.or(s, a.e, b.e);
        return new Val(e, both(s, a.guard, b.guard));
    }
}
