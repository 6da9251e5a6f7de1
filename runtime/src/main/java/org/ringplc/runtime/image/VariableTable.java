package org.ringplc.runtime.image;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ringplc.lang.program.VariableDescriptor;

/**
 * Every elementary variable of a running project by full path, in a fixed order (globals first,
 * then each task's instances in execution order). Built once when the project is instantiated and
 * immutable afterwards, so any thread may read it. Paths match case-insensitively, as ST names do.
 */
public final class VariableTable {
    private final List<Leaf> leaves;
    private final Map<String, Leaf> byPath;

    private VariableTable(List<Leaf> leaves) {
        this.leaves = Collections.unmodifiableList(leaves);
        this.byPath = new HashMap<>();
        for (Leaf l : leaves) {
            byPath.putIfAbsent(key(l.path()), l);
        }
    }

    /** Collects leaves in order; each added descriptor's path must already be the full path. */
    public static final class Builder {
        private final List<Leaf> leaves = new ArrayList<>();

        public Builder add(VariableDescriptor d, int owner) {
            leaves.add(new Leaf(leaves.size(), d.path(), d, owner));
            return this;
        }

        public VariableTable build() {
            return new VariableTable(leaves);
        }
    }

    public List<Leaf> leaves() {
        return leaves;
    }

    public int size() {
        return leaves.size();
    }

    public Leaf get(int index) {
        return leaves.get(index);
    }

    /** The leaf at {@code path} (any case), or null. */
    public Leaf find(String path) {
        return path == null ? null : byPath.get(key(path));
    }

    /** The leaves whose path starts with {@code prefix} (any case), in table order. */
    public List<Leaf> withPrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return leaves;
        }
        String p = key(prefix);
        return leaves.stream().filter(l -> key(l.path()).startsWith(p)).toList();
    }

    private static String key(String path) {
        return path.trim().replace(" ", "").toLowerCase(Locale.ROOT);
    }
}
