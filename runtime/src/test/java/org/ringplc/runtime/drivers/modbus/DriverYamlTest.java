package org.ringplc.runtime.drivers.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ringplc.lang.program.IoAddress;
import org.ringplc.runtime.project.FileDriverConfig;
import org.ringplc.runtime.project.ModbusClientDriverConfig;
import org.ringplc.runtime.project.ModbusServerDriverConfig;
import org.ringplc.runtime.project.ProjectConfig;
import org.ringplc.runtime.project.ProjectException;
import org.ringplc.runtime.project.ProjectLoader;
import org.ringplc.runtime.testing.FakeCompiler;
import org.ringplc.runtime.testing.FakeProgram;
import org.ringplc.runtime.testing.ProjectDir;

/** The project.yaml keys of the modbus-tcp-client, modbus-tcp-server and file drivers (docs/project-yaml.md). */
class DriverYamlTest {
    @TempDir
    Path tmp;

    private final FakeCompiler compiler = new FakeCompiler(new FakeProgram("Main"));

    private ProjectConfig load(String yaml) throws Exception {
        return ProjectLoader.load(List.of(ProjectDir.write(tmp.resolve("p"), yaml)), compiler).config();
    }

    private List<String> problems(String yaml) {
        Path dir = ProjectDir.write(tmp.resolve("p"), yaml);
        String file = dir.resolve("project.yaml").normalize() + ":";
        return assertThrows(ProjectException.class, () -> ProjectLoader.load(List.of(dir), compiler)).problems().stream()
                .map(p -> p.replace(file, "")).toList();
    }

    @Test
    void allThreeDriverTypesAreRead() throws Exception {
        ProjectConfig c = load("""
                io:
                  drivers:
                    - type: modbus-tcp-client
                      name: field
                      devices:
                        - name: plc1
                          host: 10.0.0.5
                          unitId: 3
                          timeout: 200ms
                          onDisconnect: zero
                          status: "%IB100"
                          requests:
                            - {function: 3, address: 0, count: 10, to: "%IW0", status: "%IB101"}
                            - {function: 1, address: 16, count: 12, to: "%IX40.4"}
                            - {function: 16, address: 100, count: 2, from: "%QW8", write: always}
                    - type: modbus-tcp-server
                      port: 1502
                      unitId: 9
                      holdingRegisters: 64
                      memoryRegisters: 10
                    - type: file
                      retry: 2s
                      files:
                        - {path: /sys/class/gpio/gpio17/value, to: "%IX0.0"}
                        - {path: /sys/class/pwm/pwmchip0/pwm0/duty_cycle, from: "%QD4"}
                """);
        ModbusClientDriverConfig client = (ModbusClientDriverConfig) c.io().drivers().get(0);
        ModbusClientDriverConfig.Device d = client.devices().get(0);
        assertEquals("10.0.0.5", d.host());
        assertEquals(502, d.port());
        assertEquals(3, d.unitId());
        assertEquals(200_000_000L, d.timeoutNanos());
        assertEquals(ModbusClientDriverConfig.OnDisconnect.ZERO, d.onDisconnect());
        assertEquals(3, d.requests().size());
        assertEquals(new IoAddress(IoAddress.Area.I, IoAddress.Size.X, 40, 4), d.requests().get(1).image());
        assertEquals(ModbusClientDriverConfig.WriteMode.ALWAYS, d.requests().get(2).writeMode());
        // the image grows to hold every mapped byte: 12 bits from %IX40.4 end in byte 42, the status at 101
        assertEquals(102, client.imageEnd(IoAddress.Area.I));
        assertEquals(20, client.imageEnd(IoAddress.Area.Q));
        ModbusServerDriverConfig server = (ModbusServerDriverConfig) c.io().drivers().get(1);
        assertEquals(1502, server.port());
        assertEquals(9, server.unitId());
        assertEquals("127.0.0.1", server.bind());
        assertEquals(128, server.imageEnd(IoAddress.Area.Q));
        assertEquals(20, server.imageEnd(IoAddress.Area.M));
        FileDriverConfig files = (FileDriverConfig) c.io().drivers().get(2);
        assertEquals(2_000_000_000L, files.retryNanos());
        assertEquals(20, files.imageEnd(IoAddress.Area.Q));
        assertTrue(files.files().get(0).isInput());
    }

    @Test
    void serverPortDefaultsTo5020() throws Exception {
        ProjectConfig c = load("io:\n  drivers:\n    - type: modbus-tcp-server\n");
        assertEquals(5020, ((ModbusServerDriverConfig) c.io().drivers().get(0)).port());
        assertEquals(ModbusServerDriverConfig.ANY_UNIT, ((ModbusServerDriverConfig) c.io().drivers().get(0)).unitId());
    }

    @Test
    void mistakesAreNamedWithLineAndKey() {
        List<String> p = problems("""
                io:
                  drivers:
                    - type: modbus-tcp-client
                      devices:
                        - host: plc
                          requests:
                            - {function: 3, address: 0, count: 200, to: "%IW0"}
                            - {function: 7, address: 0, to: "%IW0"}
                            - {function: 1, address: 0, count: 8, to: "%IW0"}
                            - {function: 6, address: 0, to: "%IW2"}
                            - {function: 4, address: 0, to: "IW2"}
                    - type: file
                      files:
                        - {path: relative/value, to: "%IX0.0"}
                        - {path: /dev/x, from: "%IX0.0"}
                    - type: modbus
                    - type: modbus-tcp-server
                      unitId: 256
                """);
        assertEquals(List.of(
                "7: io.drivers[0].devices[0].requests[0].count: 200 is out of range 1..125",
                "8: io.drivers[0].devices[0].requests[1].function: 7 is not a supported function code (1, 2, 3, 4, 5, 6, 15, 16)",
                "9: io.drivers[0].devices[0].requests[2].to: %IW0: function 1 moves bits; give a bit address such as %IX0.0",
                "10: io.drivers[0].devices[0].requests[3].to: a write takes `from:`, not `to:`",
                "10: io.drivers[0].devices[0].requests[3].from: missing; the image address written values come from, e.g. from: \"%QW0\"",
                "11: io.drivers[0].devices[0].requests[4].to: \"IW2\" is not an image address such as \"%IX0.3\", \"%IW2\" or \"%QB1\" (quote it: YAML reads % specially)",
                "14: io.drivers[1].files[0].path: \"relative/value\" must be an absolute path",
                "15: io.drivers[1].files[1].from: %IX0.0: a file written comes from an output address (%Q...)",
                "16: io.drivers[2].type: \"modbus\" is not a driver type (known: udp, modbus-tcp-client, modbus-tcp-server, file)",
                "18: io.drivers[3].unitId: 256 is out of range 0..255"),
                p);
    }
}
