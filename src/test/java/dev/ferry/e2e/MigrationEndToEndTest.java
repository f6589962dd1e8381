package dev.ferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.adapter.lambda.ScheduledTick;
import dev.ferry.adapter.lambda.TrackerHandler;
import dev.ferry.adapter.lambda.WorkerHandler;
import dev.ferry.adapter.mysql.JdbcDestinationReader;
import dev.ferry.app.StatusReport;
import dev.ferry.app.VerifyInstallation;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.local.LocalEnvironment;
import dev.ferry.local.LocalEventSourceMapping;
import dev.ferry.local.LocalTesting;
import dev.ferry.testing.FerryTestEnvironment;
import dev.ferry.testing.IntegrationTest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole product on real services: the tracker handler ticks, SQS (ElasticMQ) carries every
 * message, the worker handler runs each delivery with a budget of about one page, MariaDB holds
 * every installation's database and state, and the sample remote serves the contract over HTTP.
 */
@QuarkusTest
@WithTestResource(FerryTestEnvironment.class)
@IntegrationTest
class MigrationEndToEndTest {
    LocalEnvironment environment;

    @Inject
    TrackerHandler tracker;
    @Inject
    WorkerHandler worker;
    @Inject
    SqsClient sqs;
    @Inject
    StatusReport status;
    @Inject
    MigrationPlan plan;
    @Inject
    DataSource dataSource;
    @Inject
    JdbcDestinationReader destination;

    @Test
    void shouldMigrateEveryInstallationToDone_withContinuations_andDestinationEqualToSource() throws Exception {
        // given three READY installations and a worker budget that fits about one page per invocation
        StatusReport.Fleet fleet;
        long started = System.nanoTime();
        try (LocalEventSourceMapping mapping = new LocalEventSourceMapping(sqs, environment.queues().queueUrl(), worker,
                2, Duration.ofMillis(150), Duration.ofSeconds(1))) {
            mapping.start();

            // when the tracker ticks until every installation is DONE (or two minutes pass)
            do {
                tracker.handleRequest(new ScheduledTick("tick", "now", "Scheduled Event"), LocalTesting.context("tracker"));
                Thread.sleep(1_000);
                fleet = status.fleet();
            } while (!fleet.allDone() && System.nanoTime() - started < Duration.ofMinutes(2).toNanos());
        }

        // then every installation and every chain is DONE
        assertThat(fleet.installations()).hasSize(3);
        assertThat(fleet.installations()).allSatisfy(i -> {
            assertThat(i.status()).as(i.installation()).isEqualTo(InstallationStatus.DONE);
            assertThat(i.chains()).hasSize(plan.dataTypes().size())
                    .allSatisfy(c -> assertThat(c.status()).isEqualTo(JobStatus.DONE));
        });
        // and the largest installation needed several continuations for every data type
        StatusReport.InstallationState large = status.installation(InstallationId.of("e2e-large"));
        assertThat(large.chains()).allSatisfy(c -> assertThat(c.job()).as(c.dataType()).isGreaterThanOrEqualTo(2));
        // and each destination equals its source, row by row by content hash
        VerifyInstallation verifier = new VerifyInstallation(plan,
                LocalTesting.sourceReader(dataSource, environment), destination);
        for (String id : FerryTestEnvironment.DATA.installationIds()) {
            VerifyInstallation.Result result = verifier.verify(InstallationId.of(id));
            assertThat(result.mismatches()).as(id + " " + result).isZero();
            assertThat(result.destinationRows()).isEqualTo(FerryTestEnvironment.DATA.installation(id).totalRows());
        }
    }
}
