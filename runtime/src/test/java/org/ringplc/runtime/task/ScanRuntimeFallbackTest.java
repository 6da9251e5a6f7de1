package org.ringplc.runtime.task;

/** {@link ScanRuntimeTest} on the plain-syscall backend. */
class ScanRuntimeFallbackTest extends ScanRuntimeTest {
    @Override
    protected String backend() {
        return "fallback";
    }
}
