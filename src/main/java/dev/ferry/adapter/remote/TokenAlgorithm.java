package dev.ferry.adapter.remote;

/** How Ferry signs its remote tokens ({@code ferry.remote.token.algorithm}). */
public enum TokenAlgorithm {
    /** HMAC with a secret shared with the remote ({@code ferry.remote.token.secret}). */
    HS256,
    /** RSA with Ferry's private key ({@code ferry.remote.token.private-key}); the remote holds the public key. */
    RS256
}
