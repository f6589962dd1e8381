package dev.ferry.local.sample;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** Signs tokens for the sample remote in tests. */
final class TestTokens {

    static final byte[] SECRET = "sample-remote-test-secret-0123456789-abcdef".getBytes(StandardCharsets.UTF_8);

    private TestTokens() {
    }

    /** A valid token for an installation: five minutes left. */
    static String installation(String installationId) {
        return sign(installationClaims(installationId).build());
    }

    /** A valid app-level token (sub ferry-app, no installation). */
    static String app() {
        return sign(baseClaims().subject(SampleRemoteServer.APP_SUBJECT).build());
    }

    static JWTClaimsSet.Builder installationClaims(String installationId) {
        return baseClaims().subject(installationId).claim(SampleRemoteServer.INSTALLATION_CLAIM, installationId);
    }

    static JWTClaimsSet.Builder baseClaims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(SampleRemoteServer.ISSUER)
                .audience(SampleRemoteServer.DEFAULT_AUDIENCE)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .jwtID(java.util.UUID.randomUUID().toString());
    }

    static String sign(JWTClaimsSet claims) {
        return sign(claims, SECRET);
    }

    static String sign(JWTClaimsSet claims, byte[] secret) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
