package org.ringplc.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each benchmark with tiny parameters: the figure names of PRODUCT.md §1, one
 * {@code name: value unit} line each, and a summary line last. The figures themselves are judged
 * by the modules that measure them.
 */
class BenchCommandTest {
    private static final String FIGURE = "[A-Za-z0-9_.]+: -?[0-9]+(\\.[0-9]+)? \\S+";

    private record Run(int code, List<String> lines, String err) {
    }

    private static Run bench(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "bench";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = Main.execute(all, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, Arrays.asList(out.toString().split("\n")), err.toString());
    }

    private static void figuresThenSummary(Run r, String summaryPrefix, List<String> names) {
        assertEquals(0, r.code(), r.lines() + r.err());
        List<String> figures = r.lines().subList(0, r.lines().size() - 1);
        for (String line : figures) {
            assertTrue(line.matches(FIGURE), "not 'name: value unit': " + line);
        }
        for (String name : names) {
            assertTrue(figures.stream().anyMatch(l -> l.startsWith(name + ": ")), name + " missing in " + r.lines());
        }
        assertTrue(r.lines().get(r.lines().size() - 1).startsWith(summaryPrefix), r.lines().toString());
    }

    @Test
    void benchIoPrintsEachBackendAndN() {
        Run r = bench("io", "--n", "1,2", "--cycles", "200", "--backend", "fallback,iouring");
        figuresThenSummary(r, "bench io: ", List.of(
                "io.fallback.n1.cpu_ns_per_cycle", "io.fallback.n1.syscalls_per_cycle", "io.fallback.n1.p50_us",
                "io.fallback.n1.p99_us", "io.fallback.n2.p99_us"));
        boolean uring = r.lines().stream().anyMatch(l -> l.startsWith("io.iouring.n2.syscalls_per_cycle: "));
        assertTrue(uring || r.err().contains("iouring n2 unavailable"), "io_uring measured or its absence said: " + r.err());
        String summary = r.lines().get(r.lines().size() - 1);
        assertTrue(!uring || summary.startsWith("bench io: scan-thread CPU, fallback / io_uring: iouring n1 "), summary);
    }

    @Test
    void benchIoMeasuresMultishotAndSqpollBesideThePlainVariants() {
        Run r = bench("io", "--n", "1", "--cycles", "100", "--backend", "iouring,fallback", "--multishot", "--sqpoll",
                "--sqpoll-idle", "2");
        // the names of PRODUCT.md §1 are still printed, the variants' beside them
        figuresThenSummary(r, "bench io: ", List.of("io.fallback.n1.cpu_ns_per_cycle", "io.fallback.n1.syscalls_per_cycle",
                "io.fallback.n1.p50_us", "io.fallback.n1.p99_us", "io.fallback_latest.n1.cpu_ns_per_cycle"));
        String summary = r.lines().get(r.lines().size() - 1);
        if (r.lines().stream().anyMatch(l -> l.startsWith("io.iouring.n1."))) {
            for (String name : List.of("io.iouring.n1.cpu_ns_per_cycle", "io.iouring.n1.syscalls_per_cycle",
                    "io.iouring.n1.p50_us", "io.iouring.n1.p99_us", "io.iouring_multishot.n1.cpu_ns_per_cycle")) {
                assertTrue(r.lines().stream().anyMatch(l -> l.startsWith(name + ": ")), name + " missing in " + r.lines());
            }
            assertTrue(summary.startsWith("bench io: scan-thread CPU, fallback / io_uring: iouring n1 "), summary);
            assertTrue(summary.contains("iouring_multishot n1 "), summary);
        } else {
            assertTrue(r.err().contains("iouring n1 unavailable"), r.err());
        }
        if (r.lines().stream().anyMatch(l -> l.startsWith("io.iouring_sqpoll.n1."))) {
            assertTrue(r.lines().stream().anyMatch(l -> l.startsWith("io.iouring_sqpoll.n1.sqpoll_cpu_ns_per_cycle: ")),
                    r.lines().toString());
            assertTrue(summary.contains("iouring_sqpoll n1 ") && summary.contains("counting the SQPOLL thread"), summary);
        } else {
            assertTrue(r.err().contains("iouring_sqpoll n1 unavailable"), "SQPOLL measured or its refusal said: " + r.err());
        }
    }

