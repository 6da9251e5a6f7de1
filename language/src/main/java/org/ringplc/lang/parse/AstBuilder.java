package org.ringplc.lang.parse;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.Token;
import org.ringplc.lang.ast.Argument;
import org.ringplc.lang.ast.CompilationUnit;
import org.ringplc.lang.ast.Configuration;
import org.ringplc.lang.ast.Expression;
import org.ringplc.lang.ast.Initializer;
import org.ringplc.lang.ast.ObjectParts;
import org.ringplc.lang.ast.Pou;
import org.ringplc.lang.ast.TypeDefinition;
import org.ringplc.lang.ast.TypeRef;
import org.ringplc.lang.ast.VarDecl;
import org.ringplc.lang.diag.Diagnostics;
import org.ringplc.lang.diag.Problems;
import org.ringplc.lang.diag.SourceSpan;
import org.ringplc.lang.parse.IecStParser.*;
import org.ringplc.lang.program.VariableDescriptor.VarKind;

/**
 * Builds the AST records from ANTLR's parse tree, giving every node the span of its first token:
 * here the POUs, object parts, declarations, types and configurations; bodies, statements and
 * expressions in {@link BodyBuilder}.
 */
final class AstBuilder {
    private final String file;
    private final Diagnostics diagnostics;
    private final BodyBuilder code;

    AstBuilder(String file, Diagnostics diagnostics) {
        this.file = file;
        this.diagnostics = diagnostics;
        this.code = new BodyBuilder(file, diagnostics);
    }

    CompilationUnit build(CompilationUnitContext ctx) {
        List<Pou> pous = new ArrayList<>();
        List<TypeDefinition> types = new ArrayList<>();
        List<VarDecl> globals = new ArrayList<>();
        List<Configuration> configs = new ArrayList<>();
        List<ObjectParts.Interface> interfaces = new ArrayList<>();
        for (ElementContext e : ctx.element()) {
            try {
                if (e.programDecl() != null) {
                    ProgramDeclContext p = e.programDecl();
                    pous.add(new Pou(code.span(p), Pou.Kind.PROGRAM, BodyBuilder.id(p.name), null, vars(p.varBlock()), code.body(p.body())));
                } else if (e.functionBlockDecl() != null) {
                    FunctionBlockDeclContext p = e.functionBlockDecl();
                    pous.add(new Pou(code.span(p), Pou.Kind.FUNCTION_BLOCK, BodyBuilder.id(p.name), null, vars(p.varBlock()), code.body(p.body()),
                            objectParts(p)));
                } else if (e.interfaceDecl() != null) {
                    interfaces.add(interfaceDecl(e.interfaceDecl()));
                } else if (e.functionDecl() != null) {
                    FunctionDeclContext p = e.functionDecl();
                    pous.add(new Pou(code.span(p), Pou.Kind.FUNCTION, BodyBuilder.id(p.name), p.result == null ? null : typeRef(p.result),
                            vars(p.varBlock()), code.body(p.body())));
                } else if (e.typeDecl() != null) {
                    for (TypeDefinitionContext t : e.typeDecl().typeDefinition()) {
                        types.add(typeDefinition(t));
                    }
                } else if (e.configurationDecl() != null) {
                    configs.add(configuration(e.configurationDecl()));
                } else if (e.globalVarBlock() != null) {
                    globals.addAll(globalBlock(e.globalVarBlock()));
                }
            } catch (RuntimeException ex) {
                // a syntax error left holes in this element's tree; it has been reported already
                if (!diagnostics.hasErrors()) {
                    throw ex;
                }
            }
        }
        return new CompilationUnit(file, pous, types, globals, configs, interfaces);
    }

