package org.ringplc.lang.sema;

/**
 * The limits of a subrange type {@code INT(0..100)} (IEC 61131-3 §6.4.4.4). The value type stays
 * the base integer type, so expressions compute as usual; only storing into a subrange variable
 * is checked, and a variable without an initial value starts at {@link #lo} (PRODUCT.md §3).
 */
public record Subrange(ElementaryType base, long lo, long hi) {

    /** True if the constant {@code v} lies within the limits. */
    public boolean contains(java.math.BigInteger v) {
        return v.compareTo(java.math.BigInteger.valueOf(lo)) >= 0 && v.compareTo(java.math.BigInteger.valueOf(hi)) <= 0;
    }

    public String text() {
        return lo + ".." + hi;
    }
}
