package org.ringplc.lang.plcopen;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.ringplc.lang.PlcHarness;
import org.ringplc.lang.SourceFile;

/** {@link PlcHarness} with the PLCopen test resources ({@code src/test/resources/plcopen/}). */
final class PlcOpenHarness extends PlcHarness {
    PlcOpenHarness(List<SourceFile> sources, long cycleNanos) {
        super(sources, cycleNanos);
    }

    static PlcOpenHarness resource(String name, long cycleNanos) {
        return new PlcOpenHarness(List.of(source(name)), cycleNanos);
    }

    static SourceFile source(String name) {
        try (InputStream in = PlcOpenHarness.class.getResourceAsStream("/plcopen/" + name)) {
            if (in == null) {
                throw new AssertionError("no test resource plcopen/" + name);
            }
            return new SourceFile(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
