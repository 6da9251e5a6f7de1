package org.ringplc.lang.diag;

import java.util.List;

/**
 * The wording of diagnostics: one factory per {@link DiagnosticCode}, so that a code and the way
 * its problem is told to a control engineer live in one place and read alike (what is wrong, then
 * how to fix it). Each nested class makes the diagnostics of its code; phases report them with
 * {@link Diagnostics#report(Diagnostic)}. Types are passed as the names a user reads.
 */
public final class Problems {
    private Problems() {
    }

    private static Diagnostic error(DiagnosticCode code, SourceSpan span, String message) {
        return new Diagnostic(code, Severity.ERROR, span, message);
    }

    private static String context(String what) {
        return what == null || what.isEmpty() ? "" : " " + what;
    }

    /** {@link DiagnosticCode#UNDEFINED_NAME}: a name that denotes nothing here. */
    public static final class UndefinedName {
        private UndefinedName() {
        }

        /** {@code isPou}: the name is a POU, used as if it were a variable. */
        public static Diagnostic function(SourceSpan at, String name) {
            return error(DiagnosticCode.UNDEFINED_NAME, at, "unknown function '" + name + "'");
        }

        public static Diagnostic method(SourceSpan at, String owner, String method) {
            return error(DiagnosticCode.UNDEFINED_NAME, at, owner + " has no METHOD '" + method + "'");
        }

        public static Diagnostic variable(SourceSpan at, String name, boolean isPou) {
            return error(DiagnosticCode.UNDEFINED_NAME, at, "unknown variable '" + name + "'"
                    + (isPou ? "; " + name + " is a POU, call it with ()" : ""));
        }

        public static Diagnostic enumElement(SourceSpan at, String element, String type, List<String> elements) {
            return error(DiagnosticCode.UNDEFINED_NAME, at, "'" + element + "' is not an element of " + type
                    + " (" + String.join(", ", elements) + ")");
        }

        public static Diagnostic ambiguousElement(SourceSpan at, String element, String type1, String type2) {
            return error(DiagnosticCode.UNDEFINED_NAME, at, "'" + element + "' is an element of both " + type1 + " and "
                    + type2 + ": write " + type2 + "#" + element);
        }

        public static Diagnostic member(SourceSpan at, String kind, String owner, String member) {
            return error(DiagnosticCode.UNDEFINED_NAME, at, (kind.isEmpty() ? "" : kind + " ") + owner
                    + " has no member '" + member + "'");
        }

        public static Diagnostic external(SourceSpan at, String name) {
            return error(DiagnosticCode.UNDEFINED_NAME, at, "VAR_EXTERNAL '" + name
                    + "' has no VAR_GLOBAL of that name; declare it in a VAR_GLOBAL block");
        }

        public static Diagnostic initialElement(SourceSpan at, String element, String type) {
            return error(DiagnosticCode.UNDEFINED_NAME, at, "initial value '" + element + "' is not an element of " + type);
        }

        /** A function block lacks what its interface or abstract base asks for. */
        public static Diagnostic missingImplementation(SourceSpan at, String fb, String what, String of) {
            return error(DiagnosticCode.UNDEFINED_NAME, at, fb + " must implement " + what + " of " + of);
        }

        public static Diagnostic noSuper(SourceSpan at, String fb) {
            return error(DiagnosticCode.UNDEFINED_NAME, at, fb + " EXTENDS no function block, so it has no SUPER");
        }
    }

    /** {@link DiagnosticCode#UNDEFINED_TYPE}: a type name that denotes no type. */
    public static final class UndefinedType {
        private UndefinedType() {
        }

        public static Diagnostic type(SourceSpan at, String name) {
            return error(DiagnosticCode.UNDEFINED_TYPE, at, "unknown type '" + name + "'");
        }

        public static Diagnostic literalPrefix(SourceSpan at, String prefix) {
            return error(DiagnosticCode.UNDEFINED_TYPE, at, "'" + prefix + "#' is not a numeric type prefix");
        }

