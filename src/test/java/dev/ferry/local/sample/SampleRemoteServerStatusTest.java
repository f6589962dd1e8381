package dev.ferry.local.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testing.IntegrationTest;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sample remote's migration status and its listing of installations for the app. */
@IntegrationTest
class SampleRemoteServerStatusTest extends SampleRemoteServerTestBase {

    // ---- migration status

    @Test
    void shouldReportReadyStatus_forSampleInstallation() {
        // when
        HttpResponse<String> response = http.get("/migration-status", TestTokens.installation("cedar-health"));

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(response.body()).isEqualTo("{\"status\":\"READY\"}");
    }

    @Test
    void shouldSetStatus_onlyForTheTokensInstallation() {
        String token = TestTokens.installation(SampleFixture.EMPTY_INSTALLATION);
        try {
            // when
            HttpResponse<String> put = http.put("/migration-status", token, "{\"status\":\"IN_PROGRESS\"}");

            // then
            assertThat(put.statusCode()).isEqualTo(204);
            assertThat(RemoteHttp.json(http.get("/migration-status", token)).get("status").textValue())
                    .isEqualTo("IN_PROGRESS");
            assertThat(fixture.source.status("douglas-fir")).contains("READY");
        } finally {
            fixture.source.setStatus(SampleFixture.EMPTY_INSTALLATION, "PENDING");
        }
    }

    @Test
    void shouldRefuseUnknownStatus_orMalformedBody() {
        String token = TestTokens.installation(SampleFixture.EMPTY_INSTALLATION);
        // when / then
        assertThat(http.put("/migration-status", token, "{\"status\":\"FINISHED\"}").statusCode()).isEqualTo(400);
        assertThat(http.put("/migration-status", token, "not json").statusCode()).isEqualTo(400);
        assertThat(http.put("/migration-status", token, "{}").statusCode()).isEqualTo(400);
        assertThat(fixture.source.status(SampleFixture.EMPTY_INSTALLATION)).contains("PENDING");
    }

    // ---- installations listing

    @Test
    void shouldPaginateInstallations_forTheApp() {
        // when
        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            JsonNode page = RemoteHttp.json(http.get("/installations?limit=2"
                    + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8)), TestTokens.app()));
            page.get("installations").forEach(id -> seen.add(id.textValue()));
            JsonNode afterId = page.at("/pagination/afterId");
            after = afterId.isNull() ? null : afterId.textValue();
            pages++;
        } while (after != null);

        // then
        assertThat(seen).containsExactlyElementsOf(fixture.source.installationIds());
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void shouldRefuseInstallationsListing_forInstallationToken() {
        // when / then
        assertThat(http.get("/installations", TestTokens.installation("douglas-fir")).statusCode()).isEqualTo(403);
        String wrongSubject = TestTokens.sign(TestTokens.baseClaims().subject("someone").build());
        assertThat(http.get("/installations", wrongSubject).statusCode()).isEqualTo(403);
    }
}
