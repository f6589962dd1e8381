package dev.ferry.hostile;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Checks the contract's bearer tokens: HS256, {@code iss}, {@code aud}, {@code exp}/{@code nbf} with 60 s skew. */
final class Tokens {

    static final String ISSUER = "ferry";
    static final String APP_SUBJECT = "ferry-app";
    static final Duration SKEW = Duration.ofSeconds(60);

    /** The verified caller: its {@code installationId} claim (may be null) and {@code sub}. */
    record Caller(String installationId, String subject) {
    }

    /** A refused token; the message is a reason code and never holds the token. */
    static final class Refused extends Exception {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    private final MACVerifier verifier;
    private final String audience;

    Tokens(byte[] secret, String audience) {
        try {
            this.verifier = new MACVerifier(secret.clone());
        } catch (JOSEException e) {
            throw new IllegalArgumentException("HS256 secret must be at least 32 bytes", e);
        }
        this.audience = audience;
    }

    /** Verifies an {@code Authorization} header value. */
    Caller verify(String authorization, Instant now) throws Refused {
        if (authorization == null || authorization.isBlank()) {
            throw new Refused("MISSING");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Refused("MALFORMED");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(authorization.substring(7).trim());
        } catch (ParseException | RuntimeException e) {
            throw new Refused("MALFORMED");
        }
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            throw new Refused("WRONG_ALGORITHM");
        }
        try {
            if (!jwt.verify(verifier)) {
                throw new Refused("BAD_SIGNATURE");
            }
            claims = jwt.getJWTClaimsSet();
        } catch (JOSEException | ParseException | RuntimeException e) {
            throw new Refused("BAD_SIGNATURE");
        }
        if (!ISSUER.equals(claims.getIssuer())) {
            throw new Refused("WRONG_ISSUER");
        }
        List<String> aud = claims.getAudience();
        if (aud == null || !aud.contains(audience)) {
            throw new Refused("WRONG_AUDIENCE");
        }
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new Refused("MISSING_CLAIM");
        }
        if (now.isAfter(exp.toInstant().plus(SKEW))) {
            throw new Refused("EXPIRED");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.isBefore(nbf.toInstant().minus(SKEW))) {
            throw new Refused("NOT_YET_VALID");
        }
        try {
            return new Caller(claims.getStringClaim("installationId"), claims.getSubject());
        } catch (ParseException e) {
            throw new Refused("MALFORMED");
        }
    }
}
