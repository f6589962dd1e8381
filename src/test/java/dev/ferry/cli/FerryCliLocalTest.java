package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mysql.cj.jdbc.MysqlDataSource;
import dev.ferry.adapter.mysql.InstallationDatabases;
import dev.ferry.adapter.mysql.MySqlJobStore;
import dev.ferry.adapter.mysql.MySqlSchemaMigrator;
import dev.ferry.adapter.sqs.WorkMessageCodec;
import dev.ferry.app.StatusReport;
import dev.ferry.app.port.WorkMessage;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.JobError;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.job.Job;
import dev.ferry.domain.job.JobId;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.job.Primary;
import dev.ferry.local.engine.EmbeddedSqs;
import dev.ferry.testing.IntegrationTest;
import dev.ferry.testing.TestMySql;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Every command of the CLI with {@code --target local} against the real engines: installations' state
 * databases (a prefix of their own per test) on the MySQL-compatible server, and the work queue with its
 * dead-letter queue on an in-process ElasticMQ. What a command sends is read back off the queue and
 * decoded as the worker decodes it.
 */
@IntegrationTest
class FerryCliLocalTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<String> DATA_TYPES = List.of("projects", "issues", "attachments", "issue_watchers");
    private static EmbeddedSqs server;
    private static SqsClient sqs;
    private static MysqlDataSource dataSource;
    private static String databaseUrl;

    private final WorkMessageCodec codec = new WorkMessageCodec(new ObjectMapper());
    private final List<InstallationId> created = new ArrayList<>();
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private String prefix;
    private InstallationDatabases databases;
    private MySqlJobStore store;
    private EmbeddedSqs.QueueUrls queues;

    @BeforeAll
    static void startEngines() {
        server = EmbeddedSqs.start();
        sqs = server.newClient();
        databaseUrl = TestMySql.server().serverUrl();
        dataSource = new MysqlDataSource();
        dataSource.setUrl(LocalTarget.withUtc(databaseUrl));
    }

    @AfterAll
    static void stopEngines() {
        sqs.close();
        server.close();
    }

    @BeforeEach
    void newFleet() {
        String suffix = hex(4);
        prefix = "c" + suffix + "_";
        databases = new InstallationDatabases(dataSource, prefix);
        store = new MySqlJobStore(dataSource, databases);
        queues = server.createQueueWithDeadLetterQueue("cli-" + suffix, 3);
    }

    @AfterEach
    void dropFleet() {
        created.forEach(databases::drop);
    }

    // --- status -------------------------------------------------------------------------------------------

    @Test
    void shouldPrintEveryTrackedInstallationsDataTypes_whenStatusOfTheFleet() {
        // given one installation DONE and one with a FAILED chain
        installation("acme", InstallationStatus.DONE, done("projects", 120), done("issues", 3000),
                done("attachments", 40), done("issue_watchers", 7));
        installation("globex", InstallationStatus.IN_PROGRESS, done("projects", 5), failed("issues", 250));

        // when
        Result result = run("status");

        // then
        assertThat(result.code).as(result.err).isZero();
        assertThat(result.out).contains("INSTALLATION").containsPattern("acme\\s+DONE\\s+projects\\s+DONE\\s+120")
                .containsPattern("globex\\s+IN_PROGRESS\\s+projects")
                .contains("chain issues FAILED (job 0, 3 attempts): REMOTE_REJECTED: the remote refused page 3")
                .contains("2 installations: IN_PROGRESS 1, DONE 1; 3,422 rows copied");
        assertThat(result.err).isEmpty();
    }

    @Test
    void shouldPrintTheStatusFunctionsJson_whenStatusOfOneInstallationAsJson() throws Exception {
        // given
        installation("acme", InstallationStatus.IN_PROGRESS, done("projects", 12), failed("issues", 250));

        // when
        Result result = run("status", "acme", "--json");

        // then the JSON is the report's, readable as the status function's answer (the AWS target's table)
        assertThat(result.code).as(result.err).isZero();
        JsonNode json = new ObjectMapper().readTree(result.out);
        assertThat(json.path("installation").asText()).isEqualTo("acme");
        assertThat(json.path("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(json.path("rowsCopied").asLong()).isEqualTo(262);
        StatusReport.InstallationState read = Json.mapper().readValue(result.out, StatusReport.InstallationState.class);
        assertThat(StatusTables.installation(read)).isEqualTo(run("status", "acme").out);
    }

    @Test
    void shouldShowNew_whenStatusOfAnInstallationFerryNeverTracked() {
        // when
        Result result = run("status", "initech");

        // then
        assertThat(result.code).as(result.err).isZero();
        assertThat(result.out).containsPattern("initech\\s+NEW");
    }

    // --- retry, verify --------------------------------------------------------------------------------------

    @Test
    void shouldSendRetry_whenAChainFailed() {
        // given
        installation("acme", InstallationStatus.IN_PROGRESS, done("projects", 5), failed("issues", 250));

        // when
        Result result = run("retry", "acme");

        // then
        assertThat(result.code).as(result.err).isZero();
        assertThat(result.out).contains("1 FAILED chain").contains("sent retry of acme: {\"v\":1,\"type\":\"retry\"");
        assertThat(drain(queues.queueUrl())).containsExactly(new WorkMessage.RetryFailed(InstallationId.of("acme")));
    }

    @Test
    void shouldSendNothing_whenRetryFindsNoFailedChain() {
        // given
        installation("acme", InstallationStatus.IN_PROGRESS, done("projects", 5));

        // when
        Result result = run("retry", "acme");

        // then
        assertThat(result.code).as(result.err).isZero();
        assertThat(result.out).contains("no FAILED chain; nothing sent");
        assertThat(drain(queues.queueUrl())).isEmpty();
    }

    @Test
    void shouldSendVerifyWithRepair_whenVerifyRepair() {
        // given
        installation("acme", InstallationStatus.DONE, done("projects", 5));

        // when
        Result result = run("verify", "acme", "--repair");

        // then
        assertThat(result.code).as(result.err).isZero();
        assertThat(drain(queues.queueUrl()))
                .containsExactly(new WorkMessage.Verify(InstallationId.of("acme"), null, null, true));
    }

    @Test
    void shouldFailWithExit1AndSendNothing_whenTheInstallationWasNeverTracked() {
        // when
        Result result = run("verify", "initech");

        // then
        assertThat(result.code).isEqualTo(1);
        assertThat(result.err).contains("installation initech: Ferry has never tracked it").contains("nothing sent");
        assertThat(drain(queues.queueUrl())).isEmpty();
    }

    // --- pause, resume -------------------------------------------------------------------------------------

    @Test
    void shouldPauseEveryInstallationNotPausedYet_whenPauseAll() {
        // given three tracked installations, one paused already
        installation("acme", InstallationStatus.IN_PROGRESS, done("projects", 5));
        installation("globex", InstallationStatus.DONE, done("projects", 5));
        installation("hooli", InstallationStatus.IN_PROGRESS, done("projects", 5));
        store.setPaused(InstallationId.of("hooli"), true, now);

        // when
        Result result = run("pause", "--all");

        // then
        assertThat(result.code).as(result.err).isZero();
        assertThat(result.out).contains("installation hooli is paused already").contains("pause: 2 messages sent, 1 installation unchanged");
        assertThat(drain(queues.queueUrl())).containsExactlyInAnyOrder(
                new WorkMessage.Pause(InstallationId.of("acme"), true), new WorkMessage.Pause(InstallationId.of("globex"), true));
    }

    @Test
    void shouldSendOperatorMessagesToTheOperatorQueue_whenOneIsGiven() {
        // given a tracked installation and an operator queue of its own
        installation("acme", InstallationStatus.IN_PROGRESS, done("projects", 5));
        String operatorQueue = server.createQueueWithDeadLetterQueue("cli-operator-" + System.nanoTime(), 3).queueUrl();

        // when it is paused through the operator queue
        Result result = run("pause", "acme", "--operator-queue-url", operatorQueue);

        // then the message is on the operator queue, and the work queue has nothing
        assertThat(result.code).as(result.err).isZero();
        assertThat(drain(operatorQueue)).containsExactly(new WorkMessage.Pause(InstallationId.of("acme"), true));
        assertThat(drain(queues.queueUrl())).isEmpty();
    }

    @Test
    void shouldResumeOnlyThePausedInstallation_whenResumeAll() {
        // given
        installation("acme", InstallationStatus.IN_PROGRESS, done("projects", 5));
        installation("hooli", InstallationStatus.IN_PROGRESS, done("projects", 5));
        store.setPaused(InstallationId.of("hooli"), true, now);

        // when
        Result result = run("resume", "--all");

        // then
        assertThat(result.code).as(result.err).isZero();
        assertThat(drain(queues.queueUrl())).containsExactly(new WorkMessage.Pause(InstallationId.of("hooli"), false));
    }

    @Test
    void shouldSendPause_whenPauseOneInstallation() {
        // given
        installation("acme", InstallationStatus.IN_PROGRESS, done("projects", 5));

        // when
        Result result = run("pause", "acme");

        // then
        assertThat(result.code).as(result.err).isZero();
        assertThat(drain(queues.queueUrl())).containsExactly(new WorkMessage.Pause(InstallationId.of("acme"), true));
        assertThat(run("status", "acme").out).doesNotContain("PAUSED"); // the worker pauses it, not the CLI
    }

    // --- cutover, reverse sync, rollback ---------------------------------------------------------------------

    @Test
    void shouldSendCutover_whenTheInstallationIsDone() {
        // given
        installation("acme", InstallationStatus.DONE, done("projects", 5));

        // when
        Result result = run("cutover", "acme");

        // then
        assertThat(result.code).as(result.err).isZero();
        assertThat(drain(queues.queueUrl()))
                .containsExactly(new WorkMessage.SwitchPrimary(InstallationId.of("acme"), Primary.DESTINATION));
    }

    @Test
    void shouldRefuseCutoverWithExit1_whenTheInstallationIsInProgress() {
        // given
        installation("acme", InstallationStatus.IN_PROGRESS, done("projects", 5));

        // when
        Result result = run("cutover", "acme");

        // then
        assertThat(result.code).isEqualTo(1);
        assertThat(result.err).contains("cutover of acme refused: it is IN_PROGRESS, not DONE");
        assertThat(drain(queues.queueUrl())).isEmpty();
    }

    @Test
    void shouldSendReverseSync_whenTheDestinationIsPrimary() {
        // given
        installation("acme", InstallationStatus.DONE, done("projects", 5));
        store.recordCutover(InstallationId.of("acme"), Primary.SOURCE, Primary.DESTINATION, now);

        // when
        Result result = run("reverse-sync", "acme");

        // then
        assertThat(result.code).as(result.err).isZero();
        assertThat(drain(queues.queueUrl())).containsExactly(new WorkMessage.ReverseSync(InstallationId.of("acme")));
    }

    @Test
    void shouldRefuseReverseSync_whenTheSourceIsPrimary() {
        // given
        installation("acme", InstallationStatus.DONE, done("projects", 5));

        // when
        Result result = run("reverse-sync", "acme");

        // then
        assertThat(result.code).isEqualTo(1);
        assertThat(result.err).contains("the source is primary");
        assertThat(drain(queues.queueUrl())).isEmpty();
    }

    @Test
    void shouldSendTheSwitchBackToSource_whenRollbackAfterAFinishedReverseSync() {
        // given a cutover, then a reverse sync run whose every chain is DONE
        InstallationId acme = installation("acme", InstallationStatus.DONE, done("projects", 5));
        store.recordCutover(acme, Primary.SOURCE, Primary.DESTINATION, now.minusSeconds(60));
        for (String type : DATA_TYPES) {
            store.insertJob(acme, job(JobId.first(JobId.chain(type, 1, true)), type, JobStatus.DONE, 10, null));
        }

        // when
        Result result = run("rollback", "acme");

        // then
        assertThat(result.code).as(result.err).isZero();
        assertThat(drain(queues.queueUrl())).containsExactly(new WorkMessage.SwitchPrimary(acme, Primary.SOURCE));
    }

    @Test
    void shouldRefuseRollback_whenNoReverseSyncRan() {
        // given
        InstallationId acme = installation("acme", InstallationStatus.DONE, done("projects", 5));
        store.recordCutover(acme, Primary.SOURCE, Primary.DESTINATION, now);

        // when
        Result result = run("rollback", "acme");

        // then
        assertThat(result.code).isEqualTo(1);
        assertThat(result.err).contains("no reverse sync has run");
        assertThat(drain(queues.queueUrl())).isEmpty();
    }

    // --- redrive ---------------------------------------------------------------------------------------------

    @Test
    void shouldMoveEveryDeadLetterBackToTheWorkQueue_whenRedrive() {
        // given three dead-lettered work messages
        List<WorkMessage> dead = List.of(new WorkMessage.Track(InstallationId.of("acme")),
                new WorkMessage.RetryFailed(InstallationId.of("globex")), new WorkMessage.Pause(InstallationId.of("hooli"), true));
        dead.forEach(m -> sqs.sendMessage(b -> b.queueUrl(queues.deadLetterQueueUrl()).messageBody(codec.encode(m))));

        // when the dead-letter queue is found through the work queue's redrive policy
        Result result = run("redrive");

        // then
        assertThat(result.code).as(result.err).isZero();
        assertThat(result.out).contains("redrive: 3 messages moved from " + queues.deadLetterQueueUrl());
        assertThat(drain(queues.queueUrl())).containsExactlyInAnyOrderElementsOf(dead);
        assertThat(drain(queues.deadLetterQueueUrl())).isEmpty();
    }

    @Test
    void shouldLeaveUnreadableMessagesAndExit1_whenRedriveMeetsOne() {
        // given
        sqs.sendMessage(b -> b.queueUrl(queues.deadLetterQueueUrl()).messageBody("{\"v\":9,\"type\":\"nonsense\"}"));
        sqs.sendMessage(b -> b.queueUrl(queues.deadLetterQueueUrl())
                .messageBody(codec.encode(new WorkMessage.Track(InstallationId.of("acme")))));

        // when
        Result result = run("redrive", "--dead-letter-queue-url", queues.deadLetterQueueUrl());

        // then
        assertThat(result.code).isEqualTo(1);
        assertThat(result.out).contains("1 message moved").contains("1 unreadable left in the dead-letter queue");
        assertThat(drain(queues.queueUrl())).containsExactly(new WorkMessage.Track(InstallationId.of("acme")));
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    private record Result(int code, String out, String err) {
    }

    /** The command line with the local target pointed at this test's engines and fleet. */
    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = Stream.concat(Stream.of(args), Stream.of("--database-url", databaseUrl, "--database-prefix", prefix,
                "--queue-url", queues.queueUrl())).toArray(String[]::new);
        int code = FerryCli.run(all, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    private InstallationId installation(String name, InstallationStatus status, Job... jobs) {
        InstallationId id = InstallationId.of(name);
        created.add(id);
        new MySqlSchemaMigrator(dataSource, databases).migrate(id, List.of());
        store.initTracking(id, status, now.minusSeconds(600));
        for (Job job : jobs) {
            store.insertJob(id, job);
        }
        return id;
    }

    private Job done(String dataType, long rows) {
        return job(JobId.first(dataType), dataType, JobStatus.DONE, rows, null);
    }

    private Job failed(String dataType, long rows) {
        return job(JobId.first(dataType), dataType, JobStatus.FAILED, rows,
                new JobError(ErrorCode.REMOTE_REJECTED, "the remote refused page 3"));
    }

    private Job job(JobId id, String dataType, JobStatus status, long rows, JobError error) {
        return new Job(id, dataType, status, null, 3, rows, error == null ? 0 : 3, error, null, now.minusSeconds(30),
                now.minusSeconds(10), status == JobStatus.DONE ? now.minusSeconds(10) : null);
    }

    private List<WorkMessage> drain(String queueUrl) {
        List<WorkMessage> received = new ArrayList<>();
        List<Message> batch;
        do {
            batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            for (Message m : batch) {
                received.add(codec.decode(m.body()));
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        } while (!batch.isEmpty());
        return received;
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
