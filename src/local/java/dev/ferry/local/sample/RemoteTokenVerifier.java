package dev.ferry.local.sample;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * Checks the {@code Authorization: Bearer <JWT>} of a request: HS256 with the shared secret,
 * {@code iss} {@value SampleRemoteServer#ISSUER}, the configured audience, {@code exp} and
 * {@code iat} present and {@code exp}/{@code nbf}/{@code iat} within a 60 s clock skew. Reasons for
 * a refusal name the failed check, never the token.
 */
final class RemoteTokenVerifier {

    static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(60);

    private final MACVerifier verifier;
    private final String audience;
    private final Clock clock;

    RemoteTokenVerifier(byte[] secret, String audience, Clock clock) {
        try {
            this.verifier = new MACVerifier(secret);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("The HS256 secret must be at least 32 bytes", e);
        }
        this.audience = audience;
        this.clock = clock;
    }

    /** The caller named by a valid token; a 401 {@link RemoteError} otherwise. */
    RemoteCaller verify(String authorization) throws RemoteError {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw RemoteError.unauthorized("missing bearer token");
        }
        JWTClaimsSet claims = verifiedClaims(authorization.substring(7).trim());
        if (!SampleRemoteServer.ISSUER.equals(claims.getIssuer())) {
            throw RemoteError.unauthorized("wrong issuer");
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(audience)) {
            throw RemoteError.unauthorized("wrong audience");
        }
        checkTimes(claims);
        Object installationId = claims.getClaim(SampleRemoteServer.INSTALLATION_CLAIM);
        if (installationId != null && !(installationId instanceof String)) {
            throw RemoteError.unauthorized("installationId claim is not a string");
        }
        return new RemoteCaller(claims.getSubject(), (String) installationId);
    }

    private JWTClaimsSet verifiedClaims(String token) throws RemoteError {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
                throw RemoteError.unauthorized("algorithm must be HS256");
            }
            if (!jwt.verify(verifier)) {
                throw RemoteError.unauthorized("bad signature");
            }
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw RemoteError.unauthorized("malformed token");
        } catch (JOSEException e) {
            throw RemoteError.unauthorized("signature check failed");
        }
    }

    private void checkTimes(JWTClaimsSet claims) throws RemoteError {
        Instant now = clock.instant();
        Date expires = claims.getExpirationTime();
        Date issued = claims.getIssueTime();
        Date notBefore = claims.getNotBeforeTime();
        if (expires == null || issued == null) {
            throw RemoteError.unauthorized("exp and iat are required");
        }
        if (now.minus(MAX_CLOCK_SKEW).isAfter(expires.toInstant())) {
            throw RemoteError.unauthorized("token expired");
        }
        if (notBefore != null && now.plus(MAX_CLOCK_SKEW).isBefore(notBefore.toInstant())) {
            throw RemoteError.unauthorized("token not yet valid");
        }
        if (now.plus(MAX_CLOCK_SKEW).isBefore(issued.toInstant())) {
            throw RemoteError.unauthorized("token issued in the future");
        }
    }
}
