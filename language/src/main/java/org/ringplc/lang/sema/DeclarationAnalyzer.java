package org.ringplc.lang.sema;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ringplc.lang.ast.CompilationUnit;
import org.ringplc.lang.ast.Expression;
import org.ringplc.lang.ast.ObjectParts;
import org.ringplc.lang.ast.Pou;
import org.ringplc.lang.ast.TypeDefinition;
import org.ringplc.lang.ast.TypeRef;
import org.ringplc.lang.ast.VarDecl;
import org.ringplc.lang.diag.Diagnostics;
import org.ringplc.lang.diag.Problems;
import org.ringplc.lang.diag.SourceSpan;
import org.ringplc.lang.program.IoAddress;
import org.ringplc.lang.program.VariableDescriptor.VarKind;
import org.ringplc.lang.stdlib.StandardLibrary;

/**
 * The analyze phase: collects every type, POU and global of all files into one
 * {@link ProjectModel}, resolves declared types (user types may be used before they are
 * declared, in any file) and checks declarations: duplicates, unknown types, {@code AT}
 * addresses, constant array bounds.
 */
public final class DeclarationAnalyzer {
    private final Diagnostics diagnostics;
    private final ProjectModel model = new ProjectModel();

    private DeclarationAnalyzer(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    public static ProjectModel analyze(List<CompilationUnit> units, Diagnostics diagnostics) {
        return analyze(units, diagnostics, List.of());
    }

    /** With Java function blocks besides the standard library (checked, errors reported at the class). */
    public static ProjectModel analyze(List<CompilationUnit> units, Diagnostics diagnostics, List<Class<?>> javaBlocks) {
        DeclarationAnalyzer a = new DeclarationAnalyzer(diagnostics);
        JavaBlocks blocks = new JavaBlocks(a.model, diagnostics);
        for (Class<?> c : StandardLibrary.functionBlocks()) {
            blocks.register(c);
        }
        for (Class<?> c : javaBlocks) {
            if (blocks.check(c)) {
                blocks.register(c);
            }
        }
        return a.run(units);
    }

    private ProjectModel run(List<CompilationUnit> units) {
        List<TypeDefinition.Struct> structs = new ArrayList<>();
        List<TypeDefinition.Alias> aliases = new ArrayList<>();
        List<ObjectParts.Interface> interfaces = new ArrayList<>();
        for (CompilationUnit u : units) {
            for (TypeDefinition t : u.types()) {
                if (!checkNewName(t.name(), t.span())) {
                    continue;
                }
                if (t instanceof TypeDefinition.Struct s) {
                    StructType st = new StructType(s.name());
                    model.types.put(key(s.name()), st);
                    model.structs.add(st);
                    structs.add(s);
                } else if (t instanceof TypeDefinition.Enumeration e) {
                    model.types.put(key(e.name()), enumeration(e));
                } else if (t instanceof TypeDefinition.Alias a) {
                    aliases.add(a);
                }
            }
            for (Pou p : u.pous()) {
                if (!checkNewName(p.name(), p.span())) {
                    continue;
                }
                PouSymbol ps = new PouSymbol(p);
                model.pous.put(key(p.name()), ps);
                if (p.kind() == Pou.Kind.FUNCTION_BLOCK) {
                    FbType fb = new FbType(p.name(), p, null);
                    ps.setFbType(fb);
                    model.types.put(key(p.name()), fb);
                }
            }
            for (ObjectParts.Interface i : u.interfaces()) {
                if (checkNewName(i.name(), i.span())) {
                    InterfaceType it = new InterfaceType(i.name());
                    model.types.put(key(i.name()), it);
                    interfaces.add(i);
                }
            }
            model.configurations.addAll(u.configurations());
        }
        ObjectModel oop = new ObjectModel(model, diagnostics, this::declareVariables, this::declareInstanceVariables);
        oop.linkHierarchy(interfaces);
        // aliases may refer to each other in any order: resolve until no progress
        for (TypeDefinition.Alias a : aliases) {
            model.types.put(key(a.name()), resolve(a.type()));
            model.aliases.put(key(a.name()), a);
        }
        for (TypeDefinition.Struct s : structs) {
            StructType st = (StructType) model.type(s.name());
            for (VarDecl f : s.fields()) {
                if (st.member(f.name()) != null) {
                    diagnostics.report(Problems.DuplicateDeclaration.twice(f.span(), "member of STRUCT " + s.name(), f.name()));
                    continue;
                }
                st.members().add(new StructType.Member(f.name(), resolve(f.type()), f));
                model.recordRanges(f);
            }
        }
        for (PouSymbol p : model.pous.values()) {
            declareVariables(p);
        }
        for (ObjectParts.Interface i : interfaces) {
            InterfaceType it = (InterfaceType) model.type(i.name());
            oop.declareMethods(it, null, i.methods(), i.properties(), i.span());
        }
        for (PouSymbol p : model.pous.values()) {
            if (p.fbType() != null) {
                ObjectParts parts = p.decl().parts();
                oop.declareMethods(p.fbType(), p, parts.methods(), parts.properties(), p.decl().span());
            }
        }
        for (PouSymbol p : model.pous.values()) {
            if (p.fbType() != null) {
                oop.checkObjectRules(p);
            }
        }
        for (CompilationUnit u : units) {
            declareGlobals(u.globals());
            u.configurations().forEach(c -> declareGlobals(c.globals()));
        }
        return model;
    }

    private EnumType enumeration(TypeDefinition.Enumeration e) {
        List<String> names = new ArrayList<>();
        long[] values = new long[e.elements().size()];
        long next = 0;
        for (int i = 0; i < values.length; i++) {
            TypeDefinition.Element el = e.elements().get(i);
            if (names.stream().anyMatch(n -> n.equalsIgnoreCase(el.name()))) {
                diagnostics.report(Problems.DuplicateDeclaration.twice(el.span(), "element of " + e.name(), el.name()));
            }
            if (el.value() != null) {
                BigInteger v = ConstantEvaluator.integer(el.value(), model, null, diagnostics);
                next = v == null ? next : v.longValue();
            }
            names.add(el.name());
            values[i] = next++;
        }
        long initial = values.length > 0 ? values[0] : 0;
        if (e.initial() != null) {
            int idx = -1;
            for (int i = 0; i < names.size(); i++) {
                if (names.get(i).equalsIgnoreCase(e.initial())) {
                    idx = i;
                }
            }
            if (idx < 0) {
                diagnostics.report(Problems.UndefinedName.initialElement(e.span(), e.initial(), e.name()));
            } else {
                initial = values[idx];
            }
        }
        return new EnumType(e.name(), names, values, initial);
    }

    private void declareVariables(PouSymbol p) {
        Pou pou = p.decl();
        boolean function = pou.kind() == Pou.Kind.FUNCTION;
        if (function) {
            Type result = pou.resultType() == null ? null : resolve(pou.resultType());
            VarSymbol rv = null;
            if (result != null) {
                // IEC gives the result its type's initial value on every call, as a local of that type:
                // a declaration without its own initial value lets a TYPE's (alias, subrange, array
                // element subrange) reach the generator and the subrange checks the same way
                VarDecl rd = new VarDecl(pou.resultType().span(), pou.name(), VarKind.LOCAL, false, false, null, null,
                        pou.resultType(), null);
                model.recordRanges(rd);
                rv = new VarSymbol(pou.name(), result, VarKind.LOCAL, rd, VarSymbol.Storage.LOCAL, null);
            }
            p.setResult(result, rv);
        }
        for (VarDecl d : pou.vars()) {
            if (p.lookupOwn(d.name()) != null || (function && p.outer() == null && d.name().equalsIgnoreCase(pou.name()))) {
                diagnostics.report(Problems.DuplicateDeclaration.in(d.span(), d.name(), pou.name()));
                continue;
            }
            if (p.base() != null && p.base().lookup(d.name()) != null) {
                diagnostics.report(Problems.DuplicateDeclaration.inherited(d.span(), d.name(), p.base().name(), pou.name()));
                continue;
            }
            if (d.kind() == VarKind.GLOBAL) {
                diagnostics.report(Problems.Unsupported.of(d.span(), "VAR_GLOBAL cannot be declared in " + pou.name(),
                        "declare it in a CONFIGURATION or at the top level of a file"));
                continue;
            }
            Type t = resolve(d.type());
            model.recordRanges(d);
            if (d.kind() == VarKind.EXTERNAL) {
                if (function) {
                    diagnostics.report(Problems.Unsupported.of(d.span(), "a FUNCTION cannot use VAR_EXTERNAL '" + d.name() + "'",
                            "pass the value as an input or make " + pou.name() + " a FUNCTION_BLOCK"));
                    continue;
                }
                // resolved against the globals in the check phase; recorded here for the name
                p.add(new VarSymbol(d.name(), t, VarKind.EXTERNAL, d, VarSymbol.Storage.GLOBAL, null));
                continue;
            }
            if (t instanceof FbType ft && ft.isAbstract() && d.kind() != VarKind.IN_OUT) {
                diagnostics.report(Problems.TypeMismatch.abstractInstance(d.type().span(), ft.name()));
            }
            if (function && (t instanceof FbType)) {
                diagnostics.report(Problems.Unsupported.of(d.type().span(), "a FUNCTION cannot hold a function block instance",
                        "make " + pou.name() + " a FUNCTION_BLOCK"));
            }
            if (function && d.kind() == VarKind.OUTPUT && !(t instanceof ElementaryType || t instanceof StringType
                    || t instanceof EnumType)) {
                diagnostics.report(Problems.Unsupported.of(d.type().span(), "a VAR_OUTPUT of a FUNCTION must be an elementary type or a STRING",
                        "use VAR_IN_OUT to fill " + t.name()));
            }
            if (d.kind() == VarKind.IN_OUT && d.init() != null) {
                diagnostics.report(Problems.TypeMismatch.inOutInitialValue(d.init().span()));
            }
            IoAddress address = d.address() == null ? null : address(d);
            VarSymbol v = new VarSymbol(d.name(), t, d.kind(), d,
                    function ? VarSymbol.Storage.LOCAL : VarSymbol.Storage.FIELD, address);
            p.add(v);
            if (p.fbType() != null) {
                p.fbType().members().add(new FbType.Member(d.name(), t, d.kind(), d.name()));
            }
        }
        if (function && p.resultType() == null && p.outer() == null) {
            diagnostics.report(Problems.SyntaxError.functionResult(pou.span(), pou.name()));
        }
    }

    /**
     * The VAR_INST of a method (CODESYS): fields of the function block instance, initialised with
     * the instance and kept between calls, seen by their bare name in the method only. Each is a
     * variable of the method's scope and of the block's (under its field name, for the class),
     * and a member {@code Method.name} of the block type, so it is monitored as
     * {@code fb.Method.name}. A name the method or the block (with its bases) already has is an
     * error: reading it in the method would silently pick one of the two.
     */
    private void declareInstanceVariables(PouSymbol method, ObjectParts.Method m) {
        PouSymbol fb = method.outer();
        for (VarDecl d : m.instanceVars()) {
            String field = "inst$" + m.name() + "$" + d.name();
            if (method.lookupOwn(d.name()) != null || d.name().equalsIgnoreCase(m.name())) {
                diagnostics.report(Problems.DuplicateDeclaration.in(d.span(), d.name(), "method " + m.name()));
                continue;
            }
            if (fb.lookup(d.name()) != null) {
                diagnostics.report(Problems.DuplicateDeclaration.instanceVar(d.span(), d.name(), m.name(), fb.name()));
                continue;
            }
            if (fb.lookupOwn(field) != null) {
                continue; // the method is declared twice, which is reported with the methods
            }
            if (fb.base() != null && fb.base().lookup(field) != null) {
                // an override of a base's method that has a VAR_INST of the same name: both would be fb.Method.name
                diagnostics.report(Problems.DuplicateDeclaration.inherited(d.span(), m.name() + "." + d.name(),
                        fb.base().name(), fb.name()));
                continue;
            }
            if (d.address() != null) {
                diagnostics.report(Problems.Unsupported.of(d.addressSpan(), "a VAR_INST cannot be located (AT)",
                        "declare " + d.name() + " AT " + d.address() + " in the FUNCTION_BLOCK's VAR or a global"));
                continue;
            }
            Type t = resolve(d.type());
            model.recordRanges(d);
            if (t instanceof FbType ft && ft.isAbstract()) {
                diagnostics.report(Problems.TypeMismatch.abstractInstance(d.type().span(), ft.name()));
            }
            VarSymbol v = new VarSymbol(d.name(), t, VarKind.LOCAL, d, VarSymbol.Storage.FIELD, null, field);
            method.add(v);
            fb.addInstanceVariable(v);
            fb.fbType().members().add(new FbType.Member(m.name() + "." + d.name(), t, VarKind.LOCAL, field));
        }
    }

    private void declareGlobals(List<VarDecl> decls) {
        for (VarDecl d : decls) {
            if (model.global(d.name()) != null) {
                diagnostics.report(Problems.DuplicateDeclaration.twice(d.span(), "global", d.name()));
                continue;
            }
            Type t = resolve(d.type());
            model.recordRanges(d);
            model.globals.put(key(d.name()), new VarSymbol(d.name(), t, VarKind.GLOBAL, d, VarSymbol.Storage.GLOBAL,
                    d.address() == null ? null : address(d)));
        }
    }

    private static final Pattern ADDRESS = Pattern.compile("%([IQM])([XBWDL])?([0-9]+)(?:\\.([0-9]+))?");

    /** {@code %IX0.3}, {@code %QW1}; a bit address needs a bit 0..7, others none; the size must fit the type. */
    private IoAddress address(VarDecl d) {
        Matcher m = ADDRESS.matcher(d.address().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            diagnostics.report(Problems.InvalidAddress.malformed(d.addressSpan(), d.address()));
            return null;
        }
        IoAddress.Area area = IoAddress.Area.valueOf(m.group(1));
        IoAddress.Size size = m.group(2) == null ? IoAddress.Size.X : IoAddress.Size.valueOf(m.group(2));
        int index = Integer.parseInt(m.group(3));
        int bit = 0;
        if (size == IoAddress.Size.X) {
            if (m.group(4) == null) {
                diagnostics.report(Problems.InvalidAddress.needsBit(d.addressSpan(), d.address(), "%" + area + "X" + index + ".0"));
                return null;
            }
            bit = Integer.parseInt(m.group(4));
            if (bit > 7) {
                diagnostics.report(Problems.InvalidAddress.noSuchBit(d.addressSpan(), bit));
                return null;
            }
        } else if (m.group(4) != null) {
            diagnostics.report(Problems.InvalidAddress.bitOnNonBit(d.addressSpan()));
            return null;
        }
        Type t = resolve(d.type());
        int bits = t instanceof ElementaryType e && !e.isLiteral() ? (e == ElementaryType.BOOL ? 1 : e.bits) : -1;
        int want = switch (size) {
            case X -> 1;
            case B -> 8;
            case W -> 16;
            case D -> 32;
            case L -> 64;
        };
        if (bits != want) {
            diagnostics.report(Problems.InvalidAddress.size(d.addressSpan(), d.address(), want, d.name(), t.name()));
            return null;
        }
        return new IoAddress(area, size, index, bit);
    }

    /** The type a declaration names; unknown names are reported once and read as DINT. */
    Type resolve(TypeRef ref) {
        if (ref instanceof TypeRef.Named n) {
            ElementaryType e = ElementaryType.byName(n.name());
            if (e != null) {
                return e;
            }
            Type t = model.type(n.name());
            if (t == null) {
                diagnostics.report(Problems.UndefinedType.type(n.span(), n.name()));
                return ElementaryType.DINT;
            }
            return t;
        }
        if (ref instanceof TypeRef.Text s) {
            int len = StringType.DEFAULT_LENGTH;
            if (s.length() != null) {
                BigInteger v = ConstantEvaluator.integer(s.length(), model, null, diagnostics);
                if (v != null && (v.signum() <= 0 || v.bitLength() > 16)) {
                    diagnostics.report(Problems.TypeMismatch.stringLength(s.length().span()));
                } else if (v != null) {
                    len = v.intValue();
                }
            }
            return new StringType(len, s.wide());
        }
        if (ref instanceof TypeRef.Reference r) {
            return new RefType(resolve(r.target()));
        }
        if (ref instanceof TypeRef.Subrange s) {
            ElementaryType e = ElementaryType.byName(s.base());
            if (e == null || !e.isInteger()) {
                diagnostics.report(Problems.UndefinedType.notA(s.span(), s.base(), "an integer type a subrange can be based on"));
                return ElementaryType.DINT;
            }
            BigInteger lo = ConstantEvaluator.integer(s.lo(), model, null, diagnostics);
            BigInteger hi = ConstantEvaluator.integer(s.hi(), model, null, diagnostics);
            if (lo != null && hi != null) {
                if (lo.compareTo(hi) > 0 || lo.compareTo(e.min()) < 0 || hi.compareTo(e.max()) > 0) {
                    diagnostics.report(Problems.TypeMismatch.badBounds(s.lo().span(), "the subrange", lo.toString(), hi.toString(),
                            "is empty or outside " + e.name() + " (" + e.min() + ".." + e.max() + ")"));
                } else {
                    model.typing.subranges.put(ref, new Subrange(e, lo.longValue(), hi.longValue()));
                }
            }
            return e;
        }
        TypeRef.Array a = (TypeRef.Array) ref;
        List<ArrayType.Dim> dims = new ArrayList<>();
        long total = 1;
        for (TypeRef.Dimension d : a.dimensions()) {
            BigInteger lo = ConstantEvaluator.integer(d.lo(), model, null, diagnostics);
            BigInteger hi = ConstantEvaluator.integer(d.hi(), model, null, diagnostics);
            if (lo == null || hi == null) {
                dims.add(new ArrayType.Dim(0, 0));
                continue;
            }
            if (hi.compareTo(lo) < 0 || lo.bitLength() > 31 || hi.bitLength() > 31) {
                diagnostics.report(Problems.TypeMismatch.badBounds(d.lo().span(), "array bounds", lo.toString(), hi.toString(),
                        "are empty or too large"));
                dims.add(new ArrayType.Dim(0, 0));
                continue;
            }
            dims.add(new ArrayType.Dim(lo.intValue(), hi.intValue()));
            total *= hi.longValue() - lo.longValue() + 1;
        }
        if (total > 16_000_000) {
            diagnostics.report(Problems.Unsupported.of(a.span(), "an array of " + total + " elements is too large",
                    "keep arrays at 16000000 elements or fewer"));
            return new ArrayType(resolve(a.element()), List.of(new ArrayType.Dim(0, 0)));
        }
        return new ArrayType(resolve(a.element()), dims);
    }

    private boolean checkNewName(String name, SourceSpan span) {
        if (ElementaryType.byName(name) != null || model.type(name) != null || model.pou(name) != null) {
            diagnostics.report(Problems.DuplicateDeclaration.global(span, name));
            return false;
        }
        return true;
    }

    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    @SuppressWarnings("unused")
    private static Expression none() {
        return null;
    }
}
