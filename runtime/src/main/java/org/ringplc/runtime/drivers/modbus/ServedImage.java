package org.ringplc.runtime.drivers.modbus;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the scan thread and the Modbus server thread share: a triple buffer of image copies (the
 * scan thread publishes one per cycle, the server answers reads from the newest without ever
 * waiting for the scan thread or making it wait), and a queue of client writes going the other
 * way, applied by the scan thread at copy-in.
 *
 * <p>Triple buffer: three {@link Frame}s; the scan thread owns {@code back}, the server thread owns
 * {@code front}, and {@link #middle} holds the third one's index plus a FRESH bit. Each side swaps
 * its own frame with the middle one by one atomic {@code getAndSet} (sequentially consistent, so the
 * frame's bytes written before it are visible to the side that takes it), so neither ever blocks
 * and the reader always gets the newest complete frame.
 */
final class ServedImage {
    private static final int FRESH = 4;

    /** One copy of the served areas, stamped with the last client write the scan thread had taken. */
    static final class Frame {
        final byte[] inputs;
        final byte[] outputs;
        final byte[] memory;
        /** Sequence number of the last client write taken before this frame was copied (applied or not). */
        long writesTaken;
        long cycle;

        Frame(int i, int q, int m) {
            inputs = new byte[i];
            outputs = new byte[q];
            memory = new byte[m];
        }
    }

    /**
     * A client write on its way to the scan thread. Immutable but for {@link #state}, which the scan
     * thread moves to APPLIED, or the server thread to ABANDONED once the deadline passed; the
     * compare-and-set decides who wins.
     *
     * @param bits  coils (start is a bit index) or registers (start is a byte offset)
     * @param data  coils packed LSB first, or registers big-endian as on the wire
     */
    record Write(boolean memory, boolean bits, int start, int count, byte[] data, long seq, long deadline,
                 AtomicInteger state) {
        static final int PENDING = 0;
        static final int APPLIED = 1;
        static final int ABANDONED = 2;
    }

    private final Frame[] frames = new Frame[3];
    private final AtomicInteger middle = new AtomicInteger(1);
    /** Scan thread only. */
    private int back = 2;
    /** Server thread only. */
    private int front;
    final Queue<Write> writes = new ConcurrentLinkedQueue<>();

    ServedImage(int inputs, int outputs, int memory) {
        for (int k = 0; k < 3; k++) {
            frames[k] = new Frame(inputs, outputs, memory);
        }
    }

    /** Copies the image areas into the back frame and publishes it. Scan thread only; no allocation. */
    void publish(byte[] inputs, byte[] outputs, byte[] memory, long writesTaken, long cycle) {
        Frame f = frames[back];
        System.arraycopy(inputs, 0, f.inputs, 0, f.inputs.length);
        System.arraycopy(outputs, 0, f.outputs, 0, f.outputs.length);
        System.arraycopy(memory, 0, f.memory, 0, f.memory.length);
        f.writesTaken = writesTaken;
        f.cycle = cycle;
        back = middle.getAndSet(back | FRESH) & 3;
    }

    /** The newest published frame. Server thread only. */
    Frame current() {
        if ((middle.get() & FRESH) != 0) {
            front = middle.getAndSet(front) & 3;
        }
        return frames[front];
    }
}
