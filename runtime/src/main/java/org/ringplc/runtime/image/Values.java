package org.ringplc.runtime.image;

import java.util.List;
import org.ringplc.lang.program.TextAccessor;
import org.ringplc.lang.program.ValueFormat;
import org.ringplc.lang.program.ValueFormatException;
import org.ringplc.runtime.ValueRejectedException;

/**
 * The edge between values from outside (JSON values, IEC literals) and the raw form the scan
 * thread applies: path lookup with a helpful message, parsing with the path and type in every
 * rejection (PRODUCT.md §2). Never called on a scan thread.
 */
public final class Values {
    /** How many candidate names an "unknown variable" message lists before "...". */
    private static final int SUGGESTIONS = 8;

    /**
     * A parsed value ready for the scan thread: the raw form, or the text for STRING/WSTRING.
     *
     * @param raw  the raw value (0 for text)
     * @param text the text value, or null
     */
    public record Parsed(long raw, String text) {
    }

    private Values() {
    }

    /** The leaf at {@code path}, or a rejection naming the path and, where possible, nearby names. */
    public static Leaf resolve(VariableTable table, String path) throws ValueRejectedException {
        if (path == null || path.isBlank()) {
            throw new ValueRejectedException("a variable path is required (e.g. Main.speed)");
        }
        Leaf leaf = table.find(path);
        if (leaf != null) {
            return leaf;
        }
        String p = path.trim();
        int dot = p.lastIndexOf('.');
        String parent = dot > 0 ? p.substring(0, dot + 1) : "";
        List<String> near = table.withPrefix(parent).stream().map(Leaf::path).limit(SUGGESTIONS + 1L).toList();
        String hint = "";
        if (!parent.isEmpty() && !near.isEmpty()) {
            hint = " (" + parent.substring(0, parent.length() - 1) + " has: "
                    + String.join(", ", near.stream().limit(SUGGESTIONS).map(n -> n.substring(parent.length())).toList())
                    + (near.size() > SUGGESTIONS ? ", ..." : "") + ")";
        } else if (dot < 0 && table.size() > 0) {
            hint = " (program variables are written Instance.variable, e.g. " + table.leaves().stream()
                    .filter(l -> !l.isGlobal()).map(Leaf::path).findFirst().orElse(table.get(0).path()) + ")";
        }
        throw new ValueRejectedException("unknown variable \"" + p + "\"" + hint);
    }

    /**
     * The leaves {@code paths} name, in that order: a path of an elementary variable gives its
     * leaf, the path of an FB instance, struct or array gives all its members. Empty: every leaf.
     */
    public static List<Leaf> select(VariableTable table, List<String> paths) throws ValueRejectedException {
        if (paths == null || paths.isEmpty()) {
            return table.leaves();
        }
        List<Leaf> out = new java.util.ArrayList<>();
        for (String p : paths) {
            Leaf exact = p == null ? null : table.find(p);
            if (exact != null) {
                out.add(exact);
                continue;
            }
            List<Leaf> members = p == null ? List.of() : table.withPrefix(p.trim() + ".");
            List<Leaf> elements = p == null ? List.of() : table.withPrefix(p.trim() + "[");
            if (members.isEmpty() && elements.isEmpty()) {
                resolve(table, p);
            }
            out.addAll(members);
            out.addAll(elements);
        }
        return out;
    }

    /** Parses {@code value} for {@code leaf}; nothing is applied. */
    public static Parsed parse(Leaf leaf, Object value) throws ValueRejectedException {
        var d = leaf.descriptor();
        try {
            if (d.type().isText()) {
                return new Parsed(0, ValueFormat.parseText(d, value));
            }
            return new Parsed(ValueFormat.parse(d, value), null);
        } catch (ValueFormatException e) {
            throw new ValueRejectedException(leaf.path() + " is " + d.typeName() + ": " + e.getMessage());
        }
    }

    /** The JSON-ready value of a raw value (or text, for STRING/WSTRING). */
    public static Object toJson(Leaf leaf, long raw, String text) {
        return leaf.isText() ? text : ValueFormat.toJson(leaf.descriptor(), raw);
    }

    /** The IEC literal of a raw value (or text, for STRING/WSTRING). */
    public static String toLiteral(Leaf leaf, long raw, String text) {
        if (leaf.isText()) {
            char q = leaf.descriptor().type().name().startsWith("W") ? '"' : '\'';
            return q + (text == null ? "" : text.replace("$", "$$").replace(String.valueOf(q), "$" + q)) + q;
        }
        return ValueFormat.toLiteral(leaf.descriptor(), raw);
    }

    /** Reads the live value of {@code leaf} as JSON; only on the thread that owns it. */
    public static Object readJson(Leaf leaf) {
        var d = leaf.descriptor();
        return leaf.isText() ? ((TextAccessor) d.access()).getText() : ValueFormat.toJson(d, d.access().get());
    }

    /** Applies a parsed value to the live variable; only on the thread that owns it. */
    public static void apply(Leaf leaf, Parsed value) {
        if (leaf.isText()) {
            ((TextAccessor) leaf.descriptor().access()).setText(value.text());
        } else {
            leaf.descriptor().access().set(value.raw());
        }
    }
}
