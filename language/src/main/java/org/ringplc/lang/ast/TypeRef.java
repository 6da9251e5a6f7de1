package org.ringplc.lang.ast;

import java.util.List;
import org.ringplc.lang.diag.SourceSpan;

/** A type as written in a declaration: a name, {@code ARRAY[..] OF ...}, {@code STRING[n]} or a subrange. */
public sealed interface TypeRef {
    SourceSpan span();

    record Named(SourceSpan span, String name) implements TypeRef {
    }

    record Array(SourceSpan span, List<Dimension> dimensions, TypeRef element) implements TypeRef {
    }

    /** {@code lo..hi} of one array dimension; bounds are constant expressions. */
    record Dimension(Expression lo, Expression hi) {
    }

    /** {@code STRING}, {@code STRING[20]}; {@code length} null for the default. */
    record Text(SourceSpan span, boolean wide, Expression length) implements TypeRef {
    }

    /** {@code REF_TO T}: a reference to a variable of type T (IEC 61131-3 ed. 3 §6.4.4.10). */
    record Reference(SourceSpan span, TypeRef target) implements TypeRef {
    }

    /** {@code INT(0..100)}. */
    record Subrange(SourceSpan span, String base, Expression lo, Expression hi) implements TypeRef {
    }
}
