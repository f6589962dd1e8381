package dev.ferry.adapter.remote;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;

/** Signs tokens with HS256 and a secret shared with the remote (at least 32 bytes). */
public final class HmacTokenSigner extends JwtTokenSigner {
    public static final int MIN_SECRET_BYTES = 32;
    private static final JWSHeader HEADER = new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build();

    private final MACSigner signer;

    /**
     * @param secret the shared secret; copied, so the caller may wipe its array afterwards
     */
    public HmacTokenSigner(byte[] secret, String issuer, String audience, Duration ttl, Clock clock) {
        super(issuer, audience, ttl, clock);
        if (secret == null || secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("HS256 secret must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        byte[] copy = Arrays.copyOf(secret, secret.length);
        try {
            this.signer = new MACSigner(copy);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("HS256 secret rejected: " + e.getMessage());
        }
    }

    /** Issuer {@value JwtTokenSigner#DEFAULT_ISSUER}, a 60 s lifetime and the system clock. */
    public HmacTokenSigner(byte[] secret, String audience) {
        this(secret, DEFAULT_ISSUER, audience, DEFAULT_TTL, Clock.systemUTC());
    }

    @Override
    protected JWSHeader header() {
        return HEADER;
    }

    @Override
    protected JWSSigner signer() {
        return signer;
    }

    @Override
    protected String algorithm() {
        return "HS256";
    }
}
