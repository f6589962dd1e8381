package dev.ferry.adapter.remote;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Objects;
import java.util.UUID;

/**
 * The claims every Ferry token carries, whatever the algorithm: {@code iss}, {@code aud},
 * {@code iat}, {@code nbf} = iat, {@code exp} = iat + ttl, a random {@code jti}, {@code sub}, and for
 * installation calls {@code installationId}. Subclasses supply the header and the signer.
 */
public abstract class JwtTokenSigner implements TokenSigner {
    public static final String DEFAULT_ISSUER = "ferry";
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);

    private final String issuer;
    private final String audience;
    private final Duration ttl;
    private final Clock clock;

    protected JwtTokenSigner(String issuer, String audience, Duration ttl, Clock clock) {
        this.issuer = requireText("issuer", issuer);
        this.audience = requireText("audience", audience);
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("token ttl must be between 1 s and 1 h");
        }
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The JWS header: algorithm, {@code typ} JWT, and a {@code kid} where the algorithm uses one. */
    protected abstract JWSHeader header();

    protected abstract JWSSigner signer();

    /** The algorithm's name for {@code toString}, e.g. HS256. */
    protected abstract String algorithm();

    @Override
    public final String forInstallation(InstallationId installation) {
        Objects.requireNonNull(installation, "installation");
        return sign(installation.value(), installation.value());
    }

    @Override
    public final String forApp() {
        return sign(APP_SUBJECT, null);
    }

    private String sign(String subject, String installationId) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(subject)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString());
        if (installationId != null) {
            claims.claim(INSTALLATION_CLAIM, installationId);
        }
        SignedJWT jwt = new SignedJWT(header(), claims.build());
        try {
            jwt.sign(signer());
        } catch (JOSEException e) {
            // Nimbus's messages name the problem (key length, algorithm), never the key itself.
            throw new FerryException(ErrorCode.INTERNAL, "could not sign the remote token (" + algorithm() + "): "
                    + e.getMessage());
        }
        return jwt.serialize();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[alg=" + algorithm() + ", iss=" + issuer + ", aud=" + audience
                + ", ttl=" + ttl + "]";
    }

    private static String requireText(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("token " + name + " must not be blank");
        }
        return value;
    }
}
