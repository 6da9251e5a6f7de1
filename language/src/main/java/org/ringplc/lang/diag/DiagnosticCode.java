package org.ringplc.lang.diag;

/**
 * Stable identifiers of every diagnostic the compiler can report. Tests and the editor key on
 * these, never on message text; add new codes at the end of their group.
 */
public enum DiagnosticCode {
    // lexical and syntax
    SYNTAX_ERROR,
    // declarations and names
    UNDEFINED_NAME,
    UNDEFINED_TYPE,
    DUPLICATE_DECLARATION,
    // types
    TYPE_MISMATCH,
    IMPLICIT_NARROWING,
    NOT_ASSIGNABLE,
    // calls
    UNKNOWN_PARAMETER,
    WRONG_ARGUMENT_COUNT,
    NOT_CALLABLE,
    // configuration
    INVALID_ADDRESS,
    INVALID_CONFIGURATION,
    UNSUPPORTED,
    // project files
    PROJECT_ERROR,
    // the compiler itself: a bug, never expected output of a test
    INTERNAL_ERROR,
}
