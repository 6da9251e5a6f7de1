package org.ringplc.lang.sema;

import java.util.List;

/**
 * A user enumeration {@code (IDLE, RUNNING := 5)}: values are DINT-sized integers; the initial
 * value is the declared one or the first element.
 */
public record EnumType(String name, List<String> elements, long[] values, long initial) implements Type {

    /** The value of the element named {@code element} (case-insensitive), or null. */
    public Long valueOf(String element) {
        for (int i = 0; i < elements.size(); i++) {
            if (elements.get(i).equalsIgnoreCase(element)) {
                return values[i];
            }
        }
        return null;
    }
}
