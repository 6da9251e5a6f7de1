package org.ringplc.runtime.drivers.modbus;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.ringplc.lang.program.IoAddress;
import org.ringplc.runtime.project.ModbusClientDriverConfig.Request;
import org.ringplc.runtime.project.ModbusClientDriverConfig.WriteMode;

class RequestRotationTest {
    private static ClientRequest read(int index, int imageByte) {
        return new ClientRequest(index, new Request(Modbus.READ_HOLDING_REGISTERS, index, 1,
                new IoAddress(IoAddress.Area.I, IoAddress.Size.B, imageByte, 0), WriteMode.ON_CHANGE, null));
    }

    private static ClientRequest write(int index, int imageByte, WriteMode mode) {
        return new ClientRequest(index, new Request(Modbus.WRITE_SINGLE_REGISTER, index, 1,
                new IoAddress(IoAddress.Area.Q, IoAddress.Size.B, imageByte, 0), mode, null));
    }

    @Test
    void readsGoOutInTurn() {
        ClientRequest r0 = read(0, 0);
        ClientRequest r1 = read(1, 2);
        RequestRotation rot = new RequestRotation(new ClientRequest[] {r0, r1}, new ClientRequest[0]);
        byte[] out = new byte[8];
        assertSame(r0, rot.next(out, false));
        assertSame(r1, rot.next(out, false));
        assertSame(r0, rot.next(out, false));
    }

    @Test
    void aDueWriteGoesFirstButNeverTwiceInARowWhileThereAreReads() {
        ClientRequest r0 = read(0, 0);
        ClientRequest w = write(1, 0, WriteMode.ALWAYS);
        RequestRotation rot = new RequestRotation(new ClientRequest[] {r0}, new ClientRequest[] {w});
        byte[] out = new byte[8];
        assertSame(w, rot.next(out, false));
        assertSame(r0, rot.next(out, true));
        assertSame(w, rot.next(out, false));
    }

    @Test
    void anUnchangedAcknowledgedWriteIsNotDueUntilItsOutputChanges() {
        ClientRequest w = write(0, 0, WriteMode.ON_CHANGE);
        RequestRotation rot = new RequestRotation(new ClientRequest[0], new ClientRequest[] {w});
        byte[] out = new byte[8];
        ClientRequest first = rot.next(out, false);
        assertSame(w, first);
        // the device acknowledged it: same data, nothing to send
        w.buildWrite(ByteBuffer.allocate(w.aduLength), 1, 1);
        w.written();
        assertNull(rot.next(out, true));
        out[0] = 5;
        assertSame(w, rot.next(out, true));
    }

    @Test
    void writesDueTogetherAreTakenRoundRobin() {
        ClientRequest w0 = write(0, 0, WriteMode.ALWAYS);
        ClientRequest w1 = write(1, 2, WriteMode.ALWAYS);
        ClientRequest w2 = write(2, 4, WriteMode.ALWAYS);
        RequestRotation rot = new RequestRotation(new ClientRequest[0], new ClientRequest[] {w0, w1, w2});
        byte[] out = new byte[8];
        assertSame(w0, rot.next(out, true));
        assertSame(w1, rot.next(out, true));
        assertSame(w2, rot.next(out, true));
        assertSame(w0, rot.next(out, true));
    }
}
