package org.ringplc.lang;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.ringplc.lang.ast.CompilationUnit;
import org.ringplc.lang.codegen.CodeGenerator;
import org.ringplc.lang.diag.DiagnosticCode;
import org.ringplc.lang.diag.Diagnostics;
import org.ringplc.lang.diag.SourceSpan;
import org.ringplc.lang.parse.StParser;
import org.ringplc.lang.plcopen.PlcOpenImporter;
import org.ringplc.lang.program.CompiledProject;
import org.ringplc.lang.program.ConfigurationModel;
import org.ringplc.lang.sema.BodyChecker;
import org.ringplc.lang.sema.ConfigurationBuilder;
import org.ringplc.lang.sema.DeclarationAnalyzer;
import org.ringplc.lang.sema.ProjectModel;

/**
 * Compiles IEC 61131-3 Structured Text to JVM classes: {@code generate(check(analyze(parse(src))))},
 * each phase public so tests and the editor can stop after any of them. Where each ST concept lives:
 * <ul>
 *   <li>syntax: {@link org.ringplc.lang.parse.StParser} (grammar {@code IecSt.g4}), AST records in
 *       {@link org.ringplc.lang.ast}; PLCopen XML files ({@code .xml}: LD, FBD, SFC and ST bodies)
 *       become the same AST in {@link org.ringplc.lang.plcopen.PlcOpenImporter};</li>
 *   <li>types, POUs, globals, {@code AT} addresses: {@link org.ringplc.lang.sema.DeclarationAnalyzer};</li>
 *   <li>statements and expressions, literal typing, calls: {@link org.ringplc.lang.sema.BodyChecker},
 *       with the conversion rules in {@link org.ringplc.lang.sema.TypeRules};</li>
 *   <li>CONFIGURATION / RESOURCE / TASK: {@link org.ringplc.lang.sema.ConfigurationBuilder};</li>
 *   <li>bytecode: {@link org.ringplc.lang.codegen.CodeGenerator}; standard FBs (TON, CTU, R_TRIG, ...)
 *       are Java classes in {@link org.ringplc.lang.stdlib}.</li>
 * </ul>
 * Errors of all files are reported in one run, sorted; a compiler bug becomes an "internal
 * compiler error" diagnostic, never a stack trace for the user.
 */
public final class StCompiler {
    private StCompiler() {
    }

    /** Compiles all sources together (POUs and types may be used across files). */
    public static CompileResult compile(List<SourceFile> sources) {
        return compile(sources, CompileOptions.DEFAULT);
    }

    /** Compiles with Java function blocks besides the standard library ({@link CompileOptions}). */
    public static CompileResult compile(List<SourceFile> sources, CompileOptions options) {
        Diagnostics diagnostics = new Diagnostics();
        CompiledProject project = null;
        try {
            List<CompilationUnit> units = parse(sources, diagnostics);
            if (!diagnostics.hasErrors()) {
                ProjectModel model = DeclarationAnalyzer.analyze(units, diagnostics, options.functionBlocks());
                if (!diagnostics.hasErrors()) {
                    ConfigurationModel config = check(model, diagnostics);
                    if (!diagnostics.hasErrors()) {
                        project = generate(model, config);
                    }
                }
            }
        } catch (RuntimeException | LinkageError e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            String where = sources.isEmpty() ? "<none>" : sources.get(0).name();
            diagnostics.error(DiagnosticCode.INTERNAL_ERROR, new SourceSpan(where, 1, 1, 1),
                    "internal compiler error (please report it with the source): " + e
                            + " at " + (e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?"));
            project = null;
        }
        return new CompileResult(diagnostics.sorted(), diagnostics.hasErrors() ? null : project);
    }

    public static List<CompilationUnit> parse(List<SourceFile> sources, Diagnostics diagnostics) {
        List<CompilationUnit> units = new ArrayList<>();
        for (SourceFile s : sources) {
            units.add(PlcOpenImporter.handles(s) ? PlcOpenImporter.parse(s, diagnostics) : StParser.parse(s, diagnostics));
        }
        return units;
    }

    public static ProjectModel analyze(List<CompilationUnit> units, Diagnostics diagnostics) {
        return DeclarationAnalyzer.analyze(units, diagnostics);
    }

    /** Types every body and the configuration; returns the configuration model (null if none). */
    public static ConfigurationModel check(ProjectModel model, Diagnostics diagnostics) {
        BodyChecker.check(model, diagnostics);
        return ConfigurationBuilder.build(model, diagnostics);
    }

    public static CompiledProject generate(ProjectModel model, ConfigurationModel configuration) {
        return CodeGenerator.generate(model, configuration);
    }
}
