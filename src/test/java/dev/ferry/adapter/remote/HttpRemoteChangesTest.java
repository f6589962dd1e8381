package dev.ferry.adapter.remote;

import static dev.ferry.adapter.remote.FakeRemote.json;
import static dev.ferry.adapter.remote.FakeRemote.status;
import static dev.ferry.adapter.remote.RemoteFixtures.ACME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.SignedJWT;
import dev.ferry.app.port.RemoteChanges;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.page.RemotePage;
import dev.ferry.domain.plan.ChangeFeed;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.sync.ChangeCursor;
import dev.ferry.domain.sync.ChangePhase;
import dev.ferry.domain.verify.RowKey;
import dev.ferry.testing.IntegrationTest;
import dev.ferry.testing.LogCapture;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@IntegrationTest
class HttpRemoteChangesTest {
    private static final String CHANGES = "/data-migration/issues/changes";
    private static final String DELETIONS = "/data-migration/issues/deletions";
    private static final DataType ISSUES = new DataType("issues", "issues", "issues",
            List.of(Column.of("id", ColumnType.INTEGER), Column.nullable("title", ColumnType.STRING),
                    Column.of("updated_at", ColumnType.DATETIME)),
            List.of("id"), 200, 0, new ChangeFeed("updated_at", true));
    /** A composite key of every kind of value a key can hold. */
    private static final DataType EVENTS = new DataType("events", "audit/events", "events",
            List.of(Column.of("tenant", ColumnType.STRING), Column.of("at", ColumnType.DATETIME),
                    Column.of("stamp", ColumnType.TIMESTAMP), Column.of("seq", ColumnType.DECIMAL),
                    Column.of("digest", ColumnType.BINARY), Column.of("day", ColumnType.DATE),
                    Column.of("updated_at", ColumnType.DATETIME)),
            List.of("tenant", "at", "stamp", "seq", "digest", "day"), 100, 0, new ChangeFeed("updated_at", false));
    private static final LocalDateTime FROM = LocalDateTime.of(2024, 3, 1, 10, 0);
    private static final LocalDateTime UNTIL = LocalDateTime.of(2024, 3, 1, 11, 15, 30, 123_456_000);
    private static final String PAGE = "{\"installationId\":\"acme-1\",\"headers\":[\"id\",\"title\",\"updated_at\"],"
            + "\"data\":[[7,\"Seven\",\"2024-03-01T10:20:00.000Z\"],[9,null,\"2024-03-01T10:20:00.000Z\"]],"
            + "\"pagination\":{\"afterId\":\"opaque\"}}";

    private final ObjectMapper mapper = new ObjectMapper();
    private FakeRemote remote;
    private RemoteFixtures.RecordingSleeper sleeper;
    private HttpRemoteChanges client;

    @BeforeEach
    void start() throws Exception {
        remote = new FakeRemote();
        sleeper = new RemoteFixtures.RecordingSleeper();
        client = RemoteFixtures.endpoints(RemoteFixtures.settings(remote.baseUrl()), sleeper).changes();
    }

    @AfterEach
    void stop() {
        remote.close();
    }

