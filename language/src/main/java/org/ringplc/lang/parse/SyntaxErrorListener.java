package org.ringplc.lang.parse;

import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.ringplc.lang.diag.DiagnosticCode;
import org.ringplc.lang.diag.Diagnostics;
import org.ringplc.lang.diag.SourceSpan;

/**
 * Turns ANTLR's syntax errors into SYNTAX_ERROR diagnostics a control engineer can act on:
 * "expected ';' after the assignment" at the end of the line where the ';' is missing, rather
 * than ANTLR's "mismatched input 'x' expecting ..." at the start of the next line.
 */
final class SyntaxErrorListener extends BaseErrorListener {
    private final String file;
    private final Diagnostics diagnostics;
    private int lastLine = -1;

    SyntaxErrorListener(String file, Diagnostics diagnostics) {
        this.file = file;
        this.diagnostics = diagnostics;
    }

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int col, String msg,
                            RecognitionException e) {
        if (!(recognizer instanceof Parser parser)) {
            // lexer: an unknown character or an unterminated literal
            diagnostics.error(DiagnosticCode.SYNTAX_ERROR, new SourceSpan(file, line, col + 1, 1),
                    "unexpected character: " + msg.replaceFirst("^token recognition error at: ", ""));
            return;
        }
        Token bad = (Token) offendingSymbol;
        if (bad != null && bad.getLine() == lastLine) {
            // one error per line: the recovery often cascades into more on the same line
            return;
        }
        lastLine = bad == null ? line : bad.getLine();
        IntervalSet expected = e != null ? e.getExpectedTokens() : parser.getExpectedTokens();
        TokenStream tokens = parser.getInputStream();
        Token prev = tokens.index() > 0 ? tokens.get(Math.max(0, bad == null ? tokens.index() - 1 : bad.getTokenIndex() - 1)) : null;
        String found = describe(bad);
        if (expected != null && expected.contains(IecStParser.SEMI) && prev != null && bad != null
                && prev.getType() != IecStParser.SEMI
                && (bad.getLine() > prev.getLine() || bad.getType() == Token.EOF)) {
            // a missing ';' is best reported where it belongs: right after the previous token
            int endCol = prev.getCharPositionInLine() + prev.getText().length() + 1;
            diagnostics.error(DiagnosticCode.SYNTAX_ERROR, new SourceSpan(file, prev.getLine(), endCol, 1),
                    "expected ';' " + context(parser) + "before " + found);
            return;
        }
        String want = expected == null ? "" : expectedText(expected, parser);
        String message;
        if (msg.startsWith("missing ")) {
            message = "expected " + want + " before " + found;
        } else if (bad != null && bad.getType() == Token.EOF) {
            message = "unexpected end of file: " + (want.isEmpty() ? "the declaration is incomplete" : "expected " + want);
        } else {
            message = "unexpected " + found + (want.isEmpty() || want.length() > 80 ? "" : "; expected " + want);
        }
        int length = bad == null || bad.getType() == Token.EOF ? 1 : Math.max(1, bad.getText().length());
        diagnostics.error(DiagnosticCode.SYNTAX_ERROR, new SourceSpan(file, line, col + 1, length), message);
    }

    private static String context(Parser parser) {
        String rule = parser.getRuleInvocationStack().isEmpty() ? "" : parser.getRuleInvocationStack().get(0);
        switch (rule) {
            case "statement": return "after the statement ";
            case "varDecl": return "after the declaration ";
            case "typeDefinition": return "after the type definition ";
            default: return "";
        }
    }

    private static String describe(Token t) {
        if (t == null || t.getType() == Token.EOF) {
            return "the end of the file";
        }
        return "'" + t.getText() + "'";
    }

    private static String expectedText(IntervalSet set, Parser parser) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (int type : set.toList()) {
            if (type == Token.EOF) {
                continue;
            }
            String name = parser.getVocabulary().getLiteralName(type);
            if (name == null) {
                name = switch (parser.getVocabulary().getSymbolicName(type)) {
                    case "IDENTIFIER" -> "a name";
                    case "INTEGER", "BASED_INTEGER", "REAL_NUMBER" -> "a number";
                    case "DIRECT_ADDRESS" -> "an address like %IX0.0";
                    case "STRING_LITERAL", "WSTRING_LITERAL" -> "a string";
                    default -> parser.getVocabulary().getSymbolicName(type).toLowerCase(java.util.Locale.ROOT);
                };
            }
            if (sb.indexOf(name) >= 0) {
                continue;
            }
            if (n++ > 0) {
                sb.append(", ");
            }
            sb.append(name);
        }
        return n > 6 ? "" : sb.toString();
    }
}
