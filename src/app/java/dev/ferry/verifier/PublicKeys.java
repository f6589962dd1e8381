package dev.ferry.verifier;

import java.util.List;

/** Where RS256 public keys come from: a fixed JWKS document, a JWKS URL, or both. */
interface PublicKeys {
    /**
     * The keys that may have signed a token with this {@code kid} (null: the token names none).
     * Empty when none matches.
     *
     * @throws TokenRejectedException KEYS_UNAVAILABLE when the keys cannot be had at all
     */
    List<SigningKey> candidates(String keyId) throws TokenRejectedException;

    /** A fixed set of keys. */
    static PublicKeys of(List<SigningKey> keys) {
        List<SigningKey> copy = List.copyOf(keys);
        return keyId -> Jwks.select(copy, keyId);
    }

    /** Both sources: this one's matches first, then {@code other}'s. */
    default PublicKeys and(PublicKeys other) {
        PublicKeys self = this;
        return keyId -> {
            List<SigningKey> mine = self.candidates(keyId);
            return mine.isEmpty() ? other.candidates(keyId) : mine;
        };
    }
}
