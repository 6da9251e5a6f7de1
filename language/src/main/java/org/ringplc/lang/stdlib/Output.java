package org.ringplc.lang.stdlib;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A VAR_OUTPUT of a Java {@link FunctionBlock}; {@code value} is its IEC type name. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Output {
    String value();
}
