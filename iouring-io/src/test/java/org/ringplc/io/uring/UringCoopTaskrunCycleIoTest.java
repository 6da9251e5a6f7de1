package org.ringplc.io.uring;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.ringplc.io.CycleIo;
import org.ringplc.io.CycleIoContract;

/** The contract on a ring set up as on a kernel with COOP_TASKRUN (Linux 5.19). */
class UringCoopTaskrunCycleIoTest extends CycleIoContract {

    @BeforeAll
    static void needsIoUring() {
        assumeTrue(Uring.isAvailable(), Uring.reason());
    }

    @Override
    protected CycleIo open() throws IOException {
        return new UringCycleIo("test", new int[] {Abi.SETUP_COOP_TASKRUN});
    }
}
