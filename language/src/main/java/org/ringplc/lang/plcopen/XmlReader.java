package org.ringplc.lang.plcopen;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads an XML text into {@link XmlNode}s that remember their offsets in the text. The JDK's
 * SAX parser reports, through its {@link Locator}, the position just after each start and end
 * tag; the tag's own start is the last '<' before that, because '<' cannot occur inside an
 * attribute value in well-formed XML. Line ends are normalised to '\n' first so that offsets,
 * lines and columns agree with what the parser counts.
 */
final class XmlReader {
    private final String text;
    private final int[] lineStarts;

    /** @param text the file's text with line ends already normalised to '\n' */
    XmlReader(String text) {
        this.text = text;
        int n = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        lineStarts = new int[n];
        int k = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lineStarts[k++] = i + 1;
            }
        }
    }

    /** A malformed file: where and what the parser said. */
    static final class MalformedXml extends Exception {
        final int line;
        final int column;

        MalformedXml(String message, int line, int column) {
            super(message);
            this.line = line;
            this.column = column;
        }
    }

    XmlNode parse() throws MalformedXml {
        Handler handler = new Handler();
        try {
            SAXParserFactory f = SAXParserFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            // a project file never needs outside entities; refusing them keeps a crafted file from reading local files
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            SAXParser parser = f.newSAXParser();
            parser.parse(new InputSource(new StringReader(text)), handler);
        } catch (SAXParseException e) {
            throw new MalformedXml(e.getMessage(), Math.max(1, e.getLineNumber()), Math.max(1, e.getColumnNumber()));
        } catch (SAXException | ParserConfigurationException | IOException e) {
            throw new MalformedXml(String.valueOf(e.getMessage()), 1, 1);
        }
        if (handler.root == null) {
            throw new MalformedXml("the file has no root element", 1, 1);
        }
        return handler.root;
    }

    int offset(int line, int column) {
        if (line < 1) {
            return 0;
        }
        if (line > lineStarts.length) {
            return text.length();
        }
        return Math.min(text.length(), lineStarts[line - 1] + Math.max(0, column - 1));
    }

    int line(int offset) {
        int i = Arrays.binarySearch(lineStarts, offset);
        return i >= 0 ? i + 1 : -i - 1;
    }

    int column(int offset) {
        return offset - lineStarts[line(offset) - 1] + 1;
    }

    String text() {
        return text;
    }

    private int tagStart(int after) {
        int i = Math.min(after, text.length()) - 1;
        while (i > 0 && text.charAt(i) != '<') {
            i--;
        }
        return Math.max(0, i);
    }

    private final class Handler extends DefaultHandler {
        private Locator locator;
        private final Deque<XmlNode> open = new ArrayDeque<>();
        XmlNode root;

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        private int here() {
            return locator == null ? 0 : offset(locator.getLineNumber(), locator.getColumnNumber());
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attrs) {
            String name = localName == null || localName.isEmpty() ? qName.substring(qName.indexOf(':') + 1) : localName;
            XmlNode n = new XmlNode(name);
            for (int i = 0; i < attrs.getLength(); i++) {
                String an = attrs.getLocalName(i);
                n.attributes.put(an == null || an.isEmpty() ? attrs.getQName(i) : an, attrs.getValue(i));
            }
            n.contentStart = here();
            n.start = tagStart(n.contentStart);
            n.line = line(n.start);
            n.column = column(n.start);
            if (open.isEmpty()) {
                root = n;
            } else {
                open.peek().children.add(n);
            }
            open.push(n);
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            XmlNode n = open.pop();
            n.end = here();
            int endTag = tagStart(n.end);
            n.contentEnd = endTag < n.contentStart ? n.contentStart : endTag;
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (!open.isEmpty()) {
                open.peek().text.append(ch, start, length);
            }
        }
    }
}