    private ObjectParts objectParts(FunctionBlockDeclContext p) {
        List<ObjectParts.Method> methods = new ArrayList<>();
        for (MethodDeclContext m : p.methodDecl()) {
            boolean isAbstract = m.modifiers.stream().anyMatch(t -> t.getType() == IecStLexer.ABSTRACT);
            boolean isFinal = m.modifiers.stream().anyMatch(t -> t.getType() == IecStLexer.FINAL);
            List<VarDecl> instanceVars = new ArrayList<>();
            List<VarDecl> vars = vars(m.varBlock(), instanceVars);
            methods.add(new ObjectParts.Method(code.span(m.name), BodyBuilder.id(m.name), m.access() == null ? "PUBLIC" : m.access().getText(),
                    m.result == null ? null : typeRef(m.result), vars, isAbstract ? null : code.body(m.body()),
                    isAbstract, isFinal, instanceVars));
        }
        List<ObjectParts.Property> properties = new ArrayList<>();
        for (PropertyDeclContext pr : p.propertyDecl()) {
            TypeRef type = typeRef(pr.type);
            ObjectParts.Method getter = null;
            ObjectParts.Method setter = null;
            for (PropertyAccessorContext a : pr.propertyAccessor()) {
                boolean get = a.kind.getType() == IecStLexer.GET;
                ObjectParts.Method m = new ObjectParts.Method(code.span(a), BodyBuilder.id(pr.name), "PUBLIC", get ? type : null,
                        vars(a.varBlock()), code.body(a.body()), false, false);
                if (get) {
                    getter = m;
                } else {
                    setter = m;
                }
            }
            properties.add(new ObjectParts.Property(code.span(pr.name), BodyBuilder.id(pr.name), pr.access() == null ? "PUBLIC" : pr.access().getText(),
                    type, getter, setter));
        }
        List<String> interfaces = p.interfaces.stream().map(BodyBuilder::id).toList();
        return new ObjectParts(p.base == null ? null : BodyBuilder.id(p.base), interfaces, methods, properties,
                p.modifier != null && p.modifier.getType() == IecStLexer.ABSTRACT,
                p.modifier != null && p.modifier.getType() == IecStLexer.FINAL);
    }

    private ObjectParts.Interface interfaceDecl(InterfaceDeclContext i) {
        List<ObjectParts.Method> methods = new ArrayList<>();
        for (MethodPrototypeContext m : i.methodPrototype()) {
            methods.add(new ObjectParts.Method(code.span(m.name), BodyBuilder.id(m.name), "PUBLIC", m.result == null ? null : typeRef(m.result),
                    vars(m.varBlock()), null, true, false));
        }
        List<ObjectParts.Property> properties = new ArrayList<>();
        for (PropertyPrototypeContext p : i.propertyPrototype()) {
            TypeRef type = typeRef(p.type);
            boolean get = !p.GET().isEmpty() || p.SET().isEmpty();
            boolean set = !p.SET().isEmpty() || p.GET().isEmpty();
            properties.add(new ObjectParts.Property(code.span(p.name), BodyBuilder.id(p.name), "PUBLIC", type,
                    get ? new ObjectParts.Method(code.span(p.name), BodyBuilder.id(p.name), "PUBLIC", type, List.of(), null, true, false) : null,
                    set ? new ObjectParts.Method(code.span(p.name), BodyBuilder.id(p.name), "PUBLIC", null, List.of(), null, true, false) : null));
        }
        return new ObjectParts.Interface(code.span(i), BodyBuilder.id(i.name), i.bases.stream().map(BodyBuilder::id).toList(), methods, properties);
    }

    // ---------------------------------------------------------------- declarations

    private List<VarDecl> vars(List<VarBlockContext> blocks) {
        return vars(blocks, null);
    }

