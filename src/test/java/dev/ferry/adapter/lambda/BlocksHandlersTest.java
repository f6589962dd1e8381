package dev.ferry.adapter.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.adapter.mysql.JdbcDestinationReader;
import dev.ferry.app.VerifyInstallation;
import dev.ferry.app.port.RowReader;
import dev.ferry.domain.flow.Endpoint;
import dev.ferry.domain.flow.Movement;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.local.LocalEnvironment;
import dev.ferry.local.LocalTesting;
import dev.ferry.testing.FerryTestEnvironment;
import dev.ferry.testing.IntegrationTest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The exporter and importer functions on real services: the exporter reads an installation through
 * the sample remote, writes Event Files into an S3 bucket (S3Proxy) and sends one File Group notice
 * per label to SQS (ElasticMQ); the importer consumes those notices, reads the files back from the
 * bucket and fills another installation's database.
 */
@QuarkusTest
@WithTestResource(BlocksTestEnvironment.class)
@IntegrationTest
class BlocksHandlersTest {
    LocalEnvironment environment;
    @BlocksTestEnvironment.FileGroupQueue
    String fileGroupQueue;
    @BlocksTestEnvironment.ExportQueue
    String exportQueue;
    @Inject
    ObjectMapper objectMapper;
    @Inject
    dev.ferry.app.blocks.Flows flows;

    @Inject
    ExporterHandler exporter;
    @Inject
    ImporterHandler importer;
    @Inject
    SqsClient sqs;
    @Inject
    MigrationPlan plan;
    @Inject
    DataSource dataSource;
    @Inject
    JdbcDestinationReader destination;
    @Inject
    dev.ferry.app.port.BlobStore store;

    @Test
    void shouldExportThroughTheRemote_notifyEachLabel_andImportEveryGroupIntoAnotherInstallation() {
        // given a flow from the sample remote's e2e-small installation to an empty installation
        ExportRequest request = new ExportRequest("handler-flow", "src-e2e-small", Endpoint.remote("e2e-small"),
                Endpoint.database(BlocksTestEnvironment.COPY));

        // when the exporter function runs its first movement
        ExportResponse exported = exporter.handleRequest(request, LocalTesting.context("exporter"));
        assertThat(exported.complete()).isTrue();
        Movement movement = exported.movement();

        // then it exported a snapshot of every row and announced one File Group per data type on SQS
        assertThat(movement.number()).isEqualTo(1);
        assertThat(movement.exportedRecords()).isEqualTo(FerryTestEnvironment.DATA.installation("e2e-small").totalRows());
        List<Message> notices = receiveAll("handler-flow");
        assertThat(notices).hasSize(plan.dataTypes().size());
        assertThat(notices).allSatisfy(m -> assertThat(m.body()).contains("\"flowId\" : \"handler-flow\""));
        assertThat(store).isInstanceOf(dev.ferry.adapter.blocks.S3BlobStore.class);
        assertThat(store.list("streams/src-e2e-small/events")).hasSize(plan.dataTypes().size());
        assertThat(store.list("streams/src-e2e-small/binaries")).isNotEmpty();

        // when the importer function receives those notices, plus one it cannot read
        SQSEvent event = new SQSEvent();
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message notice : notices) {
            records.add(record(notice.messageId(), notice.body()));
        }
        records.add(record("unreadable-1", "{not json"));
        event.setRecords(records);
        SQSBatchResponse response = importer.handleRequest(event, LocalTesting.context("importer"));

        // then only the unreadable record goes back to the queue, and the copy equals the source
        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("unreadable-1");
        RowReader sourceAsCopy = (installation, type, consumer) -> LocalTesting.sourceReader(dataSource, environment)
                .forEachRow(InstallationId.of("e2e-small"), type, consumer);
        VerifyInstallation.Result result = new VerifyInstallation(plan, sourceAsCopy, destination)
                .verify(InstallationId.of(BlocksTestEnvironment.COPY));
        assertThat(result.mismatches()).as(result.toString()).isZero();
        assertThat(result.destinationRows()).isEqualTo(FerryTestEnvironment.DATA.installation("e2e-small").totalRows());

