package dev.ferry.adapter.lambda;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;

import dev.ferry.app.StatusReport;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.testing.FerryTestEnvironment;
import dev.ferry.testing.IntegrationTest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The worker function through Quarkus's mock Lambda event server, with real SQS event JSON. */
@QuarkusTest
@WithTestResource(FerryTestEnvironment.class)
@IntegrationTest
class WorkerHandlerTest {
    @Inject
    StatusReport status;

    @Test
    void shouldAcknowledgeTrackMessage_andStartTheInstallation() {
        // given an SQS event carrying a track message for a READY installation
        String event = Fixtures.event("sqs-track.json");

        // when the worker function is invoked
        given().contentType("application/json").accept("application/json").body(event)
                .when().post()
                .then().statusCode(200)
                // then no record is reported failed
                .body("batchItemFailures", empty());

        // and the installation is in progress (schema applied, jobs fanned out)
        assertThat(status.installation(InstallationId.of("e2e-small")).status())
                .isIn(InstallationStatus.IN_PROGRESS, InstallationStatus.DONE);
    }

    @Test
    void shouldReportOnlyTheMalformedRecord_asBatchItemFailure() {
        // given an SQS event with one unreadable record and one valid record
        String event = Fixtures.event("sqs-malformed-and-valid.json");

        // when
        List<String> failed = given().contentType("application/json").accept("application/json").body(event)
                .when().post()
                .then().statusCode(200)
                .extract().jsonPath().getList("batchItemFailures.itemIdentifier", String.class);

        // then only the malformed record goes back to the queue (and from there to the dead-letter queue)
        assertThat(failed).containsExactly("059f36b4-87a3-44ab-83d2-661975830a7d");
        // and the valid one was handled
        assertThat(status.installation(InstallationId.of("e2e-medium")).status()).isNotNull();
    }
}
