package org.ringplc.lang.plcopen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One element of a PLCopen XML file, kept with where it is in the raw text so that every
 * diagnostic and every generated statement can point at the element's own line. The JDK's DOM
 * drops locations, hence this small tree built from SAX events (see {@link XmlReader}).
 * Names are local names (namespace prefixes stripped): PLCopen files come with and without the
 * tc6 default namespace, and the xhtml prefix varies between tools.
 */
final class XmlNode {
    final String name;
    final Map<String, String> attributes = new LinkedHashMap<>();
    final List<XmlNode> children = new ArrayList<>();
    final StringBuilder text = new StringBuilder();
    /** Offset of the '<' that starts the element. */
    int start;
    /** Offset just after the start tag's '>' (where the content begins). */
    int contentStart;
    /** Offset of the '<' of the end tag (equals {@link #contentStart} for an empty element). */
    int contentEnd;
    /** Offset just after the element. */
    int end;
    int line;
    int column;

    XmlNode(String name) {
        this.name = name;
    }

    String attr(String name) {
        return attributes.get(name);
    }

    String attr(String name, String fallback) {
        String v = attributes.get(name);
        return v == null ? fallback : v;
    }

    boolean flag(String name) {
        String v = attributes.get(name);
        return v != null && (v.equals("true") || v.equals("1"));
    }

    /** The first child with this local name, or null. */
    XmlNode child(String name) {
        for (XmlNode c : children) {
            if (c.name.equals(name)) {
                return c;
            }
        }
        return null;
    }

    List<XmlNode> all(String name) {
        List<XmlNode> out = new ArrayList<>();
        for (XmlNode c : children) {
            if (c.name.equals(name)) {
                out.add(c);
            }
        }
        return out;
    }

    /** The first descendant with this local name (depth first), or null. */
    XmlNode find(String name) {
        for (XmlNode c : children) {
            if (c.name.equals(name)) {
                return c;
            }
            XmlNode d = c.find(name);
            if (d != null) {
                return d;
            }
        }
        return null;
    }

    /** The concatenated character data directly inside this element, trimmed. */
    String text() {
        return text.toString().trim();
    }

    int intAttr(String name, int fallback) {
        String v = attributes.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return (int) Math.round(Double.parseDouble(v.trim()));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    @Override
    public String toString() {
        return "<" + name + (attributes.containsKey("localId") ? " localId=" + attributes.get("localId") : "")
                + "> at line " + line;
    }

    String lowerName() {
        return name.toLowerCase(Locale.ROOT);
    }
}
