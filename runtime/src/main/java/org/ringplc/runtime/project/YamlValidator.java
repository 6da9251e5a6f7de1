package org.ringplc.runtime.project;

import java.util.List;
import java.util.regex.Pattern;
import org.ringplc.runtime.project.YamlTree.Entry;
import org.ringplc.runtime.project.YamlTree.ListNode;
import org.ringplc.runtime.project.YamlTree.MapNode;
import org.ringplc.runtime.project.YamlTree.Node;
import org.ringplc.runtime.project.YamlTree.ScalarNode;

/**
 * The typed reads of a {@link YamlTree} that the {@code project.yaml} parsers share: each takes a
 * node or a mapping's field, returns its value when it has the expected shape, and otherwise adds
 * one problem {@code file:line: key.path: what is wrong} to the list and returns a fallback, so that
 * parsing goes on and a person sees every problem of the file at once.
 *
 * <p>A base class rather than a helper object, so that the schema code of its subclasses reads as
 * {@code duration(m, key, "timeout", 1s)}; the problem list may be shared by several of them (the
 * driver parser adds to the project parser's).
 */
abstract sealed class YamlValidator permits ProjectConfigParser, IoDriverParser {
    /** Task, instance, driver and device names: identifier-like, and safe in paths and log lines. */
    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    protected final String file;
    protected final List<String> problems;
    /** What a wrong duration is told, with examples at the scale the subclass's keys use. */
    private final String durationHint;

    /**
     * @param file         the file as messages name it
     * @param problems     where problems are added
     * @param durationHint appended to a quoted value that is not a duration, e.g. " is not a duration (write 10ms, ...)"
     */
    YamlValidator(String file, List<String> problems, String durationHint) {
        this.file = file;
        this.problems = problems;
        this.durationHint = durationHint;
    }

    /** Reports every key of {@code m} that is not one of {@code keys}, with the list of the known ones. */
    void known(MapNode m, String prefix, String... keys) {
        List<String> list = List.of(keys);
        for (Entry e : m.entries().values()) {
            if (!list.contains(e.key())) {
                problems.add(file + ":" + e.line() + ": " + prefix + e.key() + ": unknown key (known keys: "
                        + String.join(", ", list) + ")");
            }
        }
    }

    MapNode map(Node node, String key) {
        if (node instanceof MapNode m) {
            return m;
        }
        problem(node, key, "expected a mapping of key: value lines");
        return null;
    }

    ListNode list(Node node, String key) {
        if (node instanceof ListNode l) {
            return l;
        }
        problem(node, key, "expected a list ([a, b] or lines starting with -)");
        return null;
    }

    /** A list, or a single scalar read as a list of one ({@code sources: main.st}). */
    ListNode listOrSingle(Node node, String key) {
        if (node instanceof ScalarNode s && s.value() != null) {
            return new ListNode(s.line(), s.column(), List.of(s));
        }
        return list(node, key);
    }

    String required(MapNode m, String key, String field) {
        if (!m.entries().containsKey(field)) {
            problem(m, key + "." + field, "missing");
            return null;
        }
        return string(m, key + ".", field, null);
    }

    String string(MapNode m, String prefix, String field, String fallback) {
        Entry e = m.entries().get(field);
        if (e == null) {
            return fallback;
        }
        if (e.value() instanceof ScalarNode s && s.value() != null && !(s.value() instanceof Boolean) && !s.text().isBlank()) {
            return s.text();
        }
        problem(e.value(), prefix + field, "expected a text value");
        return fallback;
    }

    /** True when {@code name} is a valid {@link #NAME}; else reports it at {@code node}. */
    boolean checkName(Node node, String key, String name) {
        if (NAME.matcher(name).matches()) {
            return true;
        }
        problem(node, key, "\"" + name + "\" is not a valid name");
        return false;
    }

    boolean bool(MapNode m, String key, String field, boolean fallback) {
        Entry e = m.entries().get(field);
        if (e == null) {
            return fallback;
        }
        if (e.value() instanceof ScalarNode s && s.value() instanceof Boolean b) {
            return b;
        }
        problem(e.value(), key + "." + field, quote(e.value()) + " is not true or false");
        return fallback;
    }

    /** Nanoseconds of a positive duration; {@code fallback} when absent, -1 after a problem. */
    long duration(MapNode m, String key, String field, long fallback) {
        Entry e = m.entries().get(field);
        if (e == null) {
            return fallback;
        }
        long nanos = e.value() instanceof ScalarNode s && s.value() instanceof String ? Durations.parseNanos(s.text()) : -1;
        if (nanos <= 0) {
            notADuration(e.value(), key + "." + field);
            return -1;
        }
        return nanos;
    }

    void notADuration(Node node, String key) {
        problem(node, key, quote(node) + durationHint);
    }

    long integer(MapNode m, String key, String field, long fallback, long min, long max) {
        Entry e = m.entries().get(field);
        if (e == null) {
            return fallback;
        }
        if (e.value() instanceof ScalarNode s && s.value() instanceof Long v) {
            if (v >= min && v <= max) {
                return v;
            }
            problem(e.value(), key + "." + field, v + " is out of range " + min + ".." + max);
            return fallback;
        }
        problem(e.value(), key + "." + field, quote(e.value()) + " is not a whole number");
        return fallback;
    }

    /** A value as messages show it: quoted text, a bare number or boolean, "(empty)", "a list" or "a mapping". */
    static String quote(Node node) {
        if (node instanceof ScalarNode s) {
            return s.value() instanceof String ? "\"" + s.text() + "\"" : s.text().isEmpty() ? "(empty)" : s.text();
        }
        return node instanceof ListNode ? "a list" : "a mapping";
    }

    void problem(Node node, String key, String message) {
        problems.add(file + ":" + node.line() + ": " + key + ": " + message);
    }
}
