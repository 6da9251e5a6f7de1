package org.ringplc.io;

/** The two I/O phases of a scan cycle (PRODUCT.md §3, steps 2 and 6). */
public enum Phase {
    /** Read all inputs into the input image, before the programs run. */
    INPUT,
    /** Write all outputs from the output image, after the programs ran. */
    OUTPUT
}
