package dev.ferry.adapter.remote;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * Reads the RS256 signing key from configuration: an unencrypted PKCS#8 PEM
 * ({@code -----BEGIN PRIVATE KEY-----}), as {@code openssl genpkey -algorithm RSA} writes it. Line
 * breaks may also be given as the two characters {@code \n} (environment variables). Errors say what
 * is wrong with the key, never any of its content.
 */
public final class RsaPrivateKeys {
    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";
    private static final int MIN_BITS = 2048;

    private RsaPrivateKeys() {
    }

    /** @throws IllegalArgumentException if it is not an RSA PKCS#8 PEM of 2048 bits or more */
    public static RSAPrivateKey fromPem(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException("RS256 private key is empty");
        }
        String text = pem.replace("\\n", "\n").strip();
        if (text.contains("BEGIN RSA PRIVATE KEY") || text.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
            throw new IllegalArgumentException("RS256 private key must be unencrypted PKCS#8 (BEGIN PRIVATE KEY); "
                    + "convert it with: openssl pkcs8 -topk8 -nocrypt");
        }
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("RS256 private key is not a PEM block (BEGIN PRIVATE KEY … END PRIVATE KEY)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(begin + BEGIN.length(), end));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("RS256 private key is not valid base64");
        }
        try {
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            RSAPrivateKey rsa = (RSAPrivateKey) key;
            if (rsa.getModulus().bitLength() < MIN_BITS) {
                throw new IllegalArgumentException("RS256 private key must have at least " + MIN_BITS + " bits");
            }
            return rsa;
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("RS256 private key is not an RSA PKCS#8 key");
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }
}
