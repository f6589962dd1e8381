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
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(FerryException.class)
                .extracting(e -> ((FerryException) e).code()).isEqualTo(ErrorCode.INVALID_IDENTIFIER);
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
                .hasMessageContaining("nope.yaml");
    }
}
