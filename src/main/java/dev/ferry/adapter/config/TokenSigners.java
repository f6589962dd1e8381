package dev.ferry.adapter.config;

import dev.ferry.adapter.remote.HmacTokenSigner;
import dev.ferry.adapter.remote.RsaPrivateKeys;
import dev.ferry.adapter.remote.RsaTokenSigner;
import dev.ferry.adapter.remote.TokenSigner;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;

/**
 * Builds the remote token signer the configuration asks for: HS256 with {@code ferry.remote.token.secret},
 * or RS256 with {@code ferry.remote.token.private-key} and {@code key-id} (the secret is then not
 * needed). A missing or unusable key fails start-up with a message naming the setting, never its value.
 */
final class TokenSigners {
    private TokenSigners() {
    }

    /**
     * The signer, its key read from Secrets Manager when {@code ferry.secrets.remote-token-secret-arn} or
     * {@code ferry.secrets.remote-token-private-key-arn} is set (else the plain settings are used).
     */
    static TokenSigner from(FerryConfig.Remote.Token token, FerryConfig.Secrets arns,
                            dev.ferry.adapter.secrets.SecretSettings secrets, Clock clock) {
        return from(new Resolved(token,
                token.algorithm() == dev.ferry.adapter.remote.TokenAlgorithm.HS256
                        ? secrets.resolve(arns.remoteTokenSecretArn(), token.secret()) : token.secret(),
                token.algorithm() == dev.ferry.adapter.remote.TokenAlgorithm.RS256
                        ? secrets.resolve(arns.remoteTokenPrivateKeyArn(), token.privateKey()) : token.privateKey()),
                clock);
    }

    /** The token settings with the key resolved; shows neither value. */
    private record Resolved(FerryConfig.Remote.Token settings, Optional<String> secret, Optional<String> privateKey)
            implements FerryConfig.Remote.Token {
        @Override
        public dev.ferry.adapter.remote.TokenAlgorithm algorithm() {
            return settings.algorithm();
        }

        @Override
        public Optional<String> keyId() {
            return settings.keyId();
        }

        @Override
        public String audience() {
            return settings.audience();
        }

        @Override
        public String issuer() {
            return settings.issuer();
        }

        @Override
        public java.time.Duration ttl() {
            return settings.ttl();
        }

        @Override
        public String toString() {
            return "Token[" + settings.algorithm() + "]";
        }
    }

    static TokenSigner from(FerryConfig.Remote.Token token, Clock clock) {
        return switch (token.algorithm()) {
            case HS256 -> new HmacTokenSigner(
                    required(token.secret(), "ferry.remote.token.secret", "HS256").getBytes(StandardCharsets.UTF_8),
                    token.issuer(), token.audience(), token.ttl(), clock);
            case RS256 -> new RsaTokenSigner(
                    RsaPrivateKeys.fromPem(required(token.privateKey(), "ferry.remote.token.private-key", "RS256")),
                    required(token.keyId(), "ferry.remote.token.key-id", "RS256"),
                    token.issuer(), token.audience(), token.ttl(), clock);
        };
    }

    private static String required(Optional<String> value, String key, String algorithm) {
        return value.filter(v -> !v.isBlank()).orElseThrow(() ->
                new IllegalArgumentException(key + " is required when ferry.remote.token.algorithm is " + algorithm));
    }
}
