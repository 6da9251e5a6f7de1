package org.ringplc.io;

import java.io.IOException;

/**
 * A failed libc or kernel call, with the call, its subject and the errno kept as fields so a
 * caller can react to {@code EADDRINUSE} without parsing text. The message reads
 * {@code "bind 127.0.0.1:9600: EADDRINUSE"}.
 */
public final class ErrnoException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String call;
    private final int errno;

    /**
     * @param call    the call that failed ("bind")
     * @param subject what it was applied to ("127.0.0.1:9600", a path), or "" for nothing
     * @param errno   the positive errno it set
     */
    public ErrnoException(String call, String subject, int errno) {
        super(call + (subject.isEmpty() ? "" : " " + subject) + ": " + Errno.name(errno));
        this.call = call;
        this.errno = errno;
    }

    /** The call that failed, e.g. "bind". */
    public String call() {
        return call;
    }

    /** The positive errno. */
    public int errno() {
        return errno;
    }

    /** The errno's symbolic name, e.g. "EADDRINUSE". */
    public String errnoName() {
        return Errno.name(errno);
    }
}
