package dev.ferry.adapter.remote;

import static dev.ferry.adapter.remote.FakeRemote.json;
import static dev.ferry.adapter.remote.RemoteFixtures.ACME;
import static dev.ferry.adapter.remote.RemoteFixtures.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.page.JsonText;
import dev.ferry.domain.page.RemotePage;
import dev.ferry.testing.IntegrationTest;
import java.math.BigDecimal;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@IntegrationTest
class HttpRemotePagesTest {
    private static final String PAGE_PATH = "/data-migration/users/";

    private FakeRemote remote;
    private RemoteFixtures.RecordingSleeper sleeper;
    private HttpRemotePages client;

    @BeforeEach
    void start() throws Exception {
        remote = new FakeRemote();
        sleeper = new RemoteFixtures.RecordingSleeper();
        client = RemoteFixtures.endpoints(RemoteFixtures.settings(remote.baseUrl()), sleeper).pages();
    }

    @AfterEach
    void stop() {
        remote.close();
    }

    @Test
    void firstPageAsksForTheLimitAndSendsNoAfter() {
        // given
        remote.on(PAGE_PATH, json("{\"headers\":[\"id\",\"name\"],\"data\":[[1,\"Ann\"]],\"pagination\":{\"afterId\":\"1\"}}"));

        // when
        RemotePage page = client.fetchPage(ACME, USERS, null, 500);

        // then
        FakeRemote.Received request = remote.lastRequest();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.rawPath()).isEqualTo("/remote/data-migration/users/");
        assertThat(request.rawQuery()).isEqualTo("limit=500");
        assertThat(page.headers()).containsExactly("id", "name");
        assertThat(page.data()).containsExactly(Arrays.asList(new BigDecimal("1"), "Ann"));
        assertThat(page.next()).isEqualTo(Cursor.ofString("1"));
        assertThat(page.isLast()).isFalse();
    }

    @Test
    void stringCursorRoundTripsExactly() {
        // given
        remote.on(PAGE_PATH,
                json("{\"headers\":[\"id\"],\"data\":[[1]],\"pagination\":{\"afterId\":\"opaque-Xy_1\"}}"),
                json("{\"headers\":[\"id\"],\"data\":[[2]],\"pagination\":{\"afterId\":null}}"));
        Cursor next = client.fetchPage(ACME, USERS, null, 10).next();

        // when
        RemotePage second = client.fetchPage(ACME, USERS, next, 10);

        // then
        assertThat(next).isEqualTo(Cursor.ofString("opaque-Xy_1"));
        assertThat(remote.lastRequest().query()).containsEntry("after", "opaque-Xy_1").containsEntry("limit", "10");
        assertThat(second.isLast()).isTrue();
    }

    @Test
    void bigNumericCursorKeepsItsExactDigits() {
        // given
        remote.on(PAGE_PATH,
                json("{\"headers\":[\"id\"],\"data\":[[1]],\"pagination\":{\"afterId\":12345678901234567890}}"),
                json("{\"headers\":[\"id\"],\"data\":[],\"pagination\":{\"afterId\":null}}"));
        Cursor next = client.fetchPage(ACME, USERS, null, 10).next();

        // when
        client.fetchPage(ACME, USERS, next, 10);

        // then
        assertThat(next).isEqualTo(Cursor.ofNumber("12345678901234567890"));
        assertThat(next.numeric()).isTrue();
        assertThat(remote.lastRequest().rawQuery()).isEqualTo("limit=10&after=12345678901234567890");
    }

    @Test
    void fractionalNumericCursorIsPassedBackAsSent() {
        // given
        remote.on(PAGE_PATH, json("{\"headers\":[\"id\"],\"data\":[[1]],\"pagination\":{\"afterId\":1.50e3}}"));

        // when
        Cursor next = client.fetchPage(ACME, USERS, null, 10).next();

        // then
        assertThat(next).isEqualTo(Cursor.ofNumber("1.50e3"));
    }

    @Test
    void cursorIsUrlEncodedInTheQuery() {
        // given
        String awkward = "a&b=c/d e+f?g#h%i ü→😀";
        remote.on(PAGE_PATH, json("{\"headers\":[\"id\"],\"data\":[],\"pagination\":{\"afterId\":null}}"));

        // when
        client.fetchPage(ACME, USERS, Cursor.ofString(awkward), 25);

        // then
        FakeRemote.Received request = remote.lastRequest();
        assertThat(request.query()).containsExactly(
                java.util.Map.entry("limit", "25"), java.util.Map.entry("after", awkward));
        assertThat(request.rawQuery()).doesNotContain(" ", "+", "/", "?", "#").startsWith("limit=25&after=a%26b%3Dc%2Fd%20e%2Bf");
    }

    @Test
    void decimalsAndBigIntegersArriveExactlyAsBigDecimal() {
        // given
        remote.on(PAGE_PATH, json("{\"headers\":[\"a\",\"b\",\"c\",\"d\",\"e\"],\"data\":[[0.1,"
                + "12345678901234567890.123456789,123456789012345678901234567890,-0.000001,1e400]],"
                + "\"pagination\":{\"afterId\":null}}"));

        // when
        RemotePage page = client.fetchPage(ACME, USERS, null, 10);

        // then
        assertThat(page.data().get(0)).containsExactly(
                new BigDecimal("0.1"),
                new BigDecimal("12345678901234567890.123456789"),
                new BigDecimal("123456789012345678901234567890"),
                new BigDecimal("-0.000001"),
                new BigDecimal("1e400"));
        assertThat(((BigDecimal) page.data().get(0).get(1)).toPlainString()).isEqualTo("12345678901234567890.123456789");
        assertThat(page.data().get(0)).allSatisfy(v -> assertThat(v).isExactlyInstanceOf(BigDecimal.class));
    }

    @Test
    void scalarsKeepTheirJavaTypes() {
        // given
        remote.on(PAGE_PATH, json("{\"headers\":[\"n\",\"t\",\"f\",\"s\"],\"data\":[[null,true,false,\"x\\\"y\\u00e9\"]]}"));

        // when
        RemotePage page = client.fetchPage(ACME, USERS, null, 10);

        // then
        assertThat(page.data().get(0)).containsExactly(null, Boolean.TRUE, Boolean.FALSE, "x\"yé");
    }

    @Test
    void nestedObjectsAndArraysBecomeCompactJsonText() {
        // given
        remote.on(PAGE_PATH, json("{\"headers\":[\"o\",\"a\"],\"data\":[[ { \"k\" : [ 1 , 0.10, \"v\" ], \"n\": {\"z\":null} },"
                + " [ true , 12345678901234567890.123456789 ] ]],\"pagination\":{\"afterId\":null}}"));

        // when
        RemotePage page = client.fetchPage(ACME, USERS, null, 10);

        // then
        assertThat(page.data().get(0)).containsExactly(
                new JsonText("{\"k\":[1,0.10,\"v\"],\"n\":{\"z\":null}}"),
                new JsonText("[true,12345678901234567890.123456789]"));
    }

    @Test
    void nullAfterIdEndsTheDataType() {
        // given
        remote.on(PAGE_PATH, json("{\"headers\":[\"id\"],\"data\":[[1]],\"pagination\":{\"afterId\":null}}"));

        // when
        RemotePage page = client.fetchPage(ACME, USERS, null, 10);

        // then
        assertThat(page.next()).isNull();
        assertThat(page.isLast()).isTrue();
        assertThat(page.data()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"headers\":[\"id\"],\"data\":[[1]]}",
            "{\"headers\":[\"id\"],\"data\":[[1]],\"pagination\":null}",
            "{\"headers\":[\"id\"],\"data\":[[1]],\"pagination\":{}}"})
    void missingPaginationOrAfterIdEndsTheDataType(String body) {
        // given
        remote.on(PAGE_PATH, json(body));

        // when
        RemotePage page = client.fetchPage(ACME, USERS, null, 10);

        // then
        assertThat(page.next()).isNull();
        assertThat(page.isLast()).isTrue();
    }

    @Test
    void emptyDataEndsTheDataTypeEvenWithACursor() {
        // given
        remote.on(PAGE_PATH, json("{\"headers\":[\"id\"],\"data\":[],\"pagination\":{\"afterId\":\"7\"}}"));

        // when
        RemotePage page = client.fetchPage(ACME, USERS, Cursor.ofString("6"), 10);

        // then
        assertThat(page.isLast()).isTrue();
    }

    @Test
    void shortPagesAreAccepted() {
        // given
        remote.on(PAGE_PATH, json("{\"headers\":[\"id\"],\"data\":[[1],[2]],\"pagination\":{\"afterId\":2}}"));

        // when
        RemotePage page = client.fetchPage(ACME, USERS, null, 500);

        // then
        assertThat(page.data()).hasSize(2);
        assertThat(page.isLast()).isFalse();
    }

    @Test
    void unknownTopLevelFieldsAreIgnored() {
        // given
        remote.on(PAGE_PATH, json("{\"meta\":{\"x\":[1,2]},\"headers\":[\"id\"],\"data\":[[1]],\"pagination\":{\"afterId\":\"1\",\"total\":9}}"));

        // when
        RemotePage page = client.fetchPage(ACME, USERS, null, 10);

        // then
        assertThat(page.next()).isEqualTo(Cursor.ofString("1"));
    }

    @Test
    void remotePathAndBaseUrlTrailingSlashBuildOnePath() throws Exception {
        // given
        RemoteSettings withSlash = RemoteFixtures.settings(java.net.URI.create(remote.baseUrl() + "/"));
        HttpRemotePages slashed = RemoteFixtures.endpoints(withSlash, sleeper).pages();
        remote.on(PAGE_PATH, json("{\"headers\":[\"id\"],\"data\":[]}"));

        // when
        slashed.fetchPage(ACME, USERS, null, 10);

        // then
        assertThat(remote.lastRequest().rawPath()).isEqualTo("/remote/data-migration/users/");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "not json",
            "[1,2]",
            "{\"headers\":[\"id\"],\"data\":[[1]],\"pagination\":{\"afterId\":null}",
            "{\"headers\":[\"id\"],\"data\":[[1],",
            "{\"headers\":[\"id\"],\"data\":{\"0\":[1]}}",
            "{\"headers\":[\"id\"],\"data\":[1,2]}",
            "{\"headers\":[\"id\"],\"data\":null}",
            "{\"headers\":[1],\"data\":[[1]]}",
            "{\"headers\":\"id\",\"data\":[[1]]}",
            "{\"data\":[[1]]}",
            "{\"headers\":[\"id\"]}",
            "{}",
            "{\"headers\":[\"id\"],\"data\":[[1]],\"pagination\":{\"afterId\":true}}",
            "{\"headers\":[\"id\"],\"data\":[[1]],\"pagination\":{\"afterId\":{\"id\":1}}}",
            "{\"headers\":[\"id\"],\"data\":[[1]],\"pagination\":[1]}",
            "{\"headers\":[\"id\"],\"data\":[[1]]} trailing",
            "{\"headers\":[\"id\"],\"data\":[[1]]}{}",
            "{\"headers\":[\"id\"],\"data\":[[NaN]]}",
            "{\"headers\":[\"id\"],\"data\":[[1]],\"data\":[]}",
            ""})
    void unusableBodiesAreMalformedAndNotRetriedHere(String body) {
        // given
        remote.on(PAGE_PATH, json(body));

        // when / then
        assertThatThrownBy(() -> client.fetchPage(ACME, USERS, null, 10))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_MALFORMED_RESPONSE);
                    assertThat(e.retryable()).isTrue();
                });
        assertThat(remote.requests()).hasSize(1);
        assertThat(sleeper.waits).isEmpty();
    }

    @Test
    void bodyOverTheDeclaredLimitIsRefused() throws Exception {
        // given
        HttpRemotePages small = RemoteFixtures.endpoints(RemoteFixtures.settings(remote.baseUrl()).withMaxBodyBytes(1024), sleeper)
                .pages();
        remote.on(PAGE_PATH, json("{\"headers\":[\"v\"],\"data\":[[\"" + "x".repeat(2000) + "\"]]}"));

        // when / then
        assertThatThrownBy(() -> small.fetchPage(ACME, USERS, null, 10))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_MALFORMED_RESPONSE);
                    assertThat(e.getMessage()).contains("limit");
                });
        assertThat(remote.requests()).hasSize(1);
    }

    @Test
    void streamedBodyOverTheLimitIsRefusedWithoutReadingItAll() {
        // given
        HttpRemotePages small = RemoteFixtures.endpoints(RemoteFixtures.settings(remote.baseUrl()).withMaxBodyBytes(64 * 1024), sleeper)
                .pages();
        remote.on(PAGE_PATH, FakeRemote.largeChunked(4L * 1024 * 1024));

        // when / then
        assertThatThrownBy(() -> small.fetchPage(ACME, USERS, null, 10))
                .isInstanceOfSatisfying(FerryException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_MALFORMED_RESPONSE));
    }

    @Test
    void bodyJustUnderTheLimitIsRead() {
        // given
        String body = "{\"headers\":[\"v\"],\"data\":[[\"" + "x".repeat(900) + "\"]]}";
        HttpRemotePages small = RemoteFixtures.endpoints(RemoteFixtures.settings(remote.baseUrl()).withMaxBodyBytes(body.length()), sleeper)
                .pages();
        remote.on(PAGE_PATH, json(body));

        // when
        RemotePage page = small.fetchPage(ACME, USERS, null, 10);

        // then
        assertThat(page.data().get(0).get(0)).isEqualTo("x".repeat(900));
    }

    @Test
    void limitOutsideTheAllowedRangeIsAProgrammingError() {
        // when / then
        assertThatThrownBy(() -> client.fetchPage(ACME, USERS, null, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(remote.requests()).isEmpty();
    }
}
