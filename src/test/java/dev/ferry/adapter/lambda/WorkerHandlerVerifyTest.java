package dev.ferry.adapter.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.ferry.app.port.VerificationStore;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.verify.VerificationRecord;
import dev.ferry.domain.verify.VerificationStatus;
import dev.ferry.local.LocalTesting;
import dev.ferry.testing.FerryTestEnvironment;
import dev.ferry.testing.IntegrationTest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The worker function handling a {@code verify} message: the handler bean with an SQS event and a
 * Lambda context with a minute left (the mock event server's context has no time left to give).
 */
@QuarkusTest
@WithTestResource(FerryTestEnvironment.class)
@IntegrationTest
class WorkerHandlerVerifyTest {
    private static final String RUN = "20260101T000000Z-0000beef";

    @Inject
    WorkerHandler worker;
    @Inject
    VerificationStore verifications;

    @Test
    void shouldRunAVerifyMessage_andStoreItsResultForTheInstallation() {
        // given an SQS event carrying a verify message for the last data type of a run
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId("7d6f0c1a-3b1e-4c55-9a0e-5f2d8c9b1e42");
        message.setBody("{\"v\":1,\"type\":\"verify\",\"installationId\":\"e2e-small\",\"runId\":\"" + RUN + "\","
                + "\"dataType\":\"issue_watchers\",\"repair\":false}");
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message));

        // when the worker handles it
        SQSBatchResponse response = worker.handleRequest(event, LocalTesting.context("worker"));

        // then the record is acknowledged
        assertThat(response.getBatchItemFailures()).isEmpty();
        // and the verification of that data type is stored in the installation's state
        VerificationRecord record = verifications.find(InstallationId.of("e2e-small"), RUN, "issue_watchers").orElseThrow();
        assertThat(record.status()).isEqualTo(VerificationStatus.DONE);
        assertThat(record.method()).isEqualTo("checksums");
        assertThat(record.counts().sourceRows()).isEqualTo(FerryTestEnvironment.DATA.installation("e2e-small").watchers());
        assertThat(record.counts().missing()).isEqualTo(record.counts().sourceRows() - record.counts().destinationRows());
    }
}
