package dev.ferry.adapter.mysql;

import dev.ferry.adapter.jdbc.Connections;
import dev.ferry.adapter.jdbc.SqlErrors;
import dev.ferry.app.port.RowSink;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.fault.Failpoint;
import dev.ferry.domain.fault.Failpoints;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.JsonText;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.write.InsertLimits;
import dev.ferry.domain.write.StatementSplitter;
import dev.ferry.domain.write.UpsertStatement;
import java.math.BigDecimal;
import java.math.BigInteger;
import dev.ferry.domain.plan.Identifiers;
import dev.ferry.domain.sync.Tombstone;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * {@link RowSink} writing multi-row {@code INSERT … ON DUPLICATE KEY UPDATE} statements into
 * {@code `db`.`table`} of the installation's database. {@link StatementSplitter} packs the rows into
 * statements within the configured {@link InsertLimits}; each statement is sent as one
 * {@link PreparedStatement#executeUpdate()} on an auto-commit connection, in order (no transactions,
 * no multi-statements, no JDBC batches of several statements). A failure part-way leaves earlier
 * statements committed; the caller replays the whole page, which the upsert absorbs.
 *
 * <p>Values are bound by Java type: Long/Integer via setLong, BigInteger and BigDecimal via
 * setBigDecimal (exact), Double via setDouble, String and {@link JsonText} via setString, Boolean via
 * setBoolean, LocalDate via setObject with DATE (sent without zone conversion), LocalDateTime as a
 * date-time literal to the microsecond ({@link SqlTimes}: Connector/J would drop the fraction on
 * MariaDB), byte[] via setBytes, and null via setNull with a JDBC type derived from the column's
 * {@link ColumnType}.
 *
 * <p>Errors: connection loss, timeouts, deadlocks and lock waits are SINK_UNAVAILABLE (retryable); any
 * other server error (too long, out of range, incorrect value, NULL in a NOT NULL column, missing table,
 * …) is SINK_REJECTED (permanent), described by table, error code and column but never by row values;
 * the driver's exception is deliberately not attached as its cause, since its message may quote them.
 * A row too large for one request is ROW_TOO_LARGE (from the splitter), a row with the wrong number of
 * values ROW_ARITY.
 */
public final class MySqlRowSink implements RowSink {
    private final DataSource dataSource;
    private final InstallationDatabases databases;
    private final StatementSplitter splitter;
    private final Failpoints failpoints;
    private final MySqlPacer pacer;

    public MySqlRowSink(DataSource dataSource, InstallationDatabases databases, InsertLimits limits) {
        this(dataSource, databases, limits, Failpoints.NONE);
    }

    public MySqlRowSink(DataSource dataSource, InstallationDatabases databases, InsertLimits limits,
                        Failpoints failpoints) {
        this(dataSource, databases, limits, failpoints, MySqlPacer.OFF);
    }

