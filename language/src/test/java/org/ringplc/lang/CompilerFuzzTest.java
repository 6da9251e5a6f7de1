package org.ringplc.lang;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.junit.jupiter.api.Test;
import org.ringplc.lang.diag.Diagnostic;
import org.ringplc.lang.diag.DiagnosticCode;
import org.ringplc.lang.parse.IecStLexer;

/**
 * Mutation fuzzing of the compiler: programs of the golden corpus with tokens deleted,
 * duplicated, swapped or replaced must give diagnostics or a project, never an exception and never an
 * INTERNAL_ERROR (which is how the compiler reports its own bugs). The seed is fixed, so a failure
 * reproduces; the failing mutant is printed.
 */
class CompilerFuzzTest {
    /** About 3000 mutants: enough to reach every phase many times and still run in seconds. */
    private static final int MUTANTS_PER_FILE = 120;
    private static final long SEED = 61131;

    @Test
    void mutatedProgramsNeverCrashTheCompiler() throws IOException {
        List<Path> corpus = new ArrayList<>();
        for (String dir : List.of("ok", "error")) {
            try (Stream<Path> s = Files.list(Path.of("src/test/resources/golden", dir))) {
                s.filter(p -> p.toString().endsWith(".st") && !p.getFileName().toString().startsWith("BenchN"))
                        .sorted().forEach(corpus::add);
            }
        }
        Random random = new Random(SEED);
        // replacement tokens come from the whole corpus, so a mutant can meet any construct anywhere
        List<String> pool = new ArrayList<>();
        for (Path file : corpus) {
            tokens(Files.readString(file)).forEach(t -> pool.add(t.getText()));
        }
        List<String> failures = new ArrayList<>();
        int compiled = 0;
        for (Path file : corpus) {
            List<Token> tokens = tokens(Files.readString(file));
            for (int i = 0; i < MUTANTS_PER_FILE && failures.size() < 5; i++) {
                String mutant = mutate(tokens, pool, random);
                compiled++;
                try {
                    CompileResult r = StCompiler.compile(List.of(new SourceFile("fuzz.st", mutant)));
                    for (Diagnostic d : r.diagnostics()) {
                        if (d.code() == DiagnosticCode.INTERNAL_ERROR) {
                            failures.add(file.getFileName() + " mutant " + i + ": " + d.message() + "\n" + mutant);
                        }
                    }
                } catch (RuntimeException | StackOverflowError e) {
                    failures.add(file.getFileName() + " mutant " + i + ": threw " + e + "\n" + mutant);
                }
            }
        }
        assertTrue(compiled > 2000, "only " + compiled + " mutants");
        assertTrue(failures.isEmpty(), failures.size() + " failure(s), the first:\n" + (failures.isEmpty() ? "" : failures.get(0)));
    }

    private static List<Token> tokens(String text) {
        IecStLexer lexer = new IecStLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        List<Token> out = new ArrayList<>();
        for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
            out.add(t);
        }
        return out;
    }

    /**
     * One to three edits at random token positions: delete, duplicate a token of the file, swap
     * with the neighbour, or replace with a token of any file of the corpus.
     */
    private static String mutate(List<Token> tokens, List<String> pool, Random random) {
        List<String> t = new ArrayList<>();
        tokens.forEach(tok -> t.add(tok.getText()));
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && t.size() > 2; e++) {
            int i = random.nextInt(t.size() - 1);
            switch (random.nextInt(4)) {
                case 0 -> t.remove(i);
                case 1 -> t.add(i, t.get(random.nextInt(t.size())));
                case 2 -> t.set(i, pool.get(random.nextInt(pool.size())));
                default -> {
                    String a = t.get(i);
                    t.set(i, t.get(i + 1));
                    t.set(i + 1, a);
                }
            }
        }
        return String.join(" ", t);
    }
}
