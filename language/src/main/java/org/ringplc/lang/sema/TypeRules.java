package org.ringplc.lang.sema;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.ringplc.lang.sema.ElementaryType.Category;

/**
 * The implicit conversions of IEC 61131-3 §6.4.2 (Figure 11/12), made a little more lenient in
 * the way CODESYS is, because control engineers expect it: an integer widens to any integer type
 * whose range holds all its values (bit strings count as unsigned of their width), any integer
 * widens to REAL/LREAL, REAL widens to LREAL and TIME to LTIME. Untyped literals take any type
 * their value fits.
 */
public final class TypeRules {
    private TypeRules() {
    }

    /** True if a value of {@code from} can be used where {@code to} is expected without a conversion call. */
    public static boolean widens(Type from, Type to) {
        if (from.equals(to)) {
            return true;
        }
        if (from instanceof RefType fr && to instanceof RefType tr) {
            // NULL, or a reference to a derived function block where one to its base is expected
            return fr.target() == null || fr.target() instanceof FbType ff && tr.target() instanceof FbType tf && ff.derivesFrom(tf);
        }
        if (to instanceof InterfaceType ti) {
            return from == RefType.NULL || from instanceof FbType ff && ff.implementsInterface(ti)
                    || from instanceof InterfaceType fi && fi.extendsOrIs(ti);
        }
        if (from instanceof StringType fs && to instanceof StringType ts) {
            return fs.wide() == ts.wide();
        }
        if (!(from instanceof ElementaryType f) || !(to instanceof ElementaryType t)) {
            return false;
        }
        if (f == ElementaryType.LIT_INT) {
            return t.isNumeric() && !t.isLiteral() || t == ElementaryType.LIT_REAL;
        }
        if (f == ElementaryType.LIT_REAL) {
            return t.category == Category.REAL;
        }
        if (t.isLiteral()) {
            return false;
        }
        if (f.isInteger() && t.isInteger()) {
            return f.rangeFitsIn(t);
        }
        if (f.isInteger() && t.category == Category.REAL) {
            return true;
        }
        if (f == ElementaryType.REAL && t == ElementaryType.LREAL) {
            return true;
        }
        return f == ElementaryType.TIME && t == ElementaryType.LTIME;
    }

    /**
     * The type two operands meet in, or null if neither widens to the other. A literal meets a
     * typed operand in the typed operand's type; an integer meets a real literal in LREAL.
     */
    public static Type common(Type a, Type b) {
        if (a.equals(b)) {
            return a;
        }
        if (a instanceof ElementaryType ea && b instanceof ElementaryType eb) {
            if (ea == ElementaryType.LIT_REAL && eb.isInteger() && !eb.isLiteral()) {
                return ElementaryType.LREAL;
            }
            if (eb == ElementaryType.LIT_REAL && ea.isInteger() && !ea.isLiteral()) {
                return ElementaryType.LREAL;
            }
        }
        if (a instanceof RefType ra && b instanceof RefType rb && ra.target() instanceof FbType fa && rb.target() instanceof FbType fb) {
            // references to two function blocks meet at their nearest common base
            for (FbType t = fa; t != null; t = t.base()) {
                if (fb.derivesFrom(t)) {
                    return new RefType(t);
                }
            }
        }
        if (widens(a, b)) {
            return b;
        }
        if (widens(b, a)) {
            return a;
        }
        return null;
    }

    /** The concrete type an all-literal operand list defaults to: DINT (LINT if too big) or LREAL. */
    public static ElementaryType defaultFor(ElementaryType literal, Object value) {
        if (literal == ElementaryType.LIT_INT) {
            if (value instanceof BigInteger v && v.bitLength() >= 32) {
                return ElementaryType.LINT;
            }
            return ElementaryType.DINT;
        }
        return ElementaryType.LREAL;
    }

    /** True if the literal constant {@code value} is a value of {@code to}. */
    public static boolean literalFits(Object value, Type to) {
        if (!(to instanceof ElementaryType t)) {
            return false;
        }
        if (value instanceof BigInteger v) {
            if (t.isReal()) {
                return true;
            }
            return t.isInteger() && (t.isLiteral() || v.compareTo(t.min()) >= 0 && v.compareTo(t.max()) <= 0);
        }
        if (value instanceof BigDecimal d) {
            if (t == ElementaryType.REAL) {
                return Float.isFinite(d.floatValue());
            }
            return t.isReal();
        }
        return false;
    }
}
