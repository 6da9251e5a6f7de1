package org.ringplc.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS with a self-signed certificate made for the test by the JDK's keytool: as a PKCS#12
 * keystore and as PEM certificate + PKCS#8 key, a client that trusts exactly that certificate, the
 * Secure cookie flag, and the refusals for unusable files.
 */
class TlsTest {
    private static final String TOKEN = "tls-token-0123456789";
    private static final char[] STORE_PASSWORD = "store-password".toCharArray();

    @TempDir
    static Path dir;
    static Path p12;
    static Path certPem;
    static Path keyPem;
    static SSLContext trusting;

    @BeforeAll
    static void makeCertificate() throws Exception {
        p12 = dir.resolve("box.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "box", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost",
                "-validity", "2", "-keystore", p12.toString(), "-storetype", "PKCS12",
                "-storepass", new String(STORE_PASSWORD), "-keypass", new String(STORE_PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool hangs");
        assertEquals(0, p.exitValue(), output);

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, STORE_PASSWORD);
        }
        Certificate cert = ks.getCertificate("box");
        Base64.Encoder mime = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        certPem = dir.resolve("box.crt");
        Files.writeString(certPem, "-----BEGIN CERTIFICATE-----\n" + mime.encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        keyPem = dir.resolve("box.key");
        Files.writeString(keyPem, "-----BEGIN PRIVATE KEY-----\n"
                + mime.encodeToString(ks.getKey("box", STORE_PASSWORD).getEncoded()) + "\n-----END PRIVATE KEY-----\n");

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("box", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        trusting = SSLContext.getInstance("TLS");
        trusting.init(null, tmf.getTrustManagers(), null);
    }

    private static void servesHttpsOnly(TlsConfig tls) throws Exception {
        try (WebServer server = new WebServer(new FakePlcRuntime(), Authenticator.fixed(TOKEN), null,
                ServerOptions.defaults().withTls(tls))) {
            int port = server.start("127.0.0.1", 0);
            assertEquals("https", server.scheme());
            HttpClient https = HttpClient.newBuilder().sslContext(trusting).connectTimeout(Duration.ofSeconds(5)).build();
            String base = "https://127.0.0.1:" + port;
            HttpResponse<String> status = https.send(HttpRequest.newBuilder(URI.create(base + "/api/status"))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, status.statusCode(), status.body());
            assertEquals(HttpClient.Version.HTTP_1_1, status.version());

            HttpResponse<String> login = https.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                    .header("Origin", base).POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + TOKEN + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, login.statusCode(), login.body());
            String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
            assertTrue(cookie.contains("; Secure"), "under TLS the cookie never goes out in clear: " + cookie);

            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertThrows(IOException.class, () -> plain.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/status")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()), "no plain HTTP on the TLS port");
        }
    }

    @Test
    void servesHttpsFromAPkcs12Keystore() throws Exception {
        servesHttpsOnly(TlsConfig.pkcs12(p12, STORE_PASSWORD));
    }

    @Test
    void servesHttpsFromPemCertificateAndKey() throws Exception {
        servesHttpsOnly(TlsConfig.pem(certPem, keyPem));
    }

    @Test
    void ringplcDeployTrustsTheBoxCertificateGivenWithCacert() throws Exception {
        java.util.List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        Deployer recording = (p, online, user) -> {
            calls.add(p.name() + " " + user);
            return new Deployer.Outcome("CHANGED_ONLINE", true, "ok", List.of(), List.of(), List.of(), List.of(), List.of());
        };
        Path project = dir.resolve("proj");
        Files.createDirectories(project.resolve("src"));
        Files.writeString(project.resolve("project.yaml"), "name: secure\nsources: [src/*.st]\n");
        Files.writeString(project.resolve("src/main.st"), "PROGRAM Main\nVAR n : INT; END_VAR\nn := n + 1;\nEND_PROGRAM\n");
        try (WebServer server = new WebServer(new FakePlcRuntime(), Authenticator.fixed(TOKEN), null,
                ServerOptions.defaults().withTls(TlsConfig.pem(certPem, keyPem)).withDeploy(recording, dir.resolve("deploys")))) {
            String url = "https://127.0.0.1:" + server.start("127.0.0.1", 0);
            java.io.StringWriter out = new java.io.StringWriter();
            java.io.StringWriter err = new java.io.StringWriter();
            int untrusted = org.ringplc.server.cli.Main.execute(new String[] {"deploy", project.toString(), "--to", url,
                    "--token", TOKEN}, new java.io.PrintWriter(out), new java.io.PrintWriter(err));
            assertEquals(5, untrusted, out + "" + err);
            assertTrue(err.toString().contains("--cacert"), "the message says how to trust the box: " + err);

            int trusted = org.ringplc.server.cli.Main.execute(new String[] {"deploy", project.toString(), "--to", url,
                    "--token", TOKEN, "--cacert", certPem.toString()}, new java.io.PrintWriter(out), new java.io.PrintWriter(err));
            assertEquals(0, trusted, out + "" + err);
            assertEquals(List.of("secure token"), calls);
        }
    }

    @Test
    void unusableFilesAreRefusedNamingTheFile() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TlsConfig.pkcs12(p12, "wrong".toCharArray()).load());
        assertTrue(e.getMessage().contains("box.p12") && e.getMessage().contains("password"), e.getMessage());

        Path rsa = dir.resolve("old.key");
        Files.writeString(rsa, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        e = assertThrows(IllegalArgumentException.class, () -> TlsConfig.pem(certPem, rsa).load());
        assertTrue(e.getMessage().contains("openssl pkcs8 -topk8"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> TlsConfig.pem(keyPem, keyPem).load());
        assertTrue(e.getMessage().contains("box.key"), e.getMessage());

        // A key that is valid but not the certificate's: browsers would fail every handshake.
        Path otherP12 = dir.resolve("other.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "x", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=other", "-validity", "2", "-keystore", otherP12.toString(),
                "-storetype", "PKCS12", "-storepass", "pw123456", "-keypass", "pw123456")).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor());
        KeyStore other = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(otherP12)) {
            other.load(in, "pw123456".toCharArray());
        }
        Path otherKey = dir.resolve("other.key");
        Files.writeString(otherKey, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(
                other.getKey("x", "pw123456".toCharArray()).getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        e = assertThrows(IllegalArgumentException.class, () -> TlsConfig.pem(certPem, otherKey).load());
        assertTrue(e.getMessage().contains("does not belong to the certificate"), e.getMessage());
    }
}
