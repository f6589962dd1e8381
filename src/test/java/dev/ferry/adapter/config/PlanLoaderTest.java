package dev.ferry.adapter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.plan.ColumnType;
import dev.ferry.domain.plan.MigrationMode;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.domain.plan.ChangeFeed;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.SyncSettings;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlanLoaderTest {

    private static MigrationPlan parse(String yaml) {
        return PlanLoader.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test");
    }

    @Test
    void shouldLoadBundledPlan_withEveryDataTypeInOrder() {
        // when
        MigrationPlan plan = PlanLoader.load("classpath:ferry-plan.yaml");

        // then
        assertThat(plan.mode()).isEqualTo(MigrationMode.FAN_OUT);
        assertThat(plan.dataTypes()).extracting(d -> d.name())
                .containsExactly("projects", "issues", "attachments", "issue_watchers");
        assertThat(plan.requireDataType("issue_watchers").primaryKey()).containsExactly("issue_id", "user_key");
        assertThat(plan.schema()).isNotEmpty();
    }

    @Test
    void shouldApplyDefaults_forTablePageSizeAndNullable() {
        // given
        String yaml = """
                name: p
                dataTypes:
                  - name: users
                    primaryKey: [id]
                    columns:
                      - {name: id, type: INTEGER}
                      - {name: note, type: STRING, nullable: true}
                """;

        // when
        MigrationPlan plan = parse(yaml);

        // then
        var users = plan.requireDataType("users");
        assertThat(users.table()).isEqualTo("users");
        assertThat(users.remotePath()).isEqualTo("users");
        assertThat(users.pageSize()).isEqualTo(500);
        assertThat(users.columns().get(0).nullable()).isFalse();
        assertThat(users.columns().get(1).type()).isEqualTo(ColumnType.STRING);
        assertThat(plan.mode()).isEqualTo(MigrationMode.FAN_OUT);
    }

    @Test
    void shouldRefuseUnknownKeys_soTyposDoNotPassSilently() {
        String yaml = """
                dataTypes:
                  - name: users
                    primaryKeys: [id]
                    columns: [{name: id, type: INTEGER}]
                """;
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(FerryException.class)
                .extracting(e -> ((FerryException) e).code()).isEqualTo(ErrorCode.INVALID_PLAN);
    }

    @Test
    void shouldRefuseTableNameThatIsNotAnIdentifier() {
        String yaml = """
                dataTypes:
                  - name: users
                    table: "users; DROP TABLE x"
                    primaryKey: [id]
                    columns: [{name: id, type: INTEGER}]
                """;
        assertThatThrownBy(() -> parse(yaml)).isInstanceOfSatisfying(FerryException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PLAN);
            assertThat(e.getMessage()).contains("not a valid SQL identifier");
        });
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, -1, 10_001, 1_000_000})
    void shouldRefuseAbsurdPageSize_atLoad(int pageSize) {
        // given a plan asking the remote for an absurd number of rows per page
        String yaml = """
                dataTypes:
                  - name: users
                    pageSize: %d
                    primaryKey: [id]
                    columns: [{name: id, type: INTEGER}]
                """.formatted(pageSize);

        // when / then it never loads
        assertThatThrownBy(() -> parse(yaml)).isInstanceOfSatisfying(FerryException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PLAN);
            assertThat(e.getMessage()).contains("pageSize must be 1..10000");
        });
    }

    @Test
    void shouldAcceptPageSize_atTheBounds() {
        for (int pageSize : new int[] {1, 10_000}) {
            String yaml = """
                    dataTypes:
                      - name: users
                        pageSize: %d
                        primaryKey: [id]
                        columns: [{name: id, type: INTEGER}]
                    """.formatted(pageSize);
            assertThat(parse(yaml).requireDataType("users").pageSize()).isEqualTo(pageSize);
        }
    }

    @Test
    void shouldRefuseColumnNameWithSql_orColumnWithoutType_asInvalidPlan() {
        // given a column name carrying SQL, and a column with no type
        String hostileColumn = """
                dataTypes:
                  - name: users
                    primaryKey: [id]
                    columns: [{name: id, type: INTEGER}, {name: "x` = 1; DROP TABLE users; --", type: STRING}]
                """;
        String untyped = """
                dataTypes:
                  - name: users
                    primaryKey: [id]
                    columns: [{name: id}]
                """;

        // when / then both are refused as INVALID_PLAN
        for (String yaml : new String[] {hostileColumn, untyped}) {
            assertThatThrownBy(() -> parse(yaml)).isInstanceOfSatisfying(FerryException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PLAN));
        }
    }

    @Test
    void shouldRefuseMalformedYaml_asInvalidPlan() {
        assertThatThrownBy(() -> parse("dataTypes: [ {name: users, columns: ")).isInstanceOfSatisfying(FerryException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PLAN));
    }

    @Test
    void shouldRefuseUnknownColumnType() {
        String yaml = """
                dataTypes:
                  - name: users
                    primaryKey: [id]
                    columns: [{name: id, type: UUIDISH}]
                """;
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(FerryException.class)
                .extracting(e -> ((FerryException) e).code()).isEqualTo(ErrorCode.INVALID_PLAN);
    }

    @Test
    void shouldRefuseMissingPlanFile() {
        assertThatThrownBy(() -> PlanLoader.load("classpath:nope.yaml")).isInstanceOf(FerryException.class)
                .hasMessageContaining("nope.yaml")
                .extracting(e -> ((FerryException) e).code()).isEqualTo(ErrorCode.INVALID_PLAN);
    }

    // ---- change feeds and sync settings ---------------------------------------------------------

    private static final String SYNCED = """
            name: synced
            sync: {keepSyncingAfterDone: true, overlap: PT30S, passInterval: PT1M, verifyEveryPasses: 5}
            dataTypes:
              - name: issues
                order: 1
                primaryKey: [id]
                changeFeed: {updatedAt: updated_at, deletions: true}
                columns:
                  - {name: id, type: INTEGER}
                  - {name: title, type: STRING, nullable: true}
                  - {name: updated_at, type: DATETIME}
              - name: comments
                order: 2
                primaryKey: [id]
                changeFeed: {updatedAt: Changed}
                columns:
                  - {name: id, type: INTEGER}
                  - {name: changed, type: TIMESTAMP}
              - name: labels
                order: 3
                primaryKey: [id]
                columns: [{name: id, type: INTEGER}]
            """;

    @Test
    void shouldLoadChangeFeedsAndSyncSettings() {
        // when
        MigrationPlan plan = parse(SYNCED);

        // then each data type has its feed (deletions off unless asked), and the sync section is read
        DataType issues = plan.requireDataType("issues");
        assertThat(issues.changeFeed()).isEqualTo(new ChangeFeed("updated_at", true));
        assertThat(issues.updatedAtIndex()).isEqualTo(2);
        DataType comments = plan.requireDataType("comments");
        assertThat(comments.changeFeed()).isEqualTo(new ChangeFeed("Changed", false));
        assertThat(comments.updatedAtIndex()).as("matched without regard to case").isEqualTo(1);
        assertThat(plan.requireDataType("labels").hasChangeFeed()).isFalse();
        assertThat(plan.syncsChanges()).isTrue();
        assertThat(plan.sync()).isEqualTo(new SyncSettings(true, Duration.ofSeconds(30), Duration.ofMinutes(1), 5));
    }

    @Test
    void shouldUseDefaultSyncSettings_whenTheSectionIsMissingOrPartial() {
        // given a plan without a sync section, and one naming only keepSyncingAfterDone
        String none = """
                dataTypes:
                  - name: users
                    primaryKey: [id]
                    columns: [{name: id, type: INTEGER}]
                """;
        String partial = "sync: {keepSyncingAfterDone: true}\n" + none;

        // when
        MigrationPlan withoutSection = parse(none);
        MigrationPlan withPartialSection = parse(partial);

        // then
        assertThat(withoutSection.sync()).isEqualTo(SyncSettings.DEFAULT);
        assertThat(withoutSection.syncsChanges()).isFalse();
        assertThat(withPartialSection.sync()).isEqualTo(new SyncSettings(true, SyncSettings.DEFAULT.overlap(),
                SyncSettings.DEFAULT.passInterval(), SyncSettings.DEFAULT.verifyEveryPasses()));
    }

    private static String withFeed(String changeFeed, String updatedAtColumn) {
        return """
                dataTypes:
                  - name: issues
                    primaryKey: [id]
                    changeFeed: %s
                    columns:
                      - {name: id, type: INTEGER}
                      - {name: title, type: STRING, nullable: true}
                      - %s
                """.formatted(changeFeed, updatedAtColumn);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // a column that does not exist
        "{updatedAt: modified_at}|{name: updated_at, type: DATETIME}",
        // not a date-time
        "{updatedAt: title}|{name: updated_at, type: DATETIME}",
        "{updatedAt: id}|{name: updated_at, type: DATETIME}",
        "{updatedAt: updated_at}|{name: updated_at, type: DATE}",
        "{updatedAt: updated_at}|{name: updated_at, type: STRING}",
        // nullable
        "{updatedAt: updated_at}|{name: updated_at, type: DATETIME, nullable: true}",
        "{updatedAt: updated_at}|{name: updated_at, type: TIMESTAMP, nullable: true}",
        // no column named, or one that is not an identifier
        "{deletions: true}|{name: updated_at, type: DATETIME}",
        "{updatedAt: \"updated_at`; DROP TABLE issues; --\"}|{name: updated_at, type: DATETIME}",
        // a key the loader does not know
        "{updatedAt: updated_at, deletes: true}|{name: updated_at, type: DATETIME}"
    })
    void shouldRefuseAChangeFeed_whoseColumnCannotOrderChanges(String feedAndColumn) {
        // given a change feed naming a missing, non-date-time or nullable column (or none)
        String[] parts = feedAndColumn.split("\\|");
        String yaml = withFeed(parts[0], parts[1]);

        // when / then the plan never loads
        assertThatThrownBy(() -> parse(yaml)).isInstanceOfSatisfying(FerryException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PLAN));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{overlap: 30s}", "{overlap: PT}", "{overlap: \"1 minute\"}", "{passInterval: P1X}", "{passInterval: '60'}",
        "{overlap: PT-30S}", "{passInterval: -PT1M}", "{verifyEveryPasses: -1}", "{verifyEveryPasses: often}",
        "{overLap: PT30S}", "{keepSyncingAfterDone: null}", "{keepSyncingAfterDone: maybe}"
    })
    void shouldRefuseMalformedOrNegativeSyncSettings(String sync) {
        // given a sync section with a malformed or negative duration, a bad count or a misspelt key
        String yaml = "sync: " + sync + "\n" + withFeed("{updatedAt: updated_at}", "{name: updated_at, type: DATETIME}");

        // when / then
        assertThatThrownBy(() -> parse(yaml)).isInstanceOfSatisfying(FerryException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PLAN));
    }
}
