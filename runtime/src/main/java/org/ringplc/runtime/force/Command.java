package org.ringplc.runtime.force;

/**
 * A write or force request on its way from a web/CLI thread to a scan thread. Immutable, so
 * handing it over through a concurrent queue publishes it safely.
 *
 * @param kind what to do
 * @param leaf the variable's index in the variable table (-1 for {@link Kind#UNFORCE_ALL})
 * @param raw  the raw value (WRITE, FORCE of non-text variables)
 * @param text the text value (WRITE, FORCE of STRING/WSTRING), else null
 */
public record Command(Kind kind, int leaf, long raw, String text) {

    /** The requests a scan thread applies at step 3 of a cycle. */
    public enum Kind {
        /** Set once, at step 3 of the next cycle. */
        WRITE,
        /** Hold at the value until unforced. */
        FORCE,
        /** Release one force; the variable keeps its value until something writes it. */
        UNFORCE,
        /** Release every force. */
        UNFORCE_ALL
    }
}
