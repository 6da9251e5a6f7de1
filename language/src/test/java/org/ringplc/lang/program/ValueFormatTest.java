package org.ringplc.lang.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ValueFormatTest {

    private static VariableDescriptor desc(ValueType t) {
        return new VariableDescriptor("v", t.name(), t, VariableDescriptor.VarKind.LOCAL, null, false,
                List.of(), new long[0], new Cell());
    }

    private static VariableDescriptor enumDesc() {
        return new VariableDescriptor("st", "E_State", ValueType.ENUM, VariableDescriptor.VarKind.LOCAL, null, false,
                List.of("IDLE", "RUNNING", "FAULT"), new long[] {0, 5, 9}, new Cell());
    }

    private static final class Cell implements VariableAccessor {
        long v;

        @Override
        public long get() {
            return v;
        }

        @Override
        public void set(long raw) {
            v = raw;
        }
    }

    private static final class TextCell implements TextAccessor {
        String v = "";

        @Override
        public String getText() {
            return v;
        }

        @Override
        public void setText(String value) {
            v = value;
        }
    }

    private static long parse(ValueType t, Object v) throws ValueFormatException {
        return ValueFormat.parse(desc(t), v);
    }

    private static String rejectMessage(ValueType t, Object v) {
        return assertThrows(ValueFormatException.class, () -> parse(t, v)).getMessage();
    }

    @Test
    void boolAcceptsJsonAndLiteralsAndRejectsOthers() throws Exception {
        assertEquals(1, parse(ValueType.BOOL, true));
        assertEquals(0, parse(ValueType.BOOL, "false"));
        assertEquals(1, parse(ValueType.BOOL, "TRUE"));
        assertEquals(1, parse(ValueType.BOOL, "BOOL#TRUE"));
        assertEquals(1, parse(ValueType.BOOL, 1));
        assertTrue(rejectMessage(ValueType.BOOL, "yes").contains("expected TRUE/FALSE"));
        assertEquals(Boolean.TRUE, ValueFormat.toJson(desc(ValueType.BOOL), 1));
        assertEquals("FALSE", ValueFormat.toLiteral(desc(ValueType.BOOL), 0));
    }

    @Test
    void integersAreRangeCheckedAgainstTheirType() throws Exception {
        assertEquals(-5, parse(ValueType.INT, "INT#-5"));
        assertEquals(255, parse(ValueType.BYTE, "16#FF"));
        assertEquals(0xA5, parse(ValueType.BYTE, "2#1010_0101"));
        assertEquals(511, parse(ValueType.UINT, "8#777"));
        assertEquals(1000, parse(ValueType.DINT, "1_000"));
        assertEquals(32767, parse(ValueType.INT, 32767));
        assertEquals(7, parse(ValueType.SINT, new BigDecimal("7.000")));
        assertEquals("70000 is out of range -32768..32767 for INT", rejectMessage(ValueType.INT, 70000));
        assertEquals("-1 is out of range 0..255 for USINT", rejectMessage(ValueType.USINT, "-1"));
        assertTrue(rejectMessage(ValueType.DINT, 1.5).contains("not an integer"));
        assertTrue(rejectMessage(ValueType.DINT, "12a").contains("not an integer literal"));
        assertTrue(rejectMessage(ValueType.DINT, "T#1s").contains("does not fit DINT"));
        assertTrue(rejectMessage(ValueType.DINT, "3#12").contains("only 2#, 8# and 16#"));
    }

    @Test
    void anIntegerOutOfRangeIsNamedAsWrittenWhateverItsLiteralForm() {
        String range = " is out of range -32768..32767 for INT";
        assertEquals("16#FFFFF" + range, rejectMessage(ValueType.INT, "16#FFFFF"));
        assertEquals("INT#70000" + range, rejectMessage(ValueType.INT, "INT#70000"));
        assertEquals("DINT#-16#8001" + range, rejectMessage(ValueType.INT, "DINT#-16#8001"));
        assertEquals("70_000" + range, rejectMessage(ValueType.INT, " 70_000 "));
        assertEquals("-40000" + range, rejectMessage(ValueType.INT, -40000));
        assertEquals("2#1_0000_0000 is out of range 0..255 for BYTE", rejectMessage(ValueType.BYTE, "2#1_0000_0000"));
    }

    @Test
    void messagesUseTheArticleOfTheTypeName() {
        assertEquals("an INT", ValueFormat.withArticle("INT"));
        assertEquals("an UDINT", ValueFormat.withArticle("UDINT"));
        assertEquals("an LREAL", ValueFormat.withArticle("LREAL"));
        assertEquals("an LTIME", ValueFormat.withArticle("LTIME"));
        assertEquals("a DINT", ValueFormat.withArticle("DINT"));
        assertEquals("a TIME", ValueFormat.withArticle("TIME"));
        assertEquals("an LREAL literal does not fit INT: expected an integer", rejectMessage(ValueType.INT, "LREAL#1.5"));
        assertEquals("'5s' is not an LTIME literal: expected e.g. T#1s500ms", rejectMessage(ValueType.LTIME, "5s"));
        assertEquals("a REAL literal does not fit DINT: expected an integer", rejectMessage(ValueType.DINT, "REAL#1.5"));
    }

    @Test
    void signedIntegersPrintSignedAndUnsignedPrintUnsigned() throws Exception {
        assertEquals(-1L, ValueFormat.toJson(desc(ValueType.INT), 0xFFFF));
        assertEquals(65535L, ValueFormat.toJson(desc(ValueType.UINT), -1));
        assertEquals(4294967295L, ValueFormat.toJson(desc(ValueType.UDINT), -1));
        assertEquals(new BigInteger("18446744073709551615"), ValueFormat.toJson(desc(ValueType.ULINT), -1));
        assertEquals(5L, ValueFormat.toJson(desc(ValueType.LWORD), 5));
        assertEquals(-1L, parse(ValueType.ULINT, new BigInteger("18446744073709551615")));
        assertEquals("16#FF", ValueFormat.toLiteral(desc(ValueType.BYTE), 255));
        assertEquals("18446744073709551615", ValueFormat.toLiteral(desc(ValueType.ULINT), -1));
        assertEquals("-128", ValueFormat.toLiteral(desc(ValueType.SINT), 0x80));
        for (ValueType t : new ValueType[] {ValueType.SINT, ValueType.INT, ValueType.DINT, ValueType.LINT,
            ValueType.USINT, ValueType.UINT, ValueType.UDINT, ValueType.ULINT}) {
            for (BigInteger b : new BigInteger[] {ValueFormat.minOf(t), ValueFormat.maxOf(t)}) {
                long raw = parse(t, b);
                assertEquals(b.toString(), ValueFormat.toLiteral(desc(t), raw));
                assertEquals(raw, parse(t, ValueFormat.toLiteral(desc(t), raw)));
            }
        }
    }

    @Test
    void realsPrintTheShortestTextThatReadsBack() throws Exception {
        long bits = parse(ValueType.REAL, "0.1");
        assertEquals(new BigDecimal("0.1"), ValueFormat.toJson(desc(ValueType.REAL), bits));
        // Java 17 prints 2.0E-3 for this float as 0.0020 and 1.0E23 as 1.0000000000000001E23 for double
        assertEquals(new BigDecimal("1E+23"), ValueFormat.toJson(desc(ValueType.LREAL), Double.doubleToRawLongBits(1e23)));
        assertEquals(new BigDecimal("100"), ValueFormat.toJson(desc(ValueType.LREAL), Double.doubleToRawLongBits(100.0)));
        assertEquals("1500.0", ValueFormat.toLiteral(desc(ValueType.LREAL), parse(ValueType.LREAL, "1.5E3")));
        assertEquals("1.0E-7", ValueFormat.toLiteral(desc(ValueType.LREAL), Double.doubleToRawLongBits(1e-7)));
        assertEquals("NaN", ValueFormat.toJson(desc(ValueType.REAL), Float.floatToRawIntBits(Float.NaN)));
        assertEquals("-Infinity", ValueFormat.toJson(desc(ValueType.LREAL),
                Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY)));
        assertTrue(rejectMessage(ValueType.REAL, 1e39).contains("out of range for REAL"));
        assertTrue(rejectMessage(ValueType.REAL, "abc").contains("not a number"));
        Random r = new Random(42);
        for (int i = 0; i < 20000; i++) {
            float f = Float.intBitsToFloat(r.nextInt());
            double d = Double.longBitsToDouble(r.nextLong());
            if (Float.isFinite(f)) {
                BigDecimal s = (BigDecimal) ValueFormat.toJson(desc(ValueType.REAL), Float.floatToRawIntBits(f));
                assertEquals(f, Float.parseFloat(s.toString()));
                assertTrue(s.stripTrailingZeros().precision() <= new BigDecimal(Float.toString(f)).stripTrailingZeros().precision());
                long back = parse(ValueType.REAL, s);
                assertEquals(Float.floatToRawIntBits(f), (int) back);
            }
            if (Double.isFinite(d)) {
                BigDecimal s = (BigDecimal) ValueFormat.toJson(desc(ValueType.LREAL), Double.doubleToRawLongBits(d));
                assertEquals(d, Double.parseDouble(s.toString()));
                assertTrue(s.stripTrailingZeros().precision() <= new BigDecimal(Double.toString(d)).stripTrailingZeros().precision());
                assertEquals(d, Double.longBitsToDouble(parse(ValueType.LREAL, ValueFormat.toLiteral(desc(ValueType.LREAL),
                        Double.doubleToRawLongBits(d)))));
            }
        }
    }

    @Test
    void durationsUseIecLiterals() throws Exception {
        VariableDescriptor t = desc(ValueType.TIME);
        assertEquals("T#1s500ms", ValueFormat.toJson(t, 1_500_000_000L));
        assertEquals("T#0s", ValueFormat.toJson(t, 0));
        assertEquals("T#-5ms", ValueFormat.toJson(t, -5_000_000L));
        assertEquals("T#1d2h3m4s5ms6us7ns", ValueFormat.toJson(t, parse(ValueType.TIME, "T#1d2h3m4s5ms6us7ns")));
        assertEquals(3_723_500_000_000L, parse(ValueType.TIME, "T#1h2m3.5s"));
        assertEquals(1_500_000_000L, parse(ValueType.TIME, "time#1.5S"));
        assertEquals(-5_000_000L, parse(ValueType.TIME, "T#-5ms"));
        assertEquals(-5_000_000L, parse(ValueType.TIME, "-T#5ms"));
        assertEquals(250_000_000L, parse(ValueType.TIME, 250));
        assertEquals("LTIME#3us", ValueFormat.toJson(desc(ValueType.LTIME), 3000));
        assertEquals(3000, parse(ValueType.LTIME, "LTIME#3us"));
        assertTrue(rejectMessage(ValueType.TIME, "T#5x").contains("units"));
        assertTrue(rejectMessage(ValueType.TIME, "T#5ms1s").contains("days down"));
        assertTrue(rejectMessage(ValueType.TIME, "5s").contains("not a TIME literal"));
        assertTrue(rejectMessage(ValueType.TIME, "T#200000d").contains("out of range"));
    }

    @Test
    void datesAndTimesOfDayUseIecLiterals() throws Exception {
        long d = parse(ValueType.DATE, "D#2024-01-31");
        assertEquals("D#2024-01-31", ValueFormat.toJson(desc(ValueType.DATE), d));
        long tod = parse(ValueType.TIME_OF_DAY, "TOD#12:00:00.5");
        assertEquals(43_200_500_000_000L, tod);
        assertEquals("TOD#12:00:00.5", ValueFormat.toJson(desc(ValueType.TIME_OF_DAY), tod));
        long dt = parse(ValueType.DATE_AND_TIME, "DT#2024-01-31-12:00:00");
        assertEquals("DT#2024-01-31-12:00:00", ValueFormat.toJson(desc(ValueType.DATE_AND_TIME), dt));
        assertEquals(d + 43_200_000_000_000L, dt);
        assertTrue(rejectMessage(ValueType.DATE, "D#2024-02-30").contains("not a valid DATE"));
        assertTrue(rejectMessage(ValueType.TIME_OF_DAY, "TOD#25:00:00").contains("not a time of day"));
        assertTrue(rejectMessage(ValueType.DATE_AND_TIME, "D#2024-01-31").contains("not a DATE_AND_TIME literal"));
    }

    @Test
    void enumerationsUseElementNames() throws Exception {
        VariableDescriptor e = enumDesc();
        assertEquals("RUNNING", ValueFormat.toJson(e, 5));
        assertEquals("E_State#FAULT", ValueFormat.toLiteral(e, 9));
        assertEquals(5, ValueFormat.parse(e, "running"));
        assertEquals(9, ValueFormat.parse(e, "E_State#FAULT"));
        assertEquals(0, ValueFormat.parse(e, 0));
        String msg = assertThrows(ValueFormatException.class, () -> ValueFormat.parse(e, "STOPPED")).getMessage();
        assertEquals("expected one of IDLE, RUNNING, FAULT for E_State, got 'STOPPED'", msg);
        assertThrows(ValueFormatException.class, () -> ValueFormat.parse(e, "Other#RUNNING"));
    }

    @Test
    void stringsTravelAsTextWithIecEscapes() throws Exception {
        TextCell cell = new TextCell();
        VariableDescriptor s = new VariableDescriptor("s", "STRING[20]", ValueType.STRING,
                VariableDescriptor.VarKind.LOCAL, null, false, List.of(), new long[0], cell);
        cell.setText("it's");
        assertEquals("it's", ValueFormat.textToJson(s));
        assertEquals("it's", ValueFormat.readJson(s));
        assertEquals("'it$'s'", ValueFormat.toLiteral(s, 0));
        assertEquals("a'b\n", ValueFormat.parseText(s, "'a$'b$N'"));
        assertEquals("plain", ValueFormat.parseText(s, "plain"));
        assertThrows(ValueFormatException.class, () -> ValueFormat.parseText(s, 5));
        assertThrows(ValueFormatException.class, () -> ValueFormat.parse(s, "x"));
    }
}
