package dev.ferry.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.sample.SampleSourceDatabase;
import dev.ferry.testing.IntegrationTest;
import dev.ferry.testing.TestMySql;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bench's data in a real source database: each timed installation and its warm-up, apart. */
@IntegrationTest
class BenchDataTest {
    private TestMySql.TestDatabase database;
    private SampleSourceDatabase source;

    @BeforeEach
    void createSource() {
        database = TestMySql.uniqueDatabase("benchdata");
        source = new SampleSourceDatabase(database.server(), database.name());
        source.createSchema();
    }

    @AfterEach
    void dropSource() {
        source.close();
        database.close();
    }

    @Test
    void shouldLoadEveryRowOfBothInstallations_whenAWarmUpOfTheSameShapeIsAskedFor() {
        // given: ids are global at the source, so a warm-up must not take the timed installation's ids

        // when
        Shape mix = BenchData.loadMix(source, 2_000, 0, 0, 500);
        Shape narrow = BenchData.loadNarrow(source, 1_000, 300);

        // then
        assertThat(mix.warmUp()).isEqualTo("bench-mix-warmup");
        assertThat(narrow.warmUp()).isEqualTo("bench-narrow-warmup");
        assertThat(mix.rows()).isEqualTo(2_000);
        assertRowsAtSource(mix.installation(), mix.rowsByType());
        assertThat(rowsAtSource(mix.warmUp(), mix.rowsByType().keySet())).isEqualTo(500);
        assertRowsAtSource(narrow.installation(), Map.of("events", 1_000L));
        assertThat(rowsAtSource(narrow.warmUp(), narrow.rowsByType().keySet())).isEqualTo(300);
        assertThat(source.status(mix.warmUp())).contains("PENDING");
        assertThat(source.status(narrow.installation())).contains("PENDING");
    }

    @Test
    void shouldLoadNoWarmUp_whenItsRowsAreZero() {
        Shape narrow = BenchData.loadNarrow(source, 10, 0);

        assertThat(narrow.hasWarmUp()).isFalse();
        assertThat(narrow.warmUp()).isEmpty();
    }

    private void assertRowsAtSource(String installation, Map<String, Long> expected) {
        expected.forEach((dataType, rows) -> assertThat(source.rowCount(installation, dataType))
                .as("%s of %s", dataType, installation).isEqualTo(rows));
    }

    private long rowsAtSource(String installation, java.util.Set<String> dataTypes) {
        return dataTypes.stream().mapToLong(dataType -> source.rowCount(installation, dataType)).sum();
    }
}
