package dev.ferry.local.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.ferry.adapter.config.PlanLoader;
import dev.ferry.adapter.remote.HmacTokenSigner;
import dev.ferry.adapter.remote.JwtTokenSigner;
import dev.ferry.adapter.remote.RemoteEndpoints;
import dev.ferry.adapter.remote.RemoteSettings;
import dev.ferry.adapter.remote.RetrySettings;
import dev.ferry.adapter.remote.RsaTokenSigner;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.RemotePage;
import dev.ferry.testing.IntegrationTest;
import dev.ferry.verifier.RemoteTokenVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Ferry signing RS256 against the sample remote verifying with the reusable verifier and a JWKS. */
@IntegrationTest
class SampleRemoteRs256Test {
    private static RSAKey key;
    private static SampleFixture fixture;
    private static SampleRemoteServer remote;

    @BeforeAll
    static void start() throws JOSEException {
        key = new RSAKeyGenerator(2048).keyID("ferry-2026").generate();
        fixture = SampleFixture.defaultData();
        RemoteTokenVerifier verifier = RemoteTokenVerifier.builder()
                .jwks(new JWKSet(key.toPublicJWK()).toString())
                .build();
        remote = SampleRemoteServer.start(fixture.source, verifier);
    }

    @AfterAll
    static void stop() {
        remote.stop();
    }

    private static RemoteEndpoints client(dev.ferry.adapter.remote.TokenSigner signer) {
        RemoteSettings settings = RemoteSettings.defaults(remote.baseUrl()).withRetry(RetrySettings.defaults().withMaxAttempts(1));
        return new RemoteEndpoints(settings, signer);
    }

    @Test
    void ferrysRs256Tokens_areAcceptedByTheJwksVerifier() throws JOSEException {
        // given Ferry signing with the private key whose public half the remote publishes
        RsaTokenSigner signer = new RsaTokenSigner(key.toRSAPrivateKey(), "ferry-2026", JwtTokenSigner.DEFAULT_ISSUER,
                RemoteTokenVerifier.DEFAULT_AUDIENCE, JwtTokenSigner.DEFAULT_TTL, Clock.systemUTC());

        // when Ferry fetches a page and lists installations
        RemotePage page = client(signer).pages().fetchPage(InstallationId.of("douglas-fir"),
                PlanLoader.load("classpath:ferry-plan.yaml").requireDataType("projects"), null, 5);
        var listed = client(signer).installations().list(null, 10);

        // then both calls pass, and the page is labelled with the installation
        assertThat(page.data()).hasSize(5);
        assertThat(page.installationId()).isEqualTo("douglas-fir");
        assertThat(listed.installations()).contains(InstallationId.of("douglas-fir"));
    }

    @Test
    void hs256Tokens_areRefused_whenTheRemoteOnlyTrustsItsPublicKeys() {
        // given Ferry misconfigured with a shared secret
        HmacTokenSigner signer = new HmacTokenSigner("a-secret-the-remote-never-agreed-on-0123".getBytes(StandardCharsets.UTF_8),
                RemoteTokenVerifier.DEFAULT_AUDIENCE);

        // when
        FerryException e = catchThrowableOfType(FerryException.class, () -> client(signer).status().migrationStatus(InstallationId.of("douglas-fir")));

        // then the remote refuses it (401), a permanent failure for Ferry
        assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_REJECTED);
        assertThat(e.getMessage()).contains("401");
    }
}
