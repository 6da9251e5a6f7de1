package org.ringplc.lang.plcopen;

import java.math.BigInteger;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ringplc.lang.SourceFile;
import org.ringplc.lang.ast.Argument;
import org.ringplc.lang.ast.CompilationUnit;
import org.ringplc.lang.ast.Configuration;
import org.ringplc.lang.ast.Expression;
import org.ringplc.lang.ast.Pou;
import org.ringplc.lang.ast.TypeDefinition;
import org.ringplc.lang.ast.VarDecl;
import org.ringplc.lang.diag.DiagnosticCode;
import org.ringplc.lang.diag.Diagnostics;
import org.ringplc.lang.diag.SourceSpan;
import org.ringplc.lang.program.VariableDescriptor.VarKind;

/**
 * The front end for PLCopen TC6 XML projects ({@code http://www.plcopen.org/xml/tc6_0201}, as
 * saved by OpenPLC Editor, Beremiz and other IEC 61131-3 tools): it turns one {@code .xml} file
 * into the same {@link CompilationUnit} the ST parser gives for a {@code .st} file, so that the
 * checker, the code generator and monitoring treat both alike. Where each part goes:
 * <ul>
 *   <li>{@code types/dataTypes} and the {@code interface} of each POU: {@link TypeReader};</li>
 *   <li>ST bodies and every expression written in the XML: {@link StSnippets} (the ST parser, at
 *       the XML line and column);</li>
 *   <li>LD and FBD bodies: {@link NetworkTranslator}; SFC bodies: {@link SfcTranslator};</li>
 *   <li>{@code instances/configurations}: a {@link Configuration}, as an ST CONFIGURATION.</li>
 * </ul>
 * Every span names the .xml file and the line of the element, so diagnostics and runtime faults
 * point into the XML, and messages about a graphical element say which POU and localId it is.
 */
public final class PlcOpenImporter {
    private PlcOpenImporter() {
    }

    /** Whether a source is for this front end rather than the ST parser (by its extension). */
    public static boolean handles(SourceFile source) {
        return source.name().toLowerCase(Locale.ROOT).endsWith(".xml");
    }

    /** Imports one file; problems go to {@code diagnostics} and the unit holds what could be read. */
    public static CompilationUnit parse(SourceFile source, Diagnostics diagnostics) {
        String text = source.text().replace("\r\n", "\n").replace('\r', '\n');
        if (text.startsWith("\uFEFF")) {
            // a byte order mark some Windows tools write; nothing may precede the XML declaration
            text = text.substring(1);
        }
        XmlReader reader = new XmlReader(text);
        List<Pou> pous = new ArrayList<>();
        List<TypeDefinition> types = new ArrayList<>();
        List<VarDecl> globals = new ArrayList<>();
        List<Configuration> configs = new ArrayList<>();
        XmlNode root;
        try {
            root = reader.parse();
        } catch (XmlReader.MalformedXml e) {
            diagnostics.error(DiagnosticCode.SYNTAX_ERROR, new SourceSpan(source.name(), e.line, e.column, 1),
                    "malformed XML: " + e.getMessage());
            return new CompilationUnit(source.name(), pous, types, globals, configs);
        }
        ImportContext ctx = new ImportContext(source.name(), reader, diagnostics);
        if (!root.name.equals("project")) {
            ctx.error(DiagnosticCode.SYNTAX_ERROR, root, "not a PLCopen TC6 XML project: the root element is <"
                    + root.name + ">, not <project>");
            return new CompilationUnit(source.name(), pous, types, globals, configs);
        }
        TypeReader typeReader = new TypeReader(ctx);
        XmlNode typesNode = root.child("types");
        if (typesNode != null) {
            XmlNode dataTypes = typesNode.child("dataTypes");
            for (XmlNode dt : dataTypes == null ? List.<XmlNode>of() : dataTypes.all("dataType")) {
                ctx.describe(dt, "data type " + dt.attr("name", "?"));
                TypeDefinition t = typeReader.dataType(dt);
                if (t != null) {
                    types.add(t);
                }
            }
            XmlNode pousNode = typesNode.child("pous");
            for (XmlNode p : pousNode == null ? List.<XmlNode>of() : pousNode.all("pou")) {
                Pou pou = new PouImporter(ctx, typeReader, p, globals).importPou();
                if (pou != null) {
                    pous.add(pou);
                }
            }
        }
        types.addAll(ctx.types);
        XmlNode instances = root.child("instances");
        XmlNode configurations = instances == null ? null : instances.child("configurations");
        for (XmlNode c : configurations == null ? List.<XmlNode>of() : configurations.all("configuration")) {
            configs.add(configuration(ctx, typeReader, c));
        }
        return new CompilationUnit(source.name(), pous, types, globals, configs);
    }

