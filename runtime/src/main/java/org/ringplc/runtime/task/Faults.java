package org.ringplc.runtime.task;

import org.ringplc.lang.program.PlcFault;

/**
 * Turns what compiled ST throws into the words a control engineer reads in the status and in
 * {@code sim}'s fault message: "division by zero" rather than "/ by zero", the array bounds in
 * plain text, and the ST {@code file:line} of the innermost ST frame.
 */
public final class Faults {
    private Faults() {
    }

    /** A one-line description of {@code t}. */
    public static String describe(Throwable t) {
        if (t instanceof PlcFault || t instanceof Watchdog.Expired) {
            return t.getMessage();
        }
        if (t instanceof ArithmeticException) {
            String m = String.valueOf(t.getMessage());
            return m.contains("by zero") ? "division by zero" : "arithmetic error: " + m;
        }
        if (t instanceof ArrayIndexOutOfBoundsException) {
            return "array index out of bounds: " + t.getMessage();
        }
        if (t instanceof StackOverflowError) {
            return "stack overflow (recursion too deep)";
        }
        if (t instanceof OutOfMemoryError) {
            return "out of memory";
        }
        if (t instanceof NullPointerException) {
            return "null reference: " + t.getMessage();
        }
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** The ST {@code file:line} where {@code t} was thrown, or null (see {@link PlcFault#locate}). */
    public static String location(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String l = PlcFault.locate(c);
            if (l != null) {
                return l;
            }
        }
        return null;
    }
}
