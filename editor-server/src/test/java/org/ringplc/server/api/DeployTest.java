package org.ringplc.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ringplc.runtime.project.LoadedProject;

/**
 * {@code POST /api/deploy} over HTTP with the real project loader and ST compiler, and a deployer
 * that records what it was given: the zip checks, the compile report, the status codes.
 */
class DeployTest {
    private static final String TOKEN = "deploy-token-0123456789";
    private static final String YAML = "name: demo\nsources: [src/*.st]\n"
            + "tasks:\n  - name: main\n    interval: 10ms\n    programs: [{instance: Main, program: Main}]\n";
    private static final String GOOD = "PROGRAM Main\nVAR\n    count : INT;\nEND_VAR\ncount := count + 1;\nEND_PROGRAM\n";
    private static final String BAD = "PROGRAM Main\nVAR\n    count : INT;\nEND_VAR\ncount := missing + 1;\nEND_PROGRAM\n";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile Deployer.Outcome next = new Deployer.Outcome("CHANGED_ONLINE", true, "the new programs run",
            List.of("Main.fresh"), List.of(), List.of(), List.of(), List.of(42L));
    private WebServer server;
    private String base;

    @BeforeEach
    void start() {
        Deployer recording = (LoadedProject p, boolean online, String user) -> {
            calls.add(p.name() + " " + (online ? "online" : "restart") + " " + user);
            return next;
        };
        UserStore users;
        try {
            users = new UserStore(dir.resolve("users.yaml"), 1_000);
            users.put("eng", Role.ENGINEER, "eng-password".toCharArray());
            users.put("op", Role.OPERATOR, "op-password".toCharArray());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        server = new WebServer(new FakePlcRuntime(), Authenticator.fixed(TOKEN).withUsers(users), null,
                ServerOptions.defaults().withDeploy(recording, dir.resolve("deploys")));
        base = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> deploy(String query, byte[] zip) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/api/deploy" + query))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/zip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(zip)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static byte[] zip(Map<String, String> files) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                z.putNextEntry(new ZipEntry(f.getKey()));
                z.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static Map<String, String> project(String st) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("project.yaml", YAML);
        m.put("src/main.st", st);
        return m;
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.mapper().readTree(r.body());
    }

    private long deployDirectories() throws Exception {
        Path root = dir.resolve("deploys");
        if (!Files.isDirectory(root)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isDirectory).count();
        }
    }

    @Test
    void aGoodProjectIsCompiledAndHandedToTheRuntime() throws Exception {
        HttpResponse<String> r = deploy("?mode=online", zip(project(GOOD)));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode report = json(r);
        assertTrue(report.get("ok").asBoolean());
        assertEquals("online", report.get("mode").asText());
        assertEquals("CHANGED_ONLINE", report.get("outcome").asText());
        assertEquals("demo", report.get("project").asText());
        assertEquals(0, report.get("errors").asInt());
        assertEquals("Main.fresh", report.get("added").get(0).asText());
        assertEquals(42, report.get("firstCycle").get(0).asLong());
        assertTrue(report.get("error").isNull());
        assertEquals(List.of("demo online token"), calls);
        assertEquals(1, deployDirectories(), "the unpacked project is kept");

        assertEquals(200, deploy("?mode=restart", zip(project(GOOD))).statusCode());
        assertEquals("demo restart token", calls.get(1));
        assertEquals(200, deploy("", zip(project(GOOD))).statusCode());
        assertEquals("demo online token", calls.get(2), "online unless restart is asked for");
    }

