package org.ringplc.runtime.project;

/** The I/O backend a project asks for ({@code io.backend}). */
public enum IoBackend {
    /** io_uring when the kernel allows it, else plain syscalls; the reason is shown in the status. */
    AUTO,
    /** io_uring or refuse to start. */
    IOURING,
    /** Plain blocking syscalls with poll() deadlines. */
    FALLBACK
}
