package dev.ferry.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.IntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Seeded chaos against the real engines: MariaDB, ElasticMQ and the sample remote over HTTP, with
 * failpoints, duplicate, reordered and concurrent deliveries, expiring visibility and leases, remote
 * errors, and dropped database connections in every scenario. Run alone with more scenarios:
 * {@code ./mvnw verify -Dtest=ChaosSuiteTest -Dchaos.runs=1000 -Dchaos.seed=7 -Dsurefire.failIfNoSpecifiedTests=false}.
 * The summary line is printed to the test's output and written to {@code target/chaos/summary.txt}.
 */
@IntegrationTest
class ChaosSuiteTest {
    /** Runs this long inject every kind of fault many times over; shorter ones may miss a rare kind. */
    private static final int EVERY_KIND_FROM_RUNS = 50;

    @Test
    void shouldLoseNothingDuplicateNothingAndLeaveNothingStuck_underSeededChaos() throws Exception {
        // given the run's settings (chaos.runs, chaos.seed, chaos.scenario, chaos.lanes)
        ChaosSettings settings = ChaosSettings.fromSystemProperties();

        // when every scenario runs to its end
        ChaosReport report = ChaosRun.run(settings);

        // then it says so in one line, and nothing was lost, duplicated or left stuck
        String summary = report.summaryLine();
        System.out.println(summary);
        System.out.println(report.details());
        Path out = Path.of("target", "chaos");
        Files.createDirectories(out);
        Files.writeString(out.resolve("summary.txt"), summary + "\n" + report.details() + "\n");
        assertThat(report.results()).hasSize(settings.plans().size());
        if (report.results().size() >= EVERY_KIND_FROM_RUNS) {
            assertThat(FaultKind.values()).as("fault kinds never injected: the chaos is not what it claims")
                    .allMatch(kind -> report.faults().get(kind) > 0);
        }
        assertThat(report.failures()).as(summary + "\n" + report.details()).isEmpty();
    }
}
