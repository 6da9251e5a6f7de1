package org.ringplc.server.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHashTest {

    @Test
    void newHashesUseTheRecommendedWorkFactorAndASaltOfTheirOwn() {
        assertTrue(PasswordHash.ITERATIONS >= 600_000, "OWASP 2023 for PBKDF2-HMAC-SHA256");
        String a = PasswordHash.hash("correct horse".toCharArray());
        String b = PasswordHash.hash("correct horse".toCharArray());
        assertTrue(a.startsWith("$pbkdf2-sha256$" + PasswordHash.ITERATIONS + "$"), a);
        assertNotEquals(a, b, "a fresh salt per hash");
        assertTrue(PasswordHash.verify("correct horse".toCharArray(), a));
        assertFalse(PasswordHash.verify("correct horsE".toCharArray(), a));
        assertNull(PasswordHash.problem(a));
    }

    @Test
    void malformedOrWeakHashesNeverMatch() {
        String ok = PasswordHash.hash("pw-12345678".toCharArray(), 1_000);
        assertTrue(PasswordHash.verify("pw-12345678".toCharArray(), ok));
        String weak = ok.replace("$1000$", "$10$");
        assertFalse(PasswordHash.verify("pw-12345678".toCharArray(), weak), "too few iterations to trust");
        assertNotNull(PasswordHash.problem(weak));
        assertFalse(PasswordHash.verify("x".toCharArray(), "plain"));
        assertFalse(PasswordHash.verify("x".toCharArray(), "$pbkdf2-sha256$1000$!!$??"));
        assertFalse(PasswordHash.verify("x".toCharArray(), null));
    }
}
