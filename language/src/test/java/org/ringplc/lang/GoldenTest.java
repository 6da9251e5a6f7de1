package org.ringplc.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.ringplc.lang.diag.Diagnostic;
import org.ringplc.lang.diag.DiagnosticCode;
import org.ringplc.lang.program.ValueFormat;
import org.ringplc.lang.program.ValueType;
import org.ringplc.lang.program.VariableDescriptor;

/**
 * The golden corpus: {@code golden/ok/Name.st} runs for the cycles its {@code Name.json} says and
 * must end with the listed values; {@code golden/error/Name.st} must give exactly the listed
 * diagnostics (code, line, column). An internal compiler error always fails; a json without its
 * .st fails the run.
 */
class GoldenTest {
    private static final Path ROOT = Path.of("src/test/resources/golden");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> okPrograms() throws IOException {
        return cases("ok").stream().map(st -> DynamicTest.dynamicTest(name(st), () -> runOk(st)));
    }

    @TestFactory
    Stream<DynamicTest> errorPrograms() throws IOException {
        return cases("error").stream().map(st -> DynamicTest.dynamicTest(name(st), () -> runError(st)));
    }

    private static List<Path> cases(String dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(ROOT.resolve(dir))) {
            for (Path p : files.sorted().collect(Collectors.toList())) {
                String n = p.getFileName().toString();
                if (n.endsWith(".json") && !Files.exists(p.resolveSibling(n.replace(".json", ".st")))) {
                    fail("orphan golden file " + p + ": its .st is missing");
                }
                if (n.endsWith(".st")) {
                    if (!Files.exists(json(p))) {
                        fail("golden source " + p + " has no .json with the expected result");
                    }
                    out.add(p);
                }
            }
        }
        return out;
    }

    private static String name(Path st) {
        return st.getFileName().toString().replace(".st", "");
    }

    private static Path json(Path st) {
        return st.resolveSibling(name(st) + ".json");
    }

    private static List<SourceFile> source(Path st) throws IOException {
        return List.of(new SourceFile(st.getFileName().toString(), Files.readString(st)));
    }

    private static void runOk(Path st) throws Exception {
        JsonNode spec = JSON.readTree(json(st).toFile());
        long cycleNanos = ValueFormat.parseLiteral(ValueType.TIME, spec.path("cycleTime").asText("T#10ms"));
        PlcHarness h = new PlcHarness(source(st), cycleNanos);
        h.run(spec.path("cycles").asLong(1));
        JsonNode tol = spec.path("tolerance");
        Iterator<Map.Entry<String, JsonNode>> it = spec.path("expect").fields();
        List<String> wrong = new ArrayList<>();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            VariableDescriptor d = h.variable(e.getKey());
            Object actual = ValueFormat.readJson(d);
            if (!matches(e.getValue(), actual, d, tol.path(e.getKey()).asDouble(0))) {
                wrong.add(e.getKey() + ": expected " + e.getValue() + " but was " + actual);
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    private static boolean matches(JsonNode expected, Object actual, VariableDescriptor d, double relTol) {
        if (expected.isNumber()) {
            if (d.type() == ValueType.REAL || d.type() == ValueType.LREAL) {
                if (!(actual instanceof BigDecimal a)) {
                    return false;
                }
                double want = expected.asDouble();
                double got = a.doubleValue();
                if (relTol > 0) {
                    return Math.abs(got - want) <= relTol * Math.abs(want);
                }
                // the expected text may carry more digits than needed: compare as the type
                return d.type() == ValueType.REAL ? (float) want == (float) got : want == got;
            }
            return actual instanceof Number n && new BigDecimal(n.toString()).compareTo(expected.decimalValue()) == 0;
        }
        if (expected.isBoolean()) {
            return Boolean.valueOf(expected.asBoolean()).equals(actual);
        }
        return expected.asText().equals(String.valueOf(actual));
    }

    private static void runError(Path st) throws Exception {
        JsonNode spec = JSON.readTree(json(st).toFile());
        CompileResult r = StCompiler.compile(source(st));
        for (Diagnostic d : r.diagnostics()) {
            if (d.code() == DiagnosticCode.INTERNAL_ERROR) {
                fail("internal compiler error: " + d.headline());
            }
        }
        List<String> actual = r.diagnostics().stream()
                .map(d -> d.code() + "@" + d.span().line() + ":" + d.span().column()).collect(Collectors.toList());
        List<String> expected = new ArrayList<>();
        for (JsonNode d : spec.path("diagnostics")) {
            expected.add(d.path("code").asText() + "@" + d.path("line").asInt() + ":" + d.path("col").asInt());
        }
        assertEquals(expected, actual, () -> "diagnostics were:\n" + r.diagnostics().stream()
                .map(Diagnostic::headline).collect(Collectors.joining("\n")));
    }
}