        /** {@code what}: "an INTERFACE", "a FUNCTION_BLOCK written in ST that X can extend", ... */
        public static Diagnostic notA(SourceSpan at, String name, String what) {
            return error(DiagnosticCode.UNDEFINED_TYPE, at, "'" + name + "' is not " + what);
        }

        public static Diagnostic notEnumeration(SourceSpan at, String name) {
            return error(DiagnosticCode.UNDEFINED_TYPE, at, "'" + name + "' is not an enumeration type");
        }
    }

    /** {@link DiagnosticCode#TYPE_MISMATCH}: a value of the wrong type, or a constant that does not fit. */
    public static final class TypeMismatch {
        private TypeMismatch() {
        }

        /** {@code what}: where the value is used ("as the initial value", "for input IN"), may be empty. */
        public static Diagnostic expected(SourceSpan at, String want, String what, String actual) {
            return error(DiagnosticCode.TYPE_MISMATCH, at, "expected " + want + context(what) + ", but this is " + actual);
        }

        public static Diagnostic constantDoesNotFit(SourceSpan at, String constant, String type, String what) {
            return error(DiagnosticCode.TYPE_MISMATCH, at, "the constant " + constant + " does not fit " + type + context(what));
        }

        public static Diagnostic literalOutOfRange(SourceSpan at, String value, String type, String min, String max) {
            return error(DiagnosticCode.TYPE_MISMATCH, at, value + " is out of range " + min + ".." + max + " for " + type);
        }

        public static Diagnostic realLiteralPrefix(SourceSpan at, String prefix) {
            return error(DiagnosticCode.TYPE_MISMATCH, at, "a real number cannot be a " + prefix + " literal");
        }

        /** {@code hint}: a conversion call that would make the operands meet. */
        public static Diagnostic operands(SourceSpan at, String op, String left, String right, String hint) {
            return error(DiagnosticCode.TYPE_MISMATCH, at, "'" + op + "' cannot combine " + left + " and " + right
                    + ": convert one side, e.g. " + hint);
        }

        /** {@code needs}: what the operator takes ("numbers", "BOOL or bit strings"). */
        public static Diagnostic operator(SourceSpan at, String op, String needs, String actual) {
            return error(DiagnosticCode.TYPE_MISMATCH, at, op + " needs " + needs + ", but this is " + actual);
        }

        public static Diagnostic notComparable(SourceSpan at, String op, String type) {
            return error(DiagnosticCode.TYPE_MISMATCH, at, "'" + op + "' cannot compare " + type);
        }

        public static Diagnostic condition(SourceSpan at, String statement, String actual) {
            return error(DiagnosticCode.TYPE_MISMATCH, at, "the " + statement + " condition must be BOOL, not " + actual);
        }

        public static Diagnostic noBit(SourceSpan at, int bit, String type) {
            return error(DiagnosticCode.TYPE_MISMATCH, at, "bit ." + bit + " does not exist in " + type);
        }

        public static Diagnostic indexOutOfBounds(SourceSpan at, String index, int lo, int hi) {
            return error(DiagnosticCode.TYPE_MISMATCH, at, "index " + index + " is outside the bounds " + lo + ".." + hi);
        }

        public static Diagnostic divisionByZero(SourceSpan at) {
            return error(DiagnosticCode.TYPE_MISMATCH, at, "division by zero in a constant expression");
        }

        public static Diagnostic notConstant(SourceSpan at, String what) {
            return error(DiagnosticCode.TYPE_MISMATCH, at, what + " must be a constant");
        }

        public static Diagnostic outsideSubrange(SourceSpan at, String value, String range, String variable) {
            return error(DiagnosticCode.TYPE_MISMATCH, at, "the constant " + value + " is outside the subrange " + range
                    + " of " + variable);
        }

        public static Diagnostic initialOutsideSubrange(SourceSpan at, String value, String range, String variable) {
            return error(DiagnosticCode.TYPE_MISMATCH, at, "the initial value " + value + " is outside the subrange "
                    + range + " of " + variable);
        }

