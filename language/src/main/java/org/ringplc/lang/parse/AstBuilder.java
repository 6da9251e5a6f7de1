package org.ringplc.lang.parse;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;
import org.ringplc.lang.ast.Argument;
import org.ringplc.lang.ast.CompilationUnit;
import org.ringplc.lang.ast.Configuration;
import org.ringplc.lang.ast.Expression;
import org.ringplc.lang.ast.Initializer;
import org.ringplc.lang.ast.ObjectParts;
import org.ringplc.lang.ast.Pou;
import org.ringplc.lang.ast.Statement;
import org.ringplc.lang.ast.TypeDefinition;
import org.ringplc.lang.ast.TypeRef;
import org.ringplc.lang.ast.VarDecl;
import org.ringplc.lang.diag.Diagnostics;
import org.ringplc.lang.diag.Problems;
import org.ringplc.lang.diag.SourceSpan;
import org.ringplc.lang.parse.IecStParser.*;
import org.ringplc.lang.program.ValueFormat;
import org.ringplc.lang.program.ValueFormatException;
import org.ringplc.lang.program.ValueType;
import org.ringplc.lang.program.VariableDescriptor.VarKind;

/**
 * Builds the AST records from ANTLR's parse tree, giving every node the span of its first token.
 * Literal text is decoded here (bases, underscores, time units, string escapes) so that later
 * phases only see values.
 */
final class AstBuilder {
    private final String file;
    private final Diagnostics diagnostics;

