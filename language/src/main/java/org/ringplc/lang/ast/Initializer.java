package org.ringplc.lang.ast;

import java.util.List;
import org.ringplc.lang.diag.SourceSpan;

/** The initial value of a declaration: an expression, {@code [1, 2, 3(0)]} or {@code (a := 1, b := 2)}. */
public sealed interface Initializer {
    SourceSpan span();

    record Value(SourceSpan span, Expression expression) implements Initializer {
    }

    /** {@code [1, 2, 10(0)]}: {@code count} repeats an element ({@code 10(0)}); 1 otherwise. */
    record ArrayInit(SourceSpan span, List<Repeated> elements) implements Initializer {
    }

    record Repeated(int count, Initializer value) {
    }

    record StructInit(SourceSpan span, List<FieldInit> fields) implements Initializer {
    }

    record FieldInit(SourceSpan span, String name, Initializer value) {
    }
}
