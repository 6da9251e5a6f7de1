package org.ringplc.server.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTPS for the web UI and API: either a PEM certificate chain and its unencrypted PKCS#8 private
 * key (what certbot, a company CA or {@code openssl req -x509} give), or a PKCS#12 keystore (what
 * {@code keytool} gives). Everything is read and checked once at start, so a wrong file stops the
 * start with a message naming it instead of failing the first browser's handshake. The messages
 * carry no exception cause on purpose: the command line prints the innermost cause's message, and
 * that would lose the file name.
 *
 * @param cert             PEM certificate chain, leaf first; with {@code key}
 * @param key              PEM private key ({@code BEGIN PRIVATE KEY}); with {@code cert}
 * @param keystore         PKCS#12 file instead of cert and key
 * @param keystorePassword its password (may be empty)
 */
public record TlsConfig(Path cert, Path key, Path keystore, char[] keystorePassword) {
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

    public static TlsConfig pem(Path cert, Path key) {
        return new TlsConfig(cert, key, null, null);
    }

    public static TlsConfig pkcs12(Path keystore, char[] password) {
        return new TlsConfig(null, null, keystore, password == null ? new char[0] : password);
    }

    /** A loaded key store and the password that opens its key. */
    record Loaded(KeyStore keyStore, char[] password) {
    }

    /**
     * Reads and checks the files.
     *
     * @throws IllegalArgumentException with a message naming the file and what is wrong
     */
    Loaded load() {
        if (keystore != null) {
            return loadPkcs12();
        }
        if (cert == null || key == null) {
            throw new IllegalArgumentException("TLS needs both a certificate and a key file (or a PKCS#12 keystore)");
        }
        List<Certificate> chain = readCertificates(cert);
        PrivateKey privateKey = readKey(key);
        checkPair(privateKey, chain.get(0));
        try {
            char[] pw = randomPassword();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("ringplc", privateKey, pw, chain.toArray(new Certificate[0]));
            return new Loaded(ks, pw);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot build a key store from " + cert + " and " + key + ": " + e.getMessage());
        }
    }

    private Loaded loadPkcs12() {
        char[] pw = keystorePassword == null ? new char[0] : keystorePassword;
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, pw);
            boolean hasKey = false;
            for (String alias : java.util.Collections.list(ks.aliases())) {
                hasKey |= ks.isKeyEntry(alias);
            }
            if (!hasKey) {
                throw new IllegalArgumentException(keystore + ": the keystore holds no private key");
            }
            return new Loaded(ks, pw);
        } catch (IOException e) {
            String why = e.getCause() instanceof java.security.UnrecoverableKeyException
                    ? "wrong password (set RINGPLC_TLS_PASSWORD)" : e.getMessage();
            throw new IllegalArgumentException(keystore + ": cannot read the PKCS#12 keystore: " + why);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(keystore + ": not a usable PKCS#12 keystore: " + e.getMessage());
        }
    }

    private static List<Certificate> readCertificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IllegalArgumentException(file + ": no certificate found (expected PEM 'BEGIN CERTIFICATE')");
            }
            return new ArrayList<>(certs);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the certificate: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + ": not a PEM or DER X.509 certificate: " + e.getMessage());
        }
    }

    private static PrivateKey readKey(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the private key: " + e.getMessage());
        }
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            if (type.equals("PRIVATE KEY")) {
                byte[] der = Base64.getMimeDecoder().decode(m.group(2));
                for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS")) {
                    try {
                        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                    } catch (GeneralSecurityException e) {
                        // not this algorithm; try the next
                    }
                }
                throw new IllegalArgumentException(file + ": a PKCS#8 key of an algorithm Java cannot use (RSA, EC and Ed25519 work)");
            }
            if (type.equals("RSA PRIVATE KEY") || type.equals("EC PRIVATE KEY")) {
                throw new IllegalArgumentException(file + ": a '" + type + "' (PKCS#1/SEC1) key; convert it to PKCS#8 with "
                        + "'openssl pkcs8 -topk8 -nocrypt -in " + file.getFileName() + " -out key.pem'");
            }
            if (type.equals("ENCRYPTED PRIVATE KEY")) {
                throw new IllegalArgumentException(file + ": the key is encrypted; decrypt it with "
                        + "'openssl pkcs8 -in " + file.getFileName() + " -out key.pem' and keep that file readable by "
                        + "ringplc only, or use a PKCS#12 keystore with RINGPLC_TLS_PASSWORD");
            }
        }
        throw new IllegalArgumentException(file + ": no PEM private key found (expected '-----BEGIN PRIVATE KEY-----')");
    }

    /** A signature made with the key must verify with the certificate, or browsers would refuse every handshake. */
    private void checkPair(PrivateKey privateKey, Certificate leaf) {
        String alg = switch (privateKey.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            case "Ed448" -> "Ed448";
            default -> null;
        };
        if (alg == null) {
            return;
        }
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature s = Signature.getInstance(alg);
            s.initSign(privateKey);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(leaf.getPublicKey());
            v.update(probe);
            if (!v.verify(sig)) {
                throw new IllegalArgumentException("the key in " + key + " does not belong to the certificate in " + cert);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the key in " + key + " does not belong to the certificate in " + cert
                    + " (" + e.getMessage() + ")");
        }
    }

    private static char[] randomPassword() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b).toCharArray();
    }
}
