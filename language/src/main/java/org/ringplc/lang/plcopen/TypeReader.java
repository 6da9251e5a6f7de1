package org.ringplc.lang.plcopen;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.ringplc.lang.ast.Expression;
import org.ringplc.lang.ast.Initializer;
import org.ringplc.lang.ast.TypeDefinition;
import org.ringplc.lang.ast.TypeRef;
import org.ringplc.lang.ast.VarDecl;
import org.ringplc.lang.diag.DiagnosticCode;
import org.ringplc.lang.program.VariableDescriptor.VarKind;

/**
 * PLCopen data types and declarations to the ST AST: {@code <type>} elements to {@link TypeRef},
 * {@code <initialValue>} to {@link Initializer}, {@code <dataType>} to {@link TypeDefinition}
 * and the variable lists of an interface or a configuration to {@link VarDecl}s, so that the
 * checker sees what a TYPE or VAR block with the same content would give.
 */
final class TypeReader {
    private static final Set<String> ELEMENTARY = Set.of("BOOL", "SINT", "INT", "DINT", "LINT", "USINT", "UINT",
            "UDINT", "ULINT", "BYTE", "WORD", "DWORD", "LWORD", "REAL", "LREAL", "TIME", "LTIME", "DATE", "TOD",
            "DT", "TIME_OF_DAY", "DATE_AND_TIME", "LDATE", "LTOD", "LDT");

    private final ImportContext ctx;

    TypeReader(ImportContext ctx) {
        this.ctx = ctx;
    }

    /** The type held by a {@code <type>} or {@code <baseType>} element; null after an error. */
    TypeRef type(XmlNode holder) {
        if (holder == null || holder.children.isEmpty()) {
            if (holder != null) {
                ctx.error(DiagnosticCode.UNDEFINED_TYPE, holder, "<" + holder.name + "> names no type");
            }
            return null;
        }
        XmlNode t = holder.children.get(0);
        String name = t.name;
        if (ELEMENTARY.contains(name.toUpperCase(Locale.ROOT)) && t.children.isEmpty()) {
            return new TypeRef.Named(ctx.span(t), name.toUpperCase(Locale.ROOT));
        }
        switch (name) {
            case "derived":
                return new TypeRef.Named(ctx.span(t), t.attr("name", ""));
            case "string":
            case "wstring":
                return new TypeRef.Text(ctx.span(t), name.equals("wstring"), t.attr("length") == null ? null
                        : new Expression.IntLiteral(ctx.span(t), integer(t, t.attr("length")), null));
            case "array": {
                List<TypeRef.Dimension> dims = new ArrayList<>();
                for (XmlNode d : t.all("dimension")) {
                    dims.add(new TypeRef.Dimension(bound(d, d.attr("lower", "0")), bound(d, d.attr("upper", "0"))));
                }
                TypeRef element = type(t.child("baseType"));
                return element == null ? null : new TypeRef.Array(ctx.span(t), dims, element);
            }
            case "subrangeSigned":
            case "subrangeUnsigned": {
                XmlNode range = t.child("range");
                TypeRef base = type(t.child("baseType"));
                if (range == null || !(base instanceof TypeRef.Named n)) {
                    ctx.error(DiagnosticCode.UNDEFINED_TYPE, t, "a subrange needs <range lower upper> and an elementary <baseType>");
                    return null;
                }
                return new TypeRef.Subrange(ctx.span(t), n.name(), bound(range, range.attr("lower", "0")),
                        bound(range, range.attr("upper", "0")));
            }
            default:
                ctx.error(DiagnosticCode.UNSUPPORTED, t, "type <" + name + "> is not supported here"
                        + (name.equals("enum") || name.equals("struct")
                        ? "; declare it as a named <dataType> and use <derived name=\"...\"/>" : ""));
                return null;
        }
    }

    private Expression bound(XmlNode where, String text) {
        Expression e = ctx.snippets.expression(text, where);
        return e != null ? e : new Expression.IntLiteral(ctx.span(where), BigInteger.ZERO, null);
    }

    private BigInteger integer(XmlNode where, String text) {
        try {
            return new BigInteger(text.trim());
        } catch (NumberFormatException e) {
            ctx.error(DiagnosticCode.SYNTAX_ERROR, where, "'" + text + "' is not an integer");
            return BigInteger.ONE;
        }
    }

    /** The value of an {@code <initialValue>} element (or of the value element inside it); null when absent. */
    Initializer initialValue(XmlNode holder) {
        if (holder == null || holder.children.isEmpty()) {
            return null;
        }
        return value(holder.children.get(0));
    }

