package dev.ferry.adapter.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.mysql.cj.jdbc.MysqlDataSource;
import com.sun.net.httpserver.HttpServer;
import dev.ferry.adapter.mysql.InstallationDatabases;
import dev.ferry.adapter.mysql.MySqlJobStore;
import dev.ferry.adapter.mysql.MySqlRowSink;
import dev.ferry.adapter.mysql.MySqlSchemaMigrator;
import dev.ferry.adapter.remote.HmacTokenSigner;
import dev.ferry.adapter.remote.RemoteEndpoints;
import dev.ferry.adapter.remote.RemoteSettings;
import dev.ferry.adapter.remote.RetrySettings;
import dev.ferry.adapter.remote.RsaPrivateKeys;
import dev.ferry.adapter.remote.RsaTokenSigner;
import dev.ferry.adapter.remote.TokenSigner;
import dev.ferry.app.CheckerSettings;
import dev.ferry.app.port.JobStore;
import dev.ferry.app.port.RowSink;
import dev.ferry.app.port.SchemaMigrator;
import dev.ferry.app.port.WorkMessage;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.Job;
import dev.ferry.domain.job.JobId;
import dev.ferry.domain.plan.MigrationMode;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.local.engine.MySqlServer;
import dev.ferry.testing.InMemoryJobStore;
import dev.ferry.testing.IntegrationTest;
import dev.ferry.testing.LogCapture;
import dev.ferry.testing.RecordingRowSink;
import dev.ferry.testing.RecordingWorkQueue;
import dev.ferry.testing.SamplePlans;
import dev.ferry.testing.TestMySql;
import dev.ferry.verifier.RemoteTokenVerifier;
import dev.ferry.verifier.TokenRejectedException;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Realistic failures through the worker function as Lambda runs it, with every log record (all
 * levels, stack traces included) and everything printed captured: signing secrets, private key
 * material, tokens and database passwords must appear nowhere — nor on the failed job.
 */
@IntegrationTest
class SecretsNeverLeakTest {
    private static final Logger REMOTE_LOG = Logger.getLogger("test.hostile-remote");
    private static final String HMAC_SECRET = "hmac-signing-secret-that-must-stay-hidden-0123456789";
    private static final String DB_PASSWORD = "Db-Password-That-Must-Stay-Hidden-42";
    private static final InstallationId ACME = InstallationId.of("acme");
    private static final MigrationPlan PLAN = SamplePlans.plan(MigrationMode.FAN_OUT);
    private static String privateKeyPem;
    private static String privateKeyBase64;

    private HttpServer server;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private LogCapture logs;

