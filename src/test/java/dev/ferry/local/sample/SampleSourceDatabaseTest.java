package dev.ferry.local.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.local.sample.SampleDataGenerator.GeneratedInstallation;
import dev.ferry.testing.IntegrationTest;
import dev.ferry.testing.TestMySql;
import dev.ferry.testing.TestMySql.TestDatabase;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@IntegrationTest
class SampleSourceDatabaseTest {

    private static SampleFixture fixture;

    @BeforeAll
    static void load() {
        fixture = SampleFixture.defaultData();
    }

    @Test
    void shouldLoadDefaultDataSet_inSeconds() {
        // then (loading happened in the fixture)
        System.out.printf("Default sample data set (%d rows) loaded in %d ms%n",
                fixture.dataSet.totalRows(), fixture.loadMillis);
        assertThat(fixture.loadMillis).isLessThan(30_000);
    }

    @Test
    void shouldCountRows_perInstallationAndDataType() {
        for (InstallationSpec spec : fixture.dataSet.installations()) {
            for (SampleTable table : SampleSchema.tables()) {
                // when / then
                assertThat(fixture.source.rowCount(spec.installationId(), table.dataType()))
                        .as(spec.installationId() + " " + table.dataType())
                        .isEqualTo(spec.rows(table.dataType()));
            }
        }
        assertThat(fixture.source.rowCount(SampleFixture.EMPTY_INSTALLATION, "projects")).isZero();
    }

    @Test
    void shouldReadBackGeneratedRows_valueForValue() {
        for (GeneratedInstallation generated : SampleDataGenerator.generate(fixture.dataSet)) {
            for (SampleTable table : SampleSchema.tables()) {
                // when
                List<List<Object>> stored = fixture.source.rows(generated.installationId(), table.dataType());

                // then
                ContractValues.assertSameRows(generated.installationId() + " " + table.dataType(), table, stored,
                        generated.rows(table.dataType()));
            }
        }
    }

    @Test
    void shouldKeepMillisecondsAndExtremes_ofDateTimes() {
        // when
        List<Object> createdAt = fixture.source.rows("alder-works", "projects").stream().map(r -> r.get(5)).toList();
        List<Object> updatedAt = fixture.source.rows("alder-works", "issues").stream().map(r -> r.get(7)).toList();

        // then
        assertThat(createdAt).contains(LocalDateTime.of(2038, 1, 19, 3, 14, 7, 999_000_000),
                LocalDateTime.of(1970, 1, 1, 0, 0, 1));
        assertThat(updatedAt).contains(LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_000_000),
                LocalDateTime.of(1000, 1, 1, 0, 0));
        assertThat(updatedAt).anyMatch(t -> ((LocalDateTime) t).getNano() != 0);
    }

    @Test
    void shouldListInstallations_readyByDefault() {
        // when / then
        assertThat(fixture.source.installationIds()).containsExactly(
                "alder-works", "birch-labs", "cedar-health", "douglas-fir", SampleFixture.EMPTY_INSTALLATION);
        assertThat(fixture.source.installationIds("birch-labs", 2)).containsExactly("cedar-health", "douglas-fir");
        for (String id : fixture.dataSet.installationIds()) {
            assertThat(fixture.source.status(id)).contains("READY");
        }
        assertThat(fixture.source.status("nobody")).isEmpty();
    }

    @Test
    void shouldReturnRowsAfterCompositeKey_inKeyOrder() {
        // given
        List<List<Object>> all = fixture.source.rows("cedar-health", "issue_watchers");
        List<Object> key = all.get(99).subList(0, 2);

        // when
        List<List<Object>> next = fixture.source.rowsAfter("cedar-health", "issue_watchers", key, 50);

        // then
        assertThat(next).isEqualTo(all.subList(100, 150));
    }

    @Test
    void shouldInsertUpdateAndDeleteRows_forLiveWrites() {
        try (TestDatabase database = TestMySql.uniqueDatabase("sample_live");
             SampleSourceDatabase source = SampleSourceDatabase.createAndLoad(database.server(), database.name(),
                     new SampleDataSet(1L, List.of(new InstallationSpec("tiny-a", 3, 10, 4, 6),
                             new InstallationSpec("tiny-b", 2, 5, 2, 3))))) {
            // given
            long id = source.nextId("projects");
            List<Object> project = Arrays.asList(id, "Live 🚀", new BigDecimal("12.50"), false, "{\"a\":[]}",
                    LocalDateTime.of(2025, 1, 2, 3, 4, 5, 678_000_000));

            // when inserting
            source.insertRow("tiny-a", "projects", project);

            // then
            assertThat(source.findRow("tiny-a", "projects", List.of(id))).contains(project);
            assertThat(source.findRow("tiny-b", "projects", List.of(id))).isEmpty();
            assertThat(source.rowCount("tiny-a", "projects")).isEqualTo(4);

            // when updating, including to NULL
            Map<String, Object> changes = new HashMap<>();
            changes.put("name", "Renamed");
            changes.put("budget", null);
            assertThat(source.updateRow("tiny-a", "projects", List.of(id), changes)).isEqualTo(1);

            // then
            List<Object> updated = new ArrayList<>(project);
            updated.set(1, "Renamed");
            updated.set(2, null);
            assertThat(source.findRow("tiny-a", "projects", List.of(id))).contains(updated);

            // when deleting a composite-key row
            List<Object> watcher = source.rows("tiny-b", "issue_watchers").get(0);
            assertThat(source.deleteRow("tiny-b", "issue_watchers", watcher.subList(0, 2))).isEqualTo(1);

            // then
            assertThat(source.rowCount("tiny-b", "issue_watchers")).isEqualTo(2);
            assertThat(source.deleteRow("tiny-a", "projects", List.of(-1L))).isZero();
            assertThatThrownBy(() -> source.updateRow("tiny-a", "projects", List.of(id), Map.of("installation_id", "x")))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
