package org.ringplc.lang.ast;

import java.util.List;
import org.ringplc.lang.diag.SourceSpan;

/**
 * The object-oriented parts of a FUNCTION_BLOCK (IEC 61131-3 ed. 3 §6.6.5): the base it EXTENDS,
 * the interfaces it IMPLEMENTS, its METHODs and PROPERTYs (as CODESYS writes them), and whether
 * it is ABSTRACT or FINAL.
 */
public record ObjectParts(String base, List<String> interfaces, List<Method> methods, List<Property> properties,
                          boolean isAbstract, boolean isFinal) {
    public static final ObjectParts NONE = new ObjectParts(null, List.of(), List.of(), List.of(), false, false);

    /**
     * {@code METHOD [access] [ABSTRACT|FINAL|OVERRIDE] Name : Result ... END_METHOD}; a prototype in
     * an INTERFACE has {@code body} null. {@code instanceVars} are its {@code VAR_INST} (CODESYS):
     * variables of the method that live in the function block instance, so they keep their value
     * between calls, unlike the method's {@code VAR} temporaries in {@code vars}.
     */
    public record Method(SourceSpan span, String name, String access, TypeRef resultType, List<VarDecl> vars,
                         List<Statement> body, boolean isAbstract, boolean isFinal, List<VarDecl> instanceVars) {
        /** A method, prototype or property accessor without VAR_INST. */
        public Method(SourceSpan span, String name, String access, TypeRef resultType, List<VarDecl> vars,
                      List<Statement> body, boolean isAbstract, boolean isFinal) {
            this(span, name, access, resultType, vars, body, isAbstract, isFinal, List.of());
        }
    }

    /** {@code PROPERTY Name : T  GET ... END_GET  SET ... END_SET  END_PROPERTY}; a missing accessor is null. */
    public record Property(SourceSpan span, String name, String access, TypeRef type, Method getter, Method setter) {
    }

    /** {@code INTERFACE Name EXTENDS A, B  METHOD ... END_METHOD ... END_INTERFACE}. */
    public record Interface(SourceSpan span, String name, List<String> bases, List<Method> methods,
                            List<Property> properties) {
    }
}
