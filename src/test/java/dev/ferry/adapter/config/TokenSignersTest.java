package dev.ferry.adapter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import dev.ferry.adapter.remote.TokenAlgorithm;
import dev.ferry.adapter.remote.TokenSigner;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.verifier.RemoteTokenVerifier;
import dev.ferry.verifier.VerifiedToken;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The signer the configuration asks for, checked by the reusable verifier; keys never in messages. */
class TokenSignersTest {
    private static final String SECRET = "config-secret-of-at-least-thirty-two-bytes-xyz";
    private static KeyPair keys;
    private static String pem;

    @BeforeAll
    static void generate() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        pem = pem(keys.getPrivate().getEncoded(), "PRIVATE KEY");
    }

    /** The token settings as configuration would give them. */
    private record Token(TokenAlgorithm algorithm, Optional<String> secret, Optional<String> privateKey,
                         Optional<String> keyId) implements FerryConfig.Remote.Token {
        @Override
        public String audience() {
            return "ferry-remote";
        }

        @Override
        public String issuer() {
            return "ferry";
        }

        @Override
        public Duration ttl() {
            return Duration.ofSeconds(60);
        }
    }

    private static Token hs256(String secret) {
        return new Token(TokenAlgorithm.HS256, Optional.ofNullable(secret), Optional.empty(), Optional.empty());
    }

    private static Token rs256(String privateKey, String keyId) {
        return new Token(TokenAlgorithm.RS256, Optional.empty(), Optional.ofNullable(privateKey), Optional.ofNullable(keyId));
    }

    @Test
    void hs256_signsWithTheSharedSecret() throws Exception {
        // given the default algorithm and a secret
        TokenSigner signer = TokenSigners.from(hs256(SECRET), Clock.systemUTC());

        // when a token is minted for acme
        String token = signer.forInstallation(InstallationId.of("acme"));

        // then a remote holding the secret accepts it
        VerifiedToken caller = RemoteTokenVerifier.builder().sharedSecret(SECRET.getBytes(StandardCharsets.UTF_8)).build()
                .verifyForInstallation(token, "acme");
        assertThat(caller.algorithm()).isEqualTo("HS256");
    }

    @Test
    void rs256_signsWithThePrivateKey_namesItsKid_andNeedsNoSecret() throws Exception {
        // given RS256 with a PEM key and a kid, and no secret at all
        TokenSigner signer = TokenSigners.from(rs256(pem, "ferry-2026-01"), Clock.systemUTC());

        // when
        String token = signer.forApp();

        // then the header names the kid and the remote's JWKS verifier accepts it
        assertThat(SignedJWT.parse(token).getHeader().getKeyID()).isEqualTo("ferry-2026-01");
        String jwks = new JWKSet(new RSAKey.Builder((RSAPublicKey) keys.getPublic()).keyID("ferry-2026-01").build()).toString();
        VerifiedToken caller = RemoteTokenVerifier.builder().jwks(jwks).build().verifyForApp(token);
        assertThat(caller.algorithm()).isEqualTo("RS256");
        assertThat(caller.keyId()).isEqualTo("ferry-2026-01");
    }

    @Test
    void rs256_acceptsAPemWhoseLineBreaksAreEscaped_asInAnEnvironmentVariable() {
        String oneLine = pem.replace("\n", "\\n");
        assertThat(TokenSigners.from(rs256(oneLine, "k"), Clock.systemUTC()).forApp()).isNotBlank();
    }

    @Test
    void missingKeys_failStartUp_namingTheSetting() {
        assertThatThrownBy(() -> TokenSigners.from(hs256(null), Clock.systemUTC()))
                .hasMessageContaining("ferry.remote.token.secret");
        assertThatThrownBy(() -> TokenSigners.from(rs256(null, "k"), Clock.systemUTC()))
                .hasMessageContaining("ferry.remote.token.private-key");
        assertThatThrownBy(() -> TokenSigners.from(rs256(pem, " "), Clock.systemUTC()))
                .hasMessageContaining("ferry.remote.token.key-id");
    }

    @Test
    void unusableKeys_areRefused_withoutEchoingThem() throws Exception {
        // given keys that are wrong in different ways
        String body = pem.substring(pem.indexOf('\n') + 1, pem.indexOf("-----END"));
        String pkcs1 = "-----BEGIN RSA PRIVATE KEY-----\n" + body + "-----END RSA PRIVATE KEY-----\n";
        String garbage = "-----BEGIN PRIVATE KEY-----\n" + body.replace('A', '%') + "-----END PRIVATE KEY-----\n";
        String notAKey = "-----BEGIN PRIVATE KEY-----\n" + Base64.getEncoder().encodeToString(
                "some bytes that are no key".getBytes(StandardCharsets.UTF_8)) + "\n-----END PRIVATE KEY-----\n";
        KeyPairGenerator small = KeyPairGenerator.getInstance("RSA");
        small.initialize(1024);
        String weak = pem(small.generateKeyPair().getPrivate().getEncoded(), "PRIVATE KEY");
        String shortSecret = "too-short";

        // when / then each is refused, and no message repeats any of the key's text
        for (String key : new String[] {pkcs1, garbage, notAKey, weak, body}) {
            assertThatThrownBy(() -> TokenSigners.from(rs256(key, "k"), Clock.systemUTC()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(body.substring(0, 40))
                            .doesNotContain(key.substring(30, 70)));
        }
        assertThatThrownBy(() -> TokenSigners.from(hs256(shortSecret), Clock.systemUTC()))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(shortSecret));
    }

    @Test
    void signerDescription_showsNeitherSecretNorKey() {
        String hs = TokenSigners.from(hs256(SECRET), Clock.systemUTC()).toString();
        String rs = TokenSigners.from(rs256(pem, "k"), Clock.systemUTC()).toString();
        assertThat(hs).doesNotContain(SECRET);
        assertThat(rs).doesNotContain(pem.substring(40, 80)).contains("RS256");
    }

    private static String pem(byte[] der, String type) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @Test
    void configurationObjects_doNotShowTheSecretOrTheKey() {
        // given Ferry's configuration read as at start-up, with a secret and a private key
        io.smallrye.config.SmallRyeConfig config = new io.smallrye.config.SmallRyeConfigBuilder()
                .withMapping(FerryConfig.class)
                .withConverter(Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withSources(new io.smallrye.config.PropertiesConfigSource(java.util.Map.of(
                        "ferry.queue.url", "http://127.0.0.1/queue", "ferry.remote.base-url", "http://127.0.0.1/remote",
                        "ferry.remote.token.secret", SECRET, "ferry.remote.token.private-key", pem), "test", 100))
                .build();
        FerryConfig ferry = config.getConfigMapping(FerryConfig.class);

        // when the configuration objects are turned into text, as a careless log line would
        String shown = ferry + " " + ferry.remote() + " " + ferry.remote().token();

        // then neither value appears
        assertThat(shown).doesNotContain(SECRET).doesNotContain(pem.substring(40, 80));
    }

    /** ARNs of the token secrets, as the deployment sets them (empty: the plain settings apply). */
    private record Arns(Optional<String> remoteTokenSecretArn, Optional<String> remoteTokenPrivateKeyArn,
                        Optional<String> databasePasswordArn) implements FerryConfig.Secrets {
    }

    @Test
    void shouldSignWithTheHs256SecretReadByArn_whenItsArnIsSet() throws Exception {
        // given the shared secret in the secret store, and no plain secret
        String arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:ferry/token-AbCdEf";
        var store = new dev.ferry.adapter.secrets.InMemorySecretStore().with(arn, SECRET);
        var secrets = new dev.ferry.adapter.secrets.SecretSettings(store);

        // when the signer is built
        TokenSigner signer = TokenSigners.from(hs256(null), new Arns(Optional.of(arn), Optional.empty(), Optional.empty()),
                secrets, Clock.systemUTC());

        // then its tokens verify with that secret, and the store was read for it
        VerifiedToken caller = RemoteTokenVerifier.builder().sharedSecret(SECRET.getBytes(StandardCharsets.UTF_8)).build()
                .verifyForApp(signer.forApp());
        assertThat(caller.algorithm()).isEqualTo("HS256");
        assertThat(store.reads()).containsExactly(arn);
    }

    @Test
    void shouldSignWithTheRs256KeyReadByArn_andNotAskForTheHs256Secret() throws Exception {
        // given the private key in the secret store, both ARNs set
        String keyArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:ferry/rsa-AbCdEf";
        var store = new dev.ferry.adapter.secrets.InMemorySecretStore().with(keyArn, pem);
        var secrets = new dev.ferry.adapter.secrets.SecretSettings(store);

        // when an RS256 signer is built
        TokenSigner signer = TokenSigners.from(rs256(null, "ferry-2026-01"),
                new Arns(Optional.of("arn:unused"), Optional.of(keyArn), Optional.empty()), secrets, Clock.systemUTC());

        // then it signs with the key, and only the key's secret was read
        String jwks = new JWKSet(new RSAKey.Builder((RSAPublicKey) keys.getPublic()).keyID("ferry-2026-01").build()).toString();
        assertThat(RemoteTokenVerifier.builder().jwks(jwks).build().verifyForApp(signer.forApp()).keyId())
                .isEqualTo("ferry-2026-01");
        assertThat(store.reads()).containsExactly(keyArn);
    }

    @Test
    void shouldUseThePlainSecret_whenNoArnIsSet() {
        var store = new dev.ferry.adapter.secrets.InMemorySecretStore();
        TokenSigner signer = TokenSigners.from(hs256(SECRET), new Arns(Optional.empty(), Optional.empty(), Optional.empty()),
                new dev.ferry.adapter.secrets.SecretSettings(store), Clock.systemUTC());
        assertThat(signer.forApp()).isNotBlank();
        assertThat(store.reads()).isEmpty();
    }
}
