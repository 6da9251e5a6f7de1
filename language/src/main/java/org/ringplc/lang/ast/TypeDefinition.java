package org.ringplc.lang.ast;

import java.util.List;
import org.ringplc.lang.diag.SourceSpan;

/** A user type of a {@code TYPE ... END_TYPE} block (IEC 61131-3 §6.4.4). */
public sealed interface TypeDefinition {
    SourceSpan span();

    String name();

    record Struct(SourceSpan span, String name, List<VarDecl> fields) implements TypeDefinition {
    }

    /** {@code (IDLE, RUNNING := 5)}; values null where the element takes the previous + 1. */
    record Enumeration(SourceSpan span, String name, List<Element> elements, String initial) implements TypeDefinition {
    }

    record Element(SourceSpan span, String name, Expression value) {
    }

    /** {@code TYPE T_Level : INT(0..100) := 50; END_TYPE} and other derived types. */
    record Alias(SourceSpan span, String name, TypeRef type, Initializer init) implements TypeDefinition {
    }
}
