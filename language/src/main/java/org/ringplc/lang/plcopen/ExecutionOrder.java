package org.ringplc.lang.plcopen;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * In which order the outputs of an LD or FBD body run (PRODUCT.md §3). LD: rungs top to bottom,
 * a rung being the elements connected to each other without the power rails (one tall rail may
 * feed many rungs), placed by its topmost element; inside a rung by position, top to bottom then
 * left to right. FBD: by executionOrderId when the diagram gives any (those without one last),
 * else by localId. Data flow comes first in both: the translator runs everything an output needs
 * before the output.
 */
final class ExecutionOrder {
    private ExecutionOrder() {
    }

    /** An element's position in the drawing (0 when it has none): where order is by place, left to right. */
    static int x(XmlNode e) {
        XmlNode p = e.child("position");
        return p == null ? 0 : p.intAttr("x", 0);
    }

    /** As {@link #x}, top to bottom. */
    static int y(XmlNode e) {
        XmlNode p = e.child("position");
        return p == null ? 0 : p.intAttr("y", 0);
    }

    private static final Comparator<XmlNode> BY_POSITION = Comparator.comparingInt(ExecutionOrder::y)
            .thenComparingInt(ExecutionOrder::x).thenComparingInt(NetworkGraph::localId);

    /** LD: rungs are the connected parts of the diagram without the rails, top to bottom. */
    static List<List<XmlNode>> rungs(Map<Integer, XmlNode> elements, Map<String, XmlNode> connectors, List<XmlNode> sinks) {
        Map<Integer, Integer> parent = new HashMap<>();
        for (Integer id : elements.keySet()) {
            parent.put(id, id);
        }
        for (Map.Entry<Integer, XmlNode> en : elements.entrySet()) {
            XmlNode e = en.getValue();
            if (isRail(e)) {
                continue;
            }
            for (XmlNode c : NetworkGraph.connections(e)) {
                Integer r = NetworkGraph.ref(c);
                if (r != null && elements.containsKey(r) && !isRail(elements.get(r))) {
                    union(parent, en.getKey(), r);
                }
            }
            if (e.name.equals("continuation")) {
                XmlNode con = connectors.get(e.attr("name", "").toLowerCase(Locale.ROOT));
                if (con != null) {
                    union(parent, en.getKey(), NetworkGraph.localId(con));
                }
            }
        }
        Map<Integer, List<XmlNode>> byRoot = new LinkedHashMap<>();
        Map<Integer, XmlNode> topmost = new HashMap<>();
        for (Map.Entry<Integer, XmlNode> en : elements.entrySet()) {
            if (isRail(en.getValue())) {
                continue;
            }
            int root = find(parent, en.getKey());
            topmost.merge(root, en.getValue(), (a, b) -> BY_POSITION.compare(a, b) <= 0 ? a : b);
        }
        for (XmlNode s : sinks) {
            byRoot.computeIfAbsent(find(parent, NetworkGraph.localId(s)), k -> new ArrayList<>()).add(s);
        }
        List<Integer> roots = new ArrayList<>(byRoot.keySet());
        roots.sort(Comparator.comparing(topmost::get, BY_POSITION));
        List<List<XmlNode>> out = new ArrayList<>();
        for (Integer r : roots) {
            List<XmlNode> rung = byRoot.get(r);
            rung.sort(BY_POSITION);
            out.add(rung);
        }
        return out;
    }

    private static boolean isRail(XmlNode e) {
        return e.name.equals("leftPowerRail") || e.name.equals("rightPowerRail");
    }

    private static int find(Map<Integer, Integer> parent, int x) {
        int r = x;
        while (parent.get(r) != r) {
            r = parent.get(r);
        }
        parent.put(x, r);
        return r;
    }

    private static void union(Map<Integer, Integer> parent, int a, int b) {
        parent.put(find(parent, a), find(parent, b));
    }

    /** FBD: by executionOrderId when the diagram gives any, else by localId; data flow comes first anyway. */
    static List<List<XmlNode>> fbd(Map<Integer, XmlNode> elements, List<XmlNode> sinks) {
        boolean ordered = elements.values().stream().anyMatch(e -> e.intAttr("executionOrderId", 0) > 0);
        List<XmlNode> sorted = new ArrayList<>(sinks);
        if (ordered) {
            sorted.sort(Comparator.comparingInt((XmlNode e) -> {
                int o = e.intAttr("executionOrderId", 0);
                return o > 0 ? o : Integer.MAX_VALUE;
            }).thenComparingInt(NetworkGraph::localId));
        } else {
            sorted.sort(Comparator.comparingInt(NetworkGraph::localId));
        }
        List<List<XmlNode>> out = new ArrayList<>();
        for (XmlNode s : sorted) {
            out.add(List.of(s));
        }
        return out;
    }
}
