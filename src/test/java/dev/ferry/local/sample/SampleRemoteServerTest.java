package dev.ferry.local.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.ferry.testing.IntegrationTest;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@IntegrationTest
class SampleRemoteServerTest {

    private static SampleFixture fixture;
    private static SampleRemoteServer remote;
    private static RemoteHttp http;

    @BeforeAll
    static void start() {
        fixture = SampleFixture.defaultData();
        remote = SampleRemoteServer.start(fixture.source, TestTokens.SECRET);
        http = new RemoteHttp(remote.baseUrl());
    }

    @AfterAll
    static void stop() {
        remote.stop();
    }

    @AfterEach
    void clearFaults() {
        remote.faultHook(null);
    }

    // ---- paging

    @Test
    void shouldWalkEveryRowExactlyOnce_forEveryDataTypeAndInstallation() {
        for (String installationId : fixture.dataSet.installationIds()) {
            for (SampleTable table : SampleSchema.tables()) {
                // when
                List<List<Object>> walked = walk(installationId, table, 997);

                // then every row arrives once, in key order, with every value as stored
                ContractValues.assertSameRows(installationId + " " + table.dataType(), table, walked,
                        fixture.source.rows(installationId, table.dataType()));
            }
        }
    }

    @Test
    void shouldWalkCompositeKeys_withSmallPages() {
        // when
        List<List<Object>> walked = walk("douglas-fir", SampleSchema.ISSUE_WATCHERS, 7);

        // then
        ContractValues.assertSameRows("douglas-fir watchers", SampleSchema.ISSUE_WATCHERS, walked,
                fixture.source.rows("douglas-fir", "issue_watchers"));
    }

    @Test
    void shouldReturnNullAfterId_onFullLastPage() {
        // given douglas-fir has exactly 10 projects
        String token = TestTokens.installation("douglas-fir");

        // when
        JsonNode all = RemoteHttp.json(http.get("/data-migration/projects/?limit=10", token));
        JsonNode nine = RemoteHttp.json(http.get("/data-migration/projects/?limit=9", token));
        JsonNode rest = RemoteHttp.json(http.get("/data-migration/projects/?limit=9&after="
                + nine.at("/pagination/afterId").asText(), token));

        // then
        assertThat(all.get("data")).hasSize(10);
        assertThat(all.at("/pagination/afterId").isNull()).isTrue();
        assertThat(nine.get("data")).hasSize(9);
        assertThat(nine.at("/pagination/afterId").isIntegralNumber()).isTrue();
        assertThat(rest.get("data")).hasSize(1);
        assertThat(rest.at("/pagination/afterId").isNull()).isTrue();
    }

    @Test
    void shouldReturnEmptyPageWithNullAfterId_forInstallationWithoutRows() {
        // when
        HttpResponse<String> response = http.get("/data-migration/issues/?limit=50",
                TestTokens.installation(SampleFixture.EMPTY_INSTALLATION));

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode page = RemoteHttp.json(response);
        assertThat(page.get("headers")).hasSize(8);
        assertThat(page.get("data")).isEmpty();
        assertThat(page.at("/pagination/afterId").isNull()).isTrue();
    }

    @Test
    void shouldLabelEveryPage_withTheCallersInstallation() {
        // when two installations ask for the same data type
        JsonNode birch = RemoteHttp.json(http.get("/data-migration/issues/?limit=5", TestTokens.installation("birch-labs")));
        JsonNode empty = RemoteHttp.json(http.get("/data-migration/issues/?limit=5",
                TestTokens.installation(SampleFixture.EMPTY_INSTALLATION)));

        // then each page names the installation its token names, even when it has no rows
        assertThat(birch.get("installationId").textValue()).isEqualTo("birch-labs");
        assertThat(empty.get("installationId").textValue()).isEqualTo(SampleFixture.EMPTY_INSTALLATION);
    }

    @Test
    void shouldReturnIdAsNumericCursor_forIntegerKeyType() {
        // when
        JsonNode page = RemoteHttp.json(http.get("/data-migration/issues/?limit=5", TestTokens.installation("birch-labs")));

        // then
        JsonNode afterId = page.at("/pagination/afterId");
        assertThat(afterId.isIntegralNumber()).isTrue();
        assertThat(afterId.longValue()).isEqualTo(page.get("data").get(4).get(0).longValue());
    }

