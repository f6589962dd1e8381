package dev.ferry.verifier;

import java.time.Instant;
import java.util.Optional;

/**
 * What a token that passed every check says about its caller.
 *
 * @param subject        {@code sub}: the installation, or {@value RemoteTokenVerifier#APP_SUBJECT} for app-level calls
 * @param installationId the {@value RemoteTokenVerifier#INSTALLATION_CLAIM} claim, or null for app-level calls
 * @param tokenId        {@code jti}, unique per token (a remote may keep recent ones to refuse replays)
 * @param algorithm      {@code HS256} or {@code RS256}
 * @param keyId          the {@code kid} of the public key that verified it, or null
 */
public record VerifiedToken(String subject, String installationId, String tokenId, Instant issuedAt,
                            Instant expiresAt, String algorithm, String keyId) {

    /** The installation the call acts for; empty for an app-level call. */
    public Optional<String> installation() {
        return Optional.ofNullable(installationId);
    }

    public boolean isAppCall() {
        return installationId == null;
    }
}
