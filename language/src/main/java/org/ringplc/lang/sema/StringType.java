package org.ringplc.lang.sema;

/** {@code STRING[n]} or {@code WSTRING[n]}; values longer than {@code length} are cut on assignment. */
public record StringType(int length, boolean wide) implements Type {
    public static final int DEFAULT_LENGTH = 80;

    @Override
    public String name() {
        String base = wide ? "WSTRING" : "STRING";
        return length == DEFAULT_LENGTH ? base : base + "[" + length + "]";
    }
}
