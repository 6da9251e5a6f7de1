package org.ringplc.lang.plcopen;

import java.util.ArrayList;
import java.util.List;
import org.ringplc.lang.ast.Pou;
import org.ringplc.lang.ast.Statement;
import org.ringplc.lang.ast.TypeRef;
import org.ringplc.lang.ast.VarDecl;
import org.ringplc.lang.diag.DiagnosticCode;
import org.ringplc.lang.program.VariableDescriptor.VarKind;

/**
 * One {@code <pou>}: its kind, its {@code <interface>} as VAR sections, and its body in any of
 * the languages (ST, LD, FBD, SFC) translated to ST statements. Variables of a POU's
 * {@code <globalVars>} become globals of the file, which is what a PROGRAM's VAR_GLOBAL means.
 */
final class PouImporter {
    private final ImportContext ctx;
    private final TypeReader types;
    private final XmlNode pou;
    private final List<VarDecl> fileGlobals;

    PouImporter(ImportContext ctx, TypeReader types, XmlNode pou, List<VarDecl> fileGlobals) {
        this.ctx = ctx;
        this.types = types;
        this.pou = pou;
        this.fileGlobals = fileGlobals;
    }

    Pou importPou() {
        String name = pou.attr("name");
        if (name == null || name.isBlank()) {
            ctx.error(DiagnosticCode.SYNTAX_ERROR, pou, "a <pou> needs a name");
            return null;
        }
        String label = "pou " + name;
        ctx.describe(pou, label);
        Pou.Kind kind = switch (pou.attr("pouType", "")) {
            case "program" -> Pou.Kind.PROGRAM;
            case "functionBlock" -> Pou.Kind.FUNCTION_BLOCK;
            case "function" -> Pou.Kind.FUNCTION;
            default -> null;
        };
        if (kind == null) {
            ctx.error(DiagnosticCode.SYNTAX_ERROR, pou, "pouType '" + pou.attr("pouType", "") + "' of " + name
                    + " is not program, functionBlock or function");
            return null;
        }
        PouScope scope = new PouScope(name);
        TypeRef result = null;
        XmlNode itf = pou.child("interface");
        if (itf != null) {
            for (XmlNode section : itf.children) {
                VarKind vk = switch (section.name) {
                    case "inputVars" -> VarKind.INPUT;
                    case "outputVars" -> VarKind.OUTPUT;
                    case "inOutVars" -> VarKind.IN_OUT;
                    case "localVars" -> VarKind.LOCAL;
                    case "tempVars" -> VarKind.TEMP;
                    case "externalVars" -> VarKind.EXTERNAL;
                    case "globalVars" -> VarKind.GLOBAL;
                    default -> null;
                };
                if (section.name.equals("returnType")) {
                    result = types.type(section);
                } else if (vk == VarKind.GLOBAL) {
                    fileGlobals.addAll(types.variables(section, vk));
                } else if (vk != null) {
                    types.variables(section, vk).forEach(scope::declare);
                } else if (section.name.equals("accessVars")) {
                    ctx.error(DiagnosticCode.UNSUPPORTED, section, "VAR_ACCESS is not supported");
                }
            }
        }
        if (kind == Pou.Kind.FUNCTION && result == null) {
            ctx.error(DiagnosticCode.UNDEFINED_TYPE, pou, "function " + name + " has no <returnType>");
            return null;
        }
        XmlNode bodyNode = pou.child("body");
        List<Statement> body = new ArrayList<>();
        if (bodyNode == null || bodyNode.children.isEmpty()) {
            ctx.error(DiagnosticCode.SYNTAX_ERROR, pou, name + " has no <body>");
        } else {
            body = body(scope, label, bodyNode, "");
        }
        return new Pou(ctx.span(pou), kind, name, result, scope.all(), body);
    }

    /** The statements of a {@code <body>} (of the POU, an action or a transition), in whatever language. */
    List<Statement> body(PouScope scope, String label, XmlNode bodyNode, String prefix) {
        XmlNode lang = null;
        for (XmlNode c : bodyNode.children) {
            if (!c.name.equals("documentation") && !c.name.equals("addData")) {
                lang = c;
                break;
            }
        }
        if (lang == null) {
            ctx.error(DiagnosticCode.SYNTAX_ERROR, bodyNode, "the body is empty");
            return List.of();
        }
        switch (lang.name) {
            case "ST":
                ctx.describe(lang, label + ", ST body");
                return ctx.snippets.statements(lang);
            case "LD":
                return new NetworkTranslator(ctx, scope, NetworkTranslator.Language.LD, label + ", LD body", prefix).translate(lang);
            case "FBD":
                return new NetworkTranslator(ctx, scope, NetworkTranslator.Language.FBD, label + ", FBD body", prefix).translate(lang);
            case "SFC":
                return new SfcTranslator(ctx, scope, this, label + ", SFC body", pou).translate(lang);
            case "IL":
                ctx.error(DiagnosticCode.UNSUPPORTED, lang, "Instruction List (IL) bodies are not supported"
                        + " (IL is deprecated in IEC 61131-3 edition 3); convert it to ST or LD");
                return List.of();
            default:
                ctx.error(DiagnosticCode.UNSUPPORTED, lang, "body language <" + lang.name + "> is not supported");
                return List.of();
        }
    }
}
