package org.ringplc.lang.program;

/**
 * A value given from outside (a write, a force, {@code sim --set}) that does not fit the
 * variable's type. The message says what was wrong ("70000 is out of range -32768..32767 for
 * INT"); the caller puts the variable's path in front of it.
 */
public final class ValueFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public ValueFormatException(String message) {
        super(message);
    }
}