        public static Diagnostic externalType(SourceSpan at, String name, String declared, String global) {
            return error(DiagnosticCode.TYPE_MISMATCH, at, "VAR_EXTERNAL '" + name + "' is " + declared
                    + " but the VAR_GLOBAL is " + global);
        }

        /** {@code initialiser}: '[...]' or '(a := ...)'; {@code kind}: "an array" or "a STRUCT". */
        public static Diagnostic initialiser(SourceSpan at, String initialiser, String kind, String actual) {
            return error(DiagnosticCode.TYPE_MISMATCH, at, "'" + initialiser + "' initialises " + kind + ", but this is " + actual);
        }

        public static Diagnostic tooManyInitialValues(SourceSpan at, int given, int length) {
            return error(DiagnosticCode.TYPE_MISMATCH, at, given + " initial values for an array of " + length);
        }

        public static Diagnostic caseSelector(SourceSpan at, String actual) {
            return error(DiagnosticCode.TYPE_MISMATCH, at, "the CASE selector must be an integer or an enumeration, not " + actual);
        }

        public static Diagnostic forControl(SourceSpan at, String actual) {
            return error(DiagnosticCode.TYPE_MISMATCH, at, "the FOR control variable must be an integer variable, not " + actual);
        }

        public static Diagnostic zeroStep(SourceSpan at) {
            return error(DiagnosticCode.TYPE_MISMATCH, at, "a FOR step of 0 never ends");
        }

        public static Diagnostic outputTarget(SourceSpan at, String output, String outputType, String target) {
            return error(DiagnosticCode.TYPE_MISMATCH, at, "output " + output + " is " + outputType + " but the variable is " + target);
        }

        public static Diagnostic inOutArgument(SourceSpan at, String param, String type, String actual) {
            return error(DiagnosticCode.TYPE_MISMATCH, at, "VAR_IN_OUT " + param + " is " + type
                    + " and needs a variable of exactly that type, but this is " + actual);
        }

        /** A standard function given an argument it cannot take; {@code needs} says what it takes. */
        public static Diagnostic argument(SourceSpan at, String function, String needs, String actual) {
            return error(DiagnosticCode.TYPE_MISMATCH, at, function + " needs " + needs + ", but this is " + actual);
        }

        public static Diagnostic mixedWidths(SourceSpan at, String function) {
            return error(DiagnosticCode.TYPE_MISMATCH, at, function
                    + " cannot mix STRING and WSTRING; convert one with WSTRING_TO_STRING or STRING_TO_WSTRING");
        }

        public static Diagnostic noResult(SourceSpan at, String method) {
            return error(DiagnosticCode.TYPE_MISMATCH, at, "METHOD " + method + " returns no value to use here");
        }

        public static Diagnostic notConstantInteger(SourceSpan at) {
            return error(DiagnosticCode.TYPE_MISMATCH, at, "expected a constant integer here");
        }

        public static Diagnostic badBounds(SourceSpan at, String what, String lo, String hi, String limits) {
            return error(DiagnosticCode.TYPE_MISMATCH, at, what + " " + lo + ".." + hi + " " + limits);
        }

        public static Diagnostic stringLength(SourceSpan at) {
            return error(DiagnosticCode.TYPE_MISMATCH, at, "a string length must be 1..65535");
        }

        public static Diagnostic inOutInitialValue(SourceSpan at) {
            return error(DiagnosticCode.TYPE_MISMATCH, at, "a VAR_IN_OUT has no initial value: it stands for the variable the caller connects");
        }

        public static Diagnostic abstractInstance(SourceSpan at, String fb) {
            return error(DiagnosticCode.TYPE_MISMATCH, at, fb + " is ABSTRACT: declare an instance of a function block that extends it");
        }

        /** A rule of EXTENDS, OVERRIDE or IMPLEMENTS broken; {@code rule} says which and how. */
        public static Diagnostic objectRule(SourceSpan at, String rule) {
            return error(DiagnosticCode.TYPE_MISMATCH, at, rule);
        }
    }

