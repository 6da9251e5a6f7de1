package org.ringplc.lang.parse;

import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.ringplc.lang.SourceFile;
import org.ringplc.lang.ast.CompilationUnit;
import org.ringplc.lang.diag.Diagnostics;

/**
 * The parse phase: ST text to an {@link CompilationUnit} AST. ANTLR's console listeners are
 * replaced by one that reports SYNTAX_ERROR diagnostics; ANTLR types never leave this package.
 */
public final class StParser {
    private StParser() {
    }

    /** Parses one file; syntax errors go to {@code diagnostics} and the AST holds what could be read. */
    public static CompilationUnit parse(SourceFile source, Diagnostics diagnostics) {
        SyntaxErrorListener listener = new SyntaxErrorListener(source.name(), diagnostics);
        IecStLexer lexer = new IecStLexer(CharStreams.fromString(source.text(), source.name()));
        lexer.removeErrorListeners();
        lexer.addErrorListener(listener);
        IecStParser parser = new IecStParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        parser.addErrorListener(listener);
        IecStParser.CompilationUnitContext tree = parser.compilationUnit();
        return new AstBuilder(source.name(), diagnostics).build(tree);
    }
}
