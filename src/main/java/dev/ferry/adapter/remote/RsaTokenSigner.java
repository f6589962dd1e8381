package dev.ferry.adapter.remote;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Signs tokens with RS256 and a private key (2048 bits or more); the remote verifies with the public
 * key it finds under {@code kid}.
 */
public final class RsaTokenSigner extends JwtTokenSigner {
    private final RSASSASigner signer;
    private final JWSHeader header;
    private final String keyId;

    public RsaTokenSigner(RSAPrivateKey privateKey, String keyId, String issuer, String audience, Duration ttl,
                          Clock clock) {
        super(issuer, audience, ttl, clock);
        Objects.requireNonNull(privateKey, "privateKey");
        if (keyId == null || keyId.isBlank()) {
            throw new IllegalArgumentException("RS256 key id (kid) must not be blank");
        }
        this.signer = new RSASSASigner(privateKey);
        this.keyId = keyId;
        this.header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(keyId).build();
    }

    @Override
    protected JWSHeader header() {
        return header;
    }

    @Override
    protected JWSSigner signer() {
        return signer;
    }

    @Override
    protected String algorithm() {
        return "RS256 kid=" + keyId;
    }
}
