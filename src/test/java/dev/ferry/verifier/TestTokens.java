package dev.ferry.verifier;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.UUID;

/** Crafts tokens, honest and hostile, for the verifier's tests. */
final class TestTokens {
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final byte[] SECRET = "verifier-test-secret-0123456789-abcdefgh".getBytes(StandardCharsets.UTF_8);
    static final RSAKey RSA_KEY = generate("key-1");
    static final RSAKey OTHER_RSA_KEY = generate("key-2");

    private TestTokens() {
    }

    /** Claims as Ferry sends them for an installation call. */
    static JWTClaimsSet.Builder installation(String id) {
        return base().subject(id).claim(RemoteTokenVerifier.INSTALLATION_CLAIM, id);
    }

    /** Claims as Ferry sends them for the app-level listing. */
    static JWTClaimsSet.Builder app() {
        return base().subject(RemoteTokenVerifier.APP_SUBJECT);
    }

    static JWTClaimsSet.Builder base() {
        return new JWTClaimsSet.Builder()
                .issuer("ferry")
                .audience("ferry-remote")
                .issueTime(Date.from(NOW))
                .notBeforeTime(Date.from(NOW))
                .expirationTime(Date.from(NOW.plus(Duration.ofSeconds(60))))
                .jwtID(UUID.randomUUID().toString());
    }

    static String hs256(JWTClaimsSet.Builder claims) {
        return hs256(claims, SECRET);
    }

    static String hs256(JWTClaimsSet.Builder claims, byte[] secret) {
        return sign(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims, secret);
    }

    static String sign(JWSHeader header, JWTClaimsSet.Builder claims, byte[] secret) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims.build());
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String rs256(JWTClaimsSet.Builder claims, RSAKey key, String kid) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(kid).build(),
                    claims.build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsigned token: {@code {"alg":"none"}}, claims, empty signature. */
    static String unsigned(JWTClaimsSet.Builder claims) {
        return Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "."
                + Base64URL.encode(claims.build().toString()) + ".";
    }

    /** The token with its claims replaced by {@code claims}, keeping header and signature. */
    static String withClaims(String token, JWTClaimsSet.Builder claims) {
        String[] parts = token.split("\\.");
        return parts[0] + "." + Base64URL.encode(claims.build().toString()) + "." + parts[2];
    }

    /** A JWKS document with the public halves of these keys. */
    static String jwks(RSAKey... keys) {
        return new JWKSet(java.util.Arrays.stream(keys).map(k -> (com.nimbusds.jose.jwk.JWK) k.toPublicJWK()).toList())
                .toString();
    }

    static RemoteTokenVerifier.Builder hmacVerifier() {
        return RemoteTokenVerifier.builder().sharedSecret(SECRET).clock(CLOCK);
    }

    static RemoteTokenVerifier.Builder rsaVerifier() {
        return RemoteTokenVerifier.builder().jwks(jwks(RSA_KEY)).clock(CLOCK);
    }

    private static RSAKey generate(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