    @Test
    void shouldReturnOpaqueStringCursor_forCompositeKeyType() {
        // given
        String token = TestTokens.installation("cedar-health");

        // when
        JsonNode first = RemoteHttp.json(http.get("/data-migration/issue-watchers/?limit=3", token));
        String cursor = first.at("/pagination/afterId").textValue();
        JsonNode second = RemoteHttp.json(http.get("/data-migration/issue-watchers/?limit=3&after="
                + URLEncoder.encode(cursor, StandardCharsets.UTF_8), token));

        // then
        assertThat(first.get("headers").toString()).isEqualTo("[\"issue_id\",\"user_key\",\"watching_since\"]");
        assertThat(cursor).matches("[A-Za-z0-9_-]+");
        List<List<Object>> rows = fixture.source.rows("cedar-health", "issue_watchers");
        assertThat(second.get("data").get(0).get(1).textValue()).isEqualTo(rows.get(3).get(1));
        assertThat(second.get("data").get(0).get(0).longValue()).isEqualTo(rows.get(3).get(0));
    }

    @Test
    void shouldWriteValues_asTheContractSays() {
        // when all of alder-works' projects (edge rows included) are fetched
        HttpResponse<String> response = http.get("/data-migration/projects/?limit=500", TestTokens.installation("alder-works"));
        String body = response.body();
        JsonNode page = RemoteHttp.json(response);

        // then decimals are exact JSON numbers, JSON columns nested, date-times ISO-8601 UTC
        assertThat(body).contains("999999999999.99", "-999999999999.99").doesNotContain("E+11");
        assertThat(page.get("headers").toString())
                .isEqualTo("[\"id\",\"name\",\"budget\",\"archived\",\"settings\",\"created_at\"]");
        JsonNode first = page.get("data").get(0);
        assertThat(first.get(3).isBoolean()).isTrue();
        assertThat(first.get(5).textValue()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
        List<JsonNode> settings = new ArrayList<>();
        page.get("data").forEach(row -> settings.add(row.get(4)));
        assertThat(settings).anyMatch(JsonNode::isNull).anyMatch(JsonNode::isObject)
                .noneMatch(JsonNode::isTextual);
        assertThat(body).contains("\"big\":9007199254740993");

        // and binary is base64, dates yyyy-MM-dd
        JsonNode attachments = RemoteHttp.json(http.get("/data-migration/attachments/?limit=1",
                TestTokens.installation("alder-works")));
        assertThat(attachments.at("/data/0/4").textValue()).isEmpty();
        JsonNode issues = RemoteHttp.json(http.get("/data-migration/issues/?limit=1300",
                TestTokens.installation("alder-works")));
        List<String> dues = new ArrayList<>();
        issues.get("data").forEach(row -> dues.add(row.get(4).isNull() ? null : row.get(4).textValue()));
        assertThat(dues).contains("1000-01-01").containsNull();
    }

    @Test
    void shouldServeBigIdsAsExactNumbers() {
        // when
        List<List<Object>> walked = walk("alder-works", SampleSchema.PROJECTS, 500);

        // then
        assertThat(walked.get(walked.size() - 1).get(0)).isEqualTo(SampleDataGenerator.BIG_PROJECT_ID);
    }

    @Test
    void shouldRefuseLimit_outsideOneTo5000() {
        String token = TestTokens.installation("douglas-fir");
        for (String query : List.of("?limit=0", "?limit=5001", "?limit=abc", "?limit=-1", "")) {
            // when
            HttpResponse<String> response = http.get("/data-migration/projects/" + query, token);

            // then
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(RemoteHttp.json(response).get("error").textValue()).isEqualTo("bad_request");
        }
        assertThat(http.get("/data-migration/projects/?limit=5000", token).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRefuseCursor_thatTheServerDidNotMake() {
        String token = TestTokens.installation("douglas-fir");
        // when / then
        assertThat(http.get("/data-migration/projects/?limit=5&after=abc", token).statusCode()).isEqualTo(400);
        assertThat(http.get("/data-migration/issue-watchers/?limit=5&after=abc", token).statusCode()).isEqualTo(400);
        String notAKey = Base64URL.encode("[\"x\",1]").toString();
        assertThat(http.get("/data-migration/issue-watchers/?limit=5&after=" + notAKey, token).statusCode())
                .isEqualTo(400);
    }

    @Test
    void shouldTreatEmptyAfter_asFirstPage_andAcceptPathWithoutTrailingSlash() {
        String token = TestTokens.installation("douglas-fir");
        // when
        JsonNode empty = RemoteHttp.json(http.get("/data-migration/projects/?limit=3&after=", token));
        JsonNode noSlash = RemoteHttp.json(http.get("/data-migration/projects?limit=3", token));

        // then
        assertThat(empty.get("data")).isEqualTo(noSlash.get("data"));
        assertThat(empty.at("/data/0/0").longValue()).isEqualTo(fixture.source.rows("douglas-fir", "projects").get(0).get(0));
    }

    @Test
    void shouldAnswer404_forUnknownDataTypeOrPath() {
        String token = TestTokens.installation("douglas-fir");
        // when / then
        assertThat(http.get("/data-migration/users/?limit=5", token).statusCode()).isEqualTo(404);
        assertThat(http.get("/data-migration/issue_watchers/?limit=5", token).statusCode()).isEqualTo(404);
        assertThat(http.get("/nothing-here", token).statusCode()).isEqualTo(404);
    }

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

    // ---- counters and faults

    @Test
    void shouldCountRequests_perEndpointAndDataType() {
        // given
        long statusBefore = remote.requestCount(RemoteEndpoint.MIGRATION_STATUS);
        long pagesBefore = remote.pagesServed("issue_watchers");
        long rowsBefore = remote.rowsServed("issue_watchers");
        long rejectedBefore = remote.rejectedCount();

        // when
        http.get("/migration-status", TestTokens.installation("douglas-fir"));
        http.get("/migration-status", null);
        http.get("/data-migration/issue-watchers/?limit=4", TestTokens.installation("douglas-fir"));

        // then
        assertThat(remote.requestCount(RemoteEndpoint.MIGRATION_STATUS) - statusBefore).isEqualTo(2);
        assertThat(remote.pagesServed("issue_watchers") - pagesBefore).isEqualTo(1);
        assertThat(remote.rowsServed("issue_watchers") - rowsBefore).isEqualTo(4);
        assertThat(remote.rejectedCount() - rejectedBefore).isEqualTo(1);
    }

    @Test
    void shouldAnswerWithInjectedFault_thenServeNormally() {
        // given the third data request of douglas-fir is rate limited
        long before = remote.requestCount(RemoteEndpoint.DATA_MIGRATION);
        remote.faultHook(r -> r.endpoint() == RemoteEndpoint.DATA_MIGRATION && r.sequence() == before + 3
                && "douglas-fir".equals(r.installationId()) ? Fault.tooManyRequests(Duration.ofSeconds(2)) : Fault.none());
        String token = TestTokens.installation("douglas-fir");

        // when
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            responses.add(http.get("/data-migration/issues/?limit=2", token));
        }

        // then
        assertThat(responses).extracting(HttpResponse::statusCode).containsExactly(200, 200, 429, 200);
        assertThat(responses.get(2).headers().firstValue("Retry-After")).contains("2");
        assertThat(remote.faultCount()).isPositive();
    }

    @Test
    void shouldTruncateBody_orDelay_whenHookSaysSo() {
        String token = TestTokens.installation("douglas-fir");
        // given
        remote.faultHook(r -> Fault.truncate(20));

        // when
        HttpResponse<String> truncated = http.get("/data-migration/issues/?limit=50", token);

        // then
        assertThat(truncated.statusCode()).isEqualTo(200);
        assertThat(truncated.body()).hasSize(20);
        assertThatThrownBy(() -> RemoteHttp.json(truncated)).isInstanceOf(UncheckedIOException.class);

        // given
        remote.faultHook(r -> Fault.delay(Duration.ofMillis(300)));

        // when
        long started = System.nanoTime();
        HttpResponse<String> delayed = http.get("/migration-status", token);

        // then
        assertThat(delayed.statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

        // given
        remote.faultHook(r -> Fault.status(500));

        // when / then
        assertThat(http.get("/migration-status", token).statusCode()).isEqualTo(500);
    }

    @Test
    void shouldBindToLoopback() {
        // then
        assertThat(remote.baseUrl().toString()).startsWith("http://127.0.0.1:");
    }

    // ---- helpers

    /**
     * Walks all pages like a client: passes {@code afterId} back untouched and checks the paging
     * rules on the way; returns the decoded rows.
     */
    private static List<List<Object>> walk(String installationId, SampleTable table, int limit) {
        String token = TestTokens.installation(installationId);
        List<List<Object>> rows = new ArrayList<>();
        String after = null;
        for (int pages = 0; pages < 10_000; pages++) {
            HttpResponse<String> response = http.get("/data-migration/" + table.remotePath() + "/?limit=" + limit
                    + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8)), token);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode page = RemoteHttp.json(response);
            List<String> headers = new ArrayList<>();
            page.get("headers").forEach(h -> headers.add(h.textValue()));
            assertThat(headers).isEqualTo(table.columnNames());
            JsonNode data = page.get("data");
            assertThat(data.size()).isLessThanOrEqualTo(limit);
            data.forEach(row -> rows.add(ContractValues.decodeRow(table, row)));
            JsonNode afterId = page.at("/pagination/afterId");
            assertThat(afterId.isMissingNode()).isFalse();
            if (data.size() < limit) {
                assertThat(afterId.isNull()).as("a short page is the last").isTrue();
            }
            if (afterId.isNull()) {
                return rows;
            }
            assertThat(data.size()).isEqualTo(limit);
            assertThat(table.hasSingleIntegerKey() ? afterId.isIntegralNumber() : afterId.isTextual()).isTrue();
            after = afterId.asText();
        }
        throw new AssertionError("The walk did not end");
    }
}
