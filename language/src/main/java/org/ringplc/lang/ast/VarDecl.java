package org.ringplc.lang.ast;

import org.ringplc.lang.diag.SourceSpan;
import org.ringplc.lang.program.VariableDescriptor.VarKind;

/**
 * One declared variable ({@code a, b : INT;} gives two), with its section, qualifiers, optional
 * {@code AT} address (as written, checked in sema) and initial value.
 */
public record VarDecl(SourceSpan span, String name, VarKind kind, boolean constant, boolean retain,
                      String address, SourceSpan addressSpan, TypeRef type, Initializer init) {
}
