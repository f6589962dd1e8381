package dev.ferry.adapter.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.ferry.app.CheckerSettings;
import dev.ferry.app.port.WorkMessage;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.JobId;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.plan.MigrationMode;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.testing.InMemoryJobStore;
import dev.ferry.testing.InMemoryRemote;
import dev.ferry.testing.LogCapture;
import dev.ferry.testing.RecordingRowSink;
import dev.ferry.testing.RecordingWorkQueue;
import dev.ferry.testing.SamplePlans;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Messages on the queue that Ferry cannot or must not act on, through the worker function: unreadable
 * ones go back to the queue (and so, after the receive limit, to the dead-letter queue); readable ones
 * naming an installation or job Ferry never recorded are acknowledged with a clear log line, having
 * created nothing.
 */
class WorkerHandlerMessagesTest {
    private static final MigrationPlan PLAN = SamplePlans.plan(MigrationMode.FAN_OUT);
    private final InMemoryJobStore store = new InMemoryJobStore();
    private final InMemoryRemote remote = new InMemoryRemote();
    private final RecordingWorkQueue queue = new RecordingWorkQueue();
    private final Map<InstallationId, Boolean> schemaTouched = new ConcurrentHashMap<>();
    private WorkerHandler worker;
    private LogCapture logs;

    @BeforeEach
    void start() {
        worker = TestWorker.of(PLAN, dev.ferry.testing.TestCores.fakes(store, remote, new RecordingRowSink(),
                (installation, scripts) -> {
                    schemaTouched.put(installation, true);
                    return List.of();
                }, queue, java.time.Clock.systemUTC(), dev.ferry.domain.fault.Failpoints.NONE), CheckerSettings.DEFAULT);
        logs = LogCapture.start();
    }

    @AfterEach
    void stop() {
        logs.close();
    }

    @Test
    void unreadableMessages_areReportedFailed_soTheyEndInTheDeadLetterQueue_andTheValidOneRuns() {
        // given a batch of unreadable bodies around one valid message
        List<String> bodies = new ArrayList<>(List.of(
                "not json",
                "{\"v\":2,\"type\":\"track\",\"installationId\":\"acme\"}",
                "{\"v\":1,\"type\":\"drop-everything\"}",
                "{\"v\":1,\"type\":\"track\",\"installationId\":\"acme`; DROP DATABASE ferry_acme; --\"}",
                "{\"v\":1,\"type\":\"transfer\",\"installationId\":\"acme\",\"jobId\":\"users\"}",
                "{\"v\":1,\"type\":\"transfer\",\"installationId\":\"../acme\",\"jobId\":\"users#0\"}",
                "x".repeat(20_000)));
        bodies.add("{\"v\":1,\"type\":\"list\"}");

        // when the worker function handles the batch
        SQSBatchResponse response = worker.handleRequest(TestWorker.event(bodies), TestWorker.context());

        // then exactly the unreadable ones go back to the queue, each logged with INVALID_MESSAGE
        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6");
        assertThat(logs.records().stream().filter(r -> r.contains("INVALID_MESSAGE") && r.contains("dead-letter queue")))
                .hasSize(7);
        // and nothing was created for any installation they name
        assertThat(schemaTouched).isEmpty();
        assertThat(store.trackingStatus(InstallationId.of("acme"))).isEmpty();
    }

    @Test
    void transferForAnUnknownInstallation_isAcknowledged_withAClearLogLine_andCreatesNothing() {
        // given a well-formed transfer message for an installation Ferry never tracked
        WorkMessage message = new WorkMessage.TransferJob(InstallationId.of("stranger"), JobId.first("users"), "users", null);

        // when
        SQSBatchResponse response = worker.handleRequest(TestWorker.event(message), TestWorker.context());

        // then it is acknowledged (no failure reported), logged with its code, and nothing exists for it
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(logs.records()).anyMatch(r -> r.startsWith("ERROR") && r.contains("installation=stranger")
                && r.contains("UNKNOWN_INSTALLATION") && r.contains("acknowledged"));
        assertThat(store.jobs(InstallationId.of("stranger"))).isEmpty();
        assertThat(store.trackingStatus(InstallationId.of("stranger"))).isEmpty();
        assertThat(schemaTouched).isEmpty();
        assertThat(remote.fetchCount()).isZero();
    }

    @Test
    void transferForAJobOfADataTypeNotInThePlan_failsThatJob_withUnknownDataType() {
        // given a recorded job whose data type the plan does not know
        InstallationId acme = InstallationId.of("acme");
        store.initTracking(acme, dev.ferry.domain.job.InstallationStatus.IN_PROGRESS, java.time.Instant.now());
        store.insertJob(acme, dev.ferry.domain.job.Job.pending(JobId.first("invoices"), "invoices", null, 0, 0, 0,
                java.time.Instant.now()));

        // when its message arrives
        SQSBatchResponse response = worker.handleRequest(
                TestWorker.event(new WorkMessage.TransferJob(acme, JobId.first("invoices"), "invoices", null)),
                TestWorker.context());

        // then the job is FAILED with UNKNOWN_DATA_TYPE, acknowledged, and logged as a failed job
        assertThat(response.getBatchItemFailures()).isEmpty();
        var job = store.job(acme, JobId.first("invoices")).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.lastError().code()).isEqualTo(dev.ferry.domain.error.ErrorCode.UNKNOWN_DATA_TYPE);
        assertThat(logs.records()).anyMatch(r -> r.contains("UNKNOWN_DATA_TYPE") && r.contains("job FAILED, acknowledged"));
    }
}
