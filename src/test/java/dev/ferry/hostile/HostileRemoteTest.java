package dev.ferry.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.ferry.testing.IntegrationTest;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@IntegrationTest
class HostileRemoteTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef-hostile".getBytes(StandardCharsets.UTF_8);
    private static final String AUDIENCE = "ferry-remote";
    private static final String ACME = "acme";
    private static final List<String> HEADERS = List.of("id", "name", "amount");
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HostileRemote remote;

    @BeforeEach
    void start() {
        remote = HostileRemote.start(SECRET, AUDIENCE);
        remote.putInstallation(ACME, "READY");
        remote.putInstallation("globex", "PENDING");
        remote.putData(ACME, "users", HEADERS, rows(7));
    }

    @AfterEach
    void stop() {
        remote.close();
    }

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

    // ---- broken bodies -----------------------------------------------------------------------

    @Test
    void shouldAnswerAnHtmlErrorPage_with200() throws Exception {
        remote.misbehave(Misbehaviour.of(Kind.HTML_BODY).on(Endpoint.DATA));

        HttpResponse<String> r = get(dataUri("users", 3, null), bearer(ACME));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(r.body()).startsWith("<!DOCTYPE html>").contains("502 Bad Gateway");
        assertThat(get(statusUri(), bearer(ACME)).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldCutTheJsonOffMidValue() throws Exception {
        String healthy = get(dataUri("users", 3, null), bearer(ACME)).body();
        remote.misbehave(Misbehaviour.of(Kind.MALFORMED_JSON));

        HttpResponse<String> page = get(dataUri("users", 3, null), bearer(ACME));
        HttpResponse<String> status = get(statusUri(), bearer(ACME));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(healthy).startsWith(page.body()).isNotEqualTo(page.body());
        assertThat(page.body()).matches(".*\"afterId\":\"[A-Za-z0-9_-]+");
        assertThat(status.body()).isEqualTo("{\"status\":\"RE");
        assertThatThrownBy(() -> MAPPER.readTree(page.body())).isInstanceOf(IOException.class);
    }

    @Test
    void shouldSendAnOversizedValidPage_withContentLength() throws Exception {
        int size = 2 * 1024 * 1024;
        remote.misbehave(Misbehaviour.of(Kind.OVERSIZED_BODY_WITH_LENGTH).param(size));

        HttpResponse<byte[]> r = CLIENT.send(request(dataUri("users", 3, null), bearer(ACME)).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(size);
        assertThat(r.body()).hasSize(size);
        JsonNode page = MAPPER.readTree(r.body());
        assertThat(page.get("data").size()).isGreaterThan(10_000);
        assertThat(page.at("/data/0/0").asLong()).isEqualTo(1L);
        assertThat(page.at("/data/3/0").asLong()).isEqualTo(1L);
        assertThat(page.get("installationId").asText()).isEqualTo(ACME);
    }

    @Test
    void shouldSendAnOversizedValidBodyChunked_andStopQuietlyWhenTheClientLeaves() throws Exception {
        int small = 1024 * 1024;
        remote.misbehave(Misbehaviour.of(Kind.OVERSIZED_BODY_CHUNKED).param(small).forRequests(1));
        HttpResponse<byte[]> r = CLIENT.send(request(statusUri(), bearer(ACME)).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(r.headers().firstValue("Content-Length")).isEmpty();
        assertThat(r.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
        assertThat(r.body()).hasSize(small);
        assertThat(MAPPER.readTree(r.body()).get("status").asText()).isEqualTo("READY");

        remote.misbehave(Misbehaviour.of(Kind.OVERSIZED_BODY_CHUNKED).forRequests(1)); // 20 MiB
        try (Socket socket = rawGet(dataUri("users", 3, null), bearer(ACME))) {
            assertThat(socket.getInputStream().readNBytes(256 * 1024)).hasSize(256 * 1024);
        }
        awaitAbandoned(1);
        assertThat(get(dataUri("users", 3, null), bearer(ACME)).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldDripFeedTheCorrectPageSlowly() throws Exception {
        String healthy = get(dataUri("users", 3, null), bearer(ACME)).body();
        remote.misbehave(Misbehaviour.of(Kind.DRIP_FED).param(Duration.ofMillis(1200)));

        long start = System.nanoTime();
        HttpResponse<String> r = get(dataUri("users", 3, null), bearer(ACME));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(healthy);
        assertThat(took).isGreaterThan(Duration.ofMillis(900));
    }

    @Test
    void shouldStopDrippingQuietly_whenTheClientDisconnects() throws Exception {
        remote.misbehave(Misbehaviour.of(Kind.DRIP_FED).param(Duration.ofSeconds(20)));

        try (Socket socket = rawGet(dataUri("users", 3, null), bearer(ACME))) {
            byte[] head = socket.getInputStream().readNBytes(12);
            assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
        }
        awaitAbandoned(1);
        assertThat(remote.served()).hasSize(1);
    }

    @Test
    void shouldSendTheCorrectPage_asTextPlain() throws Exception {
        String healthy = get(dataUri("users", 3, null), bearer(ACME)).body();
        remote.misbehave(Misbehaviour.of(Kind.WRONG_CONTENT_TYPE));

        HttpResponse<String> r = get(dataUri("users", 3, null), bearer(ACME));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        assertThat(r.body()).isEqualTo(healthy);
    }

    // ---- bent data pages ---------------------------------------------------------------------

    @Test
    void shouldRenameOneColumnHeader_withDataUnchanged() throws Exception {
        JsonNode healthy = json(get(dataUri("users", 3, null), bearer(ACME)));
        remote.misbehave(Misbehaviour.of(Kind.WRONG_COLUMN_HEADERS));

        JsonNode page = json(get(dataUri("users", 3, null), bearer(ACME)));

        assertThat(page.get("headers")).extracting(JsonNode::asText).containsExactly("id_x", "name", "amount");
        assertThat(page.get("data")).isEqualTo(healthy.get("data"));
    }

    @Test
    void shouldAnswerMoreRowsThanTheLimit_repeatingRowsIfNeeded() throws Exception {
        remote.misbehave(Misbehaviour.of(Kind.PAGE_OVER_LIMIT));

        JsonNode first = json(get(dataUri("users", 3, null), bearer(ACME)));
        JsonNode whole = json(get(dataUri("users", 10, null), bearer(ACME)));

        assertThat(first.get("data").size()).isEqualTo(4);
        assertThat(whole.get("data").size()).isEqualTo(11);
        assertThat(whole.at("/data/7/0").asLong()).isEqualTo(1L);
    }

    @Test
    void shouldNameAForeignInstallationOnACorrectPage() throws Exception {
        JsonNode healthy = json(get(dataUri("users", 3, null), bearer(ACME)));
        remote.misbehave(Misbehaviour.of(Kind.FOREIGN_INSTALLATION).forRequests(1));
        remote.misbehave(Misbehaviour.of(Kind.FOREIGN_INSTALLATION).param("globex"));

        JsonNode defaulted = json(get(dataUri("users", 3, null), bearer(ACME)));
        JsonNode named = json(get(dataUri("users", 3, null), bearer(ACME)));

        assertThat(defaulted.get("installationId").asText()).isEqualTo("someone-else");
        assertThat(named.get("installationId").asText()).isEqualTo("globex");
        assertThat(named.get("data")).isEqualTo(healthy.get("data"));
        assertThat(named.get("pagination")).isEqualTo(healthy.get("pagination"));
    }

    @Test
    void shouldCycleDataCursorsAToBToA_forever() throws Exception {
        remote.misbehave(Misbehaviour.of(Kind.CURSOR_CYCLE).dataType("users"));

        List<JsonNode> pages = walkData(ACME, "users", 3, 6);

        assertThat(pages).hasSize(6);
        List<String> cursors = pages.stream().map(p -> p.at("/pagination/afterId").asText()).toList();
        String a = cursors.get(0);
        String b = cursors.get(1);
        assertThat(a).isNotEqualTo(b);
        assertThat(cursors).containsExactly(a, b, a, b, a, b);
        assertThat(pages).allSatisfy(p -> assertThat(p.get("data").size()).isEqualTo(3));
        assertThat(pages.get(1).at("/data/0/0").asLong()).isEqualTo(4L);
        assertThat(pages.get(2).at("/data/0/0").asLong()).isEqualTo(7L);
        assertThat(pages.get(3).at("/data/0/0").asLong()).isEqualTo(4L);
    }

    @Test
    void shouldAnswerEndlessFreshCursors_withTheSameFirstRows() throws Exception {
        remote.misbehave(Misbehaviour.of(Kind.ENDLESS_CURSOR));

        List<JsonNode> pages = walkData(ACME, "users", 3, 8);

        assertThat(pages).hasSize(8);
        Set<String> cursors = new HashSet<>();
        pages.forEach(p -> cursors.add(p.at("/pagination/afterId").asText()));
        assertThat(cursors).hasSize(8);
        assertThat(pages).allSatisfy(p -> assertThat(p.get("data")).isEqualTo(pages.get(0).get("data")));
        assertThat(pages.get(0).get("data").size()).isEqualTo(3);
    }

    @Test
    void shouldReplaceTheLastRowWithACopyOfTheFirst() throws Exception {
        remote.misbehave(Misbehaviour.of(Kind.DUPLICATE_KEYS).forRequests(1));

        JsonNode page = json(get(dataUri("users", 3, null), bearer(ACME)));
        JsonNode healed = json(get(dataUri("users", 3, null), bearer(ACME)));

        assertThat(page.get("data").size()).isEqualTo(3);
        assertThat(page.at("/data/2")).isEqualTo(page.at("/data/0"));
        assertThat(page.at("/data/1/0").asLong()).isEqualTo(2L);
        assertThat(healed.at("/data/2/0").asLong()).isEqualTo(3L);
    }

    // ---- bent listings -----------------------------------------------------------------------

    @Test
    void shouldAnswerTheFirstListingCursorAgain_forever() throws Exception {
        restartWithInstallations(5);
        remote.misbehave(Misbehaviour.of(Kind.LISTING_CYCLE));

        List<JsonNode> pages = walkListing(2, 5);

        assertThat(pages).hasSize(5);
        String first = pages.get(0).at("/pagination/afterId").asText();
        assertThat(pages).allSatisfy(p -> assertThat(p.at("/pagination/afterId").asText()).isEqualTo(first));
        assertThat(pages.get(0).get("installations")).extracting(JsonNode::asText).containsExactly("i0", "i1");
        assertThat(pages.get(1).get("installations")).extracting(JsonNode::asText).containsExactly("i2", "i3");
        assertThat(pages.get(2).get("installations")).isEqualTo(pages.get(1).get("installations"));
    }

    @Test
    void shouldListEveryInstallationTwice() throws Exception {
        remote.misbehave(Misbehaviour.of(Kind.LISTING_DUPLICATES));

        List<JsonNode> pages = walkListing(2, 10);

        assertThat(pages).hasSize(2);
        assertThat(ids(pages)).containsExactly(ACME, "globex", ACME, "globex");
    }

    @Test
    void shouldListTheSameIdsWithEndlessFreshCursors() throws Exception {
        restartWithInstallations(3);
        remote.misbehave(Misbehaviour.of(Kind.LISTING_ENDLESS));

        List<JsonNode> pages = walkListing(2, 6);

        assertThat(pages).hasSize(6);
        assertThat(pages).allSatisfy(p -> assertThat(p.get("installations"))
                .extracting(JsonNode::asText).containsExactly("i0", "i1"));
        assertThat(pages.stream().map(p -> p.at("/pagination/afterId").asText()).distinct()).hasSize(6);
    }

    @Test
    void shouldAnswerAnEmptyListing() throws Exception {
        remote.misbehave(Misbehaviour.of(Kind.EMPTY_LISTING));

        JsonNode page = json(get(listingUri(10, null), bearer(appClaims(Instant.now()).build())));

        assertThat(page.get("installations").size()).isZero();
        assertThat(page.at("/pagination/afterId").isNull()).isTrue();
        assertThat(get(dataUri("users", 3, null), bearer(ACME)).statusCode()).isEqualTo(200);
    }

    // ---- misbehaviour selection --------------------------------------------------------------

    @Test
    void shouldLetTheFirstMatchingMisbehaviourAnswer_byDataTypeAndOrder() throws Exception {
        remote.putData(ACME, "orders", List.of("id"), List.of(List.of(1)));
        Misbehaviour orders = remote.misbehave(Misbehaviour.of(Kind.STATUS_500).dataType("orders"));
        Misbehaviour any = remote.misbehave(Misbehaviour.of(Kind.STATUS_503).on(Endpoint.DATA));

        assertThat(get(dataUri("orders", 3, null), bearer(ACME)).statusCode()).isEqualTo(500);
        assertThat(get(dataUri("users", 3, null), bearer(ACME)).statusCode()).isEqualTo(503);
        assertThat(get(statusUri(), bearer(ACME)).statusCode()).isEqualTo(200);
        remote.clearMisbehaviours();
        assertThat(get(dataUri("orders", 3, null), bearer(ACME)).statusCode()).isEqualTo(200);

        assertThat(orders.matchedRequests()).isEqualTo(1);
        assertThat(any.matchedRequests()).isEqualTo(1);
        assertThat(orders.active()).isFalse();
        assertThatThrownBy(() -> Misbehaviour.of(Kind.CURSOR_CYCLE).on(Endpoint.LISTING))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Misbehaviour.of(Kind.STATUS_500).param(10L))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> orders.forRequests(3)).isInstanceOf(IllegalStateException.class);
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static List<List<Object>> rows(int n) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            rows.add(List.of((long) i, "user-" + i, new BigDecimal(i + ".50")));
        }
        return rows;
    }

    /** Replaces the remote by a fresh one listing exactly i0, i1, … */
    private void restartWithInstallations(int n) {
        remote.close();
        remote = HostileRemote.start(SECRET, AUDIENCE);
        for (int i = 0; i < n; i++) {
            remote.putInstallation("i" + i, "READY");
        }
    }

    /** Follows afterId until null or an empty page, at most maxPages. */
    private List<JsonNode> walkData(String installation, String dataType, int limit, int maxPages) throws Exception {
        return walk(after -> dataUri(dataType, limit, after), bearer(installation), maxPages, "data");
    }

    private List<JsonNode> walkListing(int limit, int maxPages) throws Exception {
        return walk(after -> listingUri(limit, after), bearer(appClaims(Instant.now()).build()), maxPages,
                "installations");
    }

    private List<JsonNode> walk(Function<String, URI> uri, String authorization, int maxPages,
                                String items) throws Exception {
        List<JsonNode> pages = new ArrayList<>();
        String after = null;
        for (int i = 0; i < maxPages; i++) {
            HttpResponse<String> r = get(uri.apply(after), authorization);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode page = json(r);
            pages.add(page);
            JsonNode next = page.at("/pagination/afterId");
            if (next.isNull() || page.get(items).isEmpty()) {
                break;
            }
            after = next.asText();
        }
        return pages;
    }

    private static List<String> ids(List<JsonNode> listingPages) {
        List<String> ids = new ArrayList<>();
        listingPages.forEach(p -> p.get("installations").forEach(id -> ids.add(id.asText())));
        return ids;
    }

    private URI dataUri(String dataType, int limit, String after) {
        return URI.create(remote.baseUrl() + "/data-migration/" + dataType + "/?limit=" + limit
                + (after == null ? "" : "&after=" + encode(after)));
    }

    private URI listingUri(int limit, String after) {
        return URI.create(remote.baseUrl() + "/installations?limit=" + limit
                + (after == null ? "" : "&after=" + encode(after)));
    }

    private URI statusUri() {
        return URI.create(remote.baseUrl() + "/migration-status");
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static HttpRequest.Builder request(URI uri, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    private static HttpResponse<String> get(URI uri, String authorization) throws Exception {
        return CLIENT.send(request(uri, authorization).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(String method, URI uri, String authorization, String body)
            throws Exception {
        return CLIENT.send(request(uri, authorization).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return MAPPER.readTree(r.body());
    }

    /** A plain HTTP/1.1 GET on a socket that resets the connection when closed. */
    private static Socket rawGet(URI uri, String authorization) throws IOException {
        Socket socket = new Socket(uri.getHost(), uri.getPort());
        socket.setSoLinger(true, 0);
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: " + authorization + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private void awaitAbandoned(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (remote.abandonedResponses() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(remote.abandonedResponses()).isEqualTo(n);
    }

    private static String bearer(String installationId) throws JOSEException {
        return bearer(claims(installationId, Instant.now()).build());
    }

    private static String bearer(JWTClaimsSet claims) throws JOSEException {
        return "Bearer " + sign(claims, SECRET, JWSAlgorithm.HS256);
    }

    private static String sign(JWTClaimsSet claims, byte[] secret, JWSAlgorithm alg) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims);
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }

    /** Installation-call claims as the contract describes them, issued at {@code iat}. */
    private static JWTClaimsSet.Builder claims(String installationId, Instant iat) {
        return base(iat).subject(installationId).claim("installationId", installationId);
    }

    private static JWTClaimsSet.Builder appClaims(Instant iat) {
        return base(iat).subject("ferry-app");
    }

    private static JWTClaimsSet.Builder base(Instant iat) {
        return new JWTClaimsSet.Builder().issuer("ferry").audience(AUDIENCE).issueTime(Date.from(iat))
                .notBeforeTime(Date.from(iat)).expirationTime(Date.from(iat.plusSeconds(60)))
                .jwtID(UUID.randomUUID().toString());
    }
}