    @Test
    void aSuccessfulDeployBecomesTheBootVersionAndARefusedOneDoesNot() throws Exception {
        Path root = dir.resolve("deploys");
        assertTrue(BootVersion.read(root).isEmpty(), "nothing deployed yet");
        assertEquals(200, deploy("?mode=restart", zip(project(GOOD))).statusCode());
        BootVersion first = BootVersion.read(root).orElseThrow();
        assertEquals("token", first.user());
        assertEquals("restart", first.mode());
        assertEquals("demo", first.project());
        assertTrue(java.time.Instant.parse(first.deployed()).isAfter(java.time.Instant.now().minusSeconds(60)), first.deployed());
        assertEquals(GOOD, Files.readString(first.projectDirectory(root).resolve("src/main.st")));
        assertFalse(Files.exists(root.resolve("current.tmp")), "the temporary record was renamed");

        assertEquals(400, deploy("", zip(project(BAD))).statusCode());
        next = Deployer.Outcome.refused("the tasks differ");
        assertEquals(409, deploy("", zip(project(GOOD))).statusCode());
        assertEquals(first, BootVersion.read(root).orElseThrow(), "only a deploy that runs becomes the boot version");
    }

    @Test
    void oldDeploysArePrunedButNeverTheBootVersion() throws Exception {
        for (int i = 0; i < DeployRoutes.KEEP + 2; i++) {
            assertEquals(200, deploy("", zip(project(GOOD.replace("+ 1", "+ " + (i + 1))))).statusCode());
        }
        assertEquals(DeployRoutes.KEEP, deployDirectories());
        BootVersion boot = BootVersion.read(dir.resolve("deploys")).orElseThrow();
        assertTrue(Files.readString(boot.projectDirectory(dir.resolve("deploys")).resolve("src/main.st"))
                .contains("count + " + (DeployRoutes.KEEP + 2)), "the last deploy is the boot version");
    }

    @Test
    void compileErrorsAre400WithTheDiagnosticsAndNothingChanges() throws Exception {
        HttpResponse<String> r = deploy("?mode=online", zip(project(BAD)));
        assertEquals(400, r.statusCode(), r.body());
        JsonNode report = json(r);
        assertFalse(report.get("ok").asBoolean());
        assertEquals("REFUSED", report.get("outcome").asText());
        assertTrue(report.get("error").asText().contains("1 error; nothing changed"), r.body());
        JsonNode d = report.get("diagnostics").get(0);
        assertEquals("src/main.st", d.get("file").asText(), "relative: the server's directories stay private");
        assertEquals(5, d.get("line").asInt());
        assertEquals(10, d.get("column").asInt());
        assertEquals("error", d.get("severity").asText());
        assertFalse(d.get("code").asText().isEmpty());
        assertTrue(d.get("text").asText().startsWith("src/main.st:5:10: error: "), d.get("text").asText());
        assertTrue(d.get("text").asText().contains("count := missing + 1;\n         ^"), d.get("text").asText());
        assertFalse(r.body().contains(dir.toString()), "no server path in the answer");
        assertEquals(List.of(), calls);
        assertEquals(0, deployDirectories(), "a refused upload leaves nothing behind");
    }

    @Test
    void aProjectInOneTopFolderIsFound() throws Exception {
        Map<String, String> nested = new LinkedHashMap<>();
        project(GOOD).forEach((k, v) -> nested.put("demo/" + k, v));
        assertEquals(200, deploy("", zip(nested)).statusCode());
    }

    @Test
    void aRefusedOnlineChangeIs409WithTheReason() throws Exception {
        next = Deployer.Outcome.refused("the tasks differ; deploy with mode restart");
        HttpResponse<String> r = deploy("?mode=online", zip(project(GOOD)));
        assertEquals(409, r.statusCode());
        assertEquals("the tasks differ; deploy with mode restart", json(r).get("error").asText());
        assertEquals(0, deployDirectories());
    }

    @Test
    void dangerousEntriesAreRefusedNamingTheEntry() throws Exception {
        for (String name : List.of("../evil.st", "src/../../evil.st", "/etc/evil", "C:/evil.st", "src\\evil.st",
                "src//evil.st", "./project.yaml")) {
            Map<String, String> files = project(GOOD);
            files.put(name, "x");
            HttpResponse<String> r = deploy("", zip(files));
            assertEquals(400, r.statusCode(), name + ": " + r.body());
            assertTrue(json(r).get("error").asText().contains("zip entry '" + name + "' refused"), r.body());
        }
        assertEquals(List.of(), calls);
        assertFalse(Files.exists(dir.resolve("evil.st")));
        assertEquals(0, deployDirectories());
    }