    @Test
    void firstChangesPageAsksForTheWindowOnlyAndParsesLikeADataPage() throws Exception {
        // given
        remote.on(CHANGES, json(PAGE));

        // when
        RemotePage page = client.fetchChanges(ACME, ISSUES, ChangeCursor.start(null, UNTIL), 10);

        // then
        FakeRemote.Received request = remote.lastRequest();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.rawPath()).isEqualTo("/remote/data-migration/issues/changes");
        assertThat(request.rawQuery()).isEqualTo("limit=10&until=2024-03-01T11%3A15%3A30.123456");
        assertThat(SignedJWT.parse(request.token()).getJWTClaimsSet().getStringClaim("installationId"))
                .isEqualTo("acme-1");
        assertThat(page.headers()).containsExactly("id", "title", "updated_at");
        assertThat(page.data()).containsExactly(
                Arrays.asList(new BigDecimal("7"), "Seven", "2024-03-01T10:20:00.000Z"),
                Arrays.asList(new BigDecimal("9"), null, "2024-03-01T10:20:00.000Z"));
        assertThat(page.installationId()).isEqualTo("acme-1");
        assertThat(page.next()).isNotNull();
    }

    @Test
    void positionIsSentAsTheLastRowsTimeAndKeyAsAJsonArray() {
        // given
        remote.on(CHANGES, json("{\"headers\":[],\"data\":[],\"pagination\":{\"afterId\":null}}"));
        ChangeCursor position = ChangeCursor.start(FROM, UNTIL)
                .after(LocalDateTime.of(2024, 3, 1, 10, 20), RowKey.of(9L));

        // when
        RemotePage page = client.fetchChanges(ACME, ISSUES, position, 10);

        // then
        assertThat(remote.lastRequest().query()).containsExactly(
                java.util.Map.entry("limit", "10"),
                java.util.Map.entry("from", "2024-03-01T10:00"),
                java.util.Map.entry("until", "2024-03-01T11:15:30.123456"),
                java.util.Map.entry("afterUpdatedAt", "2024-03-01T10:20"),
                java.util.Map.entry("afterKey", "[9]"));
        assertThat(page.isLast()).isTrue();
    }

    @Test
    void compositeKeyValuesAreEncodedAsTheRemoteReadsValues() throws Exception {
        // given a key with text needing escapes, a date-time, a timestamp, an exact decimal, bytes and a date
        remote.on("/data-migration/audit/events/changes", json("{\"headers\":[],\"data\":[]}"));
        RowKey key = RowKey.of("a&b \"c\"/é+", LocalDateTime.of(2024, 3, 1, 10, 15, 30, 120_000_000),
                LocalDateTime.of(2024, 3, 1, 10, 15), new BigDecimal("12.50"), new byte[] {0, (byte) 0xff, 65},
                java.time.LocalDate.of(2024, 2, 29));

        // when
        client.fetchChanges(ACME, EVENTS, ChangeCursor.start(null, UNTIL).after(LocalDateTime.of(2024, 3, 1, 10, 0), key), 5);

        // then
        String afterKey = remote.lastRequest().query().get("afterKey");
        JsonNode values = mapper.readTree(afterKey);
        assertThat(afterKey).contains("12.50").doesNotContain("E");
        assertThat(values.get(0).textValue()).isEqualTo("a&b \"c\"/é+");
        assertThat(values.get(1).textValue()).isEqualTo("2024-03-01T10:15:30.12");
        assertThat(values.get(2).textValue()).isEqualTo("2024-03-01T10:15:00Z");
        assertThat(values.get(3).isNumber()).isTrue();
        assertThat(values.get(4).textValue()).isEqualTo("AP9B");
        assertThat(values.get(5).textValue()).isEqualTo("2024-02-29");
        assertThat(remote.lastRequest().rawPath()).isEqualTo("/remote/data-migration/audit/events/changes");
    }

    @Test
    void deletionsAreReadFromTheirOwnPathWithTheSameQuery() {
        // given
        remote.on(DELETIONS, json("{\"headers\":[\"id\",\"deleted_at\"],\"data\":[[4,\"2024-03-01T10:30:00Z\"]],"
                + "\"pagination\":{\"afterId\":null}}"));
        ChangeCursor position = ChangeCursor.start(FROM, UNTIL).startOf(ChangePhase.DELETIONS)
                .after(LocalDateTime.of(2024, 3, 1, 10, 5), RowKey.of(3L));

        // when
        RemotePage page = client.fetchDeletions(ACME, ISSUES, position, 50);

        // then
        assertThat(remote.lastRequest().rawPath()).isEqualTo("/remote/data-migration/issues/deletions");
        assertThat(remote.lastRequest().query()).containsEntry("limit", "50").containsEntry("from", "2024-03-01T10:00")
                .containsEntry("afterUpdatedAt", "2024-03-01T10:05").containsEntry("afterKey", "[3]");
        assertThat(page.headers()).containsExactly("id", "deleted_at");
        assertThat(page.data()).containsExactly(List.of(new BigDecimal("4"), "2024-03-01T10:30:00Z"));
    }

    @Test
    void aCursorOfTheOtherPhaseIsRefusedBeforeAnyCall() {
        // when / then
        assertThatThrownBy(() -> client.fetchChanges(ACME, ISSUES, ChangeCursor.start(null, UNTIL).startOf(ChangePhase.DELETIONS), 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.fetchDeletions(ACME, ISSUES, ChangeCursor.start(null, UNTIL), 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(remote.requests()).isEmpty();
    }

    @Test
    void aChangesPageOfAnotherInstallationOrOverTheLimitIsRefused() {
        // given
        remote.on(CHANGES, json(PAGE.replace("acme-1", "other-2")), json(PAGE));

        // when / then
        assertThatThrownBy(() -> client.fetchChanges(ACME, ISSUES, ChangeCursor.start(null, UNTIL), 10))
                .isInstanceOfSatisfying(FerryException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.FOREIGN_INSTALLATION));
        assertThatThrownBy(() -> client.fetchChanges(ACME, ISSUES, ChangeCursor.start(null, UNTIL), 1))
                .isInstanceOfSatisfying(FerryException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.PAGE_OVER_LIMIT));
    }

    @Test
    void transientFailuresAreRetriedAsForDataPages() {
        // given
        remote.on(CHANGES, status(503, "{\"error\":\"busy\"}"), status(429, "{}", "Retry-After", "2"), json(PAGE));

        // when
        RemotePage page = client.fetchChanges(ACME, ISSUES, ChangeCursor.start(null, UNTIL), 10);

        // then
        assertThat(page.data()).hasSize(2);
        assertThat(remote.requests()).hasSize(3);
        assertThat(sleeper.waits).hasSize(2);
        assertThat(sleeper.waits.get(1)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aRemoteWithoutTheChangeFeedIsRejectedAtOnce() {
        // given
        remote.on(CHANGES, status(404, "{\"error\":\"not_found\"}"));
        remote.on(DELETIONS, status(501, "{\"error\":\"not implemented\"}"));

        // when / then
        assertThatThrownBy(() -> client.fetchChanges(ACME, ISSUES, ChangeCursor.start(null, UNTIL), 10))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_REJECTED);
                    assertThat(e.code().retryable()).isFalse();
                    assertThat(e.getMessage()).contains("no change feed endpoint").contains("404");
                });
        assertThatThrownBy(() -> client.fetchDeletions(ACME, ISSUES, ChangeCursor.start(null, UNTIL).startOf(ChangePhase.DELETIONS), 10))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_REJECTED);
                    assertThat(e.getMessage()).contains("501");
                });
        assertThat(remote.requests()).hasSize(2);
        assertThat(sleeper.waits).isEmpty();
    }

    @Test
    void failureLogsShowTheQueryWithoutKeyValues() {
        // given
        remote.on(CHANGES, status(400, "{\"error\":\"bad\"}"));
        ChangeCursor position = ChangeCursor.start(null, UNTIL).after(UNTIL.minusHours(1), RowKey.of(424242L));

        // when
        try (LogCapture logs = LogCapture.start()) {
            assertThatThrownBy(() -> client.fetchChanges(ACME, ISSUES, position, 10)).isInstanceOf(FerryException.class);

            // then
            assertThat(ferryLines(logs)).contains("/data-migration/issues/changes?limit=10").contains("afterKey=*")
                    .doesNotContain("424242");
        }
    }

    @Test
    void theDeadlineViewIsAChangeFeedBoundedByTheTimeLeft() {
        // given
        remote.on(CHANGES, remote.hang());
        RemoteChanges budgeted = ((RemoteChanges) client).withDeadline(new AtomicLong(300)::get);
        long started = System.nanoTime();

        // when / then
        assertThat(budgeted).isInstanceOf(HttpRemoteChanges.class);
        assertThatThrownBy(() -> budgeted.fetchChanges(ACME, ISSUES, ChangeCursor.start(null, UNTIL), 10))
                .isInstanceOfSatisfying(FerryException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_UNAVAILABLE));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void noTimeLeftMeansNoChangesCall() {
        // given
        remote.on(CHANGES, json(PAGE));

        // when / then
        assertThatThrownBy(() -> client.withDeadline(() -> 0).fetchChanges(ACME, ISSUES, ChangeCursor.start(null, UNTIL), 10))
                .isInstanceOf(FerryException.class);
        assertThat(remote.requests()).isEmpty();
    }

    /** What Ferry's remote adapter logged (the JDK's HTTP client debug output is not Ferry's). */
    private static String ferryLines(LogCapture logs) {
        return String.join("\n", logs.records().stream().filter(line -> line.contains("dev.ferry.adapter.remote")).toList());
    }
}
