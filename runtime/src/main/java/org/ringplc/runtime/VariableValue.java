package org.ringplc.runtime;

/**
 * One row of {@code GET /api/variables}.
 *
 * @param path    the full path as declared ({@code Main.tank.level})
 * @param type    the declared type name
 * @param value   the JSON-ready value (PRODUCT.md §2)
 * @param forced  true while the variable is forced
 * @param address the {@code AT} address of a located variable ({@code "%QX0.1"}), or null; the web
 *                edge asks before writing or forcing a physical output ({@code %Q})
 * @param kind    the declaration section of the leaf's own declaration (INPUT, OUTPUT, IN_OUT,
 *                LOCAL, TEMP, GLOBAL, EXTERNAL; for {@code Main.fb.Q} that of {@code Q} in the
 *                FB), or null when unknown
 */
public record VariableValue(String path, String type, Object value, boolean forced, String address, String kind) {

    /** A row without declaration details (no address, kind unknown). */
    public VariableValue(String path, String type, Object value, boolean forced) {
        this(path, type, value, forced, null, null);
    }
}