    @BeforeAll
    static void generateKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        privateKeyBase64 = Base64.getEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
        privateKeyPem = "-----BEGIN PRIVATE KEY-----\n" + privateKeyBase64 + "\n-----END PRIVATE KEY-----\n";
    }

    @BeforeEach
    void startHostileRemote() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        // A remote that echoes the Authorization header back, in its body and a header, with the given status.
        for (int status : new int[] {401, 403, 500, 503}) {
            server.createContext("/echo" + status, exchange -> {
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                authorizations.add(authorization);
                byte[] body = ("{\"error\":\"nope\",\"you sent\":\"" + authorization + "\",\"token\":\""
                        + authorization.substring(7) + "\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("X-Echo", authorization);
                exchange.sendResponseHeaders(status, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
        }
        // A remote that verifies with a secret Ferry does not have, logs the refusal as an implementer
        // would (exception included), and answers 401 echoing the token.
        RemoteTokenVerifier otherSecret = RemoteTokenVerifier.builder()
                .sharedSecret("the-remote-believes-this-is-the-secret-000".getBytes(StandardCharsets.UTF_8)).build();
        server.createContext("/verify", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(authorization);
            int status = 200;
            try {
                otherSecret.verifyForAnyInstallation(authorization);
            } catch (TokenRejectedException e) {
                REMOTE_LOG.warnf(e, "refused a call: %s", e);
                status = e.reason().httpStatus();
            }
            byte[] body = ("{\"error\":\"unauthorized\",\"token\":\"" + authorization + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        logs = LogCapture.start();
    }

    @AfterEach
    void stop() {
        logs.close();
        server.stop(0);
    }

    // ---- the remote ------------------------------------------------------------------------------

    @Test
    void remoteErrorsEchoingTheHmacToken_leakNeitherTokenNorSecret() {
        for (int status : new int[] {500, 503, 401, 403}) {
            // given a pending job and a remote answering this status with the token echoed back
            InMemoryJobStore store = new InMemoryJobStore();
            store.insertJob(ACME, Job.pending(JobId.first("users"), "users", null, 0, 0, 0, Clock.systemUTC().instant()));
            WorkerHandler worker = worker(store, new RecordingRowSink(), remote("/echo" + status, hmacSigner()));

            // when the worker function gets the job's message
            worker.handleRequest(event(transfer()), context());

            // then the failure was logged and recorded, without any secret
            assertThat(logs.all()).contains("status=" + status);
            String recorded = store.job(ACME, JobId.first("users")).orElseThrow().lastError().describe();
            assertThat(recorded).contains("HTTP " + status);
            assertNoSecret(logs.all() + "\n" + recorded);
        }
        assertThat(authorizations).isNotEmpty();
    }

    @Test
    void remoteErrorsEchoingAnRs256Token_leakNeitherTokenNorPrivateKey() {
        // given Ferry signing RS256 with a private key from configuration, and a remote echoing the token
        InMemoryJobStore store = new InMemoryJobStore();
        store.insertJob(ACME, Job.pending(JobId.first("users"), "users", null, 0, 0, 0, Clock.systemUTC().instant()));
        TokenSigner signer = new RsaTokenSigner(RsaPrivateKeys.fromPem(privateKeyPem), "ferry-1", "ferry", "ferry-remote",
                Duration.ofSeconds(60), Clock.systemUTC());
        WorkerHandler worker = worker(store, new RecordingRowSink(), remote("/echo401", signer));

        // when
        worker.handleRequest(event(transfer()), context());

        // then
        assertThat(logs.all()).contains("REMOTE_REJECTED");
        assertNoSecret(logs.all() + "\n" + store.job(ACME, JobId.first("users")).orElseThrow().lastError().describe()
                + "\n" + signer);
    }

    @Test
    void aTokenTheRemoteRefuses_isNeverLogged_byFerryOrByTheVerifier() {
        // given a remote whose verifier refuses Ferry's token, logging the refusal
        InMemoryJobStore store = new InMemoryJobStore();
        store.insertJob(ACME, Job.pending(JobId.first("users"), "users", null, 0, 0, 0, Clock.systemUTC().instant()));
        WorkerHandler worker = worker(store, new RecordingRowSink(), remote("/verify", hmacSigner()));

        // when
        worker.handleRequest(event(transfer()), context());

        // then both sides logged the failure, and neither logged the token or a secret
        assertThat(logs.all()).contains("BAD_SIGNATURE").contains("REMOTE_REJECTED");
        assertNoSecret(logs.all());
        assertThat(logs.all()).doesNotContain("the-remote-believes-this-is-the-secret-000");
    }

    // ---- the database ---------------------------------------------------------------------------

    @Test
    void databaseRefusingConnections_withThePasswordInTheUrl_doesNotLeakIt() {
        // given a state store whose JDBC URL carries the password, on a port nobody listens on
        MysqlDataSource dataSource = new MysqlDataSource();
        dataSource.setUrl("jdbc:mysql://127.0.0.1:1/?user=ferry&password=" + DB_PASSWORD + "&connectTimeout=2000");

        // when a transfer and a track message arrive
        SQSBatchResponse response = workerOn(dataSource).handleRequest(event(transfer(), new WorkMessage.Track(ACME)),
                context());

        // then both go back to the queue, were logged as unavailable, and the password is nowhere
        assertThat(response.getBatchItemFailures()).hasSize(2);
        assertThat(logs.all()).contains("STATE_STORE_UNAVAILABLE");
        assertNoSecret(logs.all() + "\n" + dataSource);
    }

    @Test
    void connectionPoolWithAPasswordCredential_thatCannotConnect_doesNotLeakIt() throws Exception {
        // given a pool (as Quarkus configures it) holding the password as a credential
        try (AgroalDataSource pool = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(p -> p.maxSize(2).acquisitionTimeout(Duration.ofSeconds(3))
                        .connectionFactoryConfiguration(f -> f.jdbcUrl("jdbc:mysql://127.0.0.1:1/?connectTimeout=2000")
                                .principal(new NamePrincipal("ferry")).credential(new SimplePassword(DB_PASSWORD)))))) {
            // when
            SQSBatchResponse response = workerOn(pool).handleRequest(event(transfer()), context());

            // then
            assertThat(response.getBatchItemFailures()).hasSize(1);
            assertThat(logs.all()).contains("STATE_STORE_UNAVAILABLE");
            assertNoSecret(logs.all() + "\n" + pool);
        }
    }

    @Test
    void databaseRefusingTheWrongPassword_doesNotLeakIt() {
        // given the test server, reached with a wrong password
        MySqlServer mysql = TestMySql.server();
        org.junit.jupiter.api.Assumptions.assumeFalse(mysql.isEmbedded(),
                "the embedded MariaDB runs without grant tables, so it accepts any password");
        MysqlDataSource dataSource = new MysqlDataSource();
        dataSource.setUrl("jdbc:mysql://" + mysql.host() + ":" + mysql.port() + "/?connectTimeout=2000");
        dataSource.setUser("ferry_nobody");
        dataSource.setPassword(DB_PASSWORD);

        // when
        SQSBatchResponse response = workerOn(dataSource).handleRequest(event(transfer()), context());

        // then the access error is logged by its code, and the password is nowhere
        assertThat(response.getBatchItemFailures()).hasSize(1);
        assertThat(logs.all()).contains("1045");
        assertNoSecret(logs.all());
    }

    // ---- helpers --------------------------------------------------------------------------------

    private void assertNoSecret(String text) {
        assertThat(text).doesNotContain(HMAC_SECRET);
        assertThat(text).doesNotContain(DB_PASSWORD);
        assertThat(text).doesNotContain(privateKeyBase64.substring(64, 128));
        assertThat(text).doesNotContain(Base64.getEncoder().encodeToString(HMAC_SECRET.getBytes(StandardCharsets.UTF_8)));
        for (String authorization : authorizations) {
            String token = authorization.substring("Bearer ".length());
            String[] parts = token.split("\\.");
            assertThat(text).doesNotContain(token);
            assertThat(text).doesNotContain(parts[1]);
            assertThat(text).doesNotContain(parts[2]);
        }
    }

    private static TokenSigner hmacSigner() {
        return new HmacTokenSigner(HMAC_SECRET.getBytes(StandardCharsets.UTF_8), "ferry", "ferry-remote",
                Duration.ofSeconds(60), Clock.systemUTC());
    }

    private RemoteEndpoints remote(String basePath, TokenSigner signer) {
        RemoteSettings settings = RemoteSettings.defaults(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + basePath))
                .withRetry(RetrySettings.defaults().withMaxAttempts(2).withBackoff(Duration.ZERO, Duration.ZERO));
        return new RemoteEndpoints(settings, signer);
    }

    private WorkerHandler workerOn(DataSource dataSource) {
        InstallationDatabases databases = new InstallationDatabases(dataSource);
        JobStore store = new MySqlJobStore(dataSource, databases);
        SchemaMigrator schema = new MySqlSchemaMigrator(dataSource, databases, Clock.systemUTC());
        return worker(store, new MySqlRowSink(dataSource, databases, dev.ferry.domain.write.InsertLimits.DEFAULT),
                remote("/echo500", hmacSigner()), schema);
    }

    private static WorkerHandler worker(JobStore store, RowSink sink, RemoteEndpoints remote) {
        return worker(store, sink, remote, (installation, scripts) -> List.of());
    }

    private static WorkerHandler worker(JobStore store, RowSink sink, RemoteEndpoints remote, SchemaMigrator schema) {
        RecordingRowSink readable = new RecordingRowSink(); // read back only by reverse syncs and verification, not sent here
        return TestWorker.of(PLAN, dev.ferry.testing.TestCores.ports(store, remote, sink, readable, readable,
                new dev.ferry.testing.InMemoryVerificationStore(), schema, new RecordingWorkQueue(), Clock.systemUTC(),
                dev.ferry.domain.fault.Failpoints.NONE), CheckerSettings.DEFAULT);
    }

    private static WorkMessage transfer() {
        return new WorkMessage.TransferJob(ACME, JobId.first("users"), "users", null);
    }

    private static SQSEvent event(WorkMessage... messages) {
        return TestWorker.event(messages);
    }

    private static Context context() {
        return TestWorker.context();
    }
}
