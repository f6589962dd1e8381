package dev.ferry.adapter.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.mysql.cj.jdbc.MysqlDataSource;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ferry.adapter.mysql.InstallationDatabases;
import dev.ferry.adapter.mysql.MySqlJobStore;
import dev.ferry.adapter.mysql.MySqlRowSink;
import dev.ferry.adapter.mysql.MySqlSchemaMigrator;
import dev.ferry.adapter.remote.HmacTokenSigner;
import dev.ferry.adapter.remote.RemoteEndpoints;
import dev.ferry.adapter.remote.RemoteSettings;
import dev.ferry.adapter.remote.RetrySettings;
import dev.ferry.adapter.sqs.WorkMessageCodec;
import dev.ferry.app.CheckerSettings;
import dev.ferry.app.StatusReport;
import dev.ferry.app.port.WorkMessage;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationMode;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.domain.plan.SchemaScript;
import dev.ferry.local.engine.MySqlServer;
import dev.ferry.testing.IntegrationTest;
import dev.ferry.testing.LogCapture;
import dev.ferry.testing.RecordingWorkQueue;
import dev.ferry.testing.TestMySql;
import dev.ferry.verifier.RemoteTokenVerifier;
import dev.ferry.verifier.TokenRejectedException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile remote answers, through the worker function as Lambda calls it, into real installation
 * databases: every bad installation fails with its own code and reason in {@code ferry_migrations}
 * and in the log, nothing of a refused page is written, nothing from a response is ever used as SQL,
 * and the one honest installation migrating alongside completes.
 */
@IntegrationTest
class HostileRemoteWorkerTest {
    private static final byte[] SECRET = "hostile-remote-test-secret-0123456789-abc".getBytes(StandardCharsets.UTF_8);
    private static final int MAX_RECEIVES = 5;
    private static final DataType NOTES = new DataType("notes", null, "notes",
            List.of(Column.of("id", ColumnType.INTEGER), new Column("body", ColumnType.STRING, 100, null, null, false)),
            List.of("id"), 3, 1);
    private static final MigrationPlan PLAN = new MigrationPlan("hostile", MigrationMode.FAN_OUT, List.of(NOTES),
            List.of(new SchemaScript(1, "notes", List.of(
                    "CREATE TABLE IF NOT EXISTS notes (id BIGINT NOT NULL, body VARCHAR(100) NOT NULL, PRIMARY KEY (id))"))));
    /** Values a naive implementation would turn into SQL. */
    private static final List<String> HOSTILE_BODIES = List.of("plain", "it's", "x'); DROP TABLE notes; --",
            "`notes`", "\\\\'; SELECT 1; --", "ünï©ødé ✓", "\"quoted\"");

    private static HttpServer server;
    private static MySqlServer mysql;
    private static MysqlDataSource dataSource;
    private static InstallationDatabases databases;
    private static final Map<String, String> remoteStatus = new ConcurrentHashMap<>();
    private static final List<String> deadLetters = new ArrayList<>();
    private static LogCapture logs;
    private static String allLogs;

    /** What each installation's remote does wrong (or right). */
    private enum Behaviour { HONEST, FOREIGN_ON_SECOND_PAGE, IGNORES_LIMIT, SQL_IN_HEADERS, TRUNCATED_JSON, STUCK_CURSOR }

    private static final Map<String, Behaviour> INSTALLATIONS = new LinkedHashMap<>();

