package org.ringplc.lang.program;

/**
 * A runtime error of user logic with its ST location, for example a subrange violation or a
 * dereference of a null REF. Also the helper that finds the ST location of any exception thrown
 * by compiled code.
 */
public final class PlcFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PlcFault(String message) {
        super(message, null, false, true);
    }

    /**
     * The ST location {@code file:line} of the innermost frame of {@code t} that belongs to
     * compiled ST (a frame whose file name ends in {@code .st} or {@code .xml}), or null.
     */
    public static String locate(Throwable t) {
        for (StackTraceElement e : t.getStackTrace()) {
            String f = e.getFileName();
            if (f != null && (f.endsWith(".st") || f.endsWith(".xml")) && e.getLineNumber() > 0) {
                return f + ":" + e.getLineNumber();
            }
        }
        return null;
    }
}
