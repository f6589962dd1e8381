package dev.ferry.verifier;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads a JWKS document into the keys usable for RS256: RSA keys of 2048 bits or more whose
 * {@code use} (if given) is {@code sig} and whose {@code alg} (if given) is RS256. Other keys are
 * skipped, so one set can also publish keys for other purposes.
 */
final class Jwks {
    static final int MIN_RSA_BITS = 2048;

    private Jwks() {
    }

    /** @throws ParseException if the text is not a JWKS document */
    static List<SigningKey> parse(String json) throws ParseException {
        JWKSet set = JWKSet.parse(Objects.requireNonNull(json, "jwks"));
        List<SigningKey> keys = new ArrayList<>();
        for (JWK jwk : set.getKeys()) {
            if (usable(jwk)) {
                try {
                    keys.add(new SigningKey(jwk.getKeyID(), ((RSAKey) jwk).toRSAPublicKey()));
                } catch (JOSEException e) {
                    // An RSA entry whose modulus or exponent cannot be read: skipped like any unusable key.
                }
            }
        }
        return List.copyOf(keys);
    }

    /** The keys a token may be verified with: the one its {@code kid} names, or all when it names none. */
    static List<SigningKey> select(List<SigningKey> keys, String keyId) {
        if (keyId == null) {
            return keys;
        }
        return keys.stream().filter(k -> keyId.equals(k.keyId())).toList();
    }

    private static boolean usable(JWK jwk) {
        return jwk instanceof RSAKey
                && (jwk.getKeyUse() == null || KeyUse.SIGNATURE.equals(jwk.getKeyUse()))
                && (jwk.getAlgorithm() == null || JWSAlgorithm.RS256.equals(jwk.getAlgorithm()))
                && jwk.size() >= MIN_RSA_BITS;
    }
}
