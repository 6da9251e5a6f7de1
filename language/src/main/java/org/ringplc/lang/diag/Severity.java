package org.ringplc.lang.diag;

/** How bad a diagnostic is: errors stop the pipeline between phases, warnings do not. */
public enum Severity {
    ERROR, WARNING;

    /** As printed in {@code file:line:col: error: ...}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
