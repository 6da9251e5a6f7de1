package org.ringplc.server.api;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * The DOM reading that {@link PlcOpenDiagrams} needs from a PLCopen TC6 file: a parser that
 * refuses DTDs, and element lookups by local name, since PLCopen files come with and without the
 * tc6 namespace.
 */
final class PlcOpenXml {
    private PlcOpenXml() {
    }

    /** @throws IllegalArgumentException naming {@code file} when the text is not well-formed XML */
    static Document parse(String file, String text) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            // a project file never needs a DTD; refusing one rules out entity expansion and external fetches
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
            return b.parse(new InputSource(new StringReader(body)));
        } catch (SAXException | IOException e) {
            throw new IllegalArgumentException(file + " is not well-formed XML: " + e.getMessage(), e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a standard feature", e);
        }
    }

    static String name(Node n) {
        return n.getLocalName() != null ? n.getLocalName() : n.getNodeName();
    }

    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element el && (name == null || name.equals(name(el)))) {
                out.add(el);
            }
        }
        return out;
    }

    static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element el && name.equals(name(el))) {
                return el;
            }
        }
        return null;
    }

    static List<Element> descendants(Element root, String name) {
        List<Element> out = new ArrayList<>();
        var list = root.getElementsByTagNameNS("*", name);
        for (int i = 0; i < list.getLength(); i++) {
            out.add((Element) list.item(i));
        }
        return out;
    }

    static String childText(Element e, String name) {
        Element c = child(e, name);
        return c == null ? null : c.getTextContent();
    }

    static String flatText(Element e) {
        return e == null ? null : e.getTextContent();
    }

    static int intAttr(Element e, String name, int otherwise) {
        String v = e.getAttribute(name).strip();
        if (v.isEmpty()) {
            return otherwise;
        }
        try {
            return (int) Math.round(Double.parseDouble(v));
        } catch (NumberFormatException ex) {
            return otherwise;
        }
    }
}
