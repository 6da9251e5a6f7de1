package org.ringplc.lang.sema;

import org.ringplc.lang.ast.VarDecl;
import org.ringplc.lang.program.IoAddress;
import org.ringplc.lang.program.VariableDescriptor.VarKind;

/**
 * A declared variable with its resolved type and where it lives: a field of the POU instance,
 * a field of the globals instance, or (in functions) a JVM local.
 */
public record VarSymbol(String name, Type type, VarKind kind, VarDecl decl, Storage storage, IoAddress address) {

    /** Where the generated code finds the variable. */
    public enum Storage {
        /** a field of {@code this} (PROGRAM and FUNCTION_BLOCK variables) */
        FIELD,
        /** a field of the globals instance */
        GLOBAL,
        /** a local variable or parameter of a FUNCTION's static method */
        LOCAL
    }

    public boolean isConstant() {
        return decl != null && decl.constant();
    }
}
