package dev.ferry.local.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.sample.SampleDataGenerator.GeneratedInstallation;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SampleDataGeneratorTest {

    /** SHA-256 of the default data set; change it only together with an intended change of the data. */
    private static final String DEFAULT_DATA_DIGEST = "ec5bf0281c0ffa0f3bdfb2063f7b1cb15a94bb868d7f97cf8cf424c1741ed4bb";

    private static List<GeneratedInstallation> defaults;

    @BeforeAll
    static void generateDefaults() {
        defaults = SampleDataGenerator.generate(SampleDataSet.defaults());
    }

    @Test
    void shouldGenerateSameRows_forSameSeedAndInstallations() {
        // when
        List<GeneratedInstallation> again = SampleDataGenerator.generate(SampleDataSet.defaults());

        // then
        assertThat(digest(again)).isEqualTo(digest(defaults)).isEqualTo(DEFAULT_DATA_DIGEST);
    }

    @Test
    void shouldGenerateOtherRows_forOtherSeed() {
        // given
        SampleDataSet other = new SampleDataSet(7L, SampleDataSet.defaults().installations());

        // when / then
        assertThat(digest(SampleDataGenerator.generate(other))).isNotEqualTo(digest(defaults));
    }

    @Test
    void shouldGenerateOneInstallation_likeTheWholeSet() {
        // when
        GeneratedInstallation cedar = SampleDataGenerator.generate(SampleDataSet.defaults(), "cedar-health");

        // then
        assertThat(digest(List.of(cedar))).isEqualTo(digest(List.of(defaults.get(2))));
    }

    @Test
    void shouldGenerateConfiguredRowCounts_perInstallationAndDataType() {
        // when / then
        for (GeneratedInstallation installation : defaults) {
            InstallationSpec spec = SampleDataSet.defaults().installation(installation.installationId());
            for (SampleTable table : SampleSchema.tables()) {
                assertThat(installation.rows(table.dataType())).as(installation.installationId() + " " + table.dataType())
                        .hasSize(spec.rows(table.dataType()));
            }
        }
        assertThat(defaults.stream().mapToLong(GeneratedInstallation::totalRows).sum()).isEqualTo(21_800);
    }

    @Test
    void shouldGenerateUniqueSortedKeys_andIdsUniqueAcrossInstallations() {
        for (SampleTable table : SampleSchema.tables()) {
            Set<List<Object>> allKeys = new HashSet<>();
            for (GeneratedInstallation installation : defaults) {
                List<List<Object>> keys = installation.rows(table.dataType()).stream().map(table::keyOf).toList();
                // then keys are strictly increasing within an installation
                for (int i = 1; i < keys.size(); i++) {
                    assertThat(SampleDataGenerator.compareKeys(keys.get(i - 1), keys.get(i))).isNegative();
                }
                if (table.hasSingleIntegerKey()) {
                    // and integer ids are global, as in a shared multi-tenant table
                    assertThat(keys).allMatch(allKeys::add);
                }
            }
        }
    }

    @Test
    void shouldReferenceParents_ofTheSameInstallation() {
        for (GeneratedInstallation installation : defaults) {
            Set<Object> projects = ids(installation, "projects");
            Set<Object> issues = ids(installation, "issues");
            assertThat(installation.rows("issues")).allMatch(r -> projects.contains(r.get(1)));
            assertThat(installation.rows("attachments")).allMatch(r -> issues.contains(r.get(1)));
            assertThat(installation.rows("issue_watchers")).allMatch(r -> issues.contains(r.get(0)));
        }
    }

    @Test
    void shouldIncludeEdgeValues_inEveryInstallation() {
        for (GeneratedInstallation installation : defaults) {
            List<List<Object>> projects = installation.rows("projects");
            List<List<Object>> issues = installation.rows("issues");
            List<List<Object>> attachments = installation.rows("attachments");
            assertThat(column(projects, 1)).contains("").anyMatch(s -> ((String) s).contains("🚀"))
                    .anyMatch(s -> ((String) s).contains("\\") && ((String) s).contains("'"));
            assertThat(column(projects, 2)).contains(null, new BigDecimal("999999999999.99"),
                    new BigDecimal("-999999999999.99"));
            assertThat(column(projects, 4)).contains(null, "{}", "[]");
            assertThat(column(projects, 5)).contains(LocalDateTime.of(2038, 1, 19, 3, 14, 7, 999_000_000));
            assertThat(column(issues, 3)).contains(null, "");
            assertThat(column(issues, 6)).contains(null, -1.5, Double.MAX_VALUE, 0.1 + 0.2);
            assertThat(column(attachments, 4).stream().mapToInt(b -> ((byte[]) b).length))
                    .contains(0, 65_536, 70_001);
        }
        List<Object> alderProjectIds = column(defaults.get(0).rows("projects"), 0);
        assertThat(alderProjectIds).contains(SampleDataGenerator.BIG_PROJECT_ID);
        assertThat(column(defaults.get(0).rows("attachments"), 4)).anyMatch(b -> ((byte[]) b).length == 400 * 1024);
    }

    @Test
    void shouldKeepStringsWithinColumnSizes_countedInCodePoints() {
        for (GeneratedInstallation installation : defaults) {
            assertThat(column(installation.rows("projects"), 1))
                    .allMatch(s -> ((String) s).codePointCount(0, ((String) s).length()) <= 200);
            assertThat(column(installation.rows("issues"), 2))
                    .allMatch(s -> ((String) s).codePointCount(0, ((String) s).length()) <= 500);
            assertThat(column(installation.rows("issues"), 3))
                    .allMatch(s -> s == null || ((String) s).getBytes(StandardCharsets.UTF_8).length <= 65_535);
        }
    }

    private static Set<Object> ids(GeneratedInstallation installation, String dataType) {
        return new HashSet<>(column(installation.rows(dataType), 0));
    }

    private static List<Object> column(List<List<Object>> rows, int index) {
        return rows.stream().map(r -> r.get(index)).toList();
    }

    /** SHA-256 over every value with its type, so any change of the data shows. */
    static String digest(List<GeneratedInstallation> installations) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (GeneratedInstallation installation : installations) {
                sha.update(installation.installationId().getBytes(StandardCharsets.UTF_8));
                installation.rowsByDataType().forEach((dataType, rows) -> {
                    sha.update(dataType.getBytes(StandardCharsets.UTF_8));
                    rows.stream().flatMap(List::stream).forEach(value -> {
                        String tag = value == null ? "null" : value.getClass().getSimpleName();
                        sha.update(tag.getBytes(StandardCharsets.UTF_8));
                        sha.update(value instanceof byte[] bytes ? bytes
                                : Objects.toString(value).getBytes(StandardCharsets.UTF_8));
                        sha.update((byte) 0);
                    });
                });
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