        // and a second movement without source changes exports nothing and announces the labels again
        Movement second = exporter.handleRequest(new ExportRequest("handler-flow", null, null, null),
                LocalTesting.context("exporter")).movement();
        assertThat(second.number()).isEqualTo(2);
        assertThat(second.exportedRecords()).isZero();
        assertThat(receiveAll("handler-flow")).hasSize(plan.dataTypes().size());
    }

    @Test
    void shouldContinueAnExport_fromTheExportQueue_untilItIsComplete_whenItsInvocationsAreShort() throws Exception {
        // given invocations shorter than the export's safety margin: each one writes a single batch
        ExportRequest request = new ExportRequest("continued-flow", "src-e2e-small-continued",
                Endpoint.remote("e2e-small"), Endpoint.database(BlocksTestEnvironment.CONTINUED_COPY));
        java.time.Duration shortInvocation = BlocksTestEnvironment.EXPORT_SAFETY_MARGIN.minusMillis(1);

        // when the exporter is invoked directly, then with each continuation it sent, as SQS delivers them
        ExportResponse response = exporter.handleRequest(request, LocalTesting.context("exporter", shortInvocation));
        assertThat(response.complete()).isFalse();
        assertThat(response.movementId()).isEqualTo("continued-flow-m1");
        int invocations = 1;
        JsonNode fixture = objectMapper.readTree(getClass().getResourceAsStream("/events/sqs-export-continuation.json"));
        while (!response.complete()) {
            List<Message> continuations = sqs.receiveMessage(b -> b.queueUrl(exportQueue).maxNumberOfMessages(1)
                    .waitTimeSeconds(2)).messages();
            assertThat(continuations).as("a continuation after invocation " + invocations).hasSize(1);
            Message continuation = continuations.get(0);
            ObjectNode event = fixture.deepCopy();
            ((ObjectNode) event.get("Records").get(0)).put("messageId", continuation.messageId())
                    .put("body", continuation.body());
            response = exporter.handleRequest(objectMapper.treeToValue(event, ExportRequest.class),
                    LocalTesting.context("exporter", shortInvocation));
            sqs.deleteMessage(b -> b.queueUrl(exportQueue).receiptHandle(continuation.receiptHandle()));
            invocations++;
        }

        // then it took an invocation per batch (at least one per data type: e2e-small's fit a page each),
        // recorded one movement with every row, and left nothing behind
        long total = FerryTestEnvironment.DATA.installation("e2e-small").totalRows();
        assertThat(invocations).isGreaterThanOrEqualTo(plan.dataTypes().size());
        assertThat(response.movement().number()).isEqualTo(1);
        assertThat(response.movement().exportedRecords()).isEqualTo(total);
        assertThat(store.exists("streams/src-e2e-small-continued/" + dev.ferry.app.blocks.StreamLayout.CHECKPOINT))
                .isFalse();
        assertThat(sqs.receiveMessage(b -> b.queueUrl(exportQueue).waitTimeSeconds(1)).messages()).isEmpty();

        // and a stray continuation of the finished movement starts nothing new
        ObjectNode stray = fixture.deepCopy();
        ExportResponse ignored = exporter.handleRequest(objectMapper.treeToValue(stray, ExportRequest.class),
                LocalTesting.context("exporter", shortInvocation));
        assertThat(ignored.movement()).isNull();
        assertThat(flows.movements("continued-flow")).hasSize(1);

        // and the files, imported, equal the source
        List<Message> notices = receiveAll("continued-flow");
        assertThat(notices).hasSize(plan.dataTypes().size());
        SQSEvent event = new SQSEvent();
        event.setRecords(notices.stream().map(m -> record(m.messageId(), m.body())).toList());
        assertThat(importer.handleRequest(event, LocalTesting.context("importer")).getBatchItemFailures()).isEmpty();
        RowReader source = (installation, type, consumer) -> LocalTesting.sourceReader(dataSource, environment)
                .forEachRow(InstallationId.of("e2e-small"), type, consumer);
        VerifyInstallation.Result result = new VerifyInstallation(plan, source, destination)
                .verify(InstallationId.of(BlocksTestEnvironment.CONTINUED_COPY));
        assertThat(result.mismatches()).as(result.toString()).isZero();
        assertThat(result.destinationRows()).isEqualTo(total);
    }

    /** The file-group notices of one flow (one per label), deleting whatever is received. */
    private List<Message> receiveAll(String flowId) {
        List<Message> all = new ArrayList<>();
        for (int attempt = 0; attempt < 10 && all.size() < plan.dataTypes().size(); attempt++) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(fileGroupQueue).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages();
            batch.stream().filter(m -> m.body().contains("\"flowId\" : \"" + flowId + "\"")).forEach(all::add);
            batch.forEach(m -> sqs.deleteMessage(b -> b.queueUrl(fileGroupQueue).receiptHandle(m.receiptHandle())));
        }
        return all;
    }

    private static SQSEvent.SQSMessage record(String id, String body) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(id);
        message.setBody(body);
        message.setEventSource("aws:sqs");
        return message;
    }
}
