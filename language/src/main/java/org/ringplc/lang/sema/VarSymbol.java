package org.ringplc.lang.sema;

import org.ringplc.lang.ast.VarDecl;
import org.ringplc.lang.program.IoAddress;
import org.ringplc.lang.program.VariableDescriptor.VarKind;

/**
 * A declared variable with its resolved type and where it lives: a field of the POU instance,
 * a field of the globals instance, or (in functions) a JVM local. {@code jvmName} is the field's
 * name: the variable's own, except for a method's VAR_INST, which is a field of the function
 * block named after the method ({@code inst$Method$name}) so two methods may each have one of a
 * name and neither clashes with the block's variables.
 */
public record VarSymbol(String name, Type type, VarKind kind, VarDecl decl, Storage storage, IoAddress address, String jvmName) {

    public VarSymbol(String name, Type type, VarKind kind, VarDecl decl, Storage storage, IoAddress address) {
        this(name, type, kind, decl, storage, address, name);
    }

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