    @BeforeAll
    static void migrateEveryoneThroughTheWorker() throws Exception {
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        String tag = HexFormat.of().formatHex(random);
        INSTALLATIONS.put("honest-" + tag, Behaviour.HONEST);
        INSTALLATIONS.put("foreign-" + tag, Behaviour.FOREIGN_ON_SECOND_PAGE);
        INSTALLATIONS.put("greedy-" + tag, Behaviour.IGNORES_LIMIT);
        INSTALLATIONS.put("sqlish-" + tag, Behaviour.SQL_IN_HEADERS);
        INSTALLATIONS.put("garbled-" + tag, Behaviour.TRUNCATED_JSON);
        INSTALLATIONS.put("stuck-" + tag, Behaviour.STUCK_CURSOR);

        mysql = TestMySql.server();
        dataSource = new MysqlDataSource();
        dataSource.setUrl(mysql.serverUrl() + "&connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true");
        databases = new InstallationDatabases(dataSource, "fh_");
        startRemote();

        RemoteSettings settings = RemoteSettings.defaults(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .withRetry(RetrySettings.defaults().withMaxAttempts(2).withBackoff(Duration.ZERO, Duration.ZERO));
        RemoteEndpoints remote = new RemoteEndpoints(settings, new HmacTokenSigner(SECRET, "ferry-remote"));
        RecordingWorkQueue queue = new RecordingWorkQueue(java.time.Clock.systemUTC());
        MySqlRowSink sink = new MySqlRowSink(dataSource, databases);
        WorkerHandler worker = TestWorker.of(PLAN, dev.ferry.testing.TestCores.ports(new MySqlJobStore(dataSource, databases),
                remote, sink, dev.ferry.adapter.mysql.MySqlKeyRanges.strict(dataSource, databases),
                new dev.ferry.adapter.blocks.MySqlRowDeleter(dataSource, databases),
                new dev.ferry.adapter.mysql.MySqlVerificationStore(dataSource, databases),
                new MySqlSchemaMigrator(dataSource, databases), queue, java.time.Clock.systemUTC(),
                dev.ferry.domain.fault.Failpoints.NONE), new CheckerSettings(Duration.ofMinutes(5)));

        logs = LogCapture.start();
        try {
            for (String id : INSTALLATIONS.keySet()) {
                queue.send(new WorkMessage.Track(InstallationId.of(id)));
            }
            deliverLikeSqs(worker, queue);
            // A second round, as the scheduler's next ticks would do: the checker restarts failed chains (bounded).
            for (int round = 0; round < 3; round++) {
                for (String id : INSTALLATIONS.keySet()) {
                    queue.send(new WorkMessage.Track(InstallationId.of(id)));
                }
                deliverLikeSqs(worker, queue);
            }
        } finally {
            logs.close();
            allLogs = logs.all();
        }
    }

    /**
     * Delivers until the queue is empty; a message failed MAX_RECEIVES times goes to the dead letters. A
     * message sent to arrive later (a job waiting for its next attempt) is left aside: SQS would hold it.
     */
    private static void deliverLikeSqs(WorkerHandler worker, RecordingWorkQueue queue) {
        WorkMessageCodec codec = new WorkMessageCodec(TestWorker.JSON);
        Map<String, Integer> receives = new HashMap<>();
        WorkMessage message;
        int deliveries = 0;
        while ((message = queue.poll()) != null && deliveries++ < 2_000) {
            if (queue.dueOf(message).filter(due -> due.isAfter(java.time.Instant.now())).isPresent()) {
                continue;
            }
            String body = codec.encode(message);
            SQSBatchResponse response = worker.handleRequest(TestWorker.event(List.of(body)), TestWorker.context());
            if (!response.getBatchItemFailures().isEmpty()) {
                if (receives.merge(body, 1, Integer::sum) < MAX_RECEIVES) {
                    queue.send(message);
                } else {
                    deadLetters.add(body);
                }
            }
        }
    }

    @AfterAll
    static void dropEverything() {
        server.stop(0);
        for (String id : INSTALLATIONS.keySet()) {
            databases.drop(InstallationId.of(id));
        }
    }

    // ---- the checks --------------------------------------------------------------------------------

    @Test
    void honestInstallation_completes_withEveryValueStoredVerbatim() throws Exception {
        String honest = id(Behaviour.HONEST);
        assertThat(tracking(honest)).isEqualTo("DONE");
        assertThat(remoteStatus.get(honest)).isEqualTo("DONE");
        assertThat(bodies(honest)).containsExactlyElementsOf(HOSTILE_BODIES);
    }

    @Test
    void pageForAnotherInstallation_isRefused_andNothingOfItIsWritten() throws Exception {
        String foreign = id(Behaviour.FOREIGN_ON_SECOND_PAGE);
        assertThat(lastError(foreign)).containsEntry("code", "FOREIGN_INSTALLATION").containsEntry("status", "FAILED");
        assertThat(lastError(foreign).get("message")).contains(id(Behaviour.HONEST)).contains(foreign);
        // only its own first page (3 rows) is there: the honest installation's rows never landed in its database
        assertThat(bodies(foreign)).containsExactly("own 1", "own 2", "own 3");
        assertThat(allLogs).contains("remote page refused").contains("error=FOREIGN_INSTALLATION");
        assertThat(tracking(foreign)).isEqualTo("IN_PROGRESS");
    }

    @Test
    void pageWithMoreRowsThanAskedFor_isRefused() throws Exception {
        String greedy = id(Behaviour.IGNORES_LIMIT);
        assertThat(lastError(greedy)).containsEntry("code", "PAGE_OVER_LIMIT").containsEntry("status", "FAILED");
        assertThat(bodies(greedy)).isEmpty();
    }

    @Test
    void sqlInHeaders_isRefusedAsHeadersMismatch_andNeverReachesSql() throws Exception {
        String sqlish = id(Behaviour.SQL_IN_HEADERS);
        assertThat(lastError(sqlish)).containsEntry("code", "HEADERS_MISMATCH").containsEntry("status", "FAILED");
        assertThat(lastError(sqlish).get("message")).contains("unknown [body`) VALUES");
        // the table the header tried to drop is still there, empty, and no other table appeared
        assertThat(bodies(sqlish)).isEmpty();
        assertThat(tables(sqlish)).containsExactlyInAnyOrder("notes", "ferry_migrations", "ferry_owner", "ferry_schema_history");
    }

    @Test
    void truncatedJson_isRetried_thenWaitsForItsNextAttemptWithItsReason_notInTheDeadLetters() throws Exception {
        String garbled = id(Behaviour.TRUNCATED_JSON);
        assertThat(lastError(garbled)).containsEntry("code", "REMOTE_MALFORMED_RESPONSE").containsEntry("status", "PENDING");
        assertThat(bodies(garbled)).isEmpty();
        // the job keeps its own schedule (a delayed message): the dead-letter queue is for unreadable messages only
        assertThat(deadLetters).noneMatch(body -> body.contains(garbled));
        StatusReport.ChainState chain = new StatusReport(PLAN, new MySqlJobStore(dataSource, databases),
                (after, limit) -> null).installation(InstallationId.of(garbled)).chains().get(0);
        assertThat(chain.waiting()).isTrue();
        assertThat(chain.nextAttemptAt()).isNotNull();
    }

    @Test
    void cursorThatDoesNotAdvance_failsInsteadOfLooping() throws Exception {
        String stuck = id(Behaviour.STUCK_CURSOR);
        assertThat(lastError(stuck)).containsEntry("code", "CURSOR_NOT_ADVANCING").containsEntry("status", "FAILED");
        // the first page (cursor null -> 3) and the one that answered 3 again were written once each
        assertThat(bodies(stuck)).containsExactly("stuck 1", "stuck 2", "stuck 3");
    }

    @Test
    void everyPermanentFailure_isVisibleInTheStatusReport_andInTheLog() {
        StatusReport report = new StatusReport(PLAN, new MySqlJobStore(dataSource, databases), (after, limit) -> null);
        for (Behaviour failing : List.of(Behaviour.FOREIGN_ON_SECOND_PAGE, Behaviour.IGNORES_LIMIT,
                Behaviour.SQL_IN_HEADERS, Behaviour.STUCK_CURSOR)) {
            StatusReport.InstallationState state = report.installation(InstallationId.of(id(failing)));
            assertThat(state.failing()).as(failing.name()).isTrue();
            StatusReport.ChainState notes = state.chains().get(0);
            assertThat(notes.status()).isEqualTo(JobStatus.FAILED);
            // a permanent failure is not restarted by the checker: left for a person after one attempt
            assertThat(notes.attempts()).as(failing.name()).isEqualTo(1);
            assertThat(notes.lastError()).isNotBlank();
            assertThat(allLogs).contains("installation=" + id(failing));
        }
        assertThat(report.installation(InstallationId.of(id(Behaviour.HONEST))).status()).isEqualTo(InstallationStatus.DONE);
        assertThat(allLogs).contains("job FAILED, acknowledged");
    }

    // ---- the hostile remote ------------------------------------------------------------------------

    private static void startRemote() throws IOException {
        RemoteTokenVerifier verifier = RemoteTokenVerifier.builder().sharedSecret(SECRET).build();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", exchange -> {
            try (exchange) {
                String installation;
                try {
                    installation = verifier.verifyForAnyInstallation(exchange.getRequestHeaders().getFirst("Authorization"))
                            .installationId();
                } catch (TokenRejectedException e) {
                    send(exchange, e.reason().httpStatus(), "{\"error\":\"" + e.reason() + "\"}");
                    return;
                }
                String path = exchange.getRequestURI().getPath();
                if (path.equals("/migration-status")) {
                    if (exchange.getRequestMethod().equals("PUT")) {
                        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                        remoteStatus.put(installation, body.contains("DONE") ? "DONE" : "IN_PROGRESS");
                        send(exchange, 204, "");
                    } else {
                        send(exchange, 200, "{\"status\":\"" + remoteStatus.getOrDefault(installation, "READY") + "\"}");
                    }
                    return;
                }
                Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
                send(exchange, 200, page(installation, Integer.parseInt(query.get("limit")), query.get("after")));
            }
        });
        server.start();
    }

    private static String page(String installation, int limit, String after) {
        int from = after == null ? 0 : Integer.parseInt(after);
        return switch (INSTALLATIONS.get(installation)) {
            case HONEST -> rows(installation, "[\"id\",\"body\"]", HOSTILE_BODIES, from, limit);
            case FOREIGN_ON_SECOND_PAGE -> from == 0
                    ? rows(installation, "[\"id\",\"body\"]", List.of("own 1", "own 2", "own 3", "own 4"), 0, limit)
                    // the second page is the honest installation's rows, labelled as theirs
                    : rows(id(Behaviour.HONEST), "[\"id\",\"body\"]", HOSTILE_BODIES, from, limit);
            case IGNORES_LIMIT -> rows(installation, "[\"id\",\"body\"]", List.of("a", "b", "c", "d", "e"), from, 5);
            case SQL_IN_HEADERS -> rows(installation, "[\"id\",\"body`) VALUES (1,'x'); DROP TABLE notes; --\"]",
                    List.of("a", "b"), from, limit);
            case TRUNCATED_JSON -> "{\"installationId\":\"" + installation + "\",\"headers\":[\"id\",\"body\"],\"data\":[[1,\"a";
            case STUCK_CURSOR -> {
                String page = rows(installation, "[\"id\",\"body\"]", List.of("stuck 1", "stuck 2", "stuck 3", "stuck 4"),
                        0, limit);
                yield page.replaceAll("\"afterId\":[0-9]+", "\"afterId\":3");
            }
        };
    }

    /** A page of (id, body) rows from {@code from}, labelled with {@code label}, with a numeric afterId. */
    private static String rows(String label, String headers, List<String> bodies, int from, int limit) {
        StringBuilder data = new StringBuilder();
        int to = Math.min(bodies.size(), from + limit);
        for (int i = from; i < to; i++) {
            data.append(data.length() == 0 ? "" : ",").append("[").append(i + 1).append(",")
                    .append(TestWorker.JSON.valueToTree(bodies.get(i)).toString()).append("]");
        }
        String afterId = to < bodies.size() ? String.valueOf(to) : "null";
        return "{\"installationId\":\"" + label + "\",\"headers\":" + headers + ",\"data\":[" + data
                + "],\"pagination\":{\"afterId\":" + afterId + "}}";
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int eq = pair.indexOf('=');
            out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    // ---- reading the installation databases ---------------------------------------------------------

    private static String id(Behaviour behaviour) {
        return INSTALLATIONS.entrySet().stream().filter(e -> e.getValue() == behaviour).findFirst().orElseThrow().getKey();
    }

    private static String db(String installation) {
        return databases.quoted(InstallationId.of(installation));
    }

    private static List<String> bodies(String installation) throws SQLException {
        return strings("SELECT body FROM " + db(installation) + ".notes ORDER BY id");
    }

    private static String tracking(String installation) throws SQLException {
        return strings("SELECT status FROM " + db(installation) + ".ferry_migrations WHERE job_id = '__DATA_MIGRATION__'")
                .get(0);
    }

    /** The notes chain's live job: status, last_error_code and last_error. */
    private static Map<String, String> lastError(String installation) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT status, last_error_code, last_error FROM " + db(installation)
                     + ".ferry_migrations WHERE chain = 'notes' ORDER BY seq DESC LIMIT 1")) {
            assertThat(rs.next()).as("a notes job for " + installation).isTrue();
            Map<String, String> out = new HashMap<>();
            out.put("status", rs.getString(1));
            out.put("code", rs.getString(2));
            out.put("message", rs.getString(3));
            return out;
        }
    }

    private static List<String> tables(String installation) throws SQLException {
        return strings("SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                + databases.name(InstallationId.of(installation)) + "'");
    }

    private static List<String> strings(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }
}