    /** {@link DiagnosticCode#IMPLICIT_NARROWING}: a conversion that may lose information, written as none. */
    public static final class ImplicitNarrowing {
        private ImplicitNarrowing() {
        }

        public static Diagnostic of(SourceSpan at, String from, String to, String what) {
            return error(DiagnosticCode.IMPLICIT_NARROWING, at, "cannot use " + from + " as " + to + context(what)
                    + " implicitly, it may lose information; use " + from + "_TO_" + to + "(...)");
        }
    }

    /** {@link DiagnosticCode#NOT_ASSIGNABLE}: a write to something that cannot be written. */
    public static final class NotAssignable {
        private NotAssignable() {
        }

        public static Diagnostic notVariable(SourceSpan at) {
            return error(DiagnosticCode.NOT_ASSIGNABLE, at, "this is not a variable that can be assigned");
        }

        public static Diagnostic constant(SourceSpan at, String name) {
            return error(DiagnosticCode.NOT_ASSIGNABLE, at, "'" + name + "' is a CONSTANT");
        }

        public static Diagnostic externalConstant(SourceSpan at, String name) {
            return error(DiagnosticCode.NOT_ASSIGNABLE, at, "'" + name + "' is a VAR_EXTERNAL CONSTANT");
        }

        public static Diagnostic notAVariable(SourceSpan at, String what) {
            return error(DiagnosticCode.NOT_ASSIGNABLE, at, what + " needs a variable, not an expression");
        }

        public static Diagnostic externalNotConstant(SourceSpan at, String name) {
            return error(DiagnosticCode.NOT_ASSIGNABLE, at, "the VAR_GLOBAL '" + name
                    + "' is CONSTANT: declare it VAR_EXTERNAL CONSTANT");
        }

        public static Diagnostic fbOutput(SourceSpan at, String member, String fb) {
            return error(DiagnosticCode.NOT_ASSIGNABLE, at, "'" + member + "' is an output of " + fb
                    + "; only the function block itself writes it");
        }

        public static Diagnostic functionBlock(SourceSpan at) {
            return error(DiagnosticCode.NOT_ASSIGNABLE, at, "a function block instance cannot be assigned");
        }

        public static Diagnostic property(SourceSpan at, String name, boolean hasGet) {
            return error(DiagnosticCode.NOT_ASSIGNABLE, at, "PROPERTY " + name + (hasGet
                    ? " has no SET: it can only be read" : " has no GET: it can only be written"));
        }
    }

    /** {@link DiagnosticCode#DUPLICATE_DECLARATION}: a name declared (or a parameter given) twice. */
    public static final class DuplicateDeclaration {
        private DuplicateDeclaration() {
        }

        public static Diagnostic in(SourceSpan at, String name, String scope) {
            return error(DiagnosticCode.DUPLICATE_DECLARATION, at, "'" + name + "' is already declared in " + scope);
        }

        public static Diagnostic global(SourceSpan at, String name) {
            return error(DiagnosticCode.DUPLICATE_DECLARATION, at, "'" + name + "' is already declared");
        }

        public static Diagnostic inherited(SourceSpan at, String name, String base, String fb) {
            return error(DiagnosticCode.DUPLICATE_DECLARATION, at, "'" + name + "' is already declared in " + base
                    + ", which " + fb + " extends");
        }

        /** {@code kind}: "global", "task", "program instance", "element of T", "member of STRUCT S". */
        public static Diagnostic twice(SourceSpan at, String kind, String name) {
            return error(DiagnosticCode.DUPLICATE_DECLARATION, at, kind + " '" + name + "' is declared twice");
        }

        /** A VAR_INST of {@code method} named like a variable of the function block {@code fb} (or of a base it extends). */
        public static Diagnostic instanceVar(SourceSpan at, String name, String method, String fb) {
            return error(DiagnosticCode.DUPLICATE_DECLARATION, at, "VAR_INST '" + name + "' of " + method
                    + " is already declared in " + fb + "; a VAR_INST lives in the instance beside " + fb
                    + "'s variables and needs a name of its own");
        }

