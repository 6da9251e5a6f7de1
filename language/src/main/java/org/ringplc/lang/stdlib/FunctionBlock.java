package org.ringplc.lang.stdlib;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a Java class as an IEC 61131-3 function block that ST code can declare and call like a
 * user FUNCTION_BLOCK. The class needs a public constructor taking a
 * {@link org.ringplc.lang.program.RuntimeEnvironment} (for the task clock), public fields marked
 * {@link Input} and {@link Output} whose Java types match their IEC types (BOOL boolean, INT/DINT
 * int, TIME long nanoseconds, REAL float, LREAL double), and a public {@code void execute()}.
 * Generated code writes the inputs, calls {@code execute()} and reads the outputs directly, so a
 * call costs what a user FB call costs. The standard FBs are written this way, and so can be
 * users' own.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface FunctionBlock {
    /** The ST type name. */
    String value();
}
