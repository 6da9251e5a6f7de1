package org.ringplc.lang.plcopen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ringplc.lang.CompileResult;
import org.ringplc.lang.SourceFile;
import org.ringplc.lang.StCompiler;
import org.ringplc.lang.diag.Diagnostic;
import org.ringplc.lang.diag.DiagnosticCode;
import org.ringplc.lang.program.PlcFault;
import org.ringplc.lang.program.ProgramInstance;
import org.ringplc.lang.program.ProgramType;
import org.ringplc.lang.program.RuntimeEnvironment;
import org.ringplc.lang.program.TaskClock;

/** Diagnostics and runtime faults of imported files point at the XML element and name the POU and localId. */
class PlcOpenDiagnosticsTest {
    private static String project(String pous) {
        return """
                <?xml version="1.0" encoding="utf-8"?>
                <project xmlns="http://www.plcopen.org/xml/tc6_0201" xmlns:xhtml="http://www.w3.org/1999/xhtml">
                  <types>
                    <dataTypes/>
                    <pous>
                """ + pous + """
                    </pous>
                  </types>
                </project>
                """;
    }

    private static final String LD = project("""
                  <pou name="Main" pouType="program">
                    <interface>
                      <localVars>
                        <variable name="Start"><type><BOOL/></type></variable>
                        <variable name="Lamp"><type><BOOL/></type></variable>
                        <variable name="Level"><type><INT/></type></variable>
                      </localVars>
                    </interface>
                    <body>
                      <LD>
                        <leftPowerRail localId="1"><position x="0" y="10"/><connectionPointOut/></leftPowerRail>
                        <contact localId="12" negated="false">
                          <position x="40" y="10"/>
                          <connectionPointIn><connection refLocalId="1"/></connectionPointIn>
                          <variable>Strat</variable>
                        </contact>
                        <coil localId="13" negated="false">
                          <position x="90" y="10"/>
                          <connectionPointIn><connection refLocalId="12"/></connectionPointIn>
                          <variable>Lamp</variable>
                        </coil>
                      </LD>
                    </body>
                  </pou>
            """);

    private static int lineOf(String text, String marker) {
        int at = text.indexOf(marker);
        assertTrue(at >= 0, marker);
        return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }

    private static List<Diagnostic> errors(String text) {
        CompileResult r = StCompiler.compile(List.of(new SourceFile("src/main.xml", text)));
        assertTrue(r.hasErrors());
        return r.diagnostics();
    }

    @Test
    void anUndeclaredContactVariableNamesPouBodyElementAndXmlLine() {
        List<Diagnostic> ds = errors(LD);
        Diagnostic d = ds.stream().filter(x -> x.code() == DiagnosticCode.UNDEFINED_NAME && x.message().contains("Strat"))
                .findFirst().orElseThrow(() -> new AssertionError(ds.toString()));
        assertEquals("src/main.xml", d.span().file());
        assertEquals(lineOf(LD, "<variable>Strat"), d.span().line());
        assertEquals(LD.split("\n")[d.span().line() - 1].indexOf("Strat") + 1, d.span().column());
        assertTrue(d.message().startsWith("pou Main, LD body, contact localId 12: "), d.message());
    }

    @Test
    void aCoilOnANonBoolVariableIsATypeErrorAtTheCoil() {
        String text = LD.replace("Strat", "Start").replace("<variable>Lamp</variable>", "<variable>Level</variable>");
        List<Diagnostic> ds = errors(text);
        assertTrue(ds.stream().anyMatch(d -> d.code() == DiagnosticCode.TYPE_MISMATCH
                && d.message().startsWith("pou Main, LD body, coil localId 13: ")
                && d.message().contains("'Level' is INT") && d.span().line() == lineOf(text, "<coil localId=\"13\"")), ds::toString);
    }

    @Test
    void aDanglingConnectionIsReportedAtItsElement() {
        String text = project("""
                  <pou name="Main" pouType="program">
                    <interface><localVars><variable name="Lamp"><type><BOOL/></type></variable></localVars></interface>
                    <body>
                      <LD>
                        <coil localId="14" negated="false">
                          <position x="90" y="50"/>
                          <connectionPointIn><connection refLocalId="99"/></connectionPointIn>
                          <variable>Lamp</variable>
                        </coil>
                      </LD>
                    </body>
                  </pou>
            """);
        List<Diagnostic> ds = errors(text);
        assertEquals(1, ds.size(), ds::toString);
        Diagnostic d = ds.get(0);
        assertEquals(DiagnosticCode.UNDEFINED_NAME, d.code());
        assertEquals(lineOf(text, "<coil localId=\"14\""), d.span().line());
        assertTrue(d.message().startsWith("pou Main, LD body, coil localId 14: ") && d.message().contains("localId 99"), d.message());
    }

