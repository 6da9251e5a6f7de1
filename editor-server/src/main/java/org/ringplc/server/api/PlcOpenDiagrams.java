package org.ringplc.server.api;

import static org.ringplc.server.api.PlcOpenXml.child;
import static org.ringplc.server.api.PlcOpenXml.childText;
import static org.ringplc.server.api.PlcOpenXml.children;
import static org.ringplc.server.api.PlcOpenXml.descendants;
import static org.ringplc.server.api.PlcOpenXml.flatText;
import static org.ringplc.server.api.PlcOpenXml.intAttr;
import static org.ringplc.server.api.PlcOpenXml.name;
import static org.ringplc.server.api.PlcOpenXml.parse;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The drawings of a project's PLCopen TC6 XML sources, as the browser draws them: per POU its
 * graphical bodies (LD, FBD, SFC; also those of its actions and transitions), each a list of
 * elements with their position, size, pins and the connections into each input pin, exactly as
 * the editor that saved the file placed them.
 *
 * <p>This is a reading of the layout only. What the elements mean, and in which order they run,
 * is the compiler's business ({@code org.ringplc.lang.plcopen}); a file the compiler refused
 * never gets here because the project would not run. Anything this reader does not know is kept
 * as an element of its own kind with its box, so the drawing shows where it is rather than
 * silently leaving a hole.
 *
 * <p>Element kinds are the PLCopen element names ({@code contact}, {@code coil}, {@code block},
 * {@code leftPowerRail}, {@code step}, {@code transition}, ...). A pin's {@code links} name the
 * element ({@code ref}) and, for a block, the output pin ({@code pin}) it is wired to, and carry
 * the wire's bend points when the file has them.
 */
final class PlcOpenDiagrams {
    /** The graphical languages; an ST or IL body is not drawn. */
    private static final List<String> GRAPHICAL = List.of("LD", "FBD", "SFC");

    private final Map<String, Pou> pous;
    private final Map<String, Interface> interfaces;

    private PlcOpenDiagrams(Map<String, Pou> pous, Map<String, Interface> interfaces) {
        this.pous = pous;
        this.interfaces = interfaces;
    }

    /**
     * What a POU of the XML declares, to tell its own variables from those the importer adds.
     *
     * @param variables lower-cased name → lower-cased type name (an array's element type)
     * @param drawn     whether any of its bodies is LD, FBD or SFC (only those get hidden variables)
     */
    record Interface(Map<String, String> variables, boolean drawn) {
    }

    /** One POU and its drawn bodies: the main body first, then its actions', then its transitions'. */
    record Pou(String name, String pouType, String file, List<Body> bodies) {
    }

    /**
     * One drawn body.
     *
     * @param name     {@code body}, {@code action NAME} or {@code transition NAME}
     * @param language LD, FBD or SFC
     * @param width    the right edge of the rightmost element, for the drawing's size
     * @param height   the bottom edge of the lowest element
     */
    record Body(String name, String language, int width, int height, List<Item> elements) {
    }

    /**
     * One element of a body.
     *
     * @param id       the {@code localId}
     * @param kind     the PLCopen element name
     * @param text     what the element shows: a contact's or coil's variable, a variable box's
     *                 expression, a block's type, a step's or connector's name, a comment's text,
     *                 an inline transition condition
     * @param instance a function block's instance name (null for a function)
     * @param attrs    the element's modifiers that change how it looks: {@code negated},
     *                 {@code edge}, {@code storage}, {@code initialStep}, a transition's
     *                 {@code reference} (and {@code expression}, the ST expression that is the
     *                 body of that named transition, when it is one), a jump's {@code label}, ...
     * @param inputs   its input pins, in file order
     * @param outputs  its output pins, in file order
     * @param actions  an actionBlock's actions
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Item(int id, String kind, int x, int y, int w, int h, String text, String instance,
                Map<String, String> attrs, List<Pin> inputs, List<Pin> outputs, List<Action> actions) {
    }

    /**
     * A connection point.
     *
     * @param name the formal parameter ({@code IN}, {@code Q}) or empty for a contact's, coil's,
     *             rail's or step's single point
     * @param rx   position relative to the element, as saved, or -1 when the file has none
     * @param ry   likewise
     * @param attrs {@code negated} / {@code edge} of a block pin
     * @param links for an input: where it is wired from
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Pin(String name, int rx, int ry, Map<String, String> attrs, List<Link> links) {
    }

    /** A wire into an input pin: from element {@code ref}'s output {@code pin} (empty for its only one). */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Link(int ref, String pin, List<int[]> points) {
    }

