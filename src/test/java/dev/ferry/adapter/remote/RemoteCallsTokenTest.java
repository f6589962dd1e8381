package dev.ferry.adapter.remote;

import static dev.ferry.adapter.remote.FakeRemote.json;
import static dev.ferry.adapter.remote.RemoteFixtures.ACME;
import static dev.ferry.adapter.remote.RemoteFixtures.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.ferry.domain.page.Cursor;
import dev.ferry.testing.IntegrationTest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@IntegrationTest
class RemoteCallsTokenTest {
    private FakeRemote remote;
    private RemoteEndpoints client;

    @BeforeEach
    void start() throws Exception {
        remote = new FakeRemote();
        client = RemoteFixtures.endpoints(RemoteFixtures.settings(remote.baseUrl()), new RemoteFixtures.RecordingSleeper());
    }

    @AfterEach
    void stop() {
        remote.close();
    }

    @Test
    void dataCallCarriesAValidHs256TokenNamingTheInstallation() throws Exception {
        // given
        remote.on("/data-migration/users/", json("{\"headers\":[\"id\"],\"data\":[]}"));

        // when
        client.pages().fetchPage(ACME, USERS, Cursor.ofString("5"), 10);

        // then
        FakeRemote.Received request = remote.lastRequest();
        assertThat(request.header("Authorization")).startsWith("Bearer ");
        SignedJWT jwt = SignedJWT.parse(request.token());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(jwt.verify(new MACVerifier(RemoteFixtures.SECRET))).isTrue();
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("ferry");
        assertThat(claims.getAudience()).containsExactly("ferry-remote");
        assertThat(claims.getSubject()).isEqualTo("acme-1");
        assertThat(claims.getStringClaim("installationId")).isEqualTo("acme-1");
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getNotBeforeTime()).isEqualTo(claims.getIssueTime());
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void installationIdentityIsNeverInTheQuery() {
        // given
        remote.on("/data-migration/users/", json("{\"headers\":[\"id\"],\"data\":[]}"));
        remote.on("/migration-status", json("{\"status\":\"READY\"}"));

        // when
        client.pages().fetchPage(ACME, USERS, Cursor.ofString("5"), 10);
        client.status().migrationStatus(ACME);

        // then
        assertThat(remote.requests()).allSatisfy(r -> {
            assertThat(r.rawPath()).doesNotContain("acme-1");
            assertThat(r.rawQuery() == null ? "" : r.rawQuery()).doesNotContain("acme-1").doesNotContain("installation");
        });
        assertThat(remote.requests().get(0).query()).containsOnlyKeys("limit", "after");
    }

    @Test
    void installationsCallCarriesAnAppTokenWithoutInstallationId() throws Exception {
        // given
        remote.on("/installations", json("{\"installations\":[],\"pagination\":{\"afterId\":null}}"));

        // when
        client.installations().list(null, 100);

        // then
        SignedJWT jwt = SignedJWT.parse(remote.lastRequest().token());
        assertThat(jwt.verify(new MACVerifier(RemoteFixtures.SECRET))).isTrue();
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("ferry-app");
        assertThat(claims.getClaims()).doesNotContainKey("installationId");
        assertThat(claims.getAudience()).containsExactly("ferry-remote");
    }

    @Test
    void statusCallsCarryTheInstallationToken() throws Exception {
        // given
        remote.on("/migration-status", json("{\"status\":\"DONE\"}"));

        // when
        client.status().migrationStatus(ACME);

        // then
        JWTClaimsSet claims = SignedJWT.parse(remote.lastRequest().token()).getJWTClaimsSet();
        assertThat(claims.getStringClaim("installationId")).isEqualTo("acme-1");
    }
}
