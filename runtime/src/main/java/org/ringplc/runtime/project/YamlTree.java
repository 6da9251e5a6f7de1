package org.ringplc.runtime.project;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document read into a tree whose every node keeps the line and column it came from, so
 * that validation can say {@code project.yaml:7: tasks[0].interval: ...}. Jackson's own tree
 * ({@code JsonNode}) drops locations, hence this small one built from the token stream.
 */
final class YamlTree {

    /** A node with its position (1-based line and column). */
    sealed interface Node permits MapNode, ListNode, ScalarNode {
        int line();

        int column();
    }

    /** One {@code key: value} of a mapping; the line is the key's. */
    record Entry(String key, int line, int column, Node value) {
    }

    record MapNode(int line, int column, Map<String, Entry> entries) implements Node {
    }

    record ListNode(int line, int column, List<Node> items) implements Node {
    }

    /**
     * A scalar: {@code value} is a String, Long, Double, Boolean or null, as YAML typed it;
     * {@code text} is the text as written.
     */
    record ScalarNode(int line, int column, Object value, String text) implements Node {
    }

    private YamlTree() {
    }

    /**
     * Reads {@code text}; an empty document gives an empty mapping.
     *
     * @throws ProjectException for a YAML syntax error or a duplicate key, naming {@code file:line}
     */
    static Node read(String file, String text) throws ProjectException {
        try (JsonParser p = new YAMLFactory().createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return new MapNode(1, 1, new LinkedHashMap<>());
            }
            return readValue(file, p);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? file : file + ":" + loc.getLineNr();
            throw new ProjectException(where + ": not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new ProjectException(file + ": cannot read: " + e.getMessage());
        }
    }

    private static Node readValue(String file, JsonParser p) throws IOException, ProjectException {
        JsonLocation loc = p.currentTokenLocation();
        int line = loc.getLineNr();
        int col = loc.getColumnNr();
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Entry> entries = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    JsonLocation kl = p.currentTokenLocation();
                    String key = p.currentName();
                    p.nextToken();
                    Node value = readValue(file, p);
                    if (entries.containsKey(key)) {
                        throw new ProjectException(file + ":" + kl.getLineNr() + ": key \"" + key
                                + "\" appears twice (first on line " + entries.get(key).line() + ")");
                    }
                    entries.put(key, new Entry(key, kl.getLineNr(), kl.getColumnNr(), value));
                }
                return new MapNode(line, col, entries);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(readValue(file, p));
                }
                return new ListNode(line, col, items);
            }
            case VALUE_STRING -> {
                return new ScalarNode(line, col, p.getText(), p.getText());
            }
            case VALUE_NUMBER_INT -> {
                Object v;
                try {
                    v = p.getLongValue();
                } catch (IOException tooBig) {
                    v = p.getText();
                }
                return new ScalarNode(line, col, v, p.getText());
            }
            case VALUE_NUMBER_FLOAT -> {
                return new ScalarNode(line, col, p.getDoubleValue(), p.getText());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new ScalarNode(line, col, t == JsonToken.VALUE_TRUE, p.getText());
            }
            case VALUE_NULL -> {
                return new ScalarNode(line, col, null, "");
            }
            default -> throw new ProjectException(file + ":" + line + ": unexpected YAML content " + t);
        }
    }
}