    private Initializer value(XmlNode v) {
        switch (v.name) {
            case "simpleValue": {
                String text = v.attr("value");
                if (text == null) {
                    ctx.error(DiagnosticCode.SYNTAX_ERROR, v, "<simpleValue> needs a value attribute");
                    return null;
                }
                Expression e = ctx.snippets.expression(text, v);
                return e == null ? null : new Initializer.Value(ctx.span(v), e);
            }
            case "arrayValue": {
                List<Initializer.Repeated> elements = new ArrayList<>();
                for (XmlNode item : v.all("value")) {
                    int count = item.attr("repetitionValue") == null ? 1 : integer(item, item.attr("repetitionValue")).intValue();
                    Initializer inner = item.children.isEmpty() ? null : value(item.children.get(0));
                    elements.add(new Initializer.Repeated(count, inner));
                }
                return new Initializer.ArrayInit(ctx.span(v), elements);
            }
            case "structValue": {
                List<Initializer.FieldInit> fields = new ArrayList<>();
                for (XmlNode item : v.all("value")) {
                    Initializer inner = item.children.isEmpty() ? null : value(item.children.get(0));
                    if (inner != null) {
                        fields.add(new Initializer.FieldInit(ctx.span(item), item.attr("member", ""), inner));
                    }
                }
                return new Initializer.StructInit(ctx.span(v), fields);
            }
            default:
                ctx.error(DiagnosticCode.UNSUPPORTED, v, "initial value <" + v.name + "> is not supported");
                return null;
        }
    }

    /** A {@code <dataType>} as a TYPE definition; null after an error. */
    TypeDefinition dataType(XmlNode dt) {
        String name = dt.attr("name", "");
        XmlNode base = dt.child("baseType");
        XmlNode kind = base == null || base.children.isEmpty() ? null : base.children.get(0);
        if (kind == null) {
            ctx.error(DiagnosticCode.UNDEFINED_TYPE, dt, "data type '" + name + "' has no <baseType>");
            return null;
        }
        if (kind.name.equals("struct")) {
            List<VarDecl> fields = new ArrayList<>();
            for (XmlNode f : kind.all("variable")) {
                VarDecl d = variable(f, VarKind.LOCAL, false, false);
                if (d != null) {
                    fields.add(d);
                }
            }
            return new TypeDefinition.Struct(ctx.span(dt), name, fields);
        }
        if (kind.name.equals("enum")) {
            List<TypeDefinition.Element> elements = new ArrayList<>();
            XmlNode values = kind.child("values");
            for (XmlNode v : values == null ? List.<XmlNode>of() : values.all("value")) {
                Expression value = v.attr("value") == null ? null : ctx.snippets.expression(v.attr("value"), v);
                elements.add(new TypeDefinition.Element(ctx.span(v), v.attr("name", ""), value));
            }
            String initial = null;
            XmlNode init = dt.child("initialValue");
            if (init != null && init.child("simpleValue") != null) {
                initial = init.child("simpleValue").attr("value");
                if (initial != null && initial.contains("#")) {
                    initial = initial.substring(initial.indexOf('#') + 1);
                }
            }
            return new TypeDefinition.Enumeration(ctx.span(dt), name, elements, initial);
        }
        TypeRef t = type(base);
        return t == null ? null : new TypeDefinition.Alias(ctx.span(dt), name, t, initialValue(dt.child("initialValue")));
    }

    /** One {@code <variable>} of a variable list. */
    VarDecl variable(XmlNode v, VarKind kind, boolean constant, boolean retain) {
        String name = v.attr("name");
        if (name == null || name.isBlank()) {
            ctx.error(DiagnosticCode.SYNTAX_ERROR, v, "a <variable> needs a name");
            return null;
        }
        TypeRef t = type(v.child("type"));
        if (t == null) {
            return null;
        }
        String address = v.attr("address");
        return new VarDecl(ctx.span(v), name, kind, constant, retain, address == null || address.isBlank() ? null : address.trim(),
                address == null ? null : ctx.span(v), t, initialValue(v.child("initialValue")));
    }

    /** All variables of a list such as {@code <localVars constant="true">}. */
    List<VarDecl> variables(XmlNode list, VarKind kind) {
        boolean constant = list.flag("constant");
        boolean retain = list.flag("retain") || list.flag("persistent");
        List<VarDecl> out = new ArrayList<>();
        for (XmlNode v : list.all("variable")) {
            VarDecl d = variable(v, kind, constant, retain);
            if (d != null) {
                out.add(d);
            }
        }
        return out;
    }
}