    @Test
    void aSymbolicLinkEntryIsRefused() throws Exception {
        Map<String, String> files = project(GOOD);
        files.put("src/link.st", "/etc/passwd");
        byte[] zip = markAsSymlink(zip(files), "src/link.st");
        HttpResponse<String> r = deploy("", zip);
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(json(r).get("error").asText().contains("zip entry 'src/link.st' refused: it is a symbolic link"), r.body());
    }

    @Test
    void malformedUploadsAreRefused() throws Exception {
        HttpResponse<String> notZip = deploy("", "hello".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, notZip.statusCode());
        assertTrue(json(notZip).get("error").asText().contains("not a zip"), notZip.body());
        HttpResponse<String> noYaml = deploy("", zip(Map.of("src/main.st", GOOD)));
        assertEquals(400, noYaml.statusCode());
        assertTrue(json(noYaml).get("error").asText().contains("no project.yaml"), noYaml.body());
        HttpResponse<String> badMode = deploy("?mode=hot", zip(project(GOOD)));
        assertEquals(400, badMode.statusCode());
        assertTrue(json(badMode).get("error").asText().contains("mode=hot"), badMode.body());
        assertEquals(List.of(), calls);
    }

    @Test
    void anUploadOverTheLimitIs413() throws Exception {
        byte[] big = new byte[(int) ProjectArchive.MAX_ZIP_BYTES + 1];
        HttpResponse<String> r = deploy("", big);
        assertEquals(413, r.statusCode(), r.body());
        assertTrue(json(r).get("error").asText().contains("16 MiB"), r.body());
    }