        public static Diagnostic parameter(SourceSpan at, String name) {
            return error(DiagnosticCode.DUPLICATE_DECLARATION, at, "parameter '" + name + "' is given twice");
        }
    }

    /** {@link DiagnosticCode#UNKNOWN_PARAMETER}: a call names a parameter the callee does not have. */
    public static final class UnknownParameter {
        private UnknownParameter() {
        }

        /** {@code valid}: the names the callee has, listed so the user can pick the right one. */
        public static Diagnostic positionalFbArgument(SourceSpan at, String fb) {
            return error(DiagnosticCode.UNKNOWN_PARAMETER, at, "function block calls need named parameters: " + fb + "(IN := ...)");
        }

        /** The name exists but is of the other kind ({@code kind}: input, output, in-out, local). */
        public static Diagnostic wrongKind(SourceSpan at, String callee, boolean output, String name, String kind, String valid) {
            return error(DiagnosticCode.UNKNOWN_PARAMETER, at, callee + " has no " + (output ? "output" : "input") + " '"
                    + name + "' (it is " + kind + "); " + (output ? "outputs" : "inputs") + ": " + valid);
        }

        public static Diagnostic noOutputs(SourceSpan at, String callee) {
            return error(DiagnosticCode.UNKNOWN_PARAMETER, at, callee + " has no outputs");
        }

        public static Diagnostic of(SourceSpan at, String callee, boolean output, String name, String valid) {
            return error(DiagnosticCode.UNKNOWN_PARAMETER, at, callee + " has no " + (output ? "output" : "input") + " '"
                    + name + "'; " + (output ? "outputs" : "inputs") + ": " + valid);
        }
    }

    /** {@link DiagnosticCode#WRONG_ARGUMENT_COUNT}: too many or too few arguments or indices. */
    public static final class WrongArgumentCount {
        private WrongArgumentCount() {
        }

        public static Diagnostic tooMany(SourceSpan at, String callee, int takes) {
            return error(DiagnosticCode.WRONG_ARGUMENT_COUNT, at, callee + " takes " + takes + " input(s), but more are given");
        }

        public static Diagnostic indices(SourceSpan at, int dimensions, int given) {
            return error(DiagnosticCode.WRONG_ARGUMENT_COUNT, at, "the array has " + dimensions + " dimension(s) but "
                    + given + " index(es) are given");
        }

        /** {@code takes}: the count or the list of inputs, as the message should show it. */
        public static Diagnostic inputs(SourceSpan at, String callee, String takes) {
            return error(DiagnosticCode.WRONG_ARGUMENT_COUNT, at, callee + " takes " + takes);
        }

        public static Diagnostic inOutNotConnected(SourceSpan at, String param, String callee) {
            return error(DiagnosticCode.WRONG_ARGUMENT_COUNT, at, "VAR_IN_OUT " + param + " of " + callee
                    + " must be connected in every call: " + param + " := <variable>");
        }
    }

    /** {@link DiagnosticCode#NOT_CALLABLE}: a call of something that cannot be called (here). */
    public static final class NotCallable {
        private NotCallable() {
        }

        public static Diagnostic notCallable(SourceSpan at, String actual) {
            return error(DiagnosticCode.NOT_CALLABLE, at, "only function block instances and functions can be called, but this is "
                    + actual);
        }

        public static Diagnostic notAFunction(SourceSpan at, String name, String kind, boolean isFb) {
            return error(DiagnosticCode.NOT_CALLABLE, at, name + " is a " + kind + ", not a FUNCTION: "
                    + (isFb ? "declare an instance and call that" : "it cannot be called"));
        }

        public static Diagnostic noMethods(SourceSpan at, String actual) {
            return error(DiagnosticCode.NOT_CALLABLE, at, "only function blocks and interfaces have methods, but this is " + actual);
        }

