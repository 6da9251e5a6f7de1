package org.ringplc.server.api;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted, deliberately slow password hashes for the users file: PBKDF2 with HMAC-SHA-256 from the
 * JDK, so the box needs no native library and no extra dependency.
 *
 * <p>Stored form: {@code $pbkdf2-sha256$<iterations>$<salt>$<hash>} (salt and hash in unpadded
 * base64). The iteration count travels with each hash, so raising {@link #ITERATIONS} later makes
 * new hashes stronger without invalidating the old ones.
 *
 * <p>Thread-safe (stateless).
 */
public final class PasswordHash {
    /**
     * OWASP's password storage recommendation for PBKDF2-HMAC-SHA256 (2023): 600,000 iterations.
     * On a small controller that is a few hundred milliseconds per login, which a person does not
     * notice and an attacker with a stolen users file pays per guess.
     */
    public static final int ITERATIONS = 600_000;
    /** Below this a stored hash is refused as too weak to trust (it was not written by us). */
    static final int MIN_ITERATIONS = 1_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final String PREFIX = "$pbkdf2-sha256$";
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash() {
    }

    /** A new hash of {@code password} with a fresh random salt and {@link #ITERATIONS}. */
    public static String hash(char[] password) {
        return hash(password, ITERATIONS);
    }

    /** With a chosen iteration count: tests use few, so they do not spend seconds per user. */
    static String hash(char[] password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] h = derive(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(h);
    }

    /**
     * Whether {@code password} matches {@code stored}. Compares in constant time; a malformed
     * {@code stored} never matches.
     */
    public static boolean verify(char[] password, String stored) {
        Parsed p = parse(stored);
        if (p == null) {
            return false;
        }
        return MessageDigest.isEqual(derive(password, p.salt, p.iterations), p.hash);
    }

    /** Why {@code stored} is not a hash this class can check, or null when it is one. */
    static String problem(String stored) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            return "not a '" + PREFIX + "...' hash (set passwords with 'ringplc user add' or 'ringplc user passwd')";
        }
        return parse(stored) == null ? "a malformed or too weak " + PREFIX + " hash" : null;
    }

    /**
     * Spends the time of one verification without a stored hash, so a login for an unknown user
     * takes as long as one with a wrong password and does not reveal which names exist.
     */
    static void burn(char[] password) {
        derive(password, new byte[SALT_BYTES], ITERATIONS);
    }

    private record Parsed(int iterations, byte[] salt, byte[] hash) {
    }

    private static Parsed parse(String stored) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            return null;
        }
        String[] parts = stored.substring(PREFIX.length()).split("\\$", -1);
        if (parts.length != 3) {
            return null;
        }
        try {
            int iterations = Integer.parseInt(parts[0]);
            byte[] salt = Base64.getDecoder().decode(parts[1]);
            byte[] hash = Base64.getDecoder().decode(parts[2]);
            if (iterations < MIN_ITERATIONS || iterations > 100_000_000 || salt.length < 8 || hash.length != HASH_BITS / 8) {
                return null;
            }
            return new Parsed(iterations, salt, hash);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (InvalidKeySpecException e) {
            throw new IllegalArgumentException("cannot hash this password: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java 17 runtime has " + ALGORITHM, e);
        } finally {
            spec.clearPassword();
        }
    }
}
