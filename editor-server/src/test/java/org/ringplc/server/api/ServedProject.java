package org.ringplc.server.api;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.ringplc.runtime.PlcRuntime;
import org.ringplc.runtime.RuntimeOptions;
import org.ringplc.runtime.Runtimes;
import org.ringplc.runtime.project.LoadedProject;
import org.ringplc.runtime.project.ProjectException;
import org.ringplc.runtime.project.ProjectLoader;

/**
 * A project compiled by the real compiler, run by the real runtime and served by a
 * {@link WebServer} on a free loopback port, as {@code ringplc run} would, for tests that judge
 * what a client sees. A project that does not compile fails the test with its diagnostics.
 * Closing stops the server first, then the runtime.
 */
final class ServedProject implements AutoCloseable {
    private final LoadedProject project;
    private final PlcRuntime runtime;
    private final WebServer server;
    private final String token;
    private final BearerClient api;

    private ServedProject(LoadedProject project, PlcRuntime runtime, WebServer server, String token) {
        this.project = project;
        this.runtime = runtime;
        this.server = server;
        this.token = token;
        this.api = new BearerClient(base(), token);
    }

    /** With the project as the server's workspace (editor, tree levels, diagrams). */
    static ServedProject start(Path path, String token) throws ProjectException {
        return start(path, token, ServerOptions.defaults());
    }

    static ServedProject start(Path path, String token, ServerOptions options) throws ProjectException {
        LoadedProject project = load(path);
        return serve(project, runtime -> new WebServer(runtime, Authenticator.fixed(token), ProjectWorkspace.of(project),
                options), token);
    }

    /**
     * A project of one PLCopen file from the test resources ({@code /plcopen/NAME.xml}), written
     * into {@code dir} as {@code src/NAME.xml} with a project.yaml naming it, then started.
     */
    static ServedProject startPlcOpen(Path dir, String name, String token) throws Exception {
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("project.yaml"), "name: " + name + "\nsources: [src/*.xml]\n");
        try (var in = ServedProject.class.getResourceAsStream("/plcopen/" + name + ".xml")) {
            Files.write(dir.resolve("src/" + name + ".xml"), in.readAllBytes());
        }
        return start(dir, token);
    }

    /** Without a workspace: the API of a runtime alone, as the server knows it from the runtime's rows. */
    static ServedProject startWithoutWorkspace(Path path, String token) throws ProjectException {
        return serve(load(path), runtime -> new WebServer(runtime, Authenticator.fixed(token)), token);
    }

    private static LoadedProject load(Path path) throws ProjectException {
        LoadedProject project = ProjectLoader.load(List.of(path));
        assertFalse(project.hasErrors(), project.formatDiagnostics());
        return project;
    }

    private static ServedProject serve(LoadedProject project, Function<PlcRuntime, WebServer> web, String token)
            throws ProjectException {
        PlcRuntime runtime = Runtimes.start(project, RuntimeOptions.defaults());
        try {
            WebServer server = web.apply(runtime);
            server.start("127.0.0.1", 0);
            return new ServedProject(project, runtime, server, token);
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    LoadedProject project() {
        return project;
    }

    PlcRuntime runtime() {
        return runtime;
    }

    WebServer server() {
        return server;
    }

    int port() {
        return server.port();
    }

    /** {@code http://127.0.0.1:PORT} */
    String base() {
        return "http://127.0.0.1:" + server.port();
    }

    /** The login URL {@code ringplc run} prints, with {@code suffix} (a {@code #view}) appended. */
    String pageUrl(String suffix) {
        return base() + "/?token=" + token + suffix;
    }

    BearerClient api() {
        return api;
    }

    @Override
    public void close() {
        server.close();
        runtime.close();
    }
}
