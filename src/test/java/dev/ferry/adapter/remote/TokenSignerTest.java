package dev.ferry.adapter.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.ferry.domain.job.InstallationId;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import org.junit.jupiter.api.Test;

class TokenSignerTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T12:00:00.750Z"), ZoneOffset.UTC);

    @Test
    void hmacTokenHasTheForgeLikeClaims() throws Exception {
        // given
        HmacTokenSigner signer = new HmacTokenSigner(RemoteFixtures.SECRET, "ferry", "my-remote", Duration.ofSeconds(60), CLOCK);

        // when
        SignedJWT jwt = SignedJWT.parse(signer.forInstallation(InstallationId.of("inst-7")));

        // then
        assertThat(jwt.verify(new MACVerifier(RemoteFixtures.SECRET))).isTrue();
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(jwt.getHeader().getType().getType()).isEqualTo("JWT");
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("ferry");
        assertThat(claims.getAudience()).containsExactly("my-remote");
        assertThat(claims.getSubject()).isEqualTo("inst-7");
        assertThat(claims.getStringClaim("installationId")).isEqualTo("inst-7");
        assertThat(claims.getIssueTime()).isEqualTo(Date.from(Instant.parse("2025-06-01T12:00:00Z")));
        assertThat(claims.getNotBeforeTime()).isEqualTo(claims.getIssueTime());
        assertThat(claims.getExpirationTime()).isEqualTo(Date.from(Instant.parse("2025-06-01T12:01:00Z")));
    }

    @Test
    void everyTokenHasItsOwnJti() throws Exception {
        // given
        HmacTokenSigner signer = new HmacTokenSigner(RemoteFixtures.SECRET, "aud");

        // when
        String first = SignedJWT.parse(signer.forApp()).getJWTClaimsSet().getJWTID();
        String second = SignedJWT.parse(signer.forApp()).getJWTClaimsSet().getJWTID();

        // then
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void appTokenHasNoInstallation() throws Exception {
        // given
        HmacTokenSigner signer = new HmacTokenSigner(RemoteFixtures.SECRET, "ferry", "ferry-remote", Duration.ofSeconds(60), CLOCK);

        // when
        JWTClaimsSet claims = SignedJWT.parse(signer.forApp()).getJWTClaimsSet();

        // then
        assertThat(claims.getSubject()).isEqualTo("ferry-app");
        assertThat(claims.getClaims()).doesNotContainKey("installationId");
    }

    @Test
    void shortSecretIsRefusedWithoutEchoingIt() {
        // given
        byte[] shortSecret = "only-thirty-one-bytes-long-xxxx".getBytes(StandardCharsets.UTF_8);

        // when / then
        assertThatThrownBy(() -> new HmacTokenSigner(shortSecret, "aud"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes")
                .hasMessageNotContaining("only-thirty-one");
    }

    @Test
    void toStringNeverShowsTheSecret() {
        // given
        HmacTokenSigner signer = new HmacTokenSigner(RemoteFixtures.SECRET, "aud");

        // when
        String text = signer.toString();

        // then
        assertThat(text).contains("HS256", "aud").doesNotContain(RemoteFixtures.SECRET_TEXT);
    }

    @Test
    void secretArrayIsCopied() throws Exception {
        // given
        byte[] secret = RemoteFixtures.SECRET.clone();
        HmacTokenSigner signer = new HmacTokenSigner(secret, "aud");
        java.util.Arrays.fill(secret, (byte) 0);

        // when
        SignedJWT jwt = SignedJWT.parse(signer.forApp());

        // then
        assertThat(jwt.verify(new MACVerifier(RemoteFixtures.SECRET))).isTrue();
    }

    @Test
    void rsaTokenIsVerifiableWithThePublicKeyAndNamesItsKey() throws Exception {
        // given
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        RsaTokenSigner signer = new RsaTokenSigner((RSAPrivateKey) pair.getPrivate(), "key-2025", "ferry", "ferry-remote",
                Duration.ofSeconds(60), CLOCK);

        // when
        SignedJWT jwt = SignedJWT.parse(signer.forInstallation(InstallationId.of("inst-7")));

        // then
        assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) pair.getPublic()))).isTrue();
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo("key-2025");
        assertThat(jwt.getJWTClaimsSet().getStringClaim("installationId")).isEqualTo("inst-7");
        assertThat(signer.toString()).contains("RS256").doesNotContain(pair.getPrivate().getEncoded().toString());
    }
}
