package org.ringplc.lang.stdlib;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An internal variable (VAR) of a Java {@link FunctionBlock} that monitoring shows and forcing can
 * set, like the VAR of an ST function block; {@code value} is its IEC type name.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Var {
    String value();
}
