package org.ringplc.server.cli;

/**
 * An expected way for a command to fail: the message for the person at the terminal (printed as
 * {@code ringplc: message}) and the exit code of {@link ExitCodes}. Never carries a stack trace to
 * the terminal.
 */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
