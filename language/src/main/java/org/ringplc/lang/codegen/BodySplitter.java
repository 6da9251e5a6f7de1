package org.ringplc.lang.codegen;

import java.util.ArrayList;
import java.util.List;
import org.ringplc.lang.ast.Argument;
import org.ringplc.lang.ast.Expression;
import org.ringplc.lang.ast.Statement;

/**
 * Cuts a long PROGRAM or FUNCTION_BLOCK body into consecutive groups of statements, each generated
 * as its own method. HotSpot never compiles a method of more than 8,000 bytes of bytecode
 * ({@code -XX:-DontCompileHugeMethods} is off by default), so a long program such as 64 unrolled
 * PID calls would run interpreted forever; pieces of a few kilobytes are compiled and optimised
 * like any small method. The weight of a statement is the number of its AST nodes, a fair proxy
 * for its bytecode size (a few bytes per node).
 */
final class BodySplitter {
    /**
     * Nodes per piece: about 2-4 KB of bytecode, well under the 8,000-byte limit even for the
     * wordiest nodes, and big enough that the calls between pieces cost nothing measurable.
     */
    static final int PIECE_WEIGHT = 400;

    private BodySplitter() {
    }

    /** The body in pieces, or one piece when it is small enough. A single heavy statement stays whole. */
    static List<List<Statement>> split(List<Statement> body) {
        List<List<Statement>> pieces = new ArrayList<>();
        List<Statement> current = new ArrayList<>();
        int weight = 0;
        for (Statement s : body) {
            int w = weight(s);
            if (!current.isEmpty() && weight + w > PIECE_WEIGHT) {
                pieces.add(current);
                current = new ArrayList<>();
                weight = 0;
            }
            current.add(s);
            weight += w;
        }
        pieces.add(current);
        return pieces;
    }

    static int weight(List<Statement> list) {
        int w = 0;
        for (Statement s : list) {
            w += weight(s);
        }
        return w;
    }

    static int weight(Statement s) {
        if (s instanceof Statement.Assignment a) {
            return 1 + weight(a.target()) + weight(a.value());
        }
        if (s instanceof Statement.CallStatement c) {
            return 2 + weight(c.callee()) + args(c.args());
        }
        if (s instanceof Statement.If i) {
            int w = 1 + weight(i.elseBody());
            for (Statement.Branch b : i.branches()) {
                w += 1 + weight(b.condition()) + weight(b.body());
            }
            return w;
        }
        if (s instanceof Statement.Case c) {
            int w = 2 + weight(c.selector()) + weight(c.elseBody());
            for (Statement.CaseBranch b : c.branches()) {
                w += weight(b.body()) + 3 * b.labels().size();
            }
            return w;
        }
        if (s instanceof Statement.For f) {
            return 4 + weight(f.from()) + weight(f.to()) + (f.by() == null ? 0 : weight(f.by())) + weight(f.body());
        }
        if (s instanceof Statement.While w) {
            return 2 + weight(w.condition()) + weight(w.body());
        }
        if (s instanceof Statement.Repeat r) {
            return 2 + weight(r.condition()) + weight(r.body());
        }
        return 1;
    }

    private static int args(List<Argument> args) {
        int w = 0;
        for (Argument a : args) {
            w += 1 + weight(a.value());
        }
        return w;
    }

    static int weight(Expression e) {
        if (e instanceof Expression.Binary b) {
            return 1 + weight(b.left()) + weight(b.right());
        }
        if (e instanceof Expression.Unary u) {
            return 1 + weight(u.operand());
        }
        if (e instanceof Expression.Member m) {
            return 1 + weight(m.target());
        }
        if (e instanceof Expression.Index ix) {
            int w = 2 + weight(ix.target());
            for (Expression i : ix.indices()) {
                w += 2 + weight(i);
            }
            return w;
        }
        if (e instanceof Expression.BitAccess b) {
            return 2 + weight(b.target());
        }
        if (e instanceof Expression.Deref d) {
            return 2 + weight(d.target());
        }
        if (e instanceof Expression.Call c) {
            return 2 + args(c.args());
        }
        if (e instanceof Expression.MethodCall c) {
            return 2 + weight(c.target()) + args(c.args());
        }
        return 1;
    }
}
