package org.ringplc.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The boot record {@code .ringplc/deploys/current}: written atomically, read back, refused when damaged. */
class BootVersionTest {
    @TempDir
    Path deploys;

    private Path deployed(String name) throws Exception {
        Path p = deploys.resolve(name);
        Files.createDirectories(p);
        Files.writeString(p.resolve("project.yaml"), "name: demo\n");
        return p;
    }

    @Test
    void aWrittenRecordReadsBackAndNamesItsDirectory() throws Exception {
        Path dir = deployed("20261121-201403-a1b2c3/demo");
        BootVersion v = BootVersion.of(deploys, dir, Instant.parse("2026-11-21T20:14:03.250Z"), "alice", "online", "demo");
        v.write(deploys);
        BootVersion back = BootVersion.read(deploys).orElseThrow();
        assertEquals(v, back);
        assertEquals("20261121-201403-a1b2c3/demo", back.directory());
        assertEquals("20261121-201403-a1b2c3", back.topDirectory());
        assertEquals(dir.toAbsolutePath().normalize(), back.projectDirectory(deploys).toAbsolutePath().normalize());
        assertEquals("2026-11-21T20:14:03Z (deployed by alice)", back.describe());
        assertTrue(Files.readString(deploys.resolve("current")).contains("\"user\" : \"alice\""));
    }

    @Test
    void noRecordMeansNothingWasDeployed() throws Exception {
        assertTrue(BootVersion.read(deploys).isEmpty());
        assertTrue(BootVersion.read(deploys.resolve("missing")).isEmpty());
    }

    @Test
    void aDamagedRecordIsRefusedSayingWhy() throws Exception {
        Files.writeString(deploys.resolve("current"), "{\"directory\": \"20261121-201403-a1b2c3\", \"deploy");
        assertTrue(assertThrows(BootVersion.InvalidRecord.class, () -> BootVersion.read(deploys)).getMessage()
                .contains("not a boot record"));

        Files.writeString(deploys.resolve("current"), "{\"directory\": \"../../etc\", \"deployed\": \"2026-11-21T20:14:03Z\"}");
        assertTrue(assertThrows(BootVersion.InvalidRecord.class, () -> BootVersion.read(deploys)).getMessage()
                .contains("names no deploy directory of its own"));

        Files.writeString(deploys.resolve("current"), "{\"directory\": \"gone\", \"deployed\": \"2026-11-21T20:14:03Z\"}");
        assertTrue(assertThrows(BootVersion.InvalidRecord.class, () -> BootVersion.read(deploys)).getMessage()
                .contains("which has no project.yaml"));

        deployed("there");
        Files.writeString(deploys.resolve("current"), "{\"directory\": \"there\", \"deployed\": \"yesterday\"}");
        assertTrue(assertThrows(BootVersion.InvalidRecord.class, () -> BootVersion.read(deploys)).getMessage()
                .contains("'deployed' is not a time"));
    }
}
