package org.ringplc.lang;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ringplc.lang.diag.Diagnostic;
import org.ringplc.lang.program.PlcFault;
import org.ringplc.lang.program.ValueFormat;
import org.ringplc.lang.program.VariableDescriptor;

/**
 * A developer's aid for writing golden files: {@code GoldenPrinter file.st cycles} prints the
 * diagnostics, or every variable after that many 10 ms cycles, or the fault. The expected values
 * of a golden file are worked out by hand from the standard; this only shows where the compiler
 * disagrees.
 */
final class GoldenPrinter {
    private GoldenPrinter() {
    }

    public static void main(String[] args) throws Exception {
        Path st = Path.of(args[0]);
        long cycles = args.length > 1 ? Long.parseLong(args[1]) : 1;
        List<SourceFile> src = List.of(new SourceFile(st.getFileName().toString(), Files.readString(st)));
        CompileResult r = StCompiler.compile(src);
        for (Diagnostic d : r.diagnostics()) {
            System.out.println(d.code() + " " + d.headline());
        }
        if (r.hasErrors()) {
            return;
        }
        PlcHarness h = new PlcHarness(src, 10_000_000L);
        try {
            h.run(cycles);
        } catch (RuntimeException e) {
            System.out.println("FAULT " + e + " at " + PlcFault.locate(e));
        }
        for (VariableDescriptor d : h.variables().values()) {
            System.out.println(d.path() + " = " + ValueFormat.readJson(d));
        }
    }
}
