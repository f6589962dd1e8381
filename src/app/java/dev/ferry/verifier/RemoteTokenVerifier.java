package dev.ferry.verifier;

import static dev.ferry.verifier.TokenRejectedException.Reason.BAD_SIGNATURE;
import static dev.ferry.verifier.TokenRejectedException.Reason.EXPIRED;
import static dev.ferry.verifier.TokenRejectedException.Reason.MALFORMED;
import static dev.ferry.verifier.TokenRejectedException.Reason.MISSING;
import static dev.ferry.verifier.TokenRejectedException.Reason.MISSING_CLAIM;
import static dev.ferry.verifier.TokenRejectedException.Reason.NOT_YET_VALID;
import static dev.ferry.verifier.TokenRejectedException.Reason.TOO_LONG_LIVED;
import static dev.ferry.verifier.TokenRejectedException.Reason.UNKNOWN_KEY;
import static dev.ferry.verifier.TokenRejectedException.Reason.WRONG_ALGORITHM;
import static dev.ferry.verifier.TokenRejectedException.Reason.WRONG_AUDIENCE;
import static dev.ferry.verifier.TokenRejectedException.Reason.WRONG_INSTALLATION;
import static dev.ferry.verifier.TokenRejectedException.Reason.WRONG_ISSUER;
import static dev.ferry.verifier.TokenRejectedException.Reason.WRONG_SUBJECT;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import dev.ferry.verifier.TokenRejectedException.Reason;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Objects;

/**
 * Verifies the bearer tokens Ferry sends to a remote, for remote implementers. Depends on
 * nimbus-jose-jwt only; thread-safe; build one and share it.
 *
 * <pre>{@code
 * RemoteTokenVerifier verifier = RemoteTokenVerifier.builder()
 *         .sharedSecret(secretBytes)                        // HS256, and/or
 *         .jwksUrl(URI.create("https://ferry.example/jwks.json"))  // RS256 public keys
 *         .audience("ferry-remote")
 *         .build();
 * VerifiedToken caller = verifier.verifyForInstallation(request.header("Authorization"), "acme");
 * }</pre>
 *
 * <p>A token passes only if, in this order: it is present ({@code Bearer <JWT>} or the bare JWT);
 * it is a signed JWT (never {@code alg: none}, never encrypted); its algorithm is one this verifier
 * holds a key for (HS256 with the shared secret, RS256 with a public key from the JWKS, chosen by
 * {@code kid}) so HS/RS confusion is impossible; its signature verifies; {@code iss} and {@code aud}
 * match; {@code exp}, {@code iat} and {@code jti} are present; {@code exp} is not past, and
 * {@code nbf}/{@code iat} are not in the future, beyond the clock skew; its lifetime is not longer
 * than allowed; and it acts for the installation the call is for ({@code installationId} claim, with
 * {@code sub} equal to it when present), or, for app-level calls, for none ({@code sub}
 * {@value #APP_SUBJECT}). Anything else throws a {@link TokenRejectedException} whose reason says
 * which check failed; its message never contains the token or a key.
 */
public final class RemoteTokenVerifier {
    public static final String DEFAULT_ISSUER = "ferry";
    public static final String DEFAULT_AUDIENCE = "ferry-remote";
    /** {@code sub} of app-level calls (the installations listing). */
    public static final String APP_SUBJECT = "ferry-app";
    /** The claim naming the installation a call acts for. */
    public static final String INSTALLATION_CLAIM = "installationId";
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(1);
    public static final Duration DEFAULT_JWKS_CACHE = Duration.ofMinutes(10);
    static final Duration JWKS_MIN_REFRESH = Duration.ofSeconds(30);
    private static final int MAX_TOKEN_CHARS = 16 * 1024;

    private final String issuer;
    private final String audience;
    private final MACVerifier hmac;
    private final PublicKeys publicKeys;
    private final Duration clockSkew;
    private final Duration maxLifetime;
    private final Clock clock;

