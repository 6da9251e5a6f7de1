package org.ringplc.lang.ast;

import java.util.List;
import org.ringplc.lang.diag.SourceSpan;

/**
 * A program organisation unit (IEC 61131-3 §6.6): PROGRAM, FUNCTION_BLOCK or FUNCTION, with its
 * declarations and ST body. {@code resultType} is only set for functions; {@code parts} holds a
 * function block's methods, properties, base and interfaces.
 */
public record Pou(SourceSpan span, Kind kind, String name, TypeRef resultType, List<VarDecl> vars,
                  List<Statement> body, ObjectParts parts) {
    /** A POU without object-oriented parts. */
    public Pou(SourceSpan span, Kind kind, String name, TypeRef resultType, List<VarDecl> vars, List<Statement> body) {
        this(span, kind, name, resultType, vars, body, ObjectParts.NONE);
    }

    public enum Kind { PROGRAM, FUNCTION_BLOCK, FUNCTION }
}