    @Test
    void aZipBombStopsAtTheUnpackedLimit() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            z.putNextEntry(new ZipEntry("project.yaml"));
            z.write(YAML.getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new ZipEntry("src/huge.st"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i <= ProjectArchive.MAX_FILE_BYTES >> 20; i++) {
                z.write(zeros);
            }
            z.closeEntry();
        }
        assertTrue(bytes.size() < ProjectArchive.MAX_ZIP_BYTES, "small on the wire");
        HttpResponse<String> r = deploy("", bytes.toByteArray());
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(json(r).get("error").asText().contains("'src/huge.st' refused: it unpacks to more than"), r.body());
        assertEquals(0, deployDirectories());
    }

    @Test
    void entryNamesAreJudgedOneByOne() {
        assertNull(ProjectArchive.nameProblem("src/main.st"));
        assertNull(ProjectArchive.nameProblem("src/"));
        assertNull(ProjectArchive.nameProblem("a..b/c.st"), "dots inside a name are fine");
        assertTrue(ProjectArchive.nameProblem("a/../../b").contains(".."));
        assertTrue(ProjectArchive.nameProblem("x\u0000y").contains("control"));
    }

    private Path projectDir(String st) throws Exception {
        Path p = dir.resolve("proj");
        Files.createDirectories(p.resolve("src"));
        Files.createDirectories(p.resolve(".ringplc"));
        Files.writeString(p.resolve("project.yaml"), YAML);
        Files.writeString(p.resolve("src/main.st"), st);
        Files.writeString(p.resolve(".ringplc/users.yaml"), "users: []\n");
        return p;
    }

    private record Cli(int code, String out, String err) {
    }

    private static Cli cli(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = org.ringplc.server.cli.Main.execute(args, new java.io.PrintWriter(out), new java.io.PrintWriter(err));
        return new Cli(code, out.toString(), err.toString());
    }

    @Test
    void ringplcDeployUploadsTheProjectWithoutItsStateDirectory() throws Exception {
        Path p = projectDir(GOOD);
        Cli r = cli("deploy", p.toString(), "--to", base, "--token", TOKEN, "--mode", "restart");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("ringplc: deployed demo (restart): CHANGED_ONLINE: the new programs run"), r.out());
        assertTrue(r.out().contains("added (initial values): Main.fresh"), r.out());
        assertEquals(List.of("demo restart token"), calls);
        try (Stream<Path> s = Files.walk(dir.resolve("deploys"))) {
            List<String> names = s.map(x -> x.getFileName().toString()).toList();
            assertTrue(names.contains("main.st"), names.toString());
            assertFalse(names.contains(".ringplc"), "the box's users and audit never travel: " + names);
        }
    }

    @Test
    void ringplcDeployPrintsTheBoxsDiagnosticsLikeCheckAndExitsOne() throws Exception {
        Cli r = cli("deploy", projectDir(BAD).toString(), "--to", base, "--token", TOKEN);
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("src/main.st:5:10: error: "), r.out());
        assertTrue(r.out().contains("count := missing + 1;\n         ^"), r.out());
        assertTrue(r.err().contains("1 error"), r.err());
        assertEquals(List.of(), calls);
    }

    @Test
    void ringplcDeployExitsFiveWhenTheBoxRefusesOrTheLoginFails() throws Exception {
        next = Deployer.Outcome.refused("the tasks differ; deploy with mode restart");
        Cli refused = cli("deploy", projectDir(GOOD).toString(), "--to", base, "--token", TOKEN);
        assertEquals(5, refused.code());
        assertTrue(refused.err().contains("REFUSED: the tasks differ"), refused.err());

        Cli badToken = cli("deploy", projectDir(GOOD).toString(), "--to", base, "--token", "wrong");
        assertEquals(5, badToken.code());
        assertTrue(badToken.err().contains("Bearer token is not valid"), badToken.err());

        Cli nobody = cli("deploy", projectDir(GOOD).toString(), "--to", "http://127.0.0.1:1", "--token", TOKEN);
        assertEquals(5, nobody.code());
        assertTrue(nobody.err().contains("cannot connect to http://127.0.0.1:1/"), nobody.err());
    }

    @Test
    void ringplcDeployLogsInAsAUserWithTheEngineerRole() throws Exception {
        java.util.function.Supplier<java.io.InputStream> saved = org.ringplc.server.cli.UserCommandAccess.stdin();
        try {
            org.ringplc.server.cli.UserCommandAccess.stdin("op-password\n");
            Cli op = cli("deploy", projectDir(GOOD).toString(), "--to", base, "--user", "op");
            assertEquals(5, op.code(), op.out() + op.err());
            assertTrue(op.err().contains("requires the engineer role"), op.err());

            org.ringplc.server.cli.UserCommandAccess.stdin("eng-password\n");
            Cli eng = cli("deploy", projectDir(GOOD).toString(), "--to", base, "--user", "eng");
            assertEquals(0, eng.code(), eng.out() + eng.err());
            assertEquals(List.of("demo online eng"), calls);
        } finally {
            org.ringplc.server.cli.UserCommandAccess.restore(saved);
        }
    }

    /** Sets the entry's "made by" to Unix and its mode to a symbolic link (0120777), as Info-ZIP's zip -y writes. */
    static byte[] markAsSymlink(byte[] zip, String name) {
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        for (int p = 0; p + 46 <= zip.length; p++) {
            if (b.getInt(p) == 0x02014b50 && Short.toUnsignedInt(b.getShort(p + 28)) == n.length
                    && new String(zip, p + 46, n.length, StandardCharsets.UTF_8).equals(name)) {
                b.putShort(p + 4, (short) ((3 << 8) | 20));
                b.putInt(p + 38, 0120777 << 16);
                return zip;
            }
        }
        throw new AssertionError("no central directory entry " + name);
    }
}
