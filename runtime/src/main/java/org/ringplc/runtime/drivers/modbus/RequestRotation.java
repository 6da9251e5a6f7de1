package org.ringplc.runtime.drivers.modbus;

/**
 * Which request a {@link ClientDevice} sends when its connection is free: a due write (its data
 * changed, or its write mode is {@code always}, or it was never acknowledged), but never two
 * writes in a row while there are reads, so that a program changing an output every cycle cannot
 * starve the inputs; else the next read in turn. Writes are looked at round robin from the one
 * after the last sent, so that one busy output cannot starve the others either.
 *
 * <p>Kept apart from the device so that the fairness rules are in one place. Scan thread only.
 */
final class RequestRotation {
    private final ClientRequest[] reads;
    private final ClientRequest[] writes;
    private int nextRead;
    private int nextWrite;

    RequestRotation(ClientRequest[] reads, ClientRequest[] writes) {
        this.reads = reads;
        this.writes = writes;
    }

    /**
     * The request to send now, or null when there is none (no reads and no write due). A write
     * chosen has its payload loaded from {@code out}.
     *
     * @param lastWasWrite whether the last transaction that ended was a write
     */
    ClientRequest next(byte[] out, boolean lastWasWrite) {
        ClientRequest chosen = null;
        if (writes.length > 0 && (reads.length == 0 || !lastWasWrite)) {
            for (int k = 0; k < writes.length && chosen == null; k++) {
                ClientRequest w = writes[(nextWrite + k) % writes.length];
                if (w.loadPayload(out)) {
                    chosen = w;
                    nextWrite = (nextWrite + k + 1) % writes.length;
                }
            }
        }
        if (chosen == null && reads.length > 0) {
            chosen = reads[nextRead];
            nextRead = (nextRead + 1) % reads.length;
        }
        return chosen;
    }
}
