package org.ringplc.lang.sema;

/** {@code STRING[n]} or {@code WSTRING[n]}; values longer than {@code length} are cut on assignment. */
public record StringType(int length, boolean wide) implements Type {
    public static final int DEFAULT_LENGTH = 80;
    /** The length of the results of string functions: the longest a STRING can be; the store cuts it. */
    public static final int MAX_LENGTH = 65535;

    @Override
    public String name() {
        String base = wide ? "WSTRING" : "STRING";
        return length == DEFAULT_LENGTH ? base : base + "[" + length + "]";
    }
}
