package org.ringplc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ringplc.runtime.project.LoadedProject;
import org.ringplc.runtime.project.ProjectLoader;
import org.ringplc.runtime.sim.Simulation;

/**
 * The example project {@code projects/tank} (controller + simulated plant) compiles and controls
 * the level: closed loop in simulation (deterministic) and for real over loopback UDP.
 */
class TankDemoTest {
    private static final Path TANK = Path.of("../projects/tank");

    @TempDir
    Path tmp;

    private static LoadedProject load(Path dir) throws Exception {
        LoadedProject p = ProjectLoader.load(List.of(dir));
        assertFalse(p.hasErrors(), p.formatDiagnostics());
        return p;
    }

    private static double number(Object v) {
        return ((Number) v).doubleValue();
    }

    @Test
    void controllerKeepsTheSimulatedLevelBetweenItsThresholds() throws Exception {
        Simulation tank = Simulation.create(load(TANK));
        Simulation plant = Simulation.create(load(TANK.resolve("plant")));
        double min = 100;
        double max = 0;
        for (int cycle = 1; cycle <= 6_000; cycle++) {   // one simulated minute
            Map<String, Object> p = plant.values(List.of("Plant.levelOut", "Plant.highSwitch", "Plant.lowSwitch"));
            tank.set("Tank.levelRaw", p.get("Plant.levelOut"));
            tank.set("Tank.highSwitch", p.get("Plant.highSwitch"));
            tank.set("Tank.lowSwitch", p.get("Plant.lowSwitch"));
            tank.run(1);
            Map<String, Object> c = tank.values(List.of("Tank.fillValve", "Tank.drainPump", "Tank.level"));
            plant.set("Plant.fillValve", c.get("Tank.fillValve"));
            plant.set("Plant.drainPump", c.get("Tank.drainPump"));
            plant.run(1);
            if (cycle > 1_000) {
                min = Math.min(min, number(c.get("Tank.level")));
                max = Math.max(max, number(c.get("Tank.level")));
            }
        }
        assertTrue(min >= 29 && max <= 71, "level between " + min + " and " + max);
        assertTrue(min < 31 && max > 69, "level between " + min + " and " + max);
        assertTrue((long) tank.values(List.of("Tank.fills")).get("Tank.fills") >= 2);
        assertEquals(false, tank.values(List.of("Tank.overflowAlarm")).get("Tank.overflowAlarm"));
    }

    @Test
    void controllerAndPlantTalkOverUdp() throws Exception {
        int a = freePort();
        int b = freePort();
        Path dir = copy(TANK, tmp.resolve("tank"));
        for (Path yaml : List.of(dir.resolve("project.yaml"), dir.resolve("plant/project.yaml"))) {
            Files.writeString(yaml, Files.readString(yaml).replace("9600", "P_A").replace("9601", "P_B")
                    .replace("P_A", String.valueOf(a)).replace("P_B", String.valueOf(b)));
        }
        try (PlcRuntime plant = Runtimes.start(load(dir.resolve("plant")), RuntimeOptions.defaults());
             PlcRuntime tank = Runtimes.start(load(dir), RuntimeOptions.defaults())) {
            Thread.sleep(200);
            assertEquals(true, value(plant, "Plant.drainPump"));
            // until the controller's socket existed, the plant's sends were refused
            long errors = errors(tank) + errors(plant);
            // the valve closed by force: the pump drains the tank
            tank.force("Tank.fillValve", false, "test");
            Thread.sleep(100);
            double level0 = number(value(tank, "Tank.level"));
            Thread.sleep(300);
            double level1 = number(value(tank, "Tank.level"));
            assertTrue(level1 < level0, level0 + " then " + level1);
            assertEquals(false, value(plant, "Plant.fillValve"));
            // forced open: filling beats draining
            tank.force("Tank.fillValve", true, "test");
            Thread.sleep(100);
            double level2 = number(value(tank, "Tank.level"));
            Thread.sleep(300);
            double level3 = number(value(tank, "Tank.level"));
            assertTrue(level3 > level2, level2 + " then " + level3);
            assertEquals(true, value(plant, "Plant.fillValve"));
            assertEquals(errors, errors(tank) + errors(plant));
            String lastError = plant.status().drivers().get(0).lastError();
            assertTrue(lastError.isEmpty() || lastError.equals("ECONNREFUSED"), lastError);
        }
    }

    private static long errors(PlcRuntime rt) {
        return rt.status().drivers().get(0).errors();
    }

    private static Object value(PlcRuntime rt, String path) {
        return rt.variables(path).stream().filter(v -> v.path().equals(path)).findFirst().orElseThrow().value();
    }

    private static int freePort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Path copy(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.toString().contains(".ringplc")).toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                Files.createDirectories(target.getParent());
                Files.copy(f, target);
            }
        }
        return to;
    }

}
