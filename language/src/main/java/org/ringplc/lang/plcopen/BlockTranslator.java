package org.ringplc.lang.plcopen;

import static org.ringplc.lang.plcopen.AstNodes.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ringplc.lang.ast.Argument;
import org.ringplc.lang.ast.Expression;
import org.ringplc.lang.ast.Statement;
import org.ringplc.lang.diag.DiagnosticCode;
import org.ringplc.lang.diag.SourceSpan;
import org.ringplc.lang.plcopen.NetworkTranslator.Val;

/**
 * The {@code <block>} elements of an LD or FBD network. A block with an instanceName is a
 * function block call, emitted once where first needed, whose outputs are read as
 * {@code inst.Q}; a block without one is a function, inlined where its output is used (ADD, AND,
 * GT... as the ST operators, see {@link Operators}) or, when several elements read it, evaluated
 * once into a hidden variable. EN gates the call (kept in a hidden flag that is also ENO), and
 * negated and edge pins wrap the value.
 */
final class BlockTranslator {
    private final NetworkTranslator net;
    private final ImportContext ctx;
    private final PouScope scope;
    private final NetworkGraph graph;
    private final String prefix;
    /** The hidden flag holding each block's EN, by localId. */
    private final Map<Integer, String> enables = new HashMap<>();
    /** The hidden variable of each function evaluated once, by localId. */
    private final Map<Integer, String> functionMemo = new HashMap<>();
    private final Set<Integer> emitted = new HashSet<>();
    private final Set<Integer> inProgress = new HashSet<>();

    BlockTranslator(NetworkTranslator net, ImportContext ctx, PouScope scope, NetworkGraph graph, String prefix) {
        this.net = net;
        this.ctx = ctx;
        this.scope = scope;
        this.graph = graph;
        this.prefix = prefix;
    }

    private record Pin(String name, XmlNode node) {
    }

    private static List<Pin> pins(XmlNode block, String list) {
        List<Pin> out = new ArrayList<>();
        XmlNode l = block.child(list);
        if (l != null) {
            for (XmlNode v : l.all("variable")) {
                out.add(new Pin(v.attr("formalParameter", ""), v));
            }
        }
        return out;
    }

    /** The value of output {@code pin} of block {@code b} (its first output but ENO when pin is not named). */
    Val blockOutput(XmlNode b, String pin) {
        SourceSpan s = ctx.span(b);
        List<Pin> outputs = pins(b, "outputVariables");
        Pin chosen = null;
        for (Pin p : outputs) {
            if (pin != null && !pin.isEmpty() ? p.name.equalsIgnoreCase(pin) : !p.name.equalsIgnoreCase("ENO")) {
                chosen = p;
                break;
            }
        }
        String name = chosen != null ? chosen.name : pin;
        if (name == null || name.isEmpty()) {
            ctx.error(DiagnosticCode.UNDEFINED_NAME, b, "block " + b.attr("typeName", "?") + " has no output to connect");
            return null;
        }
        boolean negated = chosen != null && chosen.node.flag("negated");
        if (name.equalsIgnoreCase("ENO")) {
            if (NetworkGraph.isFbInstance(b)) {
                ensureBlock(b);
            }
            String en = enable(b);
            Expression v = en == null ? new Expression.BoolLiteral(s, true) : new Expression.Name(s, en);
            return new Val(negated ? not(s, v) : v, null);
        }
        if (NetworkGraph.isFbInstance(b)) {
            ensureBlock(b);
            Expression v = member(s, b.attr("instanceName").trim(), name);
            return new Val(negated ? not(s, v) : v, null);
        }
        int id = NetworkGraph.localId(b);
        if (!net.enter(id)) {
            ctx.error(DiagnosticCode.UNSUPPORTED, b, "function " + b.attr("typeName", "?") + " is part of a feedback loop;"
                    + " feed back through a variable (an outVariable and an inVariable of the same name) instead");
            return null;
        }
        try {
            Val v = function(b);
            if (v == null) {
                return null;
            }
            v = once(b, v);
            return new Val(negated ? not(s, v.e()) : v.e(), v.guard());
        } finally {
            net.leave(id);
        }
    }

    /**
     * A function whose output feeds several elements is evaluated once, where it is first needed,
     * into a hidden variable (the standard evaluates each element once per cycle; re-reading
     * would see what an earlier output of the network just wrote). While its EN is FALSE the
     * variable keeps the last output, as a disabled function's output does.
     */
    private Val once(XmlNode b, Val v) {
        int id = NetworkGraph.localId(b);
        if (graph.fanOut(id) < 2) {
            return v;
        }
        SourceSpan s = ctx.span(b);
        String name = functionMemo.get(id);
        if (name == null) {
            String type = TypeGuess.of(v.e(), scope);
            if (type == null) {
                return v;
            }
            name = scope.hidden("_" + prefix + b.attr("typeName", "f").replaceAll("[^A-Za-z0-9_]", "_") + id, type, s);
            functionMemo.put(id, name);
            net.emit(s, v.guard(), assign(s, name, v.e()));
        }
        return new Val(new Expression.Name(s, name), v.guard());
    }

