package org.ringplc.io.fallback;

import org.ringplc.io.CycleIo;
import org.ringplc.io.CycleIoContract;

class BlockingCycleIoTest extends CycleIoContract {

    @Override
    protected CycleIo open() {
        return new BlockingCycleIo("test");
    }
}