    /**
     * One line of an SFC action block.
     *
     * @param qualifier N, S, R, P, L, D, ...
     * @param duration  the time of L, D, SD, DS, SL, or null
     * @param name      the action or BOOL variable it refers to, or null for an inline body
     * @param inline    the text of an inline ST body, or null
     * @param localId   the action's own {@code localId} within its block, or null when the file gives none
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Action(String qualifier, String duration, String name, String inline, String localId) {
    }

    /**
     * Reads every PLCopen file among {@code sources} (name → text); other files are skipped.
     *
     * @throws IllegalArgumentException naming the file when one is not well-formed XML
     */
    static PlcOpenDiagrams read(Map<String, String> sources) {
        Map<String, Pou> pous = new LinkedHashMap<>();
        Map<String, Interface> interfaces = new LinkedHashMap<>();
        for (Map.Entry<String, String> s : sources.entrySet()) {
            if (!s.getKey().toLowerCase(Locale.ROOT).endsWith(".xml")) {
                continue;
            }
            Document doc = parse(s.getKey(), s.getValue());
            Element root = doc.getDocumentElement();
            if (!"project".equals(name(root))) {
                continue;
            }
            for (Element pou : descendants(root, "pou")) {
                Pou p = pou(s.getKey(), pou);
                String key = p.name().toLowerCase(Locale.ROOT);
                if (!p.bodies().isEmpty()) {
                    pous.putIfAbsent(key, p);
                }
                interfaces.putIfAbsent(key, new Interface(declared(pou), !p.bodies().isEmpty()));
            }
        }
        return new PlcOpenDiagrams(pous, interfaces);
    }

    /** The declarations of POU {@code name} (case-insensitive) when the XML defines it, else null. */
    Interface declarations(String name) {
        return interfaces.get(name.toLowerCase(Locale.ROOT));
    }

    private static Map<String, String> declared(Element pou) {
        Map<String, String> out = new LinkedHashMap<>();
        Element iface = child(pou, "interface");
        if (iface == null) {
            return out;
        }
        for (Element section : children(iface, null)) {
            for (Element v : children(section, "variable")) {
                out.put(v.getAttribute("name").toLowerCase(Locale.ROOT), typeName(child(v, "type")));
            }
        }
        return out;
    }

    private static String typeName(Element type) {
        if (type == null) {
            return "";
        }
        for (Element t : children(type, null)) {
            String n = name(t);
            if (n.equals("derived")) {
                return t.getAttribute("name").toLowerCase(Locale.ROOT);
            }
            if (n.equals("array")) {
                return typeName(child(t, "baseType"));
            }
            return n.toLowerCase(Locale.ROOT);
        }
        return "";
    }

    /** The drawings of POU {@code name} (matched case-insensitively), or null when it has none. */
    Pou pou(String name) {
        return pous.get(name.toLowerCase(Locale.ROOT));
    }

    /** Every POU with at least one drawn body, in file order. */
    List<Pou> pous() {
        return List.copyOf(pous.values());
    }

    private static Pou pou(String file, Element pou) {
        String name = pou.getAttribute("name");
        List<Body> bodies = new ArrayList<>();
        Map<String, String> expressions = transitionExpressions(pou);
        for (Element body : children(pou, "body")) {
            addBody(bodies, "body", body, expressions);
        }
        for (Element actions : children(pou, "actions")) {
            for (Element a : children(actions, "action")) {
                for (Element body : children(a, "body")) {
                    addBody(bodies, "action " + a.getAttribute("name"), body, expressions);
                }
            }
        }
        for (Element transitions : children(pou, "transitions")) {
            for (Element t : children(transitions, "transition")) {
                for (Element body : children(t, "body")) {
                    addBody(bodies, "transition " + t.getAttribute("name"), body, expressions);
                }
            }
        }
        return new Pou(name, pou.getAttribute("pouType"), file, List.copyOf(bodies));
    }