    private RemoteTokenVerifier(Builder b, MACVerifier hmac, PublicKeys publicKeys) {
        this.issuer = b.issuer;
        this.audience = b.audience;
        this.hmac = hmac;
        this.publicKeys = publicKeys;
        this.clockSkew = b.clockSkew;
        this.maxLifetime = b.maxLifetime;
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The {@code aud} this verifier expects. */
    public String audience() {
        return audience;
    }

    /**
     * A call for one installation the remote already knows (for example from its own routing).
     *
     * @param authorization the {@code Authorization} header's value ({@code Bearer <JWT>}) or the bare JWT; may be null
     * @param installationId the installation the request is for
     */
    public VerifiedToken verifyForInstallation(String authorization, String installationId) throws TokenRejectedException {
        if (installationId == null || installationId.isBlank()) {
            throw new IllegalArgumentException("state the installation the request is for");
        }
        VerifiedToken token = verifyForAnyInstallation(authorization);
        if (!installationId.equals(token.installationId())) {
            throw new TokenRejectedException(WRONG_INSTALLATION, "the token is for another installation");
        }
        return token;
    }

    /**
     * A call on behalf of whichever installation the token names: the remote takes the installation
     * from the result (as Ferry's contract intends: identity travels only in the token).
     */
    public VerifiedToken verifyForAnyInstallation(String authorization) throws TokenRejectedException {
        VerifiedToken token = verify(authorization);
        if (token.installationId() == null) {
            throw new TokenRejectedException(WRONG_INSTALLATION, "the token names no installation");
        }
        if (token.subject() != null && !token.subject().equals(token.installationId())) {
            throw new TokenRejectedException(WRONG_SUBJECT, "sub does not match the installation");
        }
        return token;
    }

    /** An app-level call (the installations listing): {@code sub} {@value #APP_SUBJECT} and no installation. */
    public VerifiedToken verifyForApp(String authorization) throws TokenRejectedException {
        VerifiedToken token = verify(authorization);
        if (token.installationId() != null) {
            throw new TokenRejectedException(WRONG_INSTALLATION, "an app-level call must not name an installation");
        }
        if (!APP_SUBJECT.equals(token.subject())) {
            throw new TokenRejectedException(WRONG_SUBJECT, "an app-level call needs sub " + APP_SUBJECT);
        }
        return token;
    }

    private VerifiedToken verify(String authorization) throws TokenRejectedException {
        SignedJWT jwt = parse(bearer(authorization));
        String keyId = checkSignature(jwt);
        JWTClaimsSet claims = claims(jwt);
        if (!issuer.equals(claims.getIssuer())) {
            throw new TokenRejectedException(WRONG_ISSUER, "wrong issuer");
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(audience)) {
            throw new TokenRejectedException(WRONG_AUDIENCE, "wrong audience");
        }
        Instant issued = required(claims.getIssueTime(), "iat");
        Instant expires = required(claims.getExpirationTime(), "exp");
        String tokenId = required(claims.getJWTID(), "jti");
        checkTimes(issued, expires, claims.getNotBeforeTime());
        String installationId = stringClaim(claims, INSTALLATION_CLAIM);
        if (installationId != null && installationId.isBlank()) {
            throw new TokenRejectedException(MISSING_CLAIM, "installationId is blank");
        }
        return new VerifiedToken(claims.getSubject(), installationId, tokenId, issued, expires,
                jwt.getHeader().getAlgorithm().getName(), keyId);
    }

    private static String bearer(String authorization) throws TokenRejectedException {
        if (authorization == null || authorization.isBlank()) {
            throw new TokenRejectedException(MISSING, "no bearer token");
        }
        String value = authorization.strip();
        if (value.equalsIgnoreCase("Bearer")) {
            throw new TokenRejectedException(MISSING, "no bearer token");
        }
        int space = value.indexOf(' ');
        if (space > 0) {
            if (!value.regionMatches(true, 0, "Bearer", 0, 6) || space != 6) {
                throw new TokenRejectedException(MISSING, "no bearer token");
            }
            value = value.substring(space + 1).strip();
        }
        if (value.isEmpty()) {
            throw new TokenRejectedException(MISSING, "no bearer token");
        }
        if (value.length() > MAX_TOKEN_CHARS) {
            throw new TokenRejectedException(MALFORMED, "token too long");
        }
        return value;
    }

    private static SignedJWT parse(String token) throws TokenRejectedException {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw new TokenRejectedException(MALFORMED, "not a JWT");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw new TokenRejectedException(WRONG_ALGORITHM, "the token is not signed");
        }
        return signed;
    }

