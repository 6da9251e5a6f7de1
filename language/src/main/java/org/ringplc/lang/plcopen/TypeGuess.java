package org.ringplc.lang.plcopen;

import java.util.Locale;
import java.util.Map;
import org.ringplc.lang.ast.Expression;
import org.ringplc.lang.ast.TypeRef;

/**
 * The type of a wire, where the importer can tell it without the checker: declared variables of
 * the POU, typed literals, the outputs of the standard function blocks, comparisons, conversions.
 * It lets a function whose output feeds several elements be evaluated once into a hidden variable
 * of that type; where the answer is not certain it says null and the function is evaluated where
 * each element uses it, which is what the checker then types.
 */
final class TypeGuess {
    private static final Map<String, String> STANDARD_OUTPUTS = Map.ofEntries(
            Map.entry("TON.Q", "BOOL"), Map.entry("TON.ET", "TIME"), Map.entry("TOF.Q", "BOOL"), Map.entry("TOF.ET", "TIME"),
            Map.entry("TP.Q", "BOOL"), Map.entry("TP.ET", "TIME"), Map.entry("CTU.Q", "BOOL"), Map.entry("CTU.CV", "INT"),
            Map.entry("CTD.Q", "BOOL"), Map.entry("CTD.CV", "INT"), Map.entry("CTUD.QU", "BOOL"), Map.entry("CTUD.QD", "BOOL"),
            Map.entry("CTUD.CV", "INT"), Map.entry("R_TRIG.Q", "BOOL"), Map.entry("F_TRIG.Q", "BOOL"),
            Map.entry("SR.Q1", "BOOL"), Map.entry("RS.Q1", "BOOL"));

    private TypeGuess() {
    }

    /** An elementary type name, or null when unsure. */
    static String of(Expression e, PouScope scope) {
        if (e instanceof Expression.BoolLiteral) {
            return "BOOL";
        }
        if (e instanceof Expression.TimeLiteral t) {
            return t.typeName();
        }
        if (e instanceof Expression.IntLiteral i) {
            return i.typeName();
        }
        if (e instanceof Expression.RealLiteral r) {
            return r.typeName();
        }
        if (e instanceof Expression.Name n) {
            return elementary(scope.typeOf(n.name()));
        }
        if (e instanceof Expression.Member m && m.target() instanceof Expression.Name n
                && scope.typeOf(n.name()) instanceof TypeRef.Named fb) {
            return STANDARD_OUTPUTS.get(fb.name().toUpperCase(Locale.ROOT) + "." + m.member().toUpperCase(Locale.ROOT));
        }
        if (e instanceof Expression.Unary u) {
            return of(u.operand(), scope);
        }
        if (e instanceof Expression.Binary b) {
            if (b.op().isComparison()) {
                return "BOOL";
            }
            String l = of(b.left(), scope);
            String r = of(b.right(), scope);
            if (l != null && r != null) {
                return l.equals(r) ? l : null;
            }
            // an untyped literal takes the other operand's type
            return l != null && isLiteral(b.right()) ? l : r != null && isLiteral(b.left()) ? r : null;
        }
        if (e instanceof Expression.Call c) {
            String name = c.name().toUpperCase(Locale.ROOT);
            int to = name.indexOf("_TO_");
            return to > 0 ? elementary(new TypeRef.Named(c.span(), name.substring(to + 4))) : null;
        }
        return null;
    }

    private static boolean isLiteral(Expression e) {
        return e instanceof Expression.IntLiteral || e instanceof Expression.RealLiteral;
    }

    private static String elementary(TypeRef t) {
        if (t instanceof TypeRef.Subrange s) {
            return s.base().toUpperCase(Locale.ROOT);
        }
        if (t instanceof TypeRef.Named n) {
            String name = n.name().toUpperCase(Locale.ROOT);
            return switch (name) {
                case "BOOL", "SINT", "INT", "DINT", "LINT", "USINT", "UINT", "UDINT", "ULINT", "BYTE", "WORD", "DWORD",
                     "LWORD", "REAL", "LREAL", "TIME", "LTIME", "DATE", "TIME_OF_DAY", "DATE_AND_TIME" -> name;
                case "TOD" -> "TIME_OF_DAY";
                case "DT" -> "DATE_AND_TIME";
                default -> null;
            };
        }
        return null;
    }
}