    /**
     * The named transitions of a POU whose body is one ST expression (lower-cased name → the
     * expression), as most tools save them; the drawing carries the text so the page can show what
     * the transition tests beside its value (the compiler's {@code _cond<localId>}).
     */
    private static Map<String, String> transitionExpressions(Element pou) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Element transitions : children(pou, "transitions")) {
            for (Element t : children(transitions, "transition")) {
                Element body = child(t, "body");
                Element st = body == null ? null : child(body, "ST");
                if (st != null) {
                    String text = flatText(st).strip().replaceAll(";\\s*$", "");
                    if (!text.isEmpty() && !text.contains(":=")) {
                        out.put(t.getAttribute("name").toLowerCase(Locale.ROOT), text);
                    }
                }
            }
        }
        return out;
    }

    private static void addBody(List<Body> into, String name, Element body, Map<String, String> expressions) {
        for (Element lang : children(body, null)) {
            String language = name(lang);
            if (!GRAPHICAL.contains(language)) {
                continue;
            }
            List<Item> items = new ArrayList<>();
            int w = 0;
            int h = 0;
            for (Element e : children(lang, null)) {
                Item item = item(e, expressions);
                if (item != null) {
                    items.add(item);
                    w = Math.max(w, item.x() + item.w());
                    h = Math.max(h, item.y() + item.h());
                }
            }
            into.add(new Body(name, language, w, h, List.copyOf(items)));
        }
    }

    private static Item item(Element e, Map<String, String> expressions) {
        String kind = name(e);
        if (!e.hasAttribute("localId")) {
            return null;
        }
        int id = intAttr(e, "localId", 0);
        Element pos = child(e, "position");
        int x = pos == null ? 0 : intAttr(pos, "x", 0);
        int y = pos == null ? 0 : intAttr(pos, "y", 0);
        int w = intAttr(e, "width", 0);
        int h = intAttr(e, "height", 0);
        Map<String, String> attrs = new LinkedHashMap<>();
        for (String a : new String[] {"negated", "edge", "storage", "initialStep", "label", "executionOrderId",
                "priority"}) {
            String v = e.getAttribute(a);
            if (!v.isEmpty() && !v.equals("false") && !v.equals("none")) {
                attrs.put(a, v);
            }
        }
        List<Pin> inputs = new ArrayList<>();
        List<Pin> outputs = new ArrayList<>();
        List<Action> actions = new ArrayList<>();
        String text = null;
        String instance = null;
        switch (kind) {
            case "block" -> {
                text = e.getAttribute("typeName");
                instance = e.getAttribute("instanceName").isEmpty() ? null : e.getAttribute("instanceName");
                blockPins(child(e, "inputVariables"), inputs, true);
                blockPins(child(e, "inOutVariables"), inputs, true);
                blockPins(child(e, "inOutVariables"), outputs, false);
                blockPins(child(e, "outputVariables"), outputs, false);
            }
            case "contact", "coil" -> text = childText(e, "variable");
            case "inVariable", "outVariable", "inOutVariable" -> text = childText(e, "expression");
            case "connector", "continuation", "step", "jumpStep", "macroStep" -> text = e.hasAttribute("name")
                    ? e.getAttribute("name") : e.getAttribute("targetName");
            case "jump", "label" -> text = e.getAttribute("label");
            case "comment" -> text = flatText(child(e, "content"));
            case "transition" -> {
                Element cond = child(e, "condition");
                if (cond != null) {
                    Element ref = child(cond, "reference");
                    Element inline = child(cond, "inline");
                    if (ref != null) {
                        attrs.put("reference", ref.getAttribute("name"));
                        text = ref.getAttribute("name");
                        String expression = expressions.get(text.toLowerCase(Locale.ROOT));
                        if (expression != null) {
                            attrs.put("expression", expression);
                        }
                    } else if (inline != null) {
                        text = flatText(inline).strip().replaceAll(";\\s*$", "");
                    }
                    Element point = child(cond, "connectionPointIn");
                    if (point != null) {
                        inputs.add(pin("condition", point, null));
                    }
                }
            }
            case "actionBlock" -> {
                for (Element a : children(e, "action")) {
                    Element ref = child(a, "reference");
                    Element inline = child(a, "inline");
                    actions.add(new Action(a.getAttribute("qualifier").isEmpty() ? "N" : a.getAttribute("qualifier"),
                            a.getAttribute("duration").isEmpty() ? null : a.getAttribute("duration"),
                            ref == null ? null : ref.getAttribute("name"),
                            inline == null ? null : flatText(inline).strip(),
                            a.getAttribute("localId").isEmpty() ? null : a.getAttribute("localId").strip()));
                }
            }
            default -> {
                // rails, divergences, convergences, returns: pins only
            }
        }
        if (!kind.equals("block")) {
            for (Element p : children(e, null)) {
                String n = name(p);
                if (n.equals("connectionPointIn")) {
                    inputs.add(pin(p.getAttribute("formalParameter"), p, null));
                } else if (n.equals("connectionPointOut") || n.equals("connectionPointOutAction")) {
                    outputs.add(pin(n.equals("connectionPointOutAction") ? "action" : p.getAttribute("formalParameter"),
                            p, null));
                }
            }
        }
        if (text != null) {
            text = text.strip();
        }
        return new Item(id, kind, x, y, w, h, text, instance, attrs, List.copyOf(inputs), List.copyOf(outputs),
                List.copyOf(actions));
    }

    private static void blockPins(Element list, List<Pin> into, boolean in) {
        if (list == null) {
            return;
        }
        for (Element v : children(list, "variable")) {
            Map<String, String> attrs = new LinkedHashMap<>();
            for (String a : new String[] {"negated", "edge"}) {
                String val = v.getAttribute(a);
                if (!val.isEmpty() && !val.equals("false") && !val.equals("none")) {
                    attrs.put(a, val);
                }
            }
            Element point = child(v, in ? "connectionPointIn" : "connectionPointOut");
            into.add(pin(v.getAttribute("formalParameter"), point, attrs));
        }
    }

    private static Pin pin(String name, Element point, Map<String, String> attrs) {
        int rx = -1;
        int ry = -1;
        List<Link> links = new ArrayList<>();
        if (point != null) {
            Element rel = child(point, "relPosition");
            if (rel != null) {
                rx = intAttr(rel, "x", -1);
                ry = intAttr(rel, "y", -1);
            }
            for (Element c : children(point, "connection")) {
                List<int[]> points = new ArrayList<>();
                for (Element p : children(c, "position")) {
                    points.add(new int[] {intAttr(p, "x", 0), intAttr(p, "y", 0)});
                }
                links.add(new Link(intAttr(c, "refLocalId", -1), c.getAttribute("formalParameter"), points));
            }
        }
        return new Pin(name, rx, ry, attrs == null ? Map.of() : attrs, List.copyOf(links));
    }
}
