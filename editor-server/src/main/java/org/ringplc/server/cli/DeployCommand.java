package org.ringplc.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.ringplc.server.api.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ringplc deploy PROJECT --to URL}: zips a project directory, uploads it to a running box
 * ({@code POST /api/deploy}), and prints the box's compile report the way {@code check} prints
 * diagnostics, then what the box did. Exit 0 when the new project runs, 1 when it has errors,
 * 5 when the box refused or failed the change or could not be reached.
 *
 * <p>Authentication: {@code --token} (else {@code RINGPLC_TOKEN}) as a Bearer token, or
 * {@code --user NAME} with the password asked on the terminal or read from standard input. The
 * project's {@code .ringplc} state directory and other dot-files are never uploaded: the users
 * file and the audit log belong to the box they are on.
 */
@Command(name = "deploy", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Upload a project to a running ringplc and print its compile report.")
final class DeployCommand implements Callable<Integer> {
    /** Where the environment is read; a test may replace it. */
    static Function<String, String> environment = System::getenv;
    /** The box is on a local network; if it does not answer in this time it is not there. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Compiling and an online change take seconds at most; this leaves room for a slow box. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);
    /** The box's limit (ProjectArchive.MAX_ZIP_BYTES): refused here before the upload. */
    private static final long MAX_ZIP_BYTES = 16L * 1024 * 1024;

    @Parameters(index = "0", paramLabel = "PROJECT", description = "the project directory (with project.yaml)")
    Path project;

    @Option(names = "--to", required = true, paramLabel = "URL", description = "the box, e.g. http://10.0.0.5:8080")
    String to;

    @Option(names = "--token", paramLabel = "TOKEN", description = "access token (default: RINGPLC_TOKEN)")
    String token;

    @Option(names = "--user", paramLabel = "NAME", description = "log in as this user (engineer or admin) instead of a token")
    String user;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "online",
            description = "online (keep running and keep values; refused if tasks or I/O changed) or restart (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--cacert", paramLabel = "PEM", description = "trust this certificate for an https box (e.g. its self-signed one)")
    Path caCert;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String m = mode.strip().toLowerCase(Locale.ROOT);
        if (!m.equals("online") && !m.equals("restart")) {
            throw new CliException(ExitCodes.USAGE, "--mode " + mode + ": use online or restart");
        }
        URI base = baseUri(to);
        if (!Files.isRegularFile(project.resolve("project.yaml"))) {
            throw new CliException(ExitCodes.USAGE, project + " is not a project directory (no project.yaml)");
        }
        byte[] zip = zip(project);
        if (zip.length > MAX_ZIP_BYTES) {
            throw new CliException(ExitCodes.USAGE, project + " zips to " + zip.length + " bytes, over the box's "
                    + "16 MiB limit; leave build output and logs out of the project directory");
        }
        HttpClient http = client(base);
        HttpRequest.Builder req = HttpRequest.newBuilder(base.resolve("/api/deploy?mode=" + m))
                .timeout(REQUEST_TIMEOUT).header("Content-Type", "application/zip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(zip));
        authenticate(http, base, req);
        HttpResponse<String> r = send(http, req.build(), base);
        return report(r, out, err);
    }

    private void authenticate(HttpClient http, URI base, HttpRequest.Builder req) throws IOException, InterruptedException {
        if (user != null) {
            if (token != null) {
                throw new CliException(ExitCodes.USAGE, "give either --token or --user, not both");
            }
            char[] password = UserCommand.readPassword();
            String body = Json.mapper().writeValueAsString(java.util.Map.of("user", user, "password", new String(password)));
            java.util.Arrays.fill(password, '\0');
            HttpResponse<String> login = send(http, HttpRequest.newBuilder(base.resolve("/api/login"))
                    .timeout(REQUEST_TIMEOUT).header("Content-Type", "application/json").header("Origin", origin(base))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), base);
            if (login.statusCode() != 200) {
                throw new CliException(ExitCodes.DEPLOY_FAILED, "login as " + user + " at " + base + " failed: "
                        + errorOf(login));
            }
            String cookie = login.headers().firstValue("Set-Cookie").orElse("");
            int semi = cookie.indexOf(';');
            // The session cookie with the Origin the server checks on state-changing calls.
            req.header("Cookie", semi < 0 ? cookie : cookie.substring(0, semi)).header("Origin", origin(base));
            return;
        }
        String t = token != null ? token : environment.apply("RINGPLC_TOKEN");
        if (t == null || t.isBlank()) {
            throw new CliException(ExitCodes.USAGE, "give --token T (or set RINGPLC_TOKEN), or --user NAME");
        }
        req.header("Authorization", "Bearer " + t.strip());
    }

    /** Diagnostics like {@code check}, then the outcome; the exit code from the report. */
    private static int report(HttpResponse<String> r, PrintWriter out, PrintWriter err) {
        JsonNode report;
        try {
            report = Json.mapper().readTree(r.body());
        } catch (IOException e) {
            throw new CliException(ExitCodes.DEPLOY_FAILED, "the box answered HTTP " + r.statusCode()
                    + " with something that is not JSON; is --to a ringplc?");
        }
        if (report == null || !report.has("outcome")) {
            String why = report != null && report.hasNonNull("error") ? report.get("error").asText() : "HTTP " + r.statusCode();
            throw new CliException(r.statusCode() == 400 || r.statusCode() == 413 ? ExitCodes.PROJECT_ERRORS
                    : ExitCodes.DEPLOY_FAILED, "deploy refused: " + why);
        }
        for (JsonNode d : report.path("diagnostics")) {
            out.println(d.path("text").asText());
        }
        for (JsonNode p : report.path("problems")) {
            out.println(p.asText());
        }
        int errors = report.path("errors").asInt();
        int warnings = report.path("warnings").asInt();
        err.println(CheckCommand.count(errors, "error") + (warnings > 0 ? ", " + CheckCommand.count(warnings, "warning") : ""));
        boolean ok = report.path("ok").asBoolean();
        String what = report.path("project").asText("project") + " (" + report.path("mode").asText() + "): "
                + report.path("outcome").asText() + ": " + report.path("message").asText();
        if (!ok) {
            err.println("ringplc: deploy of " + what);
            return errors > 0 ? ExitCodes.PROJECT_ERRORS : ExitCodes.DEPLOY_FAILED;
        }
        out.println("ringplc: deployed " + what);
        list(out, "added (initial values)", report.path("added"));
        list(out, "dropped", report.path("dropped"));
        list(out, "reset (type changed, initial values)", report.path("reset"));
        list(out, "forces removed", report.path("forcesDropped"));
        return ExitCodes.OK;
    }

    private static void list(PrintWriter out, String what, JsonNode items) {
        if (items.isArray() && !items.isEmpty()) {
            List<String> names = new ArrayList<>();
            items.forEach(n -> names.add(n.asText()));
            out.println("ringplc:   " + what + ": " + String.join(", ", names));
        }
    }

    private static String errorOf(HttpResponse<String> r) {
        try {
            JsonNode n = Json.mapper().readTree(r.body());
            if (n != null && n.hasNonNull("error")) {
                return n.get("error").asText();
            }
        } catch (IOException e) {
            // not JSON: fall back to the status
        }
        return "HTTP " + r.statusCode();
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest req, URI base) throws InterruptedException {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new CliException(ExitCodes.DEPLOY_FAILED, "cannot connect to " + base + " (is ringplc running there?)");
        } catch (javax.net.ssl.SSLException e) {
            throw new CliException(ExitCodes.DEPLOY_FAILED, "TLS with " + base + " failed: " + e.getMessage()
                    + " (for a self-signed box certificate give --cacert FILE)");
        } catch (IOException e) {
            throw new CliException(ExitCodes.DEPLOY_FAILED, "talking to " + base + " failed: " + e);
        }
    }

    static URI baseUri(String url) {
        URI u;
        try {
            u = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "--to " + url + ": not a URL");
        }
        if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https")) || u.getHost() == null) {
            throw new CliException(ExitCodes.USAGE, "--to " + url + ": give http://HOST:PORT or https://HOST:PORT");
        }
        return URI.create(u.getScheme() + "://" + u.getRawAuthority() + "/");
    }

    private static String origin(URI base) {
        return base.getScheme() + "://" + base.getRawAuthority();
    }

    private HttpClient client(URI base) {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).version(HttpClient.Version.HTTP_1_1);
        if (caCert != null) {
            b.sslContext(trusting(caCert));
        }
        return b.build();
    }

    private static SSLContext trusting(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca" + i++, c);
            }
            if (i == 0) {
                throw new CliException(ExitCodes.USAGE, "--cacert " + pem + ": no certificate in it");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new CliException(ExitCodes.USAGE, "--cacert " + pem + ": " + e.getMessage());
        }
    }

    /** Every regular file under {@code dir} except dot-files and dot-directories ({@code .ringplc}, {@code .git}). */
    static byte[] zip(Path dir) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes); Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted().toList()) {
                Path rel = dir.relativize(p);
                if (rel.toString().isEmpty() || !Files.isRegularFile(p) || hidden(rel)) {
                    continue;
                }
                z.putNextEntry(new ZipEntry(rel.toString().replace(java.io.File.separatorChar, '/')));
                Files.copy(p, z);
                z.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static boolean hidden(Path rel) {
        for (Path part : rel) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