    @Test
    void benchIoRefusesAutoAndNonsense() {
        assertEquals(ExitCodes.USAGE, bench("io", "--backend", "auto").code());
        assertEquals(ExitCodes.USAGE, bench("io", "--n", "0").code());
        Run sqpollWithoutUring = bench("io", "--backend", "fallback", "--sqpoll");
        assertEquals(ExitCodes.USAGE, sqpollWithoutUring.code());
        assertTrue(sqpollWithoutUring.err().contains("--sqpoll measures io_uring"), sqpollWithoutUring.err());
        assertEquals(ExitCodes.USAGE, bench("io", "--sqpoll", "--sqpoll-idle", "-1").code());
    }

    @Test
    void benchCyclePrintsTheFiguresOfTheContract() {
        Run r = bench("cycle", "--interval", "1ms", "--seconds", "0.3", "--no-realtime");
        figuresThenSummary(r, "bench cycle: ", List.of("cycle.wakeup_p50_us", "cycle.wakeup_p99_us",
                "cycle.wakeup_p999_us", "cycle.wakeup_max_us", "cycle.exec_p99_us", "cycle.overruns",
                "cycle.alloc_bytes_per_cycle", "cycle.cpu_percent"));
        assertEquals(ExitCodes.USAGE, bench("cycle", "--interval", "soon").code());
    }

    @Test
    void benchStMeasuresTheGivenFiles(@TempDir Path dir) throws Exception {
        Path st = dir.resolve("count.st");
        Files.writeString(st, "PROGRAM Counter\nVAR n : DINT; END_VAR\nn := n + 1;\nEND_PROGRAM\n");
        Run r = bench("st", st.toString(), "--warmup-ms", "100", "--rounds", "3", "--round-ms", "20");
        figuresThenSummary(r, "st.summary: 1 programs", List.of("st.count.ns_per_cycle", "st.count.min_ns_per_cycle"));
        assertEquals(ExitCodes.USAGE, bench("st", st.toString(), "--rounds", "0").code());
        Path bad = dir.resolve("bad.st");
        Files.writeString(bad, "PROGRAM Bad\nx := 1;\nEND_PROGRAM\n");
        Run broken = bench("st", bad.toString(), "--warmup-ms", "1", "--rounds", "1", "--round-ms", "1");
        assertEquals(ExitCodes.PROJECT_ERRORS, broken.code(), broken.err());
        assertTrue(broken.err().contains("does not compile"), broken.err());
    }

    @Test
    void benchStDefaultsToTheSharedBenchmarksBesideTheRepository() throws Exception {
        Path bench = BenchCommand.benchDirectory();
        assertNotNull(bench, "../shared/bench beside the repository");
        assertTrue(bench.endsWith(Path.of("shared", "bench")), bench.toString());
        List<Path> programs = BenchCommand.defaultPrograms();
        assertTrue(programs.stream().anyMatch(p -> p.getFileName().toString().equals("bench_sort.st")), programs.toString());
    }

    @Test
    void benchIoRunsAgainstIoPeersStartedElsewhere() throws Exception {
        StringWriter peersOut = new StringWriter();
        StringWriter peersErr = new StringWriter();
        Thread peers = new Thread(() -> Main.execute(new String[] {"bench", "io-peers", "--n", "2", "--bind", "127.0.0.1",
                "--port", "0", "--seconds", "20"}, new PrintWriter(peersOut, true), new PrintWriter(peersErr, true)));
        peers.setDaemon(true);
        peers.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!peersOut.toString().contains("\n") && System.nanoTime() < deadline && peers.isAlive()) {
            Thread.sleep(20);
        }
        String banner = peersOut.toString();
        java.util.regex.Matcher ports = java.util.regex.Pattern.compile(" ports (\\d+)[,-]\\d+; on the PLC run: "
                + "ringplc bench io --peers <this machine's address>:(\\d+) --n 2").matcher(banner);
        assertTrue(ports.find(), "banner: " + banner + peersErr);
        assertEquals(ports.group(1), ports.group(2), banner);

        Run r = bench("io", "--peers", "127.0.0.1:" + ports.group(1), "--n", "1", "--cycles", "100", "--backend", "fallback");

        figuresThenSummary(r, "bench io: ", List.of("io.fallback.n1.cpu_ns_per_cycle", "io.fallback.n1.syscalls_per_cycle"));
        assertTrue(r.lines().stream().noneMatch(l -> l.contains("failed_exchanges")), r.lines().toString());
    }

    @Test
    void benchIoSaysHowToWritePeers() {
        Run r = bench("io", "--peers", "somehost", "--n", "1");

        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("--peers somehost: write HOST:PORT, the address and first port of "
                + "'ringplc bench io-peers'"), r.err());
    }
}