    @Test
    void stSyntaxErrorsPointIntoTheXml() {
        String text = project("""
                  <pou name="Main" pouType="program">
                    <interface><localVars><variable name="x"><type><INT/></type></variable></localVars></interface>
                    <body>
                      <ST>
                        <xhtml:p><![CDATA[x := x + 1;
                x := x +;
                ]]></xhtml:p>
                      </ST>
                    </body>
                  </pou>
            """);
        List<Diagnostic> ds = errors(text);
        Diagnostic d = ds.get(0);
        assertEquals(DiagnosticCode.SYNTAX_ERROR, d.code());
        assertEquals(lineOf(text, "x := x +;"), d.span().line());
        assertTrue(d.message().startsWith("pou Main, ST body: "), d.message());
    }

    @Test
    void aByteOrderMarkAndWindowsLineEndsAreAccepted() {
        String text = "\uFEFF" + project("""
                  <pou name="Main" pouType="program">
                    <interface><localVars><variable name="x"><type><INT/></type></variable></localVars></interface>
                    <body><ST><xhtml:p><![CDATA[x := x + 1;]]></xhtml:p></ST></body>
                  </pou>
            """).replace("\n", "\r\n");
        CompileResult r = StCompiler.compile(List.of(new SourceFile("src/bom.xml", text)));
        assertTrue(!r.hasErrors(), () -> r.diagnostics().toString());
    }

    @Test
    void malformedXmlIsOneSyntaxErrorWithItsLine() {
        List<Diagnostic> ds = errors("<?xml version=\"1.0\"?>\n<project>\n  <types>\n</project>\n");
        assertEquals(1, ds.size());
        assertEquals(DiagnosticCode.SYNTAX_ERROR, ds.get(0).code());
        assertEquals(4, ds.get(0).span().line());
        assertTrue(ds.get(0).message().startsWith("malformed XML"));
    }

    @Test
    void aRuntimeFaultLocatesToTheXmlLineOfTheElement() {
        String text = project("""
                  <pou name="Main" pouType="program">
                    <interface>
                      <localVars>
                        <variable name="a"><type><DINT/></type><initialValue><simpleValue value="10"/></initialValue></variable>
                        <variable name="b"><type><DINT/></type></variable>
                        <variable name="q"><type><DINT/></type></variable>
                      </localVars>
                    </interface>
                    <body>
                      <FBD>
                        <inVariable localId="1"><position x="0" y="0"/><connectionPointOut/><expression>a</expression></inVariable>
                        <inVariable localId="2"><position x="0" y="40"/><connectionPointOut/><expression>b</expression></inVariable>
                        <block localId="3" typeName="DIV"><position x="60" y="0"/>
                          <inputVariables>
                            <variable formalParameter="IN1"><connectionPointIn><connection refLocalId="1"/></connectionPointIn></variable>
                            <variable formalParameter="IN2"><connectionPointIn><connection refLocalId="2"/></connectionPointIn></variable>
                          </inputVariables>
                          <outputVariables><variable formalParameter="OUT"><connectionPointOut/></variable></outputVariables>
                        </block>
                        <outVariable localId="4"><position x="160" y="0"/>
                          <connectionPointIn><connection refLocalId="3" formalParameter="OUT"/></connectionPointIn>
                          <expression>q</expression>
                        </outVariable>
                      </FBD>
                    </body>
                  </pou>
            """);
        CompileResult r = StCompiler.compile(List.of(new SourceFile("src/div.xml", text)));
        assertTrue(!r.hasErrors(), () -> r.diagnostics().toString());
        ProgramType t = r.project().programs().get(0);
        ProgramInstance p = t.instantiate(new RuntimeEnvironment(new TaskClock(), null));
        ArithmeticException e = assertThrows(ArithmeticException.class, p::run);
        assertEquals("src/div.xml:" + lineOf(text, "<outVariable localId=\"4\""), PlcFault.locate(e));
    }
    @Test
    void anActionNamedLikeAVariableOrStepIsADuplicateAtTheAction() {
        String text = project("""
                  <pou name="Main" pouType="program">
                    <interface>
                      <localVars>
                        <variable name="Pump"><type><BOOL/></type></variable>
                      </localVars>
                    </interface>
                    <actions>
                      <action name="Pump"><body><ST><xhtml:p>Pump := TRUE;</xhtml:p></ST></body></action>
                      <action name="Idle"><body><ST><xhtml:p>Pump := FALSE;</xhtml:p></ST></body></action>
                    </actions>
                    <body>
                      <SFC>
                        <step localId="1" name="Idle" initialStep="true"><connectionPointIn/><connectionPointOut/></step>
                        <actionBlock localId="2">
                          <connectionPointIn><connection refLocalId="1"/></connectionPointIn>
                          <action localId="0" qualifier="N"><reference name="Pump"/></action>
                        </actionBlock>
                      </SFC>
                    </body>
                  </pou>
            """);
        List<Diagnostic> ds = errors(text);
        List<Diagnostic> dup = ds.stream().filter(d -> d.code() == DiagnosticCode.DUPLICATE_DECLARATION).toList();
        assertEquals(2, dup.size(), () -> ds.toString());
        assertEquals(lineOf(text, "<action name=\"Pump\""), dup.get(0).span().line());
        assertTrue(dup.get(0).message().contains("action name 'Pump'"), dup.get(0).message());
        assertEquals(lineOf(text, "<action name=\"Idle\""), dup.get(1).span().line());
    }
}
