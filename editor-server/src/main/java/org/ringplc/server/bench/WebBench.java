package org.ringplc.server.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.ringplc.runtime.RuntimeOptions;
import org.ringplc.runtime.VariableValue;
import org.ringplc.runtime.project.LoadedProject;
import org.ringplc.runtime.project.ProjectException;
import org.ringplc.runtime.project.ProjectLoader;
import org.ringplc.runtime.task.CycleSamples;
import org.ringplc.runtime.task.ScanRuntime;
import org.ringplc.runtime.task.ScanTask;
import org.ringplc.server.api.Authenticator;
import org.ringplc.server.api.Json;
import org.ringplc.server.api.WebServer;

/**
 * {@code bench web}: what browsers watching a PLC cost its scan task. A generated program with
 * {@value #DEFAULT_VARIABLES} variables runs in one task; the task's execution times are measured
 * first with nobody watching, then while {@code clients} monitor sockets each subscribe to every
 * variable at {@code rateHz}, all in the same process as {@code ringplc run} would be. The figures
 * are the p99 (and p50, max) of the execution time per cycle in both phases and the change of the
 * p99, plus what the clients received. The target is a change of less than 10 %: monitoring reads
 * published snapshots and must not slow the scan thread beyond sharing the CPU.
 *
 * <p>Measured phases alternate (idle, clients, idle, clients) so that drift of the machine during
 * the run does not land on one side only; each phase's figures pool its two halves.
 */
public final class WebBench {
    static final int DEFAULT_VARIABLES = 1000;
    static final int DEFAULT_CLIENTS = 5;
    static final int DEFAULT_RATE_HZ = 20;
    /** 2 ms: a busy but realistic period; the sample ring holds 8192 cycles (16 s). */
    static final String DEFAULT_INTERVAL = "2ms";
    static final double DEFAULT_SECONDS = 16;
    private static final String TOKEN = "bench-web";

    /** What to run. */
    public record Options(int variables, int clients, int rateHz, String interval, double seconds) {
        public static Options defaults() {
            return new Options(DEFAULT_VARIABLES, DEFAULT_CLIENTS, DEFAULT_RATE_HZ, DEFAULT_INTERVAL, DEFAULT_SECONDS);
        }
    }

    /** Per phase: execution-time percentiles in microseconds. */
    public record Phase(int cycles, long overruns, double p50Us, double p99Us, double maxUs, double wakeupP99Us) {
    }

    /** The result. */
    public record Figures(Options options, Phase idle, Phase watched, long frames, long bytes, double seconds) {
        public double p99ChangePercent() {
            return idle.p99Us() == 0 ? 0 : (watched.p99Us() - idle.p99Us()) * 100.0 / idle.p99Us();
        }

        /** {@code name: value unit} lines, the last one a summary. */
        public List<String> lines() {
            List<String> out = new ArrayList<>();
            out.add("web.variables: " + options.variables() + " vars");
            out.add("web.clients: " + options.clients() + " sockets");
            out.add("web.rate: " + options.rateHz() + " Hz");
            out.add("web.interval: " + options.interval());
            out.add("web.idle.cycles: " + idle.cycles() + " cycles");
            out.add("web.idle.overruns: " + idle.overruns() + " cycles");
            out.add(String.format("web.idle.exec_p50_us: %.1f us", idle.p50Us()));
            out.add(String.format("web.idle.exec_p99_us: %.1f us", idle.p99Us()));
            out.add(String.format("web.idle.exec_max_us: %.1f us", idle.maxUs()));
            out.add(String.format("web.idle.wakeup_p99_us: %.1f us", idle.wakeupP99Us()));
            out.add("web.clients.cycles: " + watched.cycles() + " cycles");
            out.add("web.clients.overruns: " + watched.overruns() + " cycles");
            out.add(String.format("web.clients.exec_p50_us: %.1f us", watched.p50Us()));
            out.add(String.format("web.clients.exec_p99_us: %.1f us", watched.p99Us()));
            out.add(String.format("web.clients.exec_max_us: %.1f us", watched.maxUs()));
            out.add(String.format("web.clients.wakeup_p99_us: %.1f us", watched.wakeupP99Us()));
            out.add(String.format("web.exec_p99_change: %+.1f %%", p99ChangePercent()));
            out.add(String.format("web.frames_per_second: %.1f frames/s", frames / seconds));
            out.add(String.format("web.kbytes_per_second: %.1f kB/s", bytes / seconds / 1000));
            out.add(String.format("summary: %d clients x %d vars at %d Hz: task p99 %.1f us -> %.1f us (%+.1f %%, target < 10 %%)",
                    options.clients(), options.variables(), options.rateHz(), idle.p99Us(), watched.p99Us(),
                    p99ChangePercent()));
            return out;
        }
    }

