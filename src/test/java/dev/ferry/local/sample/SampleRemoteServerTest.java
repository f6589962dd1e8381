package dev.ferry.local.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.util.Base64URL;
import dev.ferry.testing.IntegrationTest;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@IntegrationTest
class SampleRemoteServerTest extends SampleRemoteServerTestBase {

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
