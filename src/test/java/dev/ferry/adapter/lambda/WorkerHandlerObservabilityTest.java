package dev.ferry.adapter.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.adapter.metrics.EmfWriter;
import dev.ferry.app.CheckerSettings;
import dev.ferry.app.port.WorkMessage;
import dev.ferry.app.port.WorkQueue;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.fault.Failpoints;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.plan.MigrationMode;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.testing.InMemoryJobStore;
import dev.ferry.testing.InMemoryRemote;
import dev.ferry.testing.RecordingRowSink;
import dev.ferry.testing.RecordingWorkQueue;
import dev.ferry.testing.SamplePlans;
import dev.ferry.testing.TestCores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logging.MDC;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the worker function tells an operator besides its answer: EMF metric documents on standard
 * output (parsed here as CloudWatch would) and log lines whose MDC carries the record's identifiers;
 * and, for a retryable failure, the record's redelivery backoff by its receive count.
 */
class WorkerHandlerObservabilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MigrationPlan PLAN = SamplePlans.plan(MigrationMode.FAN_OUT);
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final InstallationId ACME = InstallationId.of("acme");

    private final InMemoryJobStore store = new InMemoryJobStore();
    private final InMemoryRemote remote = new InMemoryRemote();
    private final RecordingRowSink sink = new RecordingRowSink();
    private final List<String> emfLines = new CopyOnWriteArrayList<>();
    private final List<ExtLogRecord> logRecords = new CopyOnWriteArrayList<>();
    private final List<String> redeliveries = new CopyOnWriteArrayList<>();
    private final Logger handlerLogger = Logger.getLogger("dev.ferry.adapter.lambda");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record instanceof ExtLogRecord ext) {
                ext.copyMdc();
                logRecords.add(ext);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        capture.setLevel(Level.ALL);
        handlerLogger.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        handlerLogger.removeHandler(capture);
    }

    private WorkerHandler worker(WorkQueue queue) {
        WorkerHandler worker = TestWorker.of(PLAN, TestCores.fakes(store, remote, sink, (installation, scripts) -> List.of(),
                queue, Clock.systemUTC(), Failpoints.NONE), CheckerSettings.DEFAULT);
        worker.metrics = new EmfWriter(emfLines::add, Clock.fixed(NOW, ZoneOffset.UTC), JSON);
        worker.redelivery = (arn, handle, receives) -> {
            redeliveries.add(arn + " " + handle + " " + receives);
            return 30 * (1 << (receives - 1));
        };
        return worker;
    }

    private List<JsonNode> documents(String metric) {
        List<JsonNode> found = new ArrayList<>();
        for (String line : emfLines) {
            JsonNode doc = parse(line);
            for (JsonNode m : doc.path("_aws").path("CloudWatchMetrics").path(0).path("Metrics")) {
                if (metric.equals(m.path("Name").asText())) {
                    found.add(doc);
                }
            }
        }
        return found;
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> dimensions(JsonNode doc) {
        List<String> names = new ArrayList<>();
        doc.path("_aws").path("CloudWatchMetrics").path(0).path("Dimensions").path(0).forEach(d -> names.add(d.asText()));
        return names;
    }

    private static String unit(JsonNode doc, String metric) {
        for (JsonNode m : doc.path("_aws").path("CloudWatchMetrics").path(0).path("Metrics")) {
            if (metric.equals(m.path("Name").asText())) {
                return m.path("Unit").asText();
            }
        }
        return null;
    }

    @Test
    void shouldWriteEmfDocuments_forTrackingAndCopiedRows_withInstallationAsPropertyNotDimension() {
        // given a READY installation with 30 users, 12 orders and 7 tags at the remote
        remote.installation("acme", InstallationStatus.READY)
                .rows("acme", SamplePlans.USERS, SamplePlans.users(30))
                .rows("acme", SamplePlans.ORDERS, SamplePlans.orders(12))
                .rows("acme", SamplePlans.TAGS, SamplePlans.tags(7));
        RecordingWorkQueue queue = new RecordingWorkQueue();
        WorkerHandler worker = worker(queue);

        // when the worker handles its track message, then every transfer message that follows
        worker.handleRequest(TestWorker.event(new WorkMessage.Track(ACME)), TestWorker.context());
        WorkMessage next;
        int deliveries = 0;
        while ((next = queue.poll()) != null && deliveries++ < 100) {
            worker.handleRequest(TestWorker.event(next), TestWorker.context());
        }

        // then the tracking is counted by outcome, in the Ferry namespace, at the writer's clock
        List<JsonNode> tracked = documents("InstallationsTracked");
        assertThat(tracked).isNotEmpty();
        JsonNode first = tracked.get(0);
        assertThat(first.path("_aws").path("CloudWatchMetrics").path(0).path("Namespace").asText()).isEqualTo("Ferry");
        assertThat(first.path("_aws").path("Timestamp").asLong()).isEqualTo(NOW.toEpochMilli());
        assertThat(dimensions(first)).containsExactly("Function", "Outcome");
        assertThat(first.path("Function").asText()).isEqualTo("worker");
        assertThat(first.path("Outcome").asText()).isEqualTo("STARTED");
        assertThat(first.path("InstallationsTracked").asLong()).isEqualTo(1);
        assertThat(first.path("installation").asText()).isEqualTo("acme");

        // and the copied rows and pages are counted per data type, summing to what the remote held
        List<JsonNode> copied = documents("RowsCopied");
        assertThat(copied).isNotEmpty().allSatisfy(doc -> {
            assertThat(dimensions(doc)).containsExactly("Function", "DataType");
            assertThat(unit(doc, "RowsCopied")).isEqualTo("Count");
            assertThat(unit(doc, "PagesCopied")).isEqualTo("Count");
            assertThat(doc.path("PagesCopied").asLong()).isPositive();
            assertThat(doc.path("installation").asText()).isEqualTo("acme");
            assertThat(doc.path("job").asText()).isNotBlank();
        });
        Map<String, Long> rowsByType = new java.util.TreeMap<>();
        copied.forEach(doc -> rowsByType.merge(doc.path("DataType").asText(), doc.path("RowsCopied").asLong(), Long::sum));
        assertThat(rowsByType).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of("orders", 12L, "tags", 7L, "users", 30L)));

        // and no document ever makes the installation, a job or a request a dimension
        emfLines.forEach(line -> assertThat(dimensions(parse(line))).doesNotContain("installation", "Installation", "job",
                "requestId"));
    }

    @Test
    void shouldCarryTheRecordsIds_inTheMdcOfEveryLogLine_andClearThemAfterTheRecord() {
        // given a READY installation
        remote.installation("acme", InstallationStatus.READY).rows("acme", SamplePlans.USERS, SamplePlans.users(3));
        RecordingWorkQueue queue = new RecordingWorkQueue();
        WorkerHandler worker = worker(queue);
        worker.handleRequest(TestWorker.event(new WorkMessage.Track(ACME)), TestWorker.context());
        WorkMessage.TransferJob transfer = queue.pending().stream().filter(WorkMessage.TransferJob.class::isInstance)
                .map(WorkMessage.TransferJob.class::cast).filter(t -> "users".equals(t.dataType())).findFirst().orElseThrow();
        logRecords.clear();

        // when the worker handles that data type's transfer message
        worker.handleRequest(TestWorker.event(transfer), TestWorker.context());

        // then its log line carries installation, data type, job, request and message ids as MDC fields
        assertThat(logRecords).isNotEmpty();
        ExtLogRecord line = logRecords.get(logRecords.size() - 1);
        assertThat(line.getMdc("installation")).isEqualTo("acme");
        assertThat(line.getMdc("dataType")).isEqualTo("users");
        assertThat(line.getMdc("job")).isEqualTo(transfer.job().toString());
        assertThat(line.getMdc("requestId")).isEqualTo("request-1");
        assertThat(line.getMdc("messageId")).isEqualTo("m0");
        // and nothing of the record stays behind for the next one
        assertThat(MDC.get("installation")).isNull();
        assertThat(MDC.get("job")).isNull();
        assertThat(MDC.get("requestId")).isNull();
    }

    @Test
    void shouldBackOffTheRecordByItsReceiveCount_andCountTheRetry_whenAFailureIsRetryable() {
        // given a READY installation and a work queue that cannot take the fan-out
        remote.installation("acme", InstallationStatus.READY).rows("acme", SamplePlans.USERS, SamplePlans.users(3));
        WorkQueue unavailable = new WorkQueue() {
            @Override
            public void send(WorkMessage message) {
                throw new FerryException(ErrorCode.QUEUE_UNAVAILABLE, "queue down");
            }

            @Override
            public void sendLater(WorkMessage message, java.time.Duration delay) {
                throw new FerryException(ErrorCode.QUEUE_UNAVAILABLE, "queue down");
            }
        };
        WorkerHandler worker = worker(unavailable);
        SQSEvent event = TestWorker.event(new WorkMessage.Track(ACME));
        SQSEvent.SQSMessage record = event.getRecords().get(0);
        record.setEventSourceArn("arn:aws:sqs:us-east-1:123456789012:ferry-work");
        record.setReceiptHandle("receipt-3");
        record.setAttributes(Map.of("ApproximateReceiveCount", "3"));

        // when the worker handles its third delivery of the track message
        SQSBatchResponse response = worker.handleRequest(event, TestWorker.context());

        // then the record goes back, hidden for the backoff of its third receive
        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("m0");
        assertThat(redeliveries).containsExactly("arn:aws:sqs:us-east-1:123456789012:ferry-work receipt-3 3");
        assertThat(logRecords).anyMatch(r -> r.getFormattedMessage().contains("will be retried in 120 s"));
        // and the retry is counted, its installation and error code as properties
        List<JsonNode> retried = documents("RecordsRetried");
        assertThat(retried).hasSize(1);
        assertThat(dimensions(retried.get(0))).containsExactly("Function");
        assertThat(retried.get(0).path("RecordsRetried").asLong()).isEqualTo(1);
        assertThat(retried.get(0).path("installation").asText()).isEqualTo("acme");
        assertThat(retried.get(0).path("errorCode").asText()).isEqualTo("QUEUE_UNAVAILABLE");
    }

    @Test
    void shouldCountAPageRefusedByItsErrorCode_whenTheRemoteFailsAFetch() {
        // given an installation whose transfer meets an unavailable remote on its first fetch
        remote.installation("acme", InstallationStatus.READY).rows("acme", SamplePlans.USERS, SamplePlans.users(3));
        RecordingWorkQueue queue = new RecordingWorkQueue();
        WorkerHandler worker = worker(queue);
        worker.handleRequest(TestWorker.event(new WorkMessage.Track(ACME)), TestWorker.context());
        WorkMessage transfer = queue.pending().stream().filter(WorkMessage.TransferJob.class::isInstance).findFirst()
                .orElseThrow();
        remote.failNextFetch(new FerryException(ErrorCode.REMOTE_UNAVAILABLE, "remote down"));

        // when the worker handles the transfer
        SQSBatchResponse response = worker.handleRequest(TestWorker.event(transfer), TestWorker.context());

        // then the job waits for its next attempt (acknowledged) and the refusal is counted by error code
        assertThat(response.getBatchItemFailures()).isEmpty();
        List<JsonNode> refused = documents("PagesRefused");
        assertThat(refused).hasSize(1);
        assertThat(dimensions(refused.get(0))).containsExactly("Function", "ErrorCode");
        assertThat(refused.get(0).path("ErrorCode").asText()).isEqualTo("REMOTE_UNAVAILABLE");
        assertThat(refused.get(0).path("installation").asText()).isEqualTo("acme");
    }


    @Test
    void shouldTakeTheQueueAndReceiveCount_fromLambdasOwnSqsEventJson_whenARecordIsRetried() throws Exception {
        // given Lambda's SQS event JSON (the fixture the Quarkus handler tests post), its first delivery,
        // and a work queue that cannot take the fan-out
        remote.installation("e2e-small", InstallationStatus.READY).rows("e2e-small", SamplePlans.USERS, SamplePlans.users(3));
        WorkerHandler worker = worker(new WorkQueue() {
            @Override
            public void send(WorkMessage message) {
                throw new FerryException(ErrorCode.QUEUE_UNAVAILABLE, "queue down");
            }

            @Override
            public void sendLater(WorkMessage message, java.time.Duration delay) {
                throw new FerryException(ErrorCode.QUEUE_UNAVAILABLE, "queue down");
            }
        });
        SQSEvent event = JSON.copy()
                .configure(com.fasterxml.jackson.databind.MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES, true)
                .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .readValue(Fixtures.event("sqs-track.json"), SQSEvent.class);

        // when the worker handles it
        SQSBatchResponse response = worker.handleRequest(event, TestWorker.context());

        // then the record is handed back, hidden for the first receive's backoff on the queue it came from
        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("2e1424d4-f796-459a-8184-9c92662be6da");
        assertThat(redeliveries).containsExactly(
                "arn:aws:sqs:us-east-1:123456789012:ferry-work AQEBzWwaftRI0KuVm4tP+/7q1rGgNqicHq... 1");
        assertThat(logRecords).anyMatch(r -> r.getFormattedMessage().contains("will be retried in 30 s")
                && "e2e-small".equals(r.getMdc("installation"))
                && "2e1424d4-f796-459a-8184-9c92662be6da".equals(r.getMdc("messageId")));
        assertThat(documents("RecordsRetried")).singleElement()
                .satisfies(doc -> assertThat(doc.path("installation").asText()).isEqualTo("e2e-small"));
    }
}
