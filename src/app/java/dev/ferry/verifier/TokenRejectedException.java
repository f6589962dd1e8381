package dev.ferry.verifier;

/**
 * A token the {@link RemoteTokenVerifier} refuses. The message names the failed check only: it never
 * contains the token, its signature or any key.
 */
public final class TokenRejectedException extends Exception {

    /** Why a token was refused, with the HTTP status a remote should answer. */
    public enum Reason {
        /** No {@code Authorization: Bearer} token at all. */
        MISSING(401),
        /** Not a compact JWS, or its header or claims are not valid JSON of the expected types. */
        MALFORMED(401),
        /** Unsigned ({@code alg: none}), encrypted, or signed with an algorithm this verifier has no key for. */
        WRONG_ALGORITHM(401),
        /** RS256 with a {@code kid} (or without one) that matches none of the configured public keys. */
        UNKNOWN_KEY(401),
        /** The signature does not verify: the token was altered or signed with another key. */
        BAD_SIGNATURE(401),
        /** {@code iss} is not the expected issuer. */
        WRONG_ISSUER(401),
        /** {@code aud} does not name this remote. */
        WRONG_AUDIENCE(401),
        /** A required claim ({@code exp}, {@code iat}, {@code jti}, {@code installationId}) is absent. */
        MISSING_CLAIM(401),
        /** {@code exp} is past, beyond the allowed clock skew. */
        EXPIRED(401),
        /** {@code nbf} or {@code iat} is in the future, beyond the allowed clock skew. */
        NOT_YET_VALID(401),
        /** {@code exp} is further after {@code iat} than the longest lifetime allowed. */
        TOO_LONG_LIVED(401),
        /** Authentic, but for another installation, or for one when the call is app-level (or the reverse). */
        WRONG_INSTALLATION(403),
        /** Authentic, but its {@code sub} does not fit the call. */
        WRONG_SUBJECT(403),
        /** The public keys could not be fetched (JWKS URL unreachable and nothing cached): try again later. */
        KEYS_UNAVAILABLE(503);

        private final int httpStatus;

        Reason(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        /** 401 (not authenticated), 403 (authenticated, not allowed) or 503 (keys unavailable). */
        public int httpStatus() {
            return httpStatus;
        }
    }

    private final Reason reason;

    TokenRejectedException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public String toString() {
        return "TokenRejectedException[" + reason + ": " + getMessage() + "]";
    }
}