        public static Diagnostic abstractSuper(SourceSpan at, String method, String owner) {
            return error(DiagnosticCode.NOT_CALLABLE, at, method + " is ABSTRACT in " + owner);
        }

        public static Diagnostic access(SourceSpan at, String owner, String method, String access) {
            return error(DiagnosticCode.NOT_CALLABLE, at, owner + "." + method + " is " + access + " and cannot be called from here");
        }
    }

    /** {@link DiagnosticCode#SYNTAX_ERROR}: text that is not Structured Text. */
    public static final class SyntaxError {
        private SyntaxError() {
        }

        public static Diagnostic of(SourceSpan at, String message) {
            return error(DiagnosticCode.SYNTAX_ERROR, at, message);
        }

        public static Diagnostic unexpectedCharacter(SourceSpan at, String text) {
            return error(DiagnosticCode.SYNTAX_ERROR, at, "unexpected character: " + text);
        }

        /** {@code context}: "after the statement ", "after the declaration " or empty. */
        public static Diagnostic missingSemicolon(SourceSpan at, String context, String found) {
            return error(DiagnosticCode.SYNTAX_ERROR, at, "expected ';' " + context + "before " + found);
        }

        /** A block ({@code IF}, {@code FOR}, ...) opened at {@code openLine} and not closed before {@code found}. */
        public static Diagnostic unclosed(SourceSpan at, String end, String opener, int openLine, String found) {
            return error(DiagnosticCode.SYNTAX_ERROR, at, "missing " + end + ": the " + opener + " of line " + openLine
                    + " is not closed before " + found);
        }

        public static Diagnostic unexpected(SourceSpan at, String found, String expected) {
            return error(DiagnosticCode.SYNTAX_ERROR, at, "unexpected " + found + (expected.isEmpty() ? "" : "; expected " + expected));
        }

        /** {@code VAR_INST} anywhere but in a METHOD of a FUNCTION_BLOCK. */
        public static Diagnostic instanceVarsOutsideMethod(SourceSpan at) {
            return error(DiagnosticCode.SYNTAX_ERROR, at, "VAR_INST is only allowed in a METHOD of a FUNCTION_BLOCK"
                    + " (its variables live in the instance); in a PROGRAM, FUNCTION_BLOCK, FUNCTION or property use VAR");
        }

        public static Diagnostic expectedBefore(SourceSpan at, String expected, String found) {
            return error(DiagnosticCode.SYNTAX_ERROR, at, "expected " + expected + " before " + found);
        }

        public static Diagnostic endOfFile(SourceSpan at, String expected) {
            return error(DiagnosticCode.SYNTAX_ERROR, at, "unexpected end of file: "
                    + (expected.isEmpty() ? "the declaration is incomplete" : "expected " + expected));
        }

        /** A literal whose text is wrong (a time unit, a string escape); {@code problem} from the literal parser. */
        public static Diagnostic literal(SourceSpan at, String problem) {
            return error(DiagnosticCode.SYNTAX_ERROR, at, problem);
        }

        public static Diagnostic functionResult(SourceSpan at, String name) {
            return error(DiagnosticCode.SYNTAX_ERROR, at, "FUNCTION " + name + " needs a result type: FUNCTION " + name + " : INT");
        }

        public static Diagnostic exitOutsideLoop(SourceSpan at, String statement) {
            return error(DiagnosticCode.SYNTAX_ERROR, at, statement + " is only allowed inside FOR, WHILE or REPEAT");
        }
    }

    /** {@link DiagnosticCode#UNSUPPORTED}: valid IEC 61131-3 this compiler does not do (yet). */
    public static final class Unsupported {
        private Unsupported() {
        }

        /** {@code instead}: what to write instead. */
        public static Diagnostic of(SourceSpan at, String what, String instead) {
            return error(DiagnosticCode.UNSUPPORTED, at, what + "; " + instead);
        }
    }