    AstBuilder(String file, Diagnostics diagnostics) {
        this.file = file;
        this.diagnostics = diagnostics;
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
                    pous.add(new Pou(span(p), Pou.Kind.PROGRAM, id(p.name), null, vars(p.varBlock()), body(p.body())));
                } else if (e.functionBlockDecl() != null) {
                    FunctionBlockDeclContext p = e.functionBlockDecl();
                    pous.add(new Pou(span(p), Pou.Kind.FUNCTION_BLOCK, id(p.name), null, vars(p.varBlock()), body(p.body()),
                            objectParts(p)));
                } else if (e.interfaceDecl() != null) {
                    interfaces.add(interfaceDecl(e.interfaceDecl()));
                } else if (e.functionDecl() != null) {
                    FunctionDeclContext p = e.functionDecl();
                    pous.add(new Pou(span(p), Pou.Kind.FUNCTION, id(p.name), p.result == null ? null : typeRef(p.result),
                            vars(p.varBlock()), body(p.body())));
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
            methods.add(new ObjectParts.Method(span(m.name), id(m.name), m.access() == null ? "PUBLIC" : m.access().getText(),
                    m.result == null ? null : typeRef(m.result), vars(m.varBlock()), isAbstract ? null : body(m.body()),
                    isAbstract, isFinal));
        }
        List<ObjectParts.Property> properties = new ArrayList<>();
        for (PropertyDeclContext pr : p.propertyDecl()) {
            TypeRef type = typeRef(pr.type);
            ObjectParts.Method getter = null;
            ObjectParts.Method setter = null;
            for (PropertyAccessorContext a : pr.propertyAccessor()) {
                boolean get = a.kind.getType() == IecStLexer.GET;
                ObjectParts.Method m = new ObjectParts.Method(span(a), id(pr.name), "PUBLIC", get ? type : null,
                        vars(a.varBlock()), body(a.body()), false, false);
                if (get) {
                    getter = m;
                } else {
                    setter = m;
                }
            }
            properties.add(new ObjectParts.Property(span(pr.name), id(pr.name), pr.access() == null ? "PUBLIC" : pr.access().getText(),
                    type, getter, setter));
        }
        List<String> interfaces = p.interfaces.stream().map(AstBuilder::id).toList();
        return new ObjectParts(p.base == null ? null : id(p.base), interfaces, methods, properties,
                p.modifier != null && p.modifier.getType() == IecStLexer.ABSTRACT,
                p.modifier != null && p.modifier.getType() == IecStLexer.FINAL);
    }

    private ObjectParts.Interface interfaceDecl(InterfaceDeclContext i) {
        List<ObjectParts.Method> methods = new ArrayList<>();
        for (MethodPrototypeContext m : i.methodPrototype()) {
            methods.add(new ObjectParts.Method(span(m.name), id(m.name), "PUBLIC", m.result == null ? null : typeRef(m.result),
                    vars(m.varBlock()), null, true, false));
        }
        List<ObjectParts.Property> properties = new ArrayList<>();
        for (PropertyPrototypeContext p : i.propertyPrototype()) {
            TypeRef type = typeRef(p.type);
            boolean get = !p.GET().isEmpty() || p.SET().isEmpty();
            boolean set = !p.SET().isEmpty() || p.GET().isEmpty();
            properties.add(new ObjectParts.Property(span(p.name), id(p.name), "PUBLIC", type,
                    get ? new ObjectParts.Method(span(p.name), id(p.name), "PUBLIC", type, List.of(), null, true, false) : null,
                    set ? new ObjectParts.Method(span(p.name), id(p.name), "PUBLIC", null, List.of(), null, true, false) : null));
        }
        return new ObjectParts.Interface(span(i), id(i.name), i.bases.stream().map(AstBuilder::id).toList(), methods, properties);
    }

    // ---------------------------------------------------------------- declarations

    private List<VarDecl> vars(List<VarBlockContext> blocks) {
        List<VarDecl> out = new ArrayList<>();
        for (VarBlockContext b : blocks) {
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
                SourceSpan addressSpan = d.address == null ? null : span(d.address);
                out.add(new VarDecl(span(name), id(name), kind, constant, retain, address, addressSpan, type, init));
            }
        }
        return out;
    }

    private TypeRef typeRef(TypeRefContext ctx) {
        if (ctx instanceof ArrayTypeContext a) {
            List<TypeRef.Dimension> dims = new ArrayList<>();
            for (SubrangeContext s : a.subrange()) {
                dims.add(new TypeRef.Dimension(expr(s.lo), expr(s.hi)));
            }
            return new TypeRef.Array(span(a), dims, typeRef(a.typeRef()));
        }
        if (ctx instanceof StringTypeContext s) {
            return new TypeRef.Text(span(s), s.WSTRING() != null, s.length == null ? null : expr(s.length));
        }
        if (ctx instanceof ReferenceTypeContext r) {
            return new TypeRef.Reference(span(r), typeRef(r.typeRef()));
        }
        if (ctx instanceof SubrangeTypeContext s) {
            return new TypeRef.Subrange(span(s), id(s.identifier()), expr(s.subrange().lo), expr(s.subrange().hi));
        }
        NamedTypeContext n = (NamedTypeContext) ctx;
        return new TypeRef.Named(span(n), id(n.identifier()));
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
            return new Initializer.ArrayInit(span(a), elements);
        }
        if (ctx instanceof StructInitContext s) {
            List<Initializer.FieldInit> fields = new ArrayList<>();
            for (StructInitElementContext f : s.structInitElement()) {
                fields.add(new Initializer.FieldInit(span(f), id(f.identifier()), initializer(f.initializer())));
            }
            return new Initializer.StructInit(span(s), fields);
        }
        ExprInitContext e = (ExprInitContext) ctx;
        return new Initializer.Value(span(e), expr(e.expression()));
    }

    private TypeDefinition typeDefinition(TypeDefinitionContext t) {
        String name = id(t.name);
        if (t.typeSpec() instanceof StructSpecContext s) {
            List<VarDecl> fields = new ArrayList<>();
            for (StructMemberContext m : s.structMember()) {
                fields.add(new VarDecl(span(m), id(m.identifier()), VarKind.LOCAL, false, false, null, null,
                        typeRef(m.typeRef()), m.initializer() == null ? null : initializer(m.initializer())));
            }
            return new TypeDefinition.Struct(span(t), name, fields);
        }
        if (t.typeSpec() instanceof EnumSpecContext en) {
            List<TypeDefinition.Element> elements = new ArrayList<>();
            for (EnumElementContext el : en.enumElement()) {
                Expression value = null;
                if (el.signedInteger() != null) {
                    SignedIntegerContext si = el.signedInteger();
                    Token num = si.INTEGER() != null ? si.INTEGER().getSymbol() : si.BASED_INTEGER().getSymbol();
                    BigInteger v = integerValue(num);
                    value = new Expression.IntLiteral(span(si), si.getText().startsWith("-") ? v.negate() : v, null);
                }
                elements.add(new TypeDefinition.Element(span(el), id(el.identifier()), value));
            }
            String initial = null;
            if (t.init instanceof ExprInitContext ei) {
                initial = ei.getText();
                int hash = initial.indexOf('#');
                if (hash >= 0) {
                    initial = initial.substring(hash + 1);
                }
            }
            return new TypeDefinition.Enumeration(span(t), name, elements, initial);
        }
        AliasSpecContext a = (AliasSpecContext) t.typeSpec();
        return new TypeDefinition.Alias(span(t), name, typeRef(a.typeRef()), t.init == null ? null : initializer(t.init));
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
                    params.add(new Argument(span(p), id(p.identifier()), expr(p.expression()), false, false));
                }
                tasks.add(new Configuration.Task(span(t), id(t.name), params));
            }
            for (ProgramConfigContext p : b.programConfig()) {
                programs.add(new Configuration.ProgramInstance(span(p), id(p.inst), p.task == null ? null : id(p.task),
                        id(p.type)));
            }
        }
        return new Configuration(span(c), id(c.name), globals, tasks, programs);
    }

    // ---------------------------------------------------------------- statements

    private List<Statement> body(BodyContext ctx) {
        List<Statement> out = new ArrayList<>();
        if (ctx == null) {
            return out;
        }
        for (StatementContext s : ctx.statement()) {
            Statement st = statement(s);
            if (st != null) {
                out.add(st);
            }
        }
        return out;
    }

    private Statement statement(StatementContext ctx) {
        SourceSpan sp = span(ctx);
        if (ctx instanceof AssignmentContext a) {
            return new Statement.Assignment(sp, variable(a.variable()), expr(a.expression()));
        }
        if (ctx instanceof CallStatementContext c) {
            return new Statement.CallStatement(sp, variable(c.variable()), arguments(c.argument()));
        }
        if (ctx instanceof IfStatementContext i) {
            List<Statement.Branch> branches = new ArrayList<>();
            branches.add(new Statement.Branch(expr(i.cond), body(i.thenBody)));
            for (ElsifPartContext e : i.elsifPart()) {
                branches.add(new Statement.Branch(expr(e.cond), body(e.body())));
            }
            return new Statement.If(sp, branches, i.elseBody == null ? List.of() : body(i.elseBody));
        }
        if (ctx instanceof CaseStatementContext c) {
            List<Statement.CaseBranch> branches = new ArrayList<>();
            for (CaseBranchContext b : c.caseBranch()) {
                List<Statement.CaseLabel> labels = new ArrayList<>();
                for (CaseLabelContext l : b.caseLabel()) {
                    labels.add(new Statement.CaseLabel(span(l), expr(l.lo), l.hi == null ? null : expr(l.hi)));
                }
                branches.add(new Statement.CaseBranch(labels, body(b.body())));
            }
            return new Statement.Case(sp, expr(c.selector), branches, c.elseBody == null ? List.of() : body(c.elseBody));
        }
        if (ctx instanceof ForStatementContext f) {
            return new Statement.For(sp, new Expression.Name(span(f.control), id(f.control)), expr(f.from), expr(f.to),
                    f.step == null ? null : expr(f.step), body(f.body()));
        }
        if (ctx instanceof WhileStatementContext w) {
            return new Statement.While(sp, expr(w.cond), body(w.body()));
        }
        if (ctx instanceof RepeatStatementContext r) {
            return new Statement.Repeat(sp, body(r.body()), expr(r.cond));
        }
        if (ctx instanceof ExitStatementContext) {
            return new Statement.Exit(sp);
        }
        if (ctx instanceof ContinueStatementContext) {
            return new Statement.Continue(sp);
        }
        if (ctx instanceof ReturnStatementContext) {
            return new Statement.Return(sp);
        }
        return null;
    }

    private List<Argument> arguments(List<ArgumentContext> args) {
        List<Argument> out = new ArrayList<>();
        for (ArgumentContext a : args) {
            if (a instanceof InputArgumentContext i) {
                out.add(new Argument(span(i), id(i.identifier()), expr(i.expression()), false, false));
            } else if (a instanceof OutputArgumentContext o) {
                out.add(new Argument(span(o), id(o.identifier()), variable(o.variable()), true, o.NOT() != null));
            } else {
                PositionalArgumentContext p = (PositionalArgumentContext) a;
                out.add(new Argument(span(p), null, expr(p.expression()), false, false));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- expressions

    private Expression variable(VariableContext ctx) {
        SourceSpan sp = span(ctx);
        if (ctx instanceof NameVariableContext n) {
            return new Expression.Name(sp, id(n.identifier()));
        }
        if (ctx instanceof MemberVariableContext m) {
            return new Expression.Member(span(m.identifier()), variable(m.variable()), id(m.identifier()));
        }
        if (ctx instanceof BitVariableContext b) {
            return new Expression.BitAccess(span(b.INTEGER().getSymbol()), variable(b.variable()),
                    Integer.parseInt(b.INTEGER().getText()));
        }
        if (ctx instanceof DerefVariableContext d) {
            return new Expression.Deref(span(d.variable()), variable(d.variable()));
        }
        IndexVariableContext i = (IndexVariableContext) ctx;
        List<Expression> indices = new ArrayList<>();
        for (ExpressionContext e : i.expression()) {
            indices.add(expr(e));
        }
        return new Expression.Index(sp, variable(i.variable()), indices);
    }

    private Expression expr(ExpressionContext ctx) {
        if (ctx instanceof ParenExprContext p) {
            return expr(p.expression());
        }
        if (ctx instanceof LiteralExprContext l) {
            return literal(l.literal());
        }
        if (ctx instanceof MethodCallExprContext mc) {
            return new Expression.MethodCall(span(mc.method), variable(mc.target), id(mc.method), arguments(mc.argument()));
        }
        if (ctx instanceof CallExprContext c) {
            return new Expression.Call(span(c), c.callee.getText(), arguments(c.argument()));
        }
        if (ctx instanceof VariableExprContext v) {
            return variable(v.variable());
        }
        if (ctx instanceof UnaryExprContext u) {
            Expression.UnaryOp op = switch (u.op.getType()) {
                case IecStLexer.MINUS -> Expression.UnaryOp.NEG;
                case IecStLexer.PLUS -> Expression.UnaryOp.PLUS;
                default -> Expression.UnaryOp.NOT;
            };
            return new Expression.Unary(span(u), op, expr(u.expression()));
        }
        BinaryExprContext b = (BinaryExprContext) ctx;
        Expression.BinaryOp op = switch (b.op.getType()) {
            case IecStLexer.POWER -> Expression.BinaryOp.POW;
            case IecStLexer.STAR -> Expression.BinaryOp.MUL;
            case IecStLexer.SLASH -> Expression.BinaryOp.DIV;
            case IecStLexer.MOD -> Expression.BinaryOp.MOD;
            case IecStLexer.PLUS -> Expression.BinaryOp.ADD;
            case IecStLexer.MINUS -> Expression.BinaryOp.SUB;
            case IecStLexer.LT_ -> Expression.BinaryOp.LT;
            case IecStLexer.GT_ -> Expression.BinaryOp.GT;
            case IecStLexer.LE -> Expression.BinaryOp.LE;
            case IecStLexer.GE -> Expression.BinaryOp.GE;
            case IecStLexer.EQ -> Expression.BinaryOp.EQ;
            case IecStLexer.NE -> Expression.BinaryOp.NE;
            case IecStLexer.AND, IecStLexer.AMP -> Expression.BinaryOp.AND;
            case IecStLexer.XOR -> Expression.BinaryOp.XOR;
            default -> Expression.BinaryOp.OR;
        };
        // the operator's position: that is where a type error of the operation is reported
        return new Expression.Binary(span(b.op), op, expr(b.left), expr(b.right));
    }

    private Expression literal(LiteralContext ctx) {
        SourceSpan sp = span(ctx);
        if (ctx instanceof IntegerLiteralContext i) {
            return new Expression.IntLiteral(sp, integerValue(i.getStart()), null);
        }
        if (ctx instanceof RealLiteralContext r) {
            return new Expression.RealLiteral(sp, new BigDecimal(r.getText().replace("_", "")), null);
        }
        if (ctx instanceof BoolLiteralContext b) {
            return new Expression.BoolLiteral(sp, b.TRUE() != null);
        }
        if (ctx instanceof DurationLiteralContext d) {
            String text = d.getText();
            boolean wide = text.toUpperCase(java.util.Locale.ROOT).startsWith("LT");
            return new Expression.TimeLiteral(sp, timeValue(wide ? ValueType.LTIME : ValueType.TIME, text, sp),
                    wide ? "LTIME" : "TIME");
        }
        if (ctx instanceof DateLiteralContext d) {
            return new Expression.TimeLiteral(sp, timeValue(ValueType.DATE, "D#" + afterHash(d.getText()), sp), "DATE");
        }
        if (ctx instanceof TodLiteralContext d) {
            return new Expression.TimeLiteral(sp, timeValue(ValueType.TIME_OF_DAY, "TOD#" + afterHash(d.getText()), sp),
                    "TIME_OF_DAY");
        }
        if (ctx instanceof DtLiteralContext d) {
            return new Expression.TimeLiteral(sp, timeValue(ValueType.DATE_AND_TIME, "DT#" + afterHash(d.getText()), sp),
                    "DATE_AND_TIME");
        }
        if (ctx instanceof StringLiteralContext s) {
            String text = s.getText();
            boolean wide = text.startsWith("\"");
            String value;
            try {
                value = ValueFormat.unescape(text.substring(1, text.length() - 1), wide ? "WSTRING" : "STRING");
            } catch (ValueFormatException e) {
                diagnostics.report(Problems.SyntaxError.literal(sp, e.getMessage()));
                value = "";
            }
            return new Expression.StringLiteral(sp, value, wide);
        }
        TypedLiteralContext t = (TypedLiteralContext) ctx;
        String type = id(t.type);
        boolean neg = t.sign != null && t.sign.getType() == IecStLexer.MINUS;
        TypedValueContext v = t.value;
        if (v.INTEGER() != null || v.BASED_INTEGER() != null) {
            BigInteger n = integerValue(v.getStart());
            return new Expression.IntLiteral(sp, neg ? n.negate() : n, type.toUpperCase(java.util.Locale.ROOT));
        }
        if (v.REAL_NUMBER() != null) {
            BigDecimal n = new BigDecimal(v.getText().replace("_", ""));
            return new Expression.RealLiteral(sp, neg ? n.negate() : n, type.toUpperCase(java.util.Locale.ROOT));
        }
        if (v.TRUE() != null || v.FALSE() != null) {
            return new Expression.BoolLiteral(sp, v.TRUE() != null);
        }
        if (v.STRING_LITERAL() != null) {
            String text = v.getText();
            boolean wide = type.equalsIgnoreCase("WSTRING");
            try {
                return new Expression.StringLiteral(sp,
                        ValueFormat.unescape(text.substring(1, text.length() - 1), wide ? "WSTRING" : "STRING"), wide);
            } catch (ValueFormatException e) {
                diagnostics.report(Problems.SyntaxError.literal(sp, e.getMessage()));
                return new Expression.StringLiteral(sp, "", wide);
            }
        }
        return new Expression.EnumLiteral(sp, type, v.getText());
    }

    private long timeValue(ValueType t, String text, SourceSpan sp) {
        try {
            return ValueFormat.parseLiteral(t, text);
        } catch (ValueFormatException e) {
            diagnostics.report(Problems.SyntaxError.literal(sp, e.getMessage()));
            return 0;
        }
    }

    private static String afterHash(String s) {
        return s.substring(s.indexOf('#') + 1);
    }

    private static BigInteger integerValue(Token t) {
        String s = t.getText().replace("_", "");
        int hash = s.indexOf('#');
        if (hash > 0) {
            return new BigInteger(s.substring(hash + 1), Integer.parseInt(s.substring(0, hash)));
        }
        return new BigInteger(s);
    }

    // ---------------------------------------------------------------- spans

    private static String id(IdentifierContext ctx) {
        return ctx.getText();
    }

    private SourceSpan span(ParserRuleContext ctx) {
        return span(ctx.getStart());
    }

    private SourceSpan span(Token t) {
        return new SourceSpan(file, t.getLine(), t.getCharPositionInLine() + 1, Math.max(1, t.getText().length()));
    }

    @SuppressWarnings("unused")
    private SourceSpan span(TerminalNode n) {
        return span(n.getSymbol());
    }
}
