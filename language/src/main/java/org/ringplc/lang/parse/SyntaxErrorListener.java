package org.ringplc.lang.parse;

import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.ringplc.lang.diag.Diagnostics;
import org.ringplc.lang.diag.Problems;
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
            diagnostics.report(Problems.SyntaxError.unexpectedCharacter(new SourceSpan(file, line, col + 1, 1),
                    msg.replaceFirst("^token recognition error at: ", "")));
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
            diagnostics.report(Problems.SyntaxError.missingSemicolon(new SourceSpan(file, prev.getLine(), endCol, 1),
                    context(parser), found));
            return;
        }
        String want = expected == null ? "" : expectedText(expected, parser);
        int length = bad == null || bad.getType() == Token.EOF ? 1 : Math.max(1, bad.getText().length());
        SourceSpan at = new SourceSpan(file, line, col + 1, length);
        String[] unclosed = unclosedBlock(parser, expected);
        if (unclosed != null) {
            diagnostics.report(Problems.SyntaxError.unclosed(at, unclosed[0], unclosed[1], Integer.parseInt(unclosed[2]), found));
        } else if (msg.startsWith("missing ")) {
            diagnostics.report(Problems.SyntaxError.expectedBefore(at, want, found));
        } else if (bad != null && bad.getType() == Token.EOF) {
            diagnostics.report(Problems.SyntaxError.endOfFile(at, want));
        } else {
            diagnostics.report(Problems.SyntaxError.unexpected(at, found, want.length() > 80 ? "" : want));
        }
    }

    /**
     * When the parser waits for the END_x of a block (IF, CASE, FOR, WHILE, REPEAT) and meets
     * something that can only close an outer one: {END_x, opener, line of the opener}; else null.
     */
    private static String[] unclosedBlock(Parser parser, IntervalSet expected) {
        if (expected == null) {
            return null;
        }
        String[][] blocks = {{"END_IF", "IF"}, {"END_CASE", "CASE"}, {"END_FOR", "FOR"}, {"END_WHILE", "WHILE"},
                {"END_REPEAT", "REPEAT"}};
        for (String[] b : blocks) {
            int type = tokenType(parser, b[0]);
            if (type > 0 && expected.contains(type)) {
                for (org.antlr.v4.runtime.ParserRuleContext c = parser.getContext(); c != null; c = c.getParent()) {
                    if (c.getStart() != null && c.getStart().getText().equalsIgnoreCase(b[1])
                            && c instanceof IecStParser.StatementContext) {
                        return new String[] {b[0], b[1], String.valueOf(c.getStart().getLine())};
                    }
                }
            }
        }
        return null;
    }

    private static int tokenType(Parser parser, String literal) {
        for (int t = 1; t <= parser.getVocabulary().getMaxTokenType(); t++) {
            if (("'" + literal + "'").equals(parser.getVocabulary().getLiteralName(t))) {
                return t;
            }
        }
        return -1;
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