    /** @return the kid of the key that verified an RS256 token, else null */
    private String checkSignature(SignedJWT jwt) throws TokenRejectedException {
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        if (JWSAlgorithm.HS256.equals(alg) && hmac != null) {
            requireValid(jwt, hmac);
            return null;
        }
        if (JWSAlgorithm.RS256.equals(alg) && publicKeys != null) {
            String keyId = jwt.getHeader().getKeyID();
            List<SigningKey> candidates = publicKeys.candidates(keyId);
            if (candidates.isEmpty()) {
                throw new TokenRejectedException(UNKNOWN_KEY, keyId == null ? "no public key to verify with"
                        : "no public key with the token's kid");
            }
            for (SigningKey key : candidates) {
                if (verifies(jwt, new RSASSAVerifier(key.publicKey()))) {
                    return key.keyId();
                }
            }
            throw new TokenRejectedException(BAD_SIGNATURE, "bad signature");
        }
        throw new TokenRejectedException(WRONG_ALGORITHM, "algorithm not accepted (expected "
                + (hmac != null ? "HS256" : "") + (hmac != null && publicKeys != null ? " or " : "")
                + (publicKeys != null ? "RS256" : "") + ")");
    }

    private static void requireValid(SignedJWT jwt, JWSVerifier verifier) throws TokenRejectedException {
        if (!verifies(jwt, verifier)) {
            throw new TokenRejectedException(BAD_SIGNATURE, "bad signature");
        }
    }

    private static boolean verifies(SignedJWT jwt, JWSVerifier verifier) {
        try {
            return jwt.verify(verifier);
        } catch (JOSEException | RuntimeException e) {
            return false;
        }
    }

