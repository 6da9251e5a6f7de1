package org.ringplc.runtime;

/**
 * One row of {@code GET /api/variables}.
 *
 * @param path   the full path as declared ({@code Main.tank.level})
 * @param type   the declared type name
 * @param value  the JSON-ready value (PRODUCT.md §2)
 * @param forced true while the variable is forced
 */
public record VariableValue(String path, String type, Object value, boolean forced) {
}