    /**
     * The declarations of {@code blocks}; those of VAR_INST go to {@code instanceVars}, which only
     * a METHOD with a body has (null elsewhere: VAR_INST there is an error, as nothing could keep them).
     */
    private List<VarDecl> vars(List<VarBlockContext> blocks, List<VarDecl> instanceVars) {
        List<VarDecl> out = new ArrayList<>();
        for (VarBlockContext b : blocks) {
            if (b.section.VAR_INST() != null) {
                if (instanceVars == null) {
                    diagnostics.report(Problems.SyntaxError.instanceVarsOutsideMethod(code.span(b.section)));
                } else {
                    instanceVars.addAll(varDecls(b.varDecl(), VarKind.LOCAL, b.qualifier()));
                }
                continue;
            }
            VarKind kind = switch (b.section.getStart().getType()) {
                case IecStLexer.VAR_INPUT -> VarKind.INPUT;
                case IecStLexer.VAR_OUTPUT -> VarKind.OUTPUT;
                case IecStLexer.VAR_IN_OUT -> VarKind.IN_OUT;
                case IecStLexer.VAR_TEMP -> VarKind.TEMP;
                case IecStLexer.VAR_EXTERNAL -> VarKind.EXTERNAL;
                case IecStLexer.VAR_GLOBAL -> VarKind.GLOBAL;
                default -> VarKind.LOCAL;
            };
            out.addAll(varDecls(b.varDecl(), kind, b.qualifier()));
        }
        return out;
    }

    private List<VarDecl> globalBlock(GlobalVarBlockContext b) {
        return varDecls(b.varDecl(), VarKind.GLOBAL, b.qualifier());
    }

    private List<VarDecl> varDecls(List<VarDeclContext> decls, VarKind kind, List<QualifierContext> qualifiers) {
        boolean constant = qualifiers.stream().anyMatch(q -> q.CONSTANT() != null);
        boolean retain = qualifiers.stream().anyMatch(q -> q.RETAIN() != null || q.PERSISTENT() != null);
        List<VarDecl> out = new ArrayList<>();
        for (VarDeclContext d : decls) {
            TypeRef type = typeRef(d.typeRef());
            Initializer init = d.initializer() == null ? null : initializer(d.initializer());
            for (IdentifierContext name : d.identifier()) {
                String address = d.address == null ? null : d.address.getText();
                SourceSpan addressSpan = d.address == null ? null : code.span(d.address);
                out.add(new VarDecl(code.span(name), BodyBuilder.id(name), kind, constant, retain, address, addressSpan, type, init));
            }
        }
        return out;
    }

    private TypeRef typeRef(TypeRefContext ctx) {
        if (ctx instanceof ArrayTypeContext a) {
            List<TypeRef.Dimension> dims = new ArrayList<>();
            for (SubrangeContext s : a.subrange()) {
                dims.add(new TypeRef.Dimension(code.expr(s.lo), code.expr(s.hi)));
            }
            return new TypeRef.Array(code.span(a), dims, typeRef(a.typeRef()));
        }
        if (ctx instanceof StringTypeContext s) {
            return new TypeRef.Text(code.span(s), s.WSTRING() != null, s.length == null ? null : code.expr(s.length));
        }
        if (ctx instanceof ReferenceTypeContext r) {
            return new TypeRef.Reference(code.span(r), typeRef(r.typeRef()));
        }
        if (ctx instanceof SubrangeTypeContext s) {
            return new TypeRef.Subrange(code.span(s), BodyBuilder.id(s.identifier()), code.expr(s.subrange().lo), code.expr(s.subrange().hi));
        }
        NamedTypeContext n = (NamedTypeContext) ctx;
        return new TypeRef.Named(code.span(n), BodyBuilder.id(n.identifier()));
    }

    private Initializer initializer(InitializerContext ctx) {
        if (ctx instanceof ArrayInitContext a) {
            List<Initializer.Repeated> elements = new ArrayList<>();
            for (ArrayInitElementContext e : a.arrayInitElement()) {
                if (e.count != null) {
                    int count = Integer.parseInt(e.count.getText().replace("_", ""));
                    elements.add(new Initializer.Repeated(count, e.initializer() == null ? null : initializer(e.initializer())));
                } else {
                    elements.add(new Initializer.Repeated(1, initializer(e.initializer())));
                }
            }
            return new Initializer.ArrayInit(code.span(a), elements);
        }
        if (ctx instanceof StructInitContext s) {
            List<Initializer.FieldInit> fields = new ArrayList<>();
            for (StructInitElementContext f : s.structInitElement()) {
                fields.add(new Initializer.FieldInit(code.span(f), BodyBuilder.id(f.identifier()), initializer(f.initializer())));
            }
            return new Initializer.StructInit(code.span(s), fields);
        }
        ExprInitContext e = (ExprInitContext) ctx;
        return new Initializer.Value(code.span(e), code.expr(e.expression()));
    }