    /** {@link DiagnosticCode#INVALID_ADDRESS}: an {@code AT %...} address that is malformed or does not fit its variable. */
    public static final class InvalidAddress {
        private InvalidAddress() {
        }

        public static Diagnostic malformed(SourceSpan at, String address) {
            return error(DiagnosticCode.INVALID_ADDRESS, at, "'" + address + "' is not an address like %IX0.0, %IW2 or %QD1");
        }

        public static Diagnostic needsBit(SourceSpan at, String address, String example) {
            return error(DiagnosticCode.INVALID_ADDRESS, at, "bit address '" + address + "' needs a bit number: " + example);
        }

        public static Diagnostic noSuchBit(SourceSpan at, int bit) {
            return error(DiagnosticCode.INVALID_ADDRESS, at, "bit " + bit + " does not exist: a byte has bits 0..7");
        }

        public static Diagnostic bitOnNonBit(SourceSpan at) {
            return error(DiagnosticCode.INVALID_ADDRESS, at, "only bit addresses (%IX, %QX) take a bit number");
        }

        public static Diagnostic size(SourceSpan at, String address, int bits, String variable, String type) {
            return error(DiagnosticCode.INVALID_ADDRESS, at, "address " + address + " holds " + bits + (bits == 1 ? " bit" : " bits")
                    + " but " + variable + " is " + type);
        }
    }

    /** {@link DiagnosticCode#INVALID_CONFIGURATION}: a CONFIGURATION, RESOURCE or TASK that cannot run. */
    public static final class InvalidConfiguration {
        private InvalidConfiguration() {
        }

        public static Diagnostic secondConfiguration(SourceSpan at, String first) {
            return error(DiagnosticCode.INVALID_CONFIGURATION, at, "only one CONFIGURATION per project; " + first + " is already declared");
        }

        public static Diagnostic interval(SourceSpan at) {
            return error(DiagnosticCode.INVALID_CONFIGURATION, at, "INTERVAL must be a positive TIME literal such as T#10ms");
        }

        public static Diagnostic priority(SourceSpan at) {
            return error(DiagnosticCode.INVALID_CONFIGURATION, at, "PRIORITY must be an integer");
        }

        public static Diagnostic singleNotAName(SourceSpan at) {
            return error(DiagnosticCode.INVALID_CONFIGURATION, at,
                    "SINGLE must name a BOOL global variable; for an input declare one, e.g. 'trig AT %IX0.0 : BOOL;' in VAR_GLOBAL");
        }

        public static Diagnostic singleUnknown(SourceSpan at, String name) {
            return error(DiagnosticCode.INVALID_CONFIGURATION, at, "SINGLE names '" + name + "', which is not a global variable (VAR_GLOBAL)");
        }

        public static Diagnostic singleNotBool(SourceSpan at, String name, String type) {
            return error(DiagnosticCode.INVALID_CONFIGURATION, at, "SINGLE needs a BOOL but global '" + name + "' is " + type);
        }

        public static Diagnostic singleWithInterval(SourceSpan at) {
            return error(DiagnosticCode.INVALID_CONFIGURATION, at,
                    "a TASK takes either SINGLE (event) or INTERVAL (cyclic), not both");
        }

        public static Diagnostic notAProgram(SourceSpan at, String type) {
            return error(DiagnosticCode.INVALID_CONFIGURATION, at, "'" + type + "' is not a PROGRAM");
        }

        public static Diagnostic unknownTask(SourceSpan at, String task) {
            return error(DiagnosticCode.INVALID_CONFIGURATION, at, "task '" + task + "' is not declared");
        }
    }

    /** {@link DiagnosticCode#PROJECT_ERROR}: a problem of what is compiled together, outside the ST text. */
    public static final class ProjectError {
        private ProjectError() {
        }

        public static Diagnostic javaBlock(SourceSpan at, String className, String problem) {
            return error(DiagnosticCode.PROJECT_ERROR, at, "Java function block " + className + ": " + problem);
        }
    }
}