    /** {@code <configuration>} with its resources flattened, as the ST CONFIGURATION is. */
    private static Configuration configuration(ImportContext ctx, TypeReader types, XmlNode c) {
        ctx.describe(c, "configuration " + c.attr("name", "?"));
        List<VarDecl> globals = new ArrayList<>();
        List<Configuration.Task> tasks = new ArrayList<>();
        List<Configuration.ProgramInstance> programs = new ArrayList<>();
        for (XmlNode g : c.all("globalVars")) {
            globals.addAll(types.variables(g, VarKind.GLOBAL));
        }
        for (XmlNode r : c.all("resource")) {
            ctx.describe(r, "resource " + r.attr("name", "?"));
            for (XmlNode g : r.all("globalVars")) {
                globals.addAll(types.variables(g, VarKind.GLOBAL));
            }
            for (XmlNode t : r.all("task")) {
                tasks.add(task(ctx, t));
                for (XmlNode pi : t.all("pouInstance")) {
                    programs.add(new Configuration.ProgramInstance(ctx.span(pi), pi.attr("name", ""), t.attr("name", ""),
                            pi.attr("typeName", "")));
                }
            }
            for (XmlNode pi : r.all("pouInstance")) {
                programs.add(new Configuration.ProgramInstance(ctx.span(pi), pi.attr("name", ""), null, pi.attr("typeName", "")));
            }
        }
        return new Configuration(ctx.span(c), c.attr("name", ""), globals, tasks, programs);
    }

    private static Configuration.Task task(ImportContext ctx, XmlNode t) {
        SourceSpan s = ctx.span(t);
        List<Argument> params = new ArrayList<>();
        String interval = t.attr("interval");
        if (interval != null && !interval.isBlank()) {
            Expression e = ctx.snippets.expression(isoDuration(interval.trim()), t);
            if (e != null) {
                params.add(new Argument(s, "INTERVAL", e, false, false));
            }
        }
        if (t.attr("single") != null && !t.attr("single").isBlank()) {
            Expression e = ctx.snippets.expression(t.attr("single"), t);
            if (e != null) {
                params.add(new Argument(s, "SINGLE", e, false, false));
            }
        }
        String priority = t.attr("priority");
        if (priority != null && !priority.isBlank()) {
            try {
                params.add(new Argument(s, "PRIORITY", new Expression.IntLiteral(s, new BigInteger(priority.trim()), null), false, false));
            } catch (NumberFormatException e) {
                ctx.error(DiagnosticCode.INVALID_CONFIGURATION, t, "priority '" + priority + "' is not an integer");
            }
        }
        return new Configuration.Task(s, t.attr("name", ""), params);
    }

    /** Some tools save the interval as an XML Schema duration ({@code PT0.02S}); ST wants {@code T#20ms}. */
    private static String isoDuration(String text) {
        if (!text.startsWith("PT") && !text.startsWith("P")) {
            return text;
        }
        try {
            Duration d = Duration.parse(text);
            return "T#" + d.toNanos() / 1_000 + "us";
        } catch (DateTimeParseException e) {
            return text;
        }
    }
}