    /** The hidden flag holding a block's EN (set where first needed), or null when EN is not connected. */
    private String enable(XmlNode b) {
        for (Pin p : pins(b, "inputVariables")) {
            if (p.name.equalsIgnoreCase("EN")) {
                XmlNode point = p.node.child("connectionPointIn");
                if (point == null || NetworkGraph.connections(point).isEmpty()) {
                    return null;
                }
                int id = NetworkGraph.localId(b);
                if (enables.containsKey(id)) {
                    return enables.get(id);
                }
                Val v = net.input(b, point, "EN");
                if (v == null) {
                    return null;
                }
                SourceSpan s = ctx.span(b);
                String name = scope.hidden("_" + prefix + "en" + id, "BOOL", s);
                enables.put(id, name);
                Expression value = v.guard() == null ? v.e() : new Expression.Binary(s, Expression.BinaryOp.AND, v.guard(), v.e());
                net.add(assign(s, name, value));
                return name;
            }
        }
        return null;
    }

    /** Emits a function block call once: {@code inst(IN := ..., PT := ...)}, gated by EN. */
    void ensureBlock(XmlNode b) {
        int id = NetworkGraph.localId(b);
        if (emitted.contains(id) || inProgress.contains(id)) {
            // in progress: a feedback path reads the outputs of the previous call
            return;
        }
        inProgress.add(id);
        SourceSpan s = ctx.span(b);
        String inst = b.attr("instanceName").trim();
        String type = b.attr("typeName", "");
        if (!scope.isDeclared(inst)) {
            scope.declareLocal(inst, type, s);
        }
        List<Argument> always = new ArrayList<>();
        List<Argument> all = new ArrayList<>();
        Expression guard = null;
        for (Pin p : pins(b, "inputVariables")) {
            if (p.name.equalsIgnoreCase("EN")) {
                continue;
            }
            XmlNode point = p.node.child("connectionPointIn");
            if (point == null || NetworkGraph.connections(point).isEmpty()) {
                continue;
            }
            Val v = net.input(b, point, "input " + p.name);
            if (v == null) {
                continue;
            }
            Expression value = pinValue(b, p, v.e());
            Argument a = new Argument(ctx.span(p.node), p.name, value, false, false);
            all.add(a);
            if (v.guard() == null) {
                always.add(a);
            } else {
                guard = guard == null ? v.guard() : new Expression.Binary(s, Expression.BinaryOp.AND, guard, v.guard());
            }
        }
        for (Pin p : pins(b, "inOutVariables")) {
            XmlNode point = p.node.child("connectionPointIn");
            Val v = point == null || NetworkGraph.connections(point).isEmpty() ? null : net.input(b, point, "in-out " + p.name);
            if (v != null) {
                Argument a = new Argument(ctx.span(p.node), p.name, v.e(), false, false);
                all.add(a);
                always.add(a);
            }
        }
        String en = enable(b);
        Statement call = new Statement.CallStatement(s, new Expression.Name(s, inst), all);
        if (guard != null) {
            // an input from a disabled function keeps the value the instance already holds
            call = new Statement.If(s, List.of(new Statement.Branch(guard, List.of(call))),
                    List.of(new Statement.CallStatement(s, new Expression.Name(s, inst), always)));
        }
        if (en != null) {
            call = new Statement.If(s, List.of(new Statement.Branch(new Expression.Name(s, en), List.of(call))), List.of());
        }
        net.add(call);
        inProgress.remove(id);
        emitted.add(id);
    }

    /** A pin's value with its negation or edge detection. */
    private Expression pinValue(XmlNode b, Pin p, Expression v) {
        SourceSpan s = ctx.span(p.node);
        String edge = p.node.attr("edge", "none");
        if (edge.equals("rising") || edge.equals("falling")) {
            return member(s, net.trigger(b, edge, v, "pin" + p.name + "_"), "Q");
        }
        return p.node.flag("negated") ? not(s, v) : v;
    }

    /** A function block element without instance: its call inlined as an ST expression. */
    private Val function(XmlNode b) {
        SourceSpan s = ctx.span(b);
        String type = b.attr("typeName", "");
        List<Expression> args = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Expression guard = null;
        String en = enable(b);
        if (en != null) {
            guard = new Expression.Name(s, en);
        }
        for (Pin p : pins(b, "inputVariables")) {
            if (p.name.equalsIgnoreCase("EN")) {
                continue;
            }
            Val v = net.input(b, p.node.child("connectionPointIn"), "input " + (p.name.isEmpty() ? "" : p.name + " ") + "of " + type);
            if (v == null) {
                return null;
            }
            args.add(pinValue(b, p, v.e()));
            names.add(p.name);
            if (v.guard() != null) {
                guard = guard == null ? v.guard() : new Expression.Binary(s, Expression.BinaryOp.AND, guard, v.guard());
            }
        }
        Expression e = Operators.call(s, type, names, args);
        if (e == null) {
            ctx.error(DiagnosticCode.WRONG_ARGUMENT_COUNT, b, type + " needs at least one connected input");
            return null;
        }
        return new Val(e, guard);
    }
}
