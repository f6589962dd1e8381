package dev.ferry.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.PlainJWT;
import dev.ferry.testing.IntegrationTest;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The hostile remote, tested on its own: how it behaves when healthy, and the error statuses it answers. */
@IntegrationTest
class HostileRemoteTest extends HostileRemoteTestBase {

    // ---- healthy behaviour -------------------------------------------------------------------

    @Test
    void shouldPageSevenRowsByThree_thenEndWithNullAfterId() throws Exception {
        List<JsonNode> pages = walkData(ACME, "users", 3, 10);

        assertThat(pages).extracting(p -> p.get("data").size()).containsExactly(3, 3, 1);
        assertThat(pages).allSatisfy(p -> {
            assertThat(p.get("installationId").asText()).isEqualTo(ACME);
            assertThat(p.get("headers")).extracting(JsonNode::asText).containsExactlyElementsOf(HEADERS);
        });
        assertThat(pages.get(0).at("/pagination/afterId").isTextual()).isTrue();
        assertThat(pages.get(2).at("/pagination/afterId").isNull()).isTrue();
        List<Long> ids = new ArrayList<>();
        pages.forEach(p -> p.get("data").forEach(row -> ids.add(row.get(0).asLong())));
        assertThat(ids).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    }

    @Test
    void shouldEndWithAnEmptyPageAndACursor_whenAskedTo() throws Exception {
        remote.endWithEmptyPage(true);

        List<JsonNode> pages = walkData(ACME, "users", 3, 10);
        assertThat(pages).extracting(p -> p.get("data").size()).containsExactly(3, 3, 1, 0);
        assertThat(pages).allSatisfy(p -> assertThat(p.at("/pagination/afterId").isTextual()).isTrue());

        List<JsonNode> listing = walkListing(2, 10);
        assertThat(listing).extracting(p -> p.get("installations").size()).containsExactly(2, 0);
        assertThat(listing.get(1).at("/pagination/afterId").isTextual()).isTrue();
    }

    @Test
    void shouldPageTheListingInFirstInsertionOrder_includingListedOnlyIds() throws Exception {
        remote.putInstallation(ACME, "DONE");
        remote.listInstallation("ghost");
        remote.listInstallation(ACME);

        List<JsonNode> pages = walkListing(2, 10);

        assertThat(pages).extracting(p -> p.get("installations").size()).containsExactly(2, 2);
        assertThat(ids(pages)).containsExactly(ACME, "globex", "ghost", ACME);
        assertThat(pages.get(1).at("/pagination/afterId").isNull()).isTrue();
        assertThat(remote.status(ACME)).isEqualTo("DONE");
    }

    @Test
    void shouldCapHealthyPages_atMaxPageSize() throws Exception {
        remote.maxPageSize(2);

        assertThat(walkData(ACME, "users", 5, 10)).extracting(p -> p.get("data").size()).containsExactly(2, 2, 2, 1);
    }

    @Test
    void shouldRefuseMissingBadExpiredOrMisaddressedTokens_with401() throws Exception {
        URI data = dataUri("users", 3, null);
        Instant now = Instant.now();
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("missing", null);
        refused.put("not bearer", "Basic Zm9vOmJhcg==");
        refused.put("garbage", "Bearer not.a.jwt");
        refused.put("bad signature", "Bearer " + sign(claims(ACME, now).build(),
                "another-secret-another-secret-another".getBytes(StandardCharsets.UTF_8), JWSAlgorithm.HS256));
        refused.put("HS512", "Bearer " + sign(claims(ACME, now).build(),
                (new String(SECRET, StandardCharsets.UTF_8) + "-longer-for-hs512-longer-for-hs512")
                        .getBytes(StandardCharsets.UTF_8), JWSAlgorithm.HS512));
        refused.put("alg none", "Bearer " + new PlainJWT(claims(ACME, now).build()).serialize());
        refused.put("expired", bearer(claims(ACME, now.minusSeconds(180)).build()));
        refused.put("not yet valid", bearer(claims(ACME, now).notBeforeTime(Date.from(now.plusSeconds(120))).build()));
        refused.put("no exp", bearer(claims(ACME, now).expirationTime(null).build()));
        refused.put("wrong audience", bearer(claims(ACME, now).audience("someone-else").build()));
        refused.put("wrong issuer", bearer(claims(ACME, now).issuer("mallory").build()));
        refused.put("app token on data", bearer(appClaims(now).build()));

        for (Map.Entry<String, String> e : refused.entrySet()) {
            HttpResponse<String> r = get(data, e.getValue());
            assertThat(r.statusCode()).as(e.getKey()).isEqualTo(401);
            assertThat(json(r).get("error").asText()).as(e.getKey()).startsWith("token refused");
        }
        assertThat(get(listingUri(10, null), bearer(claims(ACME, now).build())).statusCode())
                .as("installation token on the listing").isEqualTo(401);
        assertThat(remote.served()).allSatisfy(s -> {
            assertThat(s.status()).isEqualTo(401);
            assertThat(s.installationId()).isNull();
        });
    }