    private static JWTClaimsSet claims(SignedJWT jwt) throws TokenRejectedException {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new TokenRejectedException(MALFORMED, "claims are not a JSON object");
        }
    }

    private static String stringClaim(JWTClaimsSet claims, String name) throws TokenRejectedException {
        try {
            return claims.getStringClaim(name);
        } catch (ParseException e) {
            throw new TokenRejectedException(MALFORMED, name + " is not a string");
        }
    }

    private static Instant required(Date value, String claim) throws TokenRejectedException {
        return required(value == null ? null : value.toInstant(), claim);
    }

    private static <T> T required(T value, String claim) throws TokenRejectedException {
        if (value == null) {
            throw new TokenRejectedException(MISSING_CLAIM, claim + " is required");
        }
        return value;
    }

    private void checkTimes(Instant issued, Instant expires, Date notBefore) throws TokenRejectedException {
        Instant now = clock.instant();
        if (now.minus(clockSkew).isAfter(expires)) {
            throw new TokenRejectedException(EXPIRED, "token expired");
        }
        if (notBefore != null && now.plus(clockSkew).isBefore(notBefore.toInstant())) {
            throw new TokenRejectedException(NOT_YET_VALID, "token not yet valid (nbf)");
        }
        if (now.plus(clockSkew).isBefore(issued)) {
            throw new TokenRejectedException(NOT_YET_VALID, "token issued in the future (iat)");
        }
        if (Duration.between(issued, expires).compareTo(maxLifetime) > 0) {
            throw new TokenRejectedException(TOO_LONG_LIVED, "token lives longer than " + maxLifetime.toSeconds() + " s");
        }
    }

    @Override
    public String toString() {
        return "RemoteTokenVerifier[iss=" + issuer + ", aud=" + audience + ", hs256=" + (hmac != null)
                + ", rs256=" + (publicKeys != null) + ", skew=" + clockSkew + "]";
    }

    /** Configures a verifier; at least one of a shared secret, a JWKS document or a JWKS URL is required. */
    public static final class Builder {
        private String issuer = DEFAULT_ISSUER;
        private String audience = DEFAULT_AUDIENCE;
        private byte[] secret;
        private String jwksJson;
        private URI jwksUrl;
        private Duration jwksCache = DEFAULT_JWKS_CACHE;
        private Duration clockSkew = DEFAULT_CLOCK_SKEW;
        private Duration maxLifetime = DEFAULT_MAX_LIFETIME;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Expected {@code iss} (default {@value #DEFAULT_ISSUER}). */
        public Builder issuer(String value) {
            this.issuer = requireText("issuer", value);
            return this;
        }

        /** Expected {@code aud} (default {@value #DEFAULT_AUDIENCE}). */
        public Builder audience(String value) {
            this.audience = requireText("audience", value);
            return this;
        }

        /** Accept HS256 signed with this secret (at least 32 bytes; copied). */
        public Builder sharedSecret(byte[] value) {
            Objects.requireNonNull(value, "secret");
            this.secret = Arrays.copyOf(value, value.length);
            return this;
        }

        /** Accept RS256 signed by a key of this JWKS document ({@code {"keys":[…]}}, public keys). */
        public Builder jwks(String json) {
            this.jwksJson = Objects.requireNonNull(json, "jwks");
            return this;
        }

        /** Accept RS256 signed by a key published at this URL (https, or http to loopback), cached. */
        public Builder jwksUrl(URI value) {
            this.jwksUrl = Objects.requireNonNull(value, "jwksUrl");
            return this;
        }

        /** How long fetched JWKS keys are used before fetching again (default 10 min). */
        public Builder jwksCacheDuration(Duration value) {
            this.jwksCache = requirePositive("jwks cache duration", value);
            return this;
        }

        /** Tolerance for clocks that disagree, 0 to 5 min (default 60 s). */
        public Builder clockSkew(Duration value) {
            Objects.requireNonNull(value, "clockSkew");
            if (value.isNegative() || value.compareTo(MAX_CLOCK_SKEW) > 0) {
                throw new IllegalArgumentException("clock skew must be between 0 and " + MAX_CLOCK_SKEW.toMinutes() + " min");
            }
            this.clockSkew = value;
            return this;
        }

        /** Longest {@code exp - iat} accepted (default 1 h; Ferry's tokens live 60 s). */
        public Builder maxLifetime(Duration value) {
            this.maxLifetime = requirePositive("max lifetime", value);
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** @throws IllegalArgumentException for a short secret, an unreadable or empty JWKS, an unsafe URL, or no key at all */
        public RemoteTokenVerifier build() {
            MACVerifier hmac = null;
            if (secret != null) {
                try {
                    hmac = new MACVerifier(secret);
                } catch (JOSEException e) {
                    throw new IllegalArgumentException("the HS256 secret must be at least 32 bytes");
                }
            }
            PublicKeys keys = null;
            if (jwksJson != null) {
                try {
                    List<SigningKey> parsed = Jwks.parse(jwksJson);
                    if (parsed.isEmpty()) {
                        throw new IllegalArgumentException("the JWKS document has no RSA signing key of "
                                + Jwks.MIN_RSA_BITS + " bits or more");
                    }
                    keys = PublicKeys.of(parsed);
                } catch (ParseException e) {
                    throw new IllegalArgumentException("the JWKS document is not a JSON Web Key Set");
                }
            }
            if (jwksUrl != null) {
                PublicKeys remote = new JwksEndpoint(jwksUrl, jwksCache, JWKS_MIN_REFRESH, clock);
                keys = keys == null ? remote : keys.and(remote);
            }
            if (hmac == null && keys == null) {
                throw new IllegalArgumentException("configure a shared secret, a JWKS document or a JWKS URL");
            }
            return new RemoteTokenVerifier(this, hmac, keys);
        }

        private static String requireText(String name, String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
            return value;
        }

        private static Duration requirePositive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return value;
        }
    }
}
