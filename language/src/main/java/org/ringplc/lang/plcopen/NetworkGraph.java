package org.ringplc.lang.plcopen;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ringplc.lang.diag.DiagnosticCode;

/**
 * The graph of an LD or FBD body (IEC 61131-3 §8, PLCopen TC6 XML): its elements by
 * {@code localId}, joined by {@code connectionPointIn/connection refLocalId} links, the named
 * connectors that continue a wire elsewhere, and how many connections leave each element (a
 * value used more than once is computed once). Malformed and duplicate ids are reported at the
 * element, and each element is described for later messages.
 */
final class NetworkGraph {
    private final ImportContext ctx;
    private final String label;
    private final Map<Integer, XmlNode> elements = new LinkedHashMap<>();
    private final Map<String, XmlNode> connectors = new HashMap<>();
    private final Map<Integer, Integer> fanOut = new HashMap<>();

    /** @param label how messages name the body ("pou Main, LD body") */
    NetworkGraph(ImportContext ctx, String label) {
        this.ctx = ctx;
        this.label = label;
    }

    /** The elements by localId, in document order. */
    Map<Integer, XmlNode> elements() {
        return elements;
    }

    /** The connectors by lower-case name. */
    Map<String, XmlNode> connectors() {
        return connectors;
    }

    /** How many connections take their value from element {@code id}. */
    int fanOut(int id) {
        return fanOut.getOrDefault(id, 0);
    }

    /** Adds the elements of {@code body} (an LD/FBD body, or an SFC chart with LD/FBD elements drawn in). */
    void collect(XmlNode body) {
        for (XmlNode e : body.children) {
            String id = e.attr("localId");
            if (id == null) {
                continue;
            }
            int localId;
            try {
                localId = Integer.parseInt(id.trim());
            } catch (NumberFormatException ex) {
                ctx.error(DiagnosticCode.SYNTAX_ERROR, e, "localId '" + id + "' is not a number");
                continue;
            }
            if (elements.put(localId, e) != null) {
                ctx.error(DiagnosticCode.DUPLICATE_DECLARATION, e, "localId " + localId + " is used by two elements");
            }
            ctx.describe(e, label + ", " + e.name + " localId " + localId);
            if (e.name.equals("connector")) {
                connectors.put(e.attr("name", "").toLowerCase(Locale.ROOT), e);
            }
        }
        for (XmlNode e : elements.values()) {
            for (XmlNode c : connections(e)) {
                Integer ref = ref(c);
                if (ref != null) {
                    fanOut.merge(ref, 1, Integer::sum);
                }
            }
        }
    }

    /** Every {@code <connection>} into an element, its block pins included. */
    static List<XmlNode> connections(XmlNode e) {
        List<XmlNode> out = new ArrayList<>();
        collectConnections(e, out);
        return out;
    }

    private static void collectConnections(XmlNode n, List<XmlNode> out) {
        for (XmlNode c : n.children) {
            if (c.name.equals("connection")) {
                out.add(c);
            } else if (!c.name.equals("addData")) {
                collectConnections(c, out);
            }
        }
    }

    /** The localId a connection comes from, or null when it names none. */
    static Integer ref(XmlNode connection) {
        try {
            return Integer.parseInt(connection.attr("refLocalId", "").trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** An element's localId, 0 when it has none (reported where the element was collected). */
    static int localId(XmlNode e) {
        try {
            return Integer.parseInt(e.attr("localId", "0").trim());
        } catch (NumberFormatException ex) {
            return 0;
        }
    }

    /** True for an element that ends a path of the graph and so is translated as a statement. */
    static boolean isSink(XmlNode e) {
        switch (e.name) {
            case "coil":
            case "outVariable":
            case "jump":
            case "label":
            case "return":
                return true;
            case "inOutVariable":
                return e.child("connectionPointIn") != null && !connections(e.child("connectionPointIn")).isEmpty();
            case "block":
                return isFbInstance(e);
            default:
                return false;
        }
    }

    static boolean isFbInstance(XmlNode block) {
        String inst = block.attr("instanceName");
        return inst != null && !inst.isBlank();
    }
}
