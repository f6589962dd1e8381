package dev.ferry.verifier;

import static dev.ferry.verifier.TestTokens.OTHER_RSA_KEY;
import static dev.ferry.verifier.TestTokens.RSA_KEY;
import static dev.ferry.verifier.TestTokens.installation;
import static dev.ferry.verifier.TestTokens.rs256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.ferry.verifier.TokenRejectedException.Reason;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** RS256 with public keys from a JWKS document: kid selection, and algorithm confusion. */
class RemoteTokenVerifierRsaTest {
    private final RemoteTokenVerifier verifier = TestTokens.rsaVerifier().build();

    private Reason refusal(RemoteTokenVerifier v, String token, String installation) {
        TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class,
                () -> v.verifyForInstallation(token, installation));
        assertThat(e).as("the token should have been refused").isNotNull();
        return e.reason();
    }

    @Test
    void acceptsRs256Token_signedByTheKeyItsKidNames() throws Exception {
        // given a JWKS with two keys and a token signed by the second
        RemoteTokenVerifier twoKeys = RemoteTokenVerifier.builder().jwks(TestTokens.jwks(RSA_KEY, OTHER_RSA_KEY))
                .clock(TestTokens.CLOCK).build();
        String token = rs256(installation("acme"), OTHER_RSA_KEY, "key-2");

        // when
        VerifiedToken caller = twoKeys.verifyForInstallation("Bearer " + token, "acme");

        // then the key is the one named by kid
        assertThat(caller.algorithm()).isEqualTo("RS256");
        assertThat(caller.keyId()).isEqualTo("key-2");
    }

    @Test
    void acceptsRs256Token_withoutKid_whenAKeyOfTheSetVerifiesIt() throws Exception {
        String token = rs256(installation("acme"), RSA_KEY, null);
        assertThat(verifier.verifyForInstallation(token, "acme").keyId()).isEqualTo("key-1");
    }

    @Test
    void refusesToken_whoseKidIsNotInTheSet() {
        // given a token signed by a key the remote does not publish
        String token = rs256(installation("acme"), OTHER_RSA_KEY, "key-2");

        // when / then
        assertThat(refusal(verifier, token, "acme")).isEqualTo(Reason.UNKNOWN_KEY);
    }

    @Test
    void refusesToken_signedByAnotherKeyUnderAKnownKid() {
        // given a token claiming kid key-1 but signed with another private key
        String token = rs256(installation("acme"), OTHER_RSA_KEY, "key-1");

        // when / then
        assertThat(refusal(verifier, token, "acme")).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void refusesTamperedRs256Claims() {
        String token = TestTokens.withClaims(rs256(installation("acme"), RSA_KEY, "key-1"), installation("globex"));
        assertThat(refusal(verifier, token, "globex")).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void refusesHs256Token_macedWithThePublicKey_whenOnlyPublicKeysAreConfigured() throws Exception {
        // given the classic confusion attack: HS256 with the published public key as the HMAC secret
        byte[] publicKeyBytes = RSA_KEY.toRSAPublicKey().getEncoded();
        String token = TestTokens.sign(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).keyID("key-1").build(),
                installation("acme"), publicKeyBytes);

        // when / then it is refused for its algorithm, before any key is used
        assertThat(refusal(verifier, token, "acme")).isEqualTo(Reason.WRONG_ALGORITHM);
    }

    @Test
    void refusesHs256Token_macedWithThePublicKey_evenWhenASharedSecretIsAlsoConfigured() throws Exception {
        // given a verifier accepting both algorithms
        RemoteTokenVerifier both = TestTokens.rsaVerifier().sharedSecret(TestTokens.SECRET).build();
        String pem = RSA_KEY.toPublicJWK().toJSONString();
        String token = TestTokens.sign(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
                installation("acme"), pem.getBytes(StandardCharsets.UTF_8));

        // when / then HS256 is only ever checked with the shared secret
        assertThat(refusal(both, token, "acme")).isEqualTo(Reason.BAD_SIGNATURE);
        // and both genuine kinds pass
        assertThat(both.verifyForInstallation(TestTokens.hs256(installation("acme")), "acme").algorithm()).isEqualTo("HS256");
        assertThat(both.verifyForInstallation(rs256(installation("acme"), RSA_KEY, "key-1"), "acme").algorithm())
                .isEqualTo("RS256");
    }

    @Test
    void refusesOtherPublicKeyAlgorithms() throws Exception {
        // given a PS256 token signed with the published key
        com.nimbusds.jwt.SignedJWT jwt = new com.nimbusds.jwt.SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.PS256).keyID("key-1").build(), installation("acme").build());
        jwt.sign(new com.nimbusds.jose.crypto.RSASSASigner(RSA_KEY));

        // when / then
        assertThat(refusal(verifier, jwt.serialize(), "acme")).isEqualTo(Reason.WRONG_ALGORITHM);
    }

    @Test
    void refusesUnsignedToken_whenOnlyPublicKeysAreConfigured() {
        assertThat(refusal(verifier, TestTokens.unsigned(installation("acme")), "acme")).isEqualTo(Reason.WRONG_ALGORITHM);
    }

    @Test
    void refusesToken_forAnotherInstallation() {
        String token = rs256(installation("globex"), RSA_KEY, "key-1");
        assertThat(refusal(verifier, token, "acme")).isEqualTo(Reason.WRONG_INSTALLATION);
    }

    @Test
    void ignoresWeakOrNonSigningKeysInTheSet() throws Exception {
        // given a JWKS whose only key is 1024 bits
        com.nimbusds.jose.jwk.RSAKey weak = new RSAKeyGenerator(1024, true).keyID("weak").generate();

        // when / then the set is refused as having no usable key
        assertThatThrownBy(() -> RemoteTokenVerifier.builder().jwks(TestTokens.jwks(weak)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2048");
        // and an encryption key is not used for signatures either
        com.nimbusds.jose.jwk.RSAKey encryption = new com.nimbusds.jose.jwk.RSAKey.Builder(OTHER_RSA_KEY)
                .keyUse(com.nimbusds.jose.jwk.KeyUse.ENCRYPTION).build();
        RemoteTokenVerifier v = RemoteTokenVerifier.builder().jwks(TestTokens.jwks(RSA_KEY, encryption))
                .clock(TestTokens.CLOCK).build();
        assertThat(refusal(v, rs256(installation("acme"), OTHER_RSA_KEY, "key-2"), "acme")).isEqualTo(Reason.UNKNOWN_KEY);
    }

    @Test
    void refusesAJwksDocumentThatIsNotOne_withoutEchoingIt() {
        String notJwks = "{\"not\":\"keys\", \"secret\":\"s3cr3t-value\"}";
        assertThatThrownBy(() -> RemoteTokenVerifier.builder().jwks(notJwks).build())
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t-value"));
    }
}
