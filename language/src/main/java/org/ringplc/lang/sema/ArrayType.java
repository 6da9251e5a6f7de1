package org.ringplc.lang.sema;

import java.util.List;

/**
 * {@code ARRAY[lo..hi, ...] OF T}. Multi-dimensional arrays are one flat JVM array in row-major
 * order, so every dimension keeps its bounds for index checks and paths ({@code m[1,2]}).
 */
public record ArrayType(Type element, List<Dim> dims) implements Type {

    /** One dimension's inclusive bounds. */
    public record Dim(int lo, int hi) {
        public int length() {
            return hi - lo + 1;
        }
    }

    public int length() {
        int n = 1;
        for (Dim d : dims) {
            n *= d.length();
        }
        return n;
    }

    @Override
    public String name() {
        StringBuilder sb = new StringBuilder("ARRAY[");
        for (int i = 0; i < dims.size(); i++) {
            sb.append(i > 0 ? ", " : "").append(dims.get(i).lo()).append("..").append(dims.get(i).hi());
        }
        return sb.append("] OF ").append(element.name()).toString();
    }
}