    private TypeDefinition typeDefinition(TypeDefinitionContext t) {
        String name = BodyBuilder.id(t.name);
        if (t.typeSpec() instanceof StructSpecContext s) {
            List<VarDecl> fields = new ArrayList<>();
            for (StructMemberContext m : s.structMember()) {
                fields.add(new VarDecl(code.span(m), BodyBuilder.id(m.identifier()), VarKind.LOCAL, false, false, null, null,
                        typeRef(m.typeRef()), m.initializer() == null ? null : initializer(m.initializer())));
            }
            return new TypeDefinition.Struct(code.span(t), name, fields);
        }
        if (t.typeSpec() instanceof EnumSpecContext en) {
            List<TypeDefinition.Element> elements = new ArrayList<>();
            for (EnumElementContext el : en.enumElement()) {
                Expression value = null;
                if (el.signedInteger() != null) {
                    SignedIntegerContext si = el.signedInteger();
                    Token num = si.INTEGER() != null ? si.INTEGER().getSymbol() : si.BASED_INTEGER().getSymbol();
                    BigInteger v = BodyBuilder.integerValue(num);
                    value = new Expression.IntLiteral(code.span(si), si.getText().startsWith("-") ? v.negate() : v, null);
                }
                elements.add(new TypeDefinition.Element(code.span(el), BodyBuilder.id(el.identifier()), value));
            }
            String initial = null;
            if (t.init instanceof ExprInitContext ei) {
                initial = ei.getText();
                int hash = initial.indexOf('#');
                if (hash >= 0) {
                    initial = initial.substring(hash + 1);
                }
            }
            return new TypeDefinition.Enumeration(code.span(t), name, elements, initial);
        }
        AliasSpecContext a = (AliasSpecContext) t.typeSpec();
        return new TypeDefinition.Alias(code.span(t), name, typeRef(a.typeRef()), t.init == null ? null : initializer(t.init));
    }

    private Configuration configuration(ConfigurationDeclContext c) {
        List<VarDecl> globals = new ArrayList<>();
        List<Configuration.Task> tasks = new ArrayList<>();
        List<Configuration.ProgramInstance> programs = new ArrayList<>();
        for (GlobalVarBlockContext g : c.globalVarBlock()) {
            globals.addAll(globalBlock(g));
        }
        List<ResourceBodyContext> bodies = new ArrayList<>();
        if (c.resourceBody() != null) {
            bodies.add(c.resourceBody());
        }
        for (ResourceDeclContext r : c.resourceDecl()) {
            bodies.add(r.resourceBody());
        }
        for (ResourceBodyContext b : bodies) {
            for (GlobalVarBlockContext g : b.globalVarBlock()) {
                globals.addAll(globalBlock(g));
            }
            for (TaskDeclContext t : b.taskDecl()) {
                List<Argument> params = new ArrayList<>();
                for (TaskParamContext p : t.taskParam()) {
                    params.add(new Argument(code.span(p), BodyBuilder.id(p.identifier()), code.expr(p.expression()), false, false));
                }
                tasks.add(new Configuration.Task(code.span(t), BodyBuilder.id(t.name), params));
            }
            for (ProgramConfigContext p : b.programConfig()) {
                programs.add(new Configuration.ProgramInstance(code.span(p), BodyBuilder.id(p.inst), p.task == null ? null : BodyBuilder.id(p.task),
                        BodyBuilder.id(p.type)));
            }
        }
        return new Configuration(code.span(c), BodyBuilder.id(c.name), globals, tasks, programs);
    }
}
