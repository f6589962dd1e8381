package dev.ferry.local.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.ferry.testing.IntegrationTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sample remote's token checks: audience, times, issuer, signature, and the installation a token names. */
@IntegrationTest
class SampleRemoteServerTokensTest extends SampleRemoteServerTestBase {

    // ---- tokens

    @Test
    void shouldRefuseRequest_withoutToken() {
        // when
        HttpResponse<String> response = http.get("/data-migration/projects/?limit=5", null);

        // then
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(RemoteHttp.json(response).get("error").textValue()).isEqualTo("unauthorized");
    }

    @Test
    void shouldRefuseToken_forWrongAudience() {
        // given
        String token = TestTokens.sign(TestTokens.installationClaims("douglas-fir").audience("someone-else").build());

        // when / then
        assertThat(http.get("/migration-status", token).statusCode()).isEqualTo(401);
    }

    @Test
    void shouldRefuseToken_whenExpired_beyondClockSkew() {
        // given
        Instant now = Instant.now();
        String expired = TestTokens.sign(TestTokens.installationClaims("douglas-fir")
                .issueTime(Date.from(now.minusSeconds(600))).notBeforeTime(Date.from(now.minusSeconds(600)))
                .expirationTime(Date.from(now.minusSeconds(90))).build());
        String withinSkew = TestTokens.sign(TestTokens.installationClaims("douglas-fir")
                .issueTime(Date.from(now.minusSeconds(600))).notBeforeTime(Date.from(now.minusSeconds(600)))
                .expirationTime(Date.from(now.minusSeconds(30))).build());

        // when / then
        HttpResponse<String> refused = http.get("/migration-status", expired);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("expired").doesNotContain(expired);
        assertThat(http.get("/migration-status", withinSkew).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRefuseToken_notYetValid_orIssuedInTheFuture() {
        // given
        Instant later = Instant.now().plusSeconds(300);
        String notYet = TestTokens.sign(TestTokens.installationClaims("douglas-fir").notBeforeTime(Date.from(later)).build());
        String future = TestTokens.sign(TestTokens.installationClaims("douglas-fir").issueTime(Date.from(later))
                .expirationTime(Date.from(later.plusSeconds(300))).build());

        // when / then
        assertThat(http.get("/migration-status", notYet).statusCode()).isEqualTo(401);
        assertThat(http.get("/migration-status", future).statusCode()).isEqualTo(401);
    }

    @Test
    void shouldRefuseToken_withoutExpiryOrIssueTime_orFromOtherIssuer() {
        JWTClaimsSet.Builder noExpiry = TestTokens.installationClaims("douglas-fir").expirationTime(null);
        JWTClaimsSet.Builder noIssueTime = TestTokens.installationClaims("douglas-fir").issueTime(null);
        JWTClaimsSet.Builder otherIssuer = TestTokens.installationClaims("douglas-fir").issuer("mallory");
        for (JWTClaimsSet.Builder claims : List.of(noExpiry, noIssueTime, otherIssuer)) {
            // when / then
            assertThat(http.get("/migration-status", TestTokens.sign(claims.build())).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void shouldRefuseToken_withTamperedSignatureOrClaims() {
        // given a valid token for douglas-fir
        String token = TestTokens.installation("douglas-fir");
        String[] parts = token.split("\\.");
        String otherClaims = Base64URL.encode(TestTokens.installationClaims("alder-works").build().toString()).toString();
        char last = parts[2].charAt(parts[2].length() - 2);
        String flippedSignature = parts[2].substring(0, parts[2].length() - 2) + (last == 'A' ? 'B' : 'A')
                + parts[2].charAt(parts[2].length() - 1);

        // when / then: claims swapped for another installation, signature altered, other secret, no signature
        assertThat(http.get("/migration-status", parts[0] + "." + otherClaims + "." + parts[2]).statusCode()).isEqualTo(401);
        assertThat(http.get("/migration-status", parts[0] + "." + parts[1] + "." + flippedSignature).statusCode())
                .isEqualTo(401);
        String otherSecret = TestTokens.sign(TestTokens.installationClaims("douglas-fir").build(),
                "another-secret-of-at-least-thirty-two-bytes!".getBytes(StandardCharsets.UTF_8));
        assertThat(http.get("/migration-status", otherSecret).statusCode()).isEqualTo(401);
        String unsigned = Base64URL.encode("{\"alg\":\"none\"}") + "." + parts[1] + ".";
        assertThat(http.get("/migration-status", unsigned).statusCode()).isEqualTo(401);
        assertThat(http.get("/migration-status", "not-a-jwt").statusCode()).isEqualTo(401);
        assertThat(http.get("/migration-status", token).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldServeInstallationFromToken_notFromQuery() {
        // given
        String token = TestTokens.installation("douglas-fir");

        // when
        JsonNode page = RemoteHttp.json(http.get(
                "/data-migration/projects/?limit=500&installationId=alder-works&installation_id=alder-works", token));

        // then
        assertThat(page.get("data")).hasSize(10);
        List<Object> douglasIds = fixture.source.rows("douglas-fir", "projects").stream().map(r -> r.get(0)).toList();
        List<Long> servedIds = new ArrayList<>();
        page.get("data").forEach(row -> servedIds.add(row.get(0).longValue()));
        assertThat(servedIds).containsExactlyElementsOf(douglasIds.stream().map(id -> (Long) id).toList());
    }

    @Test
    void shouldRefuseInstallationCall_forUnknownInstallation_orTokenWithoutInstallation() {
        // when / then
        assertThat(http.get("/data-migration/projects/?limit=5", TestTokens.installation("nobody")).statusCode())
                .isEqualTo(403);
        assertThat(http.get("/migration-status", TestTokens.app()).statusCode()).isEqualTo(403);
        assertThat(http.get("/data-migration/projects/?limit=5", TestTokens.app()).statusCode()).isEqualTo(403);
    }
}
