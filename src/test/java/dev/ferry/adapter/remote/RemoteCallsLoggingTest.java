package dev.ferry.adapter.remote;

import static dev.ferry.adapter.remote.FakeRemote.json;
import static dev.ferry.adapter.remote.FakeRemote.status;
import static dev.ferry.adapter.remote.RemoteFixtures.ACME;
import static dev.ferry.adapter.remote.RemoteFixtures.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.page.Cursor;
import dev.ferry.testing.IntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@IntegrationTest
class RemoteCallsLoggingTest {
    private static final String PAGE_PATH = "/data-migration/users/";
    private static final String CATEGORY = "dev.ferry.adapter.remote";

    private FakeRemote remote;
    private RemoteEndpoints client;
    private final CapturingHandler captured = new CapturingHandler();
    private Level previousLevel;

    /** Keeps every record published anywhere, formatted as the message would read. */
    static final class CapturingHandler extends Handler {
        final List<LogRecord> records = new CopyOnWriteArrayList<>();
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void publish(LogRecord record) {
            records.add(record);
            String message = record instanceof org.jboss.logmanager.ExtLogRecord ext
                    ? ext.getFormattedMessage() : new SimpleFormatter().formatMessage(record);
            StringBuilder line = new StringBuilder(String.valueOf(message));
            for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                line.append(" | ").append(t);
            }
            lines.add(line.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        List<String> warnings() {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < records.size(); i++) {
                if (records.get(i).getLevel().intValue() == Level.WARNING.intValue()
                        && records.get(i).getLoggerName().startsWith(CATEGORY)) {
                    out.add(lines.get(i));
                }
            }
            return out;
        }
    }

    @BeforeEach
    void start() throws Exception {
        remote = new FakeRemote();
        RemoteSettings settings = RemoteFixtures.settings(remote.baseUrl()).withRequestTimeout(Duration.ofMillis(300));
        client = RemoteFixtures.endpoints(settings, new RemoteFixtures.RecordingSleeper());
        captured.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(captured);
        Logger category = Logger.getLogger(CATEGORY);
        previousLevel = category.getLevel();
        category.setLevel(Level.ALL);
    }

    @AfterEach
    void stop() {
        Logger.getLogger("").removeHandler(captured);
        Logger.getLogger(CATEGORY).setLevel(previousLevel);
        remote.close();
    }

    private static FakeRemote.Responder echoTokenAsJson(int status) {
        return (HttpExchange exchange) -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String raw = auth.substring("Bearer ".length());
            FakeRemote.send(exchange, status, "{\"you sent\":\"" + auth + "\",\"token\":\"" + raw + "\"}");
        };
    }

    @Test
    void neitherTheSecretNorAnyTokenReachesTheLogsEvenWhenTheRemoteEchoesThem() {
        // given: a remote that echoes the Authorization header in every kind of failure, then a success
        remote.on(PAGE_PATH, echoTokenAsJson(500), echoTokenAsJson(429), echoTokenAsJson(401));
        remote.on("/migration-status", echoTokenAsJson(200));
        remote.on("/installations", FakeRemote.echoAuthorization(503), remote.hang(),
                json("{\"installations\":[\"a-1\"],\"pagination\":{\"afterId\":null}}"));

        // when
        FerryException pageError = catchThrowableOfType(FerryException.class,
                () -> client.pages().fetchPage(ACME, USERS, Cursor.ofString("c-9"), 10));
        FerryException statusError = catchThrowableOfType(FerryException.class, () -> client.status().migrationStatus(ACME));
        client.installations().list(null, 10);

        // then
        List<String> tokens = remote.requests().stream().map(FakeRemote.Received::token).toList();
        assertThat(tokens).hasSize(7).doesNotContainNull();
        List<String> everything = new ArrayList<>(captured.lines);
        everything.add(pageError.getMessage());
        everything.add(statusError.getMessage());
        everything.add(client.toString());
        assertThat(captured.lines).isNotEmpty();
        for (String line : everything) {
            assertThat(line).doesNotContain(RemoteFixtures.SECRET_TEXT).doesNotContain("eyJ");
            for (String token : tokens) {
                assertThat(line).doesNotContain(token);
                assertThat(line).doesNotContain(token.substring(token.lastIndexOf('.') + 1));
            }
        }
        assertThat(String.join("\n", captured.warnings())).contains("[redacted]");
    }

    @Test
    void eachFailedAttemptLogsOneWarningWithItsContext() {
        // given
        remote.on(PAGE_PATH, status(500, "{\"error\":\"database\\nexploded\"}"), status(503, "x".repeat(2000)),
                json("{\"headers\":[\"id\"],\"data\":[]}"));

        // when
        client.pages().fetchPage(ACME, USERS, Cursor.ofString("c 1&2"), 10);

        // then
        List<String> warnings = captured.warnings();
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).contains("GET /remote/data-migration/users/?limit=10&after=c%201%262", "status=500",
                "attempt=1/5", "installation=acme-1", "dataType=users", "after=\"c 1&2\"", "retrying in",
                "database\\\\nexploded").doesNotContain("\n");
        assertThat(warnings.get(1)).contains("status=503", "attempt=2/5");
        String excerpt = warnings.get(1).substring(warnings.get(1).indexOf("body=\"") + 6);
        assertThat(excerpt).isEqualTo("x".repeat(RemoteCalls.LOG_EXCERPT_CHARS) + "…\"");
    }

    @Test
    void permanentFailureLogsOnceAndSaysItGivesUp() {
        // given
        remote.on(PAGE_PATH, status(404, "no such data type"));

        // when
        catchThrowableOfType(FerryException.class, () -> client.pages().fetchPage(ACME, USERS, null, 10));

        // then
        assertThat(captured.warnings()).singleElement().satisfies(line -> assertThat(line)
                .contains("status=404", "error=REMOTE_REJECTED", "giving up", "no such data type", "after=-"));
    }

    @Test
    void successIsLoggedAtDebugOnly() {
        // given
        remote.on(PAGE_PATH, json("{\"headers\":[\"id\"],\"data\":[[1]],\"pagination\":{\"afterId\":1}}"));

        // when
        client.pages().fetchPage(ACME, USERS, null, 10);

        // then
        assertThat(captured.warnings()).isEmpty();
        assertThat(captured.records).filteredOn(r -> r.getLoggerName().startsWith(CATEGORY))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.getLevel().intValue()).isLessThan(Level.INFO.intValue()));
        assertThat(captured.lines).anySatisfy(line -> assertThat(line).contains("remote call ok", "rows=1"));
    }
}
