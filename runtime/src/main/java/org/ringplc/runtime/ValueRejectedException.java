package org.ringplc.runtime;

/**
 * A user-supplied path or value that cannot be applied, with a message that names the path, its
 * type and what was wrong, e.g. {@code Main.speed is INT: 70000 is out of range -32768..32767}.
 * Nothing has been applied when this is thrown.
 */
public class ValueRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    public ValueRejectedException(String message) {
        super(message);
    }
}
