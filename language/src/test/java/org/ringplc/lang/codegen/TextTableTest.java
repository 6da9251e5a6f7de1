package org.ringplc.lang.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class TextTableTest {
    @Test
    void aContentBuiltBeforeIsTheSameString() {
        TextTable t = new TextTable();
        String first = t.concat("ab", "cd");
        t.left("xyz", 2);
        assertSame(first, t.mid("--abcd--", 4, 3));
        assertSame(first, t.fit("abcdef", 4));
    }

    @Test
    void resultsFollowTheStandardWithClampedPositions() {
        TextTable t = new TextTable();
        assertEquals("ab", t.left("abc", 2));
        assertEquals("abc", t.left("abc", 9));
        assertEquals("", t.left("abc", -1));
        assertEquals("bc", t.right("abc", 2));
        assertEquals("bc", t.mid("abcd", 2, 2));
        assertEquals("d", t.mid("abcd", 5, 4));
        assertEquals("abcd", t.mid("abcd", 9, 0));
        assertEquals("aXYbc", t.insert("abc", "XY", 1));
        assertEquals("XYabc", t.insert("abc", "XY", -3));
        assertEquals("ad", t.delete("abcd", 2, 2));
        assertEquals("aXd", t.replace("abcd", "X", 2, 2));
        assertEquals("abc", t.fit("abc", 3));
        assertEquals("", t.concat("", ""));
    }

    @Test
    void moreDistinctTextsThanSlotsStayCorrect() {
        TextTable t = new TextTable(16);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 500; i++) {
                assertEquals("n" + i, t.concat("n", Integer.toString(i)));
            }
        }
    }

    @Test
    void theScratchGrowsForLongTexts() {
        TextTable t = new TextTable();
        String a = "x".repeat(300);
        assertEquals(a + a, t.concat(a, a));
    }
}
