package dev.ferry.adapter.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ferry.adapter.mysql.InstallationDatabases;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import dev.ferry.domain.plan.DataType;
import dev.ferry.testing.StubConnections;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The building blocks' MySQL adapters borrow connections as every MySQL adapter does: none is left borrowed. */
class MySqlImportLedgerConnectionTest {
    private static final InstallationId ACME = InstallationId.of("acme");

    @Test
    void shouldGiveBackAConnectionThatCannotBeSwitchedToAutoCommit_andReportUnavailability() {
        // given a pool whose connections are lost as they are switched to auto-commit
        StubConnections stub = new StubConnections(new SQLException("Communications link failure", "08S01", 0));
        MySqlImportLedger ledger = new MySqlImportLedger(stub.dataSource(), new InstallationDatabases(stub.dataSource()));

        // when
        FerryException e = catchThrowableOfType(FerryException.class, () -> ledger.imported(ACME, "s1"));

        // then the failure is retryable and the connection went back
        assertThat(e.code()).isEqualTo(ErrorCode.SINK_UNAVAILABLE);
        assertThat(stub.opened()).isEqualTo(1);
        assertThat(stub.closed()).isEqualTo(1);
    }

    @Test
    void shouldGiveBackTheDeletersConnectionToo() {
        // given
        StubConnections stub = new StubConnections(new SQLException("Lost connection", "HY000", 2013));
        MySqlRowDeleter deleter = new MySqlRowDeleter(stub.dataSource(), new InstallationDatabases(stub.dataSource()));
        DataType items = new DataType("items", "items", "items", List.of(Column.of("id", ColumnType.INTEGER)), List.of("id"),
                100, 0);

        // when
        FerryException e = catchThrowableOfType(FerryException.class,
                () -> deleter.delete(ACME, items, List.of(List.of(1L))));

        // then
        assertThat(e.code()).isEqualTo(ErrorCode.SINK_UNAVAILABLE);
        assertThat(stub.closed()).isEqualTo(stub.opened()).isEqualTo(1);
    }
}
