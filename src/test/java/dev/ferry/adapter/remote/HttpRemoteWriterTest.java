package dev.ferry.adapter.remote;

import static dev.ferry.adapter.remote.FakeRemote.status;
import static dev.ferry.adapter.remote.RemoteFixtures.ACME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.nimbusds.jwt.SignedJWT;
import dev.ferry.app.port.RemoteWriter;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.page.JsonText;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.verify.RowKey;
import dev.ferry.testing.IntegrationTest;
import dev.ferry.testing.LogCapture;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@IntegrationTest
class HttpRemoteWriterTest {
    private static final String ROWS = "/data-migration/project-items/rows";
    private static final DataType ITEMS = new DataType("items", "project-items", "items",
            List.of(Column.of("id", ColumnType.INTEGER), Column.nullable("name", ColumnType.STRING),
                    Column.nullable("budget", ColumnType.DECIMAL), Column.nullable("ratio", ColumnType.DOUBLE),
                    Column.nullable("done", ColumnType.BOOLEAN), Column.nullable("due", ColumnType.DATE),
                    Column.nullable("updated_at", ColumnType.DATETIME), Column.nullable("created", ColumnType.TIMESTAMP),
                    Column.nullable("settings", ColumnType.JSON), Column.nullable("content", ColumnType.BINARY)),
            List.of("id"), 100, 0);
    private static final Row FULL = Row.of(11L, "Ünïcode \"quoted\"", new BigDecimal("1234567890.50"), 0.25, true,
            LocalDate.of(2024, 2, 29), LocalDateTime.of(2024, 3, 1, 10, 15, 30, 123_000_000),
            LocalDateTime.of(2024, 3, 1, 10, 15), new JsonText("{\"b\":[1,2.50],\"a\":null}"), new byte[] {1, 2, (byte) 250});
    private static final Row EMPTY = Row.of(new BigInteger("12"), null, null, null, null, null, null, null, null, null);

    /** Reads numbers exactly, as a remote should. */
    private final ObjectMapper mapper = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    private FakeRemote remote;
    private RemoteFixtures.RecordingSleeper sleeper;
    private HttpRemoteWriter client;

    @BeforeEach
    void start() throws Exception {
        remote = new FakeRemote();
        sleeper = new RemoteFixtures.RecordingSleeper();
        client = RemoteFixtures.endpoints(RemoteFixtures.settings(remote.baseUrl()), sleeper).writer();
    }

    @AfterEach
    void stop() {
        remote.close();
    }

    @Test
    void replaceRangePutsTheRangeAndRowsAsJson() throws Exception {
        // given
        remote.on(ROWS, status(204, ""));

        // when
        client.replaceRange(ACME, ITEMS, RowKey.of(10L), RowKey.of(20L), List.of(FULL, EMPTY));

        // then the request
        FakeRemote.Received request = remote.lastRequest();
        assertThat(request.method()).isEqualTo("PUT");
        assertThat(request.rawPath()).isEqualTo("/remote/data-migration/project-items/rows");
        assertThat(request.rawQuery()).isNull();
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(SignedJWT.parse(request.token()).getJWTClaimsSet().getStringClaim("installationId")).isEqualTo("acme-1");
        // and the body, value by value
        JsonNode body = mapper.readTree(request.body());
        assertThat(body.get("after").toString()).isEqualTo("[10]");
        assertThat(body.get("through").toString()).isEqualTo("[20]");
        assertThat(mapper.convertValue(body.get("headers"), List.class)).containsExactly("id", "name", "budget", "ratio",
                "done", "due", "updated_at", "created", "settings", "content");
        JsonNode full = body.get("data").get(0);
        assertThat(full.get(0).isIntegralNumber()).isTrue();
        assertThat(full.get(0).longValue()).isEqualTo(11L);
        assertThat(full.get(1).textValue()).isEqualTo("Ünïcode \"quoted\"");
        assertThat(full.get(2).decimalValue()).isEqualByComparingTo(new BigDecimal("1234567890.50"));
        assertThat(full.get(3).doubleValue()).isEqualTo(0.25);
        assertThat(full.get(4).booleanValue()).isTrue();
        assertThat(full.get(5).textValue()).isEqualTo("2024-02-29");
        assertThat(full.get(6).textValue()).isEqualTo("2024-03-01T10:15:30.123");
        assertThat(full.get(7).textValue()).isEqualTo("2024-03-01T10:15:00Z");
        assertThat(full.get(8).isObject()).isTrue();
        assertThat(full.get(8).get("b").get(1).decimalValue()).isEqualByComparingTo(new BigDecimal("2.50"));
        assertThat(full.get(9).textValue()).isEqualTo("AQL6");
        assertThat(request.body()).contains("1234567890.50").contains("[1,2.50]");
        JsonNode empty = body.get("data").get(1);
        assertThat(empty.get(0).longValue()).isEqualTo(12L);
        for (int i = 1; i < 10; i++) {
            assertThat(empty.get(i).isNull()).isTrue();
        }
    }

