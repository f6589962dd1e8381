package dev.ferry.local.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.IntegrationTest;
import dev.ferry.testing.TestMySql;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The checks, on MariaDB and the sample remote over HTTP: Ferry reaches DONE while a load
 * generator inserts, updates and deletes at the source (batches of rows sharing one updated_at
 * included), verification then finds 0 differences, a corrupted destination row is found by key and
 * repaired, and a reverse sync makes the source equal to a destination changed on its own.
 */
@IntegrationTest
class SyncDemoTest {

    @AfterEach
    void dropTheDemosDatabases() {
        SyncDemo.dropDatabases(TestMySql.server());
    }

    @Test
    void shouldReachDoneUnderLoad_verifyClean_repairCorruption_andSyncBack() {
        // given the sample source, its remote, and a load generator (all started by the demo)
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        // when the demo plays its scenario
        SyncDemo.Result result = SyncDemo.run(TestMySql.server(),
                new PrintStream(printed, true, StandardCharsets.UTF_8), Duration.ofMinutes(4));

        // then every check held, and the summary says so
        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(result.sourceChanges()).as(output).isGreaterThan(100);
        assertThat(result.passes()).as(output).isGreaterThanOrEqualTo(4);
        assertThat(result.differences()).as(output).isZero();
        assertThat(result.corruptionFound()).as(output).isTrue();
        assertThat(result.corruptionRepaired()).as(output).isTrue();
        assertThat(result.reverseDifferences()).as(output).isZero();
        assertThat(result.rolledBack()).as(output).isTrue();
        assertThat(output).contains("found and repaired").contains("reverse sync: 0 differences, rolled back: true");
    }
}
