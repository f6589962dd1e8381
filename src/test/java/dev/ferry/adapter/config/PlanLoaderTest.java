package dev.ferry.adapter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.plan.ColumnType;
import dev.ferry.domain.plan.MigrationMode;
import dev.ferry.domain.plan.MigrationPlan;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

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
}