    @Test
    void openBoundsAndNoRowsAreSentAsNullAndAnEmptyArray() throws Exception {
        // given
        remote.on(ROWS, status(200, "{\"rows\":0}"));

        // when
        client.replaceRange(ACME, ITEMS, null, null, List.of());

        // then
        JsonNode body = mapper.readTree(remote.lastRequest().body());
        assertThat(body.get("after").isNull()).isTrue();
        assertThat(body.get("through").isNull()).isTrue();
        assertThat(body.get("data").isArray()).isTrue();
        assertThat(body.get("data")).isEmpty();
    }

    @Test
    void aRemoteWithoutTheWriteEndpointIsRejectedPermanentlyAtOnce() {
        for (int missing : new int[] {404, 501}) {
            // given
            remote.on(ROWS, status(missing, "{\"error\":\"no\"}"));
            int before = remote.requests().size();

            // when / then
            assertThatThrownBy(() -> client.replaceRange(ACME, ITEMS, null, RowKey.of(5L), List.of()))
                    .isInstanceOfSatisfying(FerryException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_REJECTED);
                        assertThat(e.code().retryable()).isFalse();
                        assertThat(e.getMessage()).contains("no write endpoint").contains(String.valueOf(missing));
                    });
            assertThat(remote.requests()).hasSize(before + 1);
            assertThat(sleeper.waits).isEmpty();
            remote.close();
            try {
                remote = new FakeRemote();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            client = RemoteFixtures.endpoints(RemoteFixtures.settings(remote.baseUrl()), sleeper).writer();
        }
    }

    @Test
    void aRefusedWriteIsRejectedWithTheRemotesReason() {
        // given
        remote.on(ROWS, status(409, "{\"error\":\"conflict\",\"message\":\"a key belongs to another installation\"}"));

        // when / then
        assertThatThrownBy(() -> client.replaceRange(ACME, ITEMS, null, null, List.of(FULL)))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_REJECTED);
                    assertThat(e.getMessage()).contains("409").contains("another installation");
                });
        assertThat(remote.requests()).hasSize(1);
    }

    @Test
    void transientFailuresAreRetriedWithTheSameBody() {
        // given
        remote.on(ROWS, status(503, "{}"), status(500, "{}"), status(204, ""));

        // when
        client.replaceRange(ACME, ITEMS, RowKey.of(10L), RowKey.of(20L), List.of(FULL));

        // then
        List<FakeRemote.Received> requests = remote.requests();
        assertThat(requests).hasSize(3);
        assertThat(requests).extracting(FakeRemote.Received::body).containsOnly(requests.get(0).body());
        assertThat(sleeper.waits).hasSize(2);
    }

    @Test
    void rowValuesNeverReachTheLogs() {
        // given
        remote.on(ROWS, status(500, "{}"), status(400, "{\"error\":\"bad\"}"));

        // when
        try (LogCapture logs = LogCapture.start()) {
            assertThatThrownBy(() -> client.replaceRange(ACME, ITEMS, RowKey.of(10L), RowKey.of(20L), List.of(FULL)))
                    .isInstanceOf(FerryException.class);

            // then
            assertThat(ferryLines(logs)).contains("PUT /remote/data-migration/project-items/rows")
                    .doesNotContain("Ünïcode").doesNotContain("1234567890").doesNotContain("AQL6");
        }
    }

    @Test
    void aRowOfTheWrongShapeIsRefusedBeforeAnyCall() {
        // when / then
        assertThatThrownBy(() -> client.replaceRange(ACME, ITEMS, null, null, List.of(Row.of(1L, "short"))))
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ROW_ARITY));
        assertThat(remote.requests()).isEmpty();
    }

    @Test
    void theDeadlineViewIsAWriterBoundedByTheTimeLeft() {
        // given
        remote.on(ROWS, remote.hang());
        RemoteWriter budgeted = ((RemoteWriter) client).withDeadline(() -> 300);
        long started = System.nanoTime();

        // when / then
        assertThat(budgeted).isInstanceOf(HttpRemoteWriter.class);
        assertThatThrownBy(() -> budgeted.replaceRange(ACME, ITEMS, null, null, List.of(FULL)))
                .isInstanceOfSatisfying(FerryException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_UNAVAILABLE));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
    }

    /** What Ferry's remote adapter logged (the JDK's HTTP client debug output is not Ferry's). */
    private static String ferryLines(LogCapture logs) {
        return String.join("\n", logs.records().stream().filter(line -> line.contains("dev.ferry.adapter.remote")).toList());
    }
}
