package org.ringplc.server.cli;

/**
 * The exit codes of every command, PRODUCT.md §1. Scripts and CI key on them, so each one keeps
 * its meaning across commands.
 */
final class ExitCodes {
    /** Done, no error. */
    static final int OK = 0;
    /** The project has errors: diagnostics, a broken project.yaml or an unreadable source. */
    static final int PROJECT_ERRORS = 1;
    /** The command line is wrong: unknown option, bad value, unknown --watch path. picocli uses 2 too. */
    static final int USAGE = 2;
    /** The PLC program faulted at run time (division by zero, array index out of range, ...). */
    static final int PLC_FAULT = 3;
    /** The web server or the runtime could not start (port in use, I/O setup failed). */
    static final int START_FAILED = 4;
    /** {@code deploy}: the box refused or failed the change, or could not be reached or logged in to. */
    static final int DEPLOY_FAILED = 5;
    /** A bug in ringplc itself; sysexits.h calls it EX_SOFTWARE. */
    static final int INTERNAL_ERROR = 70;

    private ExitCodes() {
    }
}
