package dev.ferry.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.domain.job.InstallationId;
import dev.ferry.local.sample.InstallationSpec;
import dev.ferry.local.sample.SampleDataGenerator;
import dev.ferry.local.sample.SampleDataGenerator.GeneratedInstallation;
import dev.ferry.local.sample.SampleDataSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LoadDataSetTest {

    @Test
    void shouldGiveTheSameSet_forTheSameArguments() {
        // when
        SampleDataSet first = LoadDataSet.of(100, 1_000);
        SampleDataSet second = LoadDataSet.of(100, 1_000);

        // then
        assertThat(second).isEqualTo(first);
        assertThat(first.seed()).isEqualTo(SampleDataSet.DEFAULT_SEED);
    }

    @Test
    void shouldHaveTheConfiguredInstallationsAndTotal_withVariedSizes() {
        // when
        SampleDataSet set = LoadDataSet.of(100, 1_000);

        // then
        assertThat(set.installations()).hasSize(100);
        assertThat(set.totalRows()).isEqualTo(100_000);
        List<Integer> sizes = set.installations().stream().map(InstallationSpec::totalRows).toList();
        assertThat(sizes).allSatisfy(size -> assertThat(size).isBetween(250, 1_750));
        assertThat(sizes.stream().mapToInt(Integer::intValue).max().orElseThrow()
                - sizes.stream().mapToInt(Integer::intValue).min().orElseThrow()).isGreaterThan(500);
        assertThat(Set.copyOf(sizes)).hasSizeGreaterThan(50);
    }

    @Test
    void shouldNameInstallationsInOrder_withValidIds() {
        // when
        List<String> ids = LoadDataSet.of(100, 1_000).installationIds();

        // then
        assertThat(ids).startsWith("load-001", "load-002").endsWith("load-100").doesNotHaveDuplicates().isSorted();
        assertThat(ids).allSatisfy(id -> assertThat(InstallationId.of(id).value()).isEqualTo(id));
        assertThat(LoadDataSet.of(1_500, 20).installationIds()).startsWith("load-0001").endsWith("load-1500");
    }

    @Test
    void shouldSplitEveryInstallationOverAllDataTypes_likeTheDefaultSample() {
        // when
        SampleDataSet set = LoadDataSet.of(100, 1_000);

        // then
        for (InstallationSpec spec : set.installations()) {
            assertThat(List.of(spec.projects(), spec.issues(), spec.attachments(), spec.watchers())).allSatisfy(
                    rows -> assertThat(rows).isPositive());
            assertThat(spec.issues()).isGreaterThan(spec.watchers()).isGreaterThan(spec.attachments());
            assertThat(spec.attachments()).isGreaterThanOrEqualTo(spec.projects());
        }
    }

    @Test
    void shouldKeepSmallestInstallationsValid_atTheSmallestAverage() {
        // when
        SampleDataSet set = LoadDataSet.of(1_000, LoadDataSet.MIN_ROWS_PER_INSTALLATION);

        // then
        assertThat(set.totalRows()).isEqualTo(1_000L * LoadDataSet.MIN_ROWS_PER_INSTALLATION);
        assertThat(set.installations()).allSatisfy(spec -> assertThat(spec.projects()).isPositive());
    }

    @Test
    void shouldGenerateTheConfiguredRows_throughTheSampleGenerator() {
        // given
        SampleDataSet set = LoadDataSet.of(5, 60);

        // when
        List<GeneratedInstallation> generated = SampleDataGenerator.generate(set);

        // then
        assertThat(generated.stream().mapToLong(GeneratedInstallation::totalRows).sum()).isEqualTo(300);
        for (GeneratedInstallation installation : generated) {
            InstallationSpec spec = set.installation(installation.installationId());
            for (String dataType : List.of("projects", "issues", "attachments", "issue_watchers")) {
                assertThat(installation.rows(dataType)).as(installation.installationId() + " " + dataType)
                        .hasSize(spec.rows(dataType));
            }
        }
        Set<Object> projectIds = generated.stream().flatMap(i -> i.rows("projects").stream()).map(r -> r.get(0))
                .collect(Collectors.toSet());
        assertThat(projectIds).hasSize(generated.stream().mapToInt(i -> i.rows("projects").size()).sum());
    }

    @Test
    void shouldRefuseOutOfRangeArguments() {
        assertThatThrownBy(() -> LoadDataSet.of(0, 1_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LoadDataSet.of(LoadDataSet.MAX_INSTALLATIONS + 1, 1_000))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LoadDataSet.of(10, LoadDataSet.MIN_ROWS_PER_INSTALLATION - 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LoadDataSet.of(10_000, 10_000)).isInstanceOf(IllegalArgumentException.class);
    }
}