    /**
     * @param failpoints {@link Failpoints#NONE} in production; tests fire {@link Failpoint#MID_STATEMENT_DISCONNECT}
     *                   before every statement of a page but the first
     * @param pacer      {@link MySqlPacer#OFF}, or the installation's quotas: a page's statements wait for their
     *                   turn before the first is sent
     */
    public MySqlRowSink(DataSource dataSource, InstallationDatabases databases, InsertLimits limits,
                        Failpoints failpoints, MySqlPacer pacer) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.databases = Objects.requireNonNull(databases, "databases");
        this.splitter = new StatementSplitter(Objects.requireNonNull(limits, "limits"));
        this.failpoints = Objects.requireNonNull(failpoints, "failpoints");
        this.pacer = Objects.requireNonNull(pacer, "pacer");
    }

    public MySqlRowSink(DataSource dataSource, InstallationDatabases databases) {
        this(dataSource, databases, InsertLimits.DEFAULT);
    }

    @Override
    public void upsert(InstallationId installation, DataType dataType, List<Row> rows) {
        List<UpsertStatement> statements = plan(installation, dataType, rows);
        if (statements.isEmpty()) {
            return;
        }
        String target = databases.table(installation, dataType.table());
        // the page's upserts and the cursor save that follows the page
        pacer.beforeStatements(installation, statements.size() + 1);
        int rowsBefore = 0;
        long started = System.nanoTime();
        try (Connection c = Connections.open(dataSource, ErrorCode.SINK_UNAVAILABLE, "write " + target)) {
            for (int i = 0; i < statements.size(); i++) {
                if (i > 0) {
                    failpoints.hit(Failpoint.MID_STATEMENT_DISCONNECT);
                }
                UpsertStatement statement = statements.get(i);
                try (PreparedStatement ps = prepare(c, statement)) {
                    bind(ps, statement, dataType);
                    ps.executeUpdate();
                } catch (SQLException e) {
                    throw translate(e, target, i, statements.size(), statement.rowCount(),
                            refusedRow(e, dataType, rows, rowsBefore), rowsBefore);
                }
                rowsBefore += statement.rowCount();
            }
        } catch (SQLException e) {
            // only closing the connection can get here: every statement has already been executed
            throw translate(e, target, statements.size() - 1, statements.size(), 0, "", rowsBefore);
        } finally {
            pacer.afterStatements(installation, (System.nanoTime() - started) / 1_000);
        }
    }

    /**
     * A statement that carries binary values is prepared on the server (where the driver is Connector/J):
     * its values travel in the binary protocol as they are, where a statement prepared by the driver has
     * each binary rendered into its text as hex, byte by byte, at twice its size — the bench measured
     * multi-row upserts of the sample's attachments about 1.5x as fast this way. Other statements are prepared by
     * the driver, which the bench measured faster for narrow rows (no prepare round trip).
     */
    static PreparedStatement prepare(Connection c, UpsertStatement statement) throws SQLException {
        if (carriesBinaries(statement) && c.isWrapperFor(com.mysql.cj.jdbc.JdbcConnection.class)) {
            return c.unwrap(com.mysql.cj.jdbc.JdbcConnection.class).serverPrepareStatement(statement.sql());
        }
        return c.prepareStatement(statement.sql());
    }

    static boolean carriesBinaries(UpsertStatement statement) {
        return statement.carriesBinaries();
    }

    /** The key of the page's row the server names ("at row N" counts within the statement), for a message; or "". */
    private static String refusedRow(SQLException e, DataType dataType, List<Row> rows, int rowsBefore) {
        int inStatement = SqlErrors.rowNumber(e);
        int index = rowsBefore + inStatement - 1;
        if (inStatement < 1 || index >= rows.size()) {
            return "";
        }
        try {
            return ", row " + index + " of the page (key " + dev.ferry.domain.verify.RowKey.of(dataType, rows.get(index)) + ")";
        } catch (RuntimeException noKey) {
            return ", row " + index + " of the page";
        }
    }

    /**
     * One {@code DELETE ... WHERE key = ? AND updatedAt <= ?} per tombstone, sent as a JDBC batch in
     * auto-commit mode: each delete is its own statement, so a failure part-way is replayed whole,
     * which the conditions absorb.
     */
    @Override
    public void applyDeletions(InstallationId installation, DataType dataType, List<Tombstone> tombstones) {
        if (tombstones.isEmpty()) {
            return;
        }
        String target = databases.table(installation, dataType.table());
        Column updatedAt = dataType.columns().get(dataType.updatedAtIndex());
        String sql = "DELETE FROM " + target + " WHERE " + KeySql.equal(dataType) + " AND "
                + Identifiers.quote(updatedAt.name()) + " <= ?";
        try (Connection c = Connections.open(dataSource, ErrorCode.SINK_UNAVAILABLE, "delete from " + target);
             PreparedStatement ps = c.prepareStatement(sql)) {
            for (Tombstone t : tombstones) {
                int next = KeySql.bindKey(ps, 1, dataType, t.key());
                JdbcValues.bind(ps, next, updatedAt, t.deletedAt());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw translate(e, target, 0, 1, 0);
        }
    }

    /** The statements {@link #upsert} would send, in order. Exposed so tests can check the limits. */
    public List<UpsertStatement> plan(InstallationId installation, DataType dataType, List<Row> rows) {
        int width = dataType.columns().size();
        for (int r = 0; r < rows.size(); r++) {
            if (rows.get(r).size() != width) {
                throw new FerryException(ErrorCode.ROW_ARITY, dataType.name() + ": row " + r + " has "
                        + rows.get(r).size() + " values, the plan has " + width + " columns");
            }
        }
        return splitter.plan(databases.name(installation), dataType, rows);
    }

    /** Binds a planned statement's parameters; package-private so tests can render what would be sent. */
    static void bind(PreparedStatement ps, UpsertStatement statement, DataType dataType) throws SQLException {
        List<Column> columns = dataType.columns();
        List<Object> params = statement.parameters();
        for (int i = 0; i < params.size(); i++) {
            JdbcValues.bind(ps, i + 1, columns.get(i % columns.size()), params.get(i));
        }
    }



    /**
     * A write failure. When earlier statements of the page were committed, the message says the page was
     * partly applied and is replayed whole (its cursor was not saved), so a reader of the status report
     * knows the destination holds part of it until then.
     */
    private static FerryException translate(SQLException e, String target, int index, int count, int rows, String row,
                                            int rowsCommitted) {
        return translate(e, target, index, count, rows, row, rowsCommitted, true);
    }

    private static FerryException translate(SQLException e, String target, int index, int count, int rows) {
        return translate(e, target, index, count, rows, "", 0, false);
    }

    private static FerryException translate(SQLException e, String target, int index, int count, int rows, String row,
                                            int rowsCommitted, boolean page) {
        String where = target + " (statement " + (index + 1) + " of " + count + (rows > 0 ? ", " + rows + " rows" : "") + ")";
        String partly = page && rowsCommitted > 0 ? "; the page was partly applied (" + rowsCommitted
                + " rows of its earlier statements are written) and is replayed whole when the job runs again" : "";
        if (SqlErrors.isTransient(e)) {
            return new FerryException(ErrorCode.SINK_UNAVAILABLE, "writing " + where + " failed: " + SqlErrors.describe(e)
                    + partly, e);
        }
        // not chained: the driver's message may quote row values, and a logged cause would carry them
        return new FerryException(ErrorCode.SINK_REJECTED, where + " rejected the rows: " + SqlErrors.describe(e) + row
                + partly);
    }
}
