package dev.ferry.verifier;

import java.security.interfaces.RSAPublicKey;

/** One RSA public key from a JWKS, with its {@code kid} (null when the set gives none). */
record SigningKey(String keyId, RSAPublicKey publicKey) {
}
