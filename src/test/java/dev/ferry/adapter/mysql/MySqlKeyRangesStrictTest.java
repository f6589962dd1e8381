package dev.ferry.adapter.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import dev.ferry.domain.plan.DataType;
import dev.ferry.testing.IntegrationTest;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The destination reader of reverse sync, where "no rows" means "delete the source's rows": a missing
 * table must be an error, while verification's reader reads it as empty.
 */
@IntegrationTest
class MySqlKeyRangesStrictTest {
    private static final DataType ITEMS = new DataType("items", null, "items",
            List.of(Column.of("id", ColumnType.INTEGER)), List.of("id"), 100, 1);

    private DataSource dataSource;
    private InstallationDatabases databases;
    private InstallationId installation;

    @BeforeEach
    void createDatabaseWithoutTheTable() {
        dataSource = TestServer.dataSource();
        databases = new InstallationDatabases(dataSource);
        installation = TestServer.newInstallation();
        databases.claim(installation);
    }

    @AfterEach
    void drop() {
        databases.drop(installation);
    }

    @Test
    void shouldRefuse_whenTheTableIsMissing() {
        assertThatThrownBy(() -> MySqlKeyRanges.strict(dataSource, databases).rows(installation, ITEMS, null, null, 10))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SINK_REJECTED);
                    assertThat(e.retryable()).isFalse();
                });
    }

    @Test
    void shouldReadNothing_forVerification_whenTheTableIsMissing() {
        assertThat(new MySqlKeyRanges(dataSource, databases).rows(installation, ITEMS, null, null, 10)).isEmpty();
    }
}