    private WebBench() {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.defaults();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--variables" -> { o = new Options(Integer.parseInt(v), o.clients(), o.rateHz(), o.interval(), o.seconds()); i++; }
                case "--clients" -> { o = new Options(o.variables(), Integer.parseInt(v), o.rateHz(), o.interval(), o.seconds()); i++; }
                case "--rate" -> { o = new Options(o.variables(), o.clients(), Integer.parseInt(v), o.interval(), o.seconds()); i++; }
                case "--interval" -> { o = new Options(o.variables(), o.clients(), o.rateHz(), v, o.seconds()); i++; }
                case "--seconds" -> { o = new Options(o.variables(), o.clients(), o.rateHz(), o.interval(), Double.parseDouble(v)); i++; }
                default -> {
                    System.err.println("usage: bench web [--variables N] [--clients N] [--rate HZ] [--interval 2ms] [--seconds S]");
                    System.exit(2);
                }
            }
        }
        run(o, System.out).lines().forEach(System.out::println);
    }

    /** Runs the benchmark; progress goes to {@code log}. */
    public static Figures run(Options o, PrintStream log) throws Exception {
        Path dir = Files.createTempDirectory("ringplc-bench-web-");
        try {
            writeProject(dir, o);
            LoadedProject project = ProjectLoader.load(List.of(dir));
            if (project.hasErrors()) {
                throw new IllegalStateException("the generated program does not compile:\n" + project.formatDiagnostics());
            }
            try (ScanRuntime runtime = ScanRuntime.start(project, RuntimeOptions.defaults());
                 WebServer web = new WebServer(runtime, Authenticator.fixed(TOKEN))) {
                int port = web.start("127.0.0.1", 0);
                ScanTask task = runtime.tasks().get(0);
                List<String> paths = runtime.variables("").stream().map(VariableValue::path).toList();
                long phaseNanos = (long) (o.seconds() / 4 * 1e9);
                log.println("bench web: " + paths.size() + " variables, task " + task.name() + " every " + o.interval()
                        + ", " + o.clients() + " clients at " + o.rateHz() + " Hz, 4 phases of " + phaseNanos / 1_000_000 + " ms");
                Thread.sleep(1500); // JIT warm-up of the program and the snapshot path
                List<long[]> idleExec = new ArrayList<>();
                List<long[]> idleWake = new ArrayList<>();
                List<long[]> watchedExec = new ArrayList<>();
                List<long[]> watchedWake = new ArrayList<>();
                AtomicLong received = new AtomicLong();
                AtomicLong receivedBytes = new AtomicLong();
                long frames = 0;
                long bytes = 0;
                long watchedNanos = 0;
                long idleOverruns = 0;
                long watchedOverruns = 0;
                for (int round = 0; round < 2; round++) {
                    long o0 = runtime.status().tasks().get(0).overruns();
                    measure(task, phaseNanos, idleExec, idleWake);
                    idleOverruns += runtime.status().tasks().get(0).overruns() - o0;
                    List<WebSocket> sockets = connect(port, o, paths, received, receivedBytes);
                    Thread.sleep(300); // the first full frames
                    long t0 = System.nanoTime();
                    long f0 = received.get();
                    long b0 = receivedBytes.get();
                    long o1 = runtime.status().tasks().get(0).overruns();
                    measure(task, phaseNanos, watchedExec, watchedWake);
                    watchedNanos += System.nanoTime() - t0;
                    watchedOverruns += runtime.status().tasks().get(0).overruns() - o1;
                    frames += received.get() - f0;
                    bytes += receivedBytes.get() - b0;
                    for (WebSocket s : sockets) {
                        s.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
                    }
                    Thread.sleep(300);
                }
                if (frames == 0) {
                    throw new IllegalStateException("the monitor clients received no frame; the figures would mean nothing");
                }
                return new Figures(o, phase(idleExec, idleWake, idleOverruns), phase(watchedExec, watchedWake, watchedOverruns),
                        frames, bytes,
                        watchedNanos / 1e9);
            }
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Sleeps {@code nanos} and keeps the samples the task recorded meanwhile. */
    private static void measure(ScanTask task, long nanos, List<long[]> exec, List<long[]> wake) throws InterruptedException {
        long before = task.samples().copy().total();
        Thread.sleep(nanos / 1_000_000);
        CycleSamples.Copy c = task.samples().copy();
        int n = (int) Math.min(c.total() - before, c.execNanos().length);
        int from = c.execNanos().length - n;
        exec.add(Arrays.copyOfRange(c.execNanos(), from, c.execNanos().length));
        wake.add(Arrays.copyOfRange(c.wakeupNanos(), from, c.wakeupNanos().length));
    }

    private static Phase phase(List<long[]> exec, List<long[]> wake, long overruns) {
        long[] e = concat(exec);
        long[] w = concat(wake);
        return new Phase(e.length, overruns, CycleSamples.Copy.quantile(e, 0.50) / 1e3, CycleSamples.Copy.quantile(e, 0.99) / 1e3,
                CycleSamples.Copy.quantile(e, 1.0) / 1e3, CycleSamples.Copy.quantile(w, 0.99) / 1e3);
    }

    private static long[] concat(List<long[]> parts) {
        long[] out = new long[parts.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (long[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static List<WebSocket> connect(int port, Options o, List<String> paths, AtomicLong frames, AtomicLong bytes)
            throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String subscribe = Json.mapper().writeValueAsString(java.util.Map.of("subscribe", paths, "rateHz", o.rateHz()));
        List<WebSocket> out = new ArrayList<>();
        for (int i = 0; i < o.clients(); i++) {
            WebSocket ws = http.newWebSocketBuilder().header("Authorization", "Bearer " + TOKEN)
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/monitor"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                            bytes.addAndGet(data.length());
                            if (last) {
                                frames.incrementAndGet();
                            }
                            w.request(1);
                            return null;
                        }
                    }).get(5, TimeUnit.SECONDS);
            ws.sendText(subscribe, true).get(5, TimeUnit.SECONDS);
            out.add(ws);
        }
        return out;
    }

    /**
     * A program as a plant model would be: {@code n} variables of mixed types, all changed every
     * cycle, so every monitor frame carries new values.
     */
    public static void writeProject(Path dir, Options o) throws IOException {
        int n = o.variables();
        int ints = n * 6 / 10;
        int reals = n * 2 / 10;
        int bools = n - ints - reals;
        StringBuilder st = new StringBuilder("PROGRAM Big\nVAR\n");
        for (int i = 0; i < ints; i++) {
            st.append("    i").append(i).append(" : INT := ").append(i).append(";\n");
        }
        for (int i = 0; i < reals; i++) {
            st.append("    r").append(i).append(" : REAL;\n");
        }
        for (int i = 0; i < bools; i++) {
            st.append("    b").append(i).append(" : BOOL;\n");
        }
        st.append("END_VAR\n");
        for (int i = 0; i < ints; i++) {
            st.append("i").append(i).append(" := i").append(i).append(" + 1;\n");
        }
        for (int i = 0; i < reals; i++) {
            st.append("r").append(i).append(" := r").append(i).append(" + 0.5;\n");
        }
        for (int i = 0; i < bools; i++) {
            st.append("b").append(i).append(" := NOT b").append(i).append(";\n");
        }
        st.append("END_PROGRAM\n");
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("src/big.st"), st.toString());
        Files.writeString(dir.resolve("project.yaml"), "name: bench-web\nsources: [src/*.st]\ntasks:\n"
                + "  - name: main\n    interval: " + o.interval() + "\n    programs: [Big]\n");
    }
}