    @Test
    void shouldAcceptTokensWithinSixtySecondsOfSkew() throws Exception {
        Instant now = Instant.now();
        String lateButTolerated = bearer(claims(ACME, now.minusSeconds(100)).build()); // exp 40 s ago
        String earlyButTolerated = bearer(claims(ACME, now).notBeforeTime(Date.from(now.plusSeconds(30))).build());

        assertThat(get(dataUri("users", 3, null), lateButTolerated).statusCode()).isEqualTo(200);
        assertThat(get(dataUri("users", 3, null), earlyButTolerated).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldStoreAStatusPut_andAnswerItOnGet_perTokenInstallation() throws Exception {
        HttpResponse<String> put = send("PUT", statusUri(), bearer(ACME), "{\"status\":\"DONE\"}");
        HttpResponse<String> getAcme = get(statusUri(), bearer(ACME));
        HttpResponse<String> getGlobex = get(statusUri(), bearer("globex"));
        HttpResponse<String> badPut = send("PUT", statusUri(), bearer(ACME), "{\"status\":\"FINISHED\"}");
        HttpResponse<String> unknown = get(statusUri(), bearer("nobody"));

        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(json(getAcme).get("status").asText()).isEqualTo("DONE");
        assertThat(json(getGlobex).get("status").asText()).isEqualTo("PENDING");
        assertThat(badPut.statusCode()).isEqualTo(400);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(remote.status(ACME)).isEqualTo("DONE");
        assertThat(remote.status("globex")).isEqualTo("PENDING");
    }

    @Test
    void shouldAnswer404ForUnknownDataTypes_and400ForBadCursorsOrLimits() throws Exception {
        String otherTypeCursor = walkData(ACME, "users", 3, 1).get(0).at("/pagination/afterId").asText();
        remote.putData(ACME, "orders", List.of("id"), List.of(List.of(1)));

        assertThat(get(dataUri("nope", 3, null), bearer(ACME)).statusCode()).isEqualTo(404);
        assertThat(get(dataUri("users", 3, null), bearer("globex")).statusCode()).isEqualTo(404);
        assertThat(get(dataUri("orders", 3, otherTypeCursor), bearer(ACME)).statusCode()).isEqualTo(400);
        assertThat(get(dataUri("users", 3, "not a cursor!"), bearer(ACME)).statusCode()).isEqualTo(400);
        assertThat(get(dataUri("users", 0, null), bearer(ACME)).statusCode()).isEqualTo(400);
    }

    @Test
    void shouldLogEveryServedRequestInOrder() throws Exception {
        get(dataUri("users", 3, null), bearer(ACME));
        get(dataUri("users", 3, null), null);
        remote.misbehave(Misbehaviour.of(Kind.STATUS_500).forRequests(1));
        get(statusUri(), bearer("globex"));
        get(listingUri(5, null), bearer(appClaims(Instant.now()).build()));

        List<ServedRequest> served = remote.served();
        assertThat(served).extracting(ServedRequest::method, ServedRequest::path, ServedRequest::query,
                        ServedRequest::installationId, ServedRequest::status, ServedRequest::misbehaviour)
                .containsExactly(
                        Tuple.tuple("GET", "/app/data-migration/users/", "limit=3", ACME, 200, null),
                        Tuple.tuple("GET", "/app/data-migration/users/", "limit=3", null, 401, null),
                        Tuple.tuple("GET", "/app/migration-status", null, "globex", 500, "STATUS_500"),
                        Tuple.tuple("GET", "/app/installations", "limit=5", null, 200, null));
        assertThat(served).extracting(ServedRequest::at).isSorted();
    }

    @Test
    void shouldWriteValuesExactly_escapingLoneSurrogates() throws Exception {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("k", List.of(1, "two", Map.of("x", true)));
        List<Object> row = Arrays.asList(null, true, 42L, new BigInteger("123456789012345678901234567890"),
                new BigDecimal("0.10"), 1.5d, "q\"\\\n\u0001é😀\uD800z", nested, new RawJson("9223372036854775808"),
                new RawJson("{\"n\":1e2000000000}"));
        remote.putData(ACME, "values", List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"), List.of(row));

        HttpResponse<String> r = get(dataUri("values", 10, null), bearer(ACME));
        String body = r.body();
        JsonNode v = json(r).at("/data/0");

        assertThat(body).contains("\\uD800z").contains("😀").contains("\\u0001").contains("1e2000000000")
                .contains("0.10").contains("123456789012345678901234567890");
        assertThat(v.get(0).isNull()).isTrue();
        assertThat(v.get(1).booleanValue()).isTrue();
        assertThat(v.get(2).longValue()).isEqualTo(42L);
        assertThat(v.get(5).doubleValue()).isEqualTo(1.5d);
        assertThat(v.get(6).textValue()).isEqualTo("q\"\\\n\u0001é😀\uD800z");
        assertThat(v.get(7).at("/k/2/x").booleanValue()).isTrue();
        assertThat(v.get(8).bigIntegerValue()).isEqualTo(new BigInteger("9223372036854775808"));
        assertThatThrownBy(() -> remote.putData(ACME, "bad", List.of("a"), List.of(List.of(new Object()))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- error statuses ----------------------------------------------------------------------

    @Test
    void shouldAnswer500WithAJsonError_untilStopped() throws Exception {
        Misbehaviour m = remote.misbehave(Misbehaviour.of(Kind.STATUS_500));

        HttpResponse<String> first = get(dataUri("users", 3, null), bearer(ACME));
        HttpResponse<String> second = get(listingUri(3, null), bearer(appClaims(Instant.now()).build()));
        m.stop();
        HttpResponse<String> healed = get(dataUri("users", 3, null), bearer(ACME));

        assertThat(first.statusCode()).isEqualTo(500);
        assertThat(first.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json(first).get("error").asText()).isNotBlank();
        assertThat(second.statusCode()).isEqualTo(500);
        assertThat(healed.statusCode()).isEqualTo(200);
        assertThat(m.matchedRequests()).isEqualTo(2);
        assertThat(m.active()).isFalse();
    }

    @Test
    void shouldAnswer503WithRetryAfter_thenHeal_afterTwoRequests() throws Exception {
        Misbehaviour m = remote.misbehave(Misbehaviour.of(Kind.STATUS_503).retryAfter("2").forRequests(2));

        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            responses.add(get(dataUri("users", 3, null), bearer(ACME)));
        }

        assertThat(responses).extracting(HttpResponse::statusCode).containsExactly(503, 503, 200);
        assertThat(responses.get(0).headers().firstValue("Retry-After")).hasValue("2");
        assertThat(json(responses.get(1)).get("error").asText()).isEqualTo("service unavailable");
        assertThat(responses.get(2).headers().firstValue("Retry-After")).isEmpty();
        assertThat(m.matchedRequests()).isEqualTo(2);
        assertThat(m.active()).isFalse();
    }

    @Test
    void shouldAnswer429WithRetryAfter_forADuration_thenHeal() throws Exception {
        String httpDate = "Wed, 21 Oct 2037 07:28:00 GMT";
        Misbehaviour m = remote.misbehave(Misbehaviour.of(Kind.STATUS_429).retryAfter(httpDate)
                .forDuration(Duration.ofMillis(400)));

        HttpResponse<String> first = get(dataUri("users", 3, null), bearer(ACME));
        HttpResponse<String> second = get(statusUri(), bearer(ACME));
        Thread.sleep(500);
        HttpResponse<String> healed = get(dataUri("users", 3, null), bearer(ACME));

        assertThat(first.statusCode()).isEqualTo(429);
        assertThat(first.headers().firstValue("Retry-After")).hasValue(httpDate);
        assertThat(json(second).get("error").asText()).isEqualTo("too many requests");
        assertThat(healed.statusCode()).isEqualTo(200);
        assertThat(m.active()).isFalse();
    }

    @Test
    void shouldAnswer401ToAValidToken_onlyForTheNamedInstallation() throws Exception {
        remote.putData("globex", "users", HEADERS, rows(2));
        remote.misbehave(Misbehaviour.of(Kind.STATUS_401).installation(ACME));

        HttpResponse<String> acme = get(dataUri("users", 3, null), bearer(ACME));
        HttpResponse<String> globex = get(dataUri("users", 3, null), bearer("globex"));

        assertThat(acme.statusCode()).isEqualTo(401);
        assertThat(json(acme).get("error").asText()).isEqualTo("unauthorized");
        assertThat(globex.statusCode()).isEqualTo(200);
    }

    @Test
    void shouldAnswer403ToAStatusPut_withoutChangingTheStatus() throws Exception {
        remote.misbehave(Misbehaviour.of(Kind.STATUS_403).on(Endpoint.STATUS_PUT));

        HttpResponse<String> put = send("PUT", statusUri(), bearer(ACME), "{\"status\":\"DONE\"}");
        HttpResponse<String> get = get(statusUri(), bearer(ACME));

        assertThat(put.statusCode()).isEqualTo(403);
        assertThat(json(put).get("error").asText()).isEqualTo("forbidden");
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(remote.status(ACME)).isEqualTo("READY");
    }
}
