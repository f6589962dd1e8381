package dev.ferry.adapter.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mysql.cj.jdbc.JdbcPreparedStatement;
import dev.ferry.domain.convert.ValueConverter;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.JsonText;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.write.DuplicatePolicy;
import dev.ferry.domain.write.InsertLimits;
import dev.ferry.domain.write.UpsertStatement;
import dev.ferry.testing.IntegrationTest;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@IntegrationTest
class MySqlRowSinkTest {
    private static final Column ID = Column.of("id", ColumnType.INTEGER);
    private static final Column TITLE = new Column("title", ColumnType.STRING, 40, null, null, true);
    private static final Column PAYLOAD = new Column("payload", ColumnType.BINARY, null, null, null, true);
    /** One column of every type; the TIMESTAMP one lands in a UTC DATETIME(3) column. */
    private static final DataType EVERYTHING = new DataType("everything", null, "everything", List.of(
            ID,
            Column.nullable("big", ColumnType.INTEGER),
            new Column("amount", ColumnType.DECIMAL, null, 30, 10, true),
            Column.nullable("ratio", ColumnType.DOUBLE),
            TITLE,
            Column.nullable("active", ColumnType.BOOLEAN),
            Column.nullable("day", ColumnType.DATE),
            Column.nullable("happened", ColumnType.DATETIME),
            Column.nullable("seen_at", ColumnType.TIMESTAMP),
            Column.nullable("doc", ColumnType.JSON),
            PAYLOAD), List.of("id"), 1000, 0);
    private static final String EVERYTHING_DDL = "CREATE TABLE %s (`id` BIGINT NOT NULL, `big` DECIMAL(30,0) NULL, "
            + "`amount` DECIMAL(30,10) NULL, `ratio` DOUBLE NULL, `title` VARCHAR(40) NULL, `active` BOOLEAN NULL, "
            + "`day` DATE NULL, `happened` DATETIME(3) NULL, `seen_at` DATETIME(3) NULL, `doc` JSON NULL, "
            + "`payload` MEDIUMBLOB NULL, PRIMARY KEY (`id`))";
    private static final DataType MEMBERSHIPS = new DataType("memberships", null, "memberships", List.of(
            new Column("team", ColumnType.STRING, 20, null, null, false),
            Column.of("member", ColumnType.INTEGER),
            new Column("role", ColumnType.STRING, 20, null, null, true)), List.of("team", "member"), 1000, 1);

    private static DataSource dataSource;
    private static InstallationDatabases databases;
    private InstallationId installation;
    private MySqlRowSink sink;

    @BeforeAll
    static void connect() {
        dataSource = TestServer.dataSource();
        databases = new InstallationDatabases(dataSource);
    }

    @BeforeEach
    void createTables() throws SQLException {
        installation = TestServer.newInstallation();
        databases.claim(installation);
        execute(EVERYTHING_DDL.formatted(databases.table(installation, "everything")));
        execute("CREATE TABLE " + databases.table(installation, "memberships") + " (`team` VARCHAR(20) NOT NULL, "
                + "`member` BIGINT NOT NULL, `role` VARCHAR(20) NULL, PRIMARY KEY (`team`, `member`))");
        sink = new MySqlRowSink(dataSource, databases);
    }

    @AfterEach
    void dropDatabase() {
        databases.drop(installation);
    }

    @Test
    void shouldStoreEveryColumnTypeExactly() throws SQLException {
        // given rows covering every column type: Unicode, exact decimals, binary over 64 KiB sent as
        // base64, JSON, millisecond date-times, extremes and nulls
        byte[] bytes = new byte[70 * 1024];
        new Random(7).nextBytes(bytes);
        byte[] payload = (byte[]) ValueConverter.convert(PAYLOAD, Base64.getEncoder().encodeToString(bytes));
        Row full = Row.of(1L, new BigInteger("123456789012345678901234567890"),
                new BigDecimal("12345678901234567890.0123456789"), 0.1 + 0.2,
                "Grüße 😀 日本語 'q' \"dq\" \\ back", true, LocalDate.of(2024, 2, 29),
                LocalDateTime.of(2024, 2, 29, 23, 59, 59, 123_000_000), LocalDateTime.of(1970, 1, 1, 0, 0, 0, 1_000_000),
                new JsonText("{\"name\": \"Zoë 🚀\", \"tags\": [\"a\", \"b\"], \"price\": 1.50, \"n\": null}"), payload);
        Row extremes = Row.of(Long.MAX_VALUE, -9_223_372_036_854_775_808L, new BigDecimal("-0.0000000001"),
                -1.7976931348623157E308, "", false, LocalDate.of(9999, 12, 31),
                LocalDateTime.of(2038, 1, 19, 3, 14, 8), LocalDateTime.of(2100, 12, 31, 23, 59, 59, 999_000_000),
                new JsonText("[]"), new byte[0]);
        Row nulls = Row.of(Long.MIN_VALUE, null, null, null, null, null, null, null, null, null, null);

        // when
        sink.upsert(installation, EVERYTHING, List.of(full, extremes, nulls));

        // then every value reads back as written
        List<Row> stored = readAll(EVERYTHING, "id");
        assertThat(stored).containsExactly(nulls, full, extremes);
        Row back = stored.get(1);
        assertThat(back.get(1)).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(back.get(2)).isEqualTo(new BigDecimal("12345678901234567890.0123456789"));
        assertThat(back.get(3)).isEqualTo(0.30000000000000004);
        assertThat(back.get(4)).isEqualTo("Grüße 😀 日本語 'q' \"dq\" \\ back");
        assertThat(back.get(7)).isEqualTo(LocalDateTime.of(2024, 2, 29, 23, 59, 59, 123_000_000));
        assertThat(back.get(8)).isEqualTo(LocalDateTime.of(1970, 1, 1, 0, 0, 0, 1_000_000));
        assertThat(((JsonText) back.get(9)).json()).isEqualTo(((JsonText) full.get(9)).json());
        assertThat((byte[]) back.get(10)).hasSize(70 * 1024).isEqualTo(bytes);
        assertThat(stored.get(0).values().subList(1, 11)).containsOnlyNulls();
    }

    @Test
    void shouldLeaveTheSameRows_whenTheSamePageIsWrittenTwice() throws SQLException {
        // given a page already written once
        List<Row> page = titledRows(1, 25);
        sink.upsert(installation, EVERYTHING, page);

        // when it is replayed
        sink.upsert(installation, EVERYTHING, page);

        // then the table holds each row once, unchanged
        assertThat(readAll(EVERYTHING, "id")).containsExactlyElementsOf(page);
    }

    @Test
    void shouldUpdateNonKeyColumns_whenTheKeyExists() throws SQLException {
        // given rows already written
        sink.upsert(installation, EVERYTHING, titledRows(1, 3));

        // when the same keys arrive with other values, some of them null
        List<Row> changed = List.of(
                Row.of(1L, null, new BigDecimal("9.5000000000"), 2.5, "renamed", false, null, null, null, null, null),
                Row.of(2L, BigInteger.TEN, null, null, null, true, LocalDate.of(2020, 1, 1), null, null, new JsonText("{}"), new byte[] {1}),
                Row.of(3L, null, null, null, "third", null, null, null, null, null, null));
        sink.upsert(installation, EVERYTHING, changed);

        // then the non-key columns follow the latest write
        assertThat(readAll(EVERYTHING, "id")).containsExactlyElementsOf(changed);
    }

    @Test
    void shouldUpsertByCompositeKey() throws SQLException {
        // given memberships keyed by (team, member)
        sink.upsert(installation, MEMBERSHIPS, List.of(
                Row.of("a", 1L, "owner"), Row.of("a", 2L, "viewer"), Row.of("b", 1L, "editor")));

        // when one pair changes and a new pair arrives
        sink.upsert(installation, MEMBERSHIPS, List.of(Row.of("a", 2L, "editor"), Row.of("c", 1L, null)));

        // then only the matching pair was updated
        assertThat(readAll(MEMBERSHIPS, "team, member")).containsExactly(
                Row.of("a", 1L, "owner"), Row.of("a", 2L, "editor"), Row.of("b", 1L, "editor"), Row.of("c", 1L, null));
    }

    @Test
    void shouldLandTheWholePage_whenTinyLimitsSplitIt() throws SQLException {
        // given limits of 3 rows and 1 KiB per statement, and a page of 40 rows
        MySqlRowSink tiny = new MySqlRowSink(dataSource, databases, new InsertLimits(3, 1024, 65_535, DuplicatePolicy.UPDATE));
        List<Row> page = titledRows(1, 40);
        assertThat(tiny.plan(installation, EVERYTHING, page)).hasSizeGreaterThanOrEqualTo(14);

        // when
        tiny.upsert(installation, EVERYTHING, page);

        // then every row arrived
        assertThat(readAll(EVERYTHING, "id")).containsExactlyElementsOf(page);
    }

    @Test
    void shouldRespectRowAndByteLimits_inPlannedStatements() throws SQLException {
        // given limits of 5 rows and 2 KiB, and rows of very different sizes
        InsertLimits limits = new InsertLimits(5, 2048, 65_535, DuplicatePolicy.UPDATE);
        MySqlRowSink limited = new MySqlRowSink(dataSource, databases, limits);
        Random random = new Random(11);
        List<Row> page = new ArrayList<>();
        for (long id = 1; id <= 60; id++) {
            byte[] blob = new byte[random.nextInt(400)];
            random.nextBytes(blob);
            String title = "'😀\\\"".repeat(random.nextInt(9));
            page.add(Row.of(id, null, new BigDecimal("1.5"), 2.0, title, true, LocalDate.of(2024, 1, 1),
                    LocalDateTime.of(2024, 1, 1, 0, 0, 0, 5_000_000), null, new JsonText("{\"k\":\"" + title.length() + "\"}"), blob));
        }

        // when
        List<UpsertStatement> statements = limited.plan(installation, EVERYTHING, page);

        // then each statement stays within both limits, even as the driver actually renders it, and
        // together they carry every row once, in order
        assertThat(statements).hasSizeGreaterThan(12);
        int rows = 0;
        try (Connection c = dataSource.getConnection()) {
            for (UpsertStatement statement : statements) {
                assertThat(statement.rowCount()).isBetween(1, 5);
                assertThat(statement.estimatedBytes()).isLessThanOrEqualTo(2048);
                assertThat(statement.sql()).startsWith("INSERT INTO " + databases.table(installation, "everything") + " (");
                assertThat(statement.sql().chars().filter(ch -> ch == '?').count()).isEqualTo(statement.parameters().size());
                assertThat(statement.parameters()).hasSize(statement.rowCount() * EVERYTHING.columns().size());
                assertThat(statement.parameters().get(0)).isEqualTo(page.get(rows).get(0));
                assertThat(renderedBytes(c, statement)).isLessThanOrEqualTo(2048);
                rows += statement.rowCount();
            }
        }
        assertThat(rows).isEqualTo(page.size());
    }

    @Test
    void shouldNeverUnderestimate_whatTheDriverSends_forBinaries() throws SQLException {
        // given binaries of every kind: random, all NUL, all quotes and backslashes, and a large random one
        Random random = new Random(5);
        byte[] noisy = new byte[300_000];
        random.nextBytes(noisy);
        byte[] escapes = "'\\\"\n\r\u001a".repeat(1000).getBytes(StandardCharsets.UTF_8);
        List<Row> page = List.of(
                Row.of(1L, null, null, null, "a", null, null, null, null, null, noisy),
                Row.of(2L, null, null, null, "b", null, null, null, null, null, new byte[4096]),
                Row.of(3L, null, null, null, "c", null, null, null, null, null, escapes));
        MySqlRowSink sink = new MySqlRowSink(dataSource, databases, new InsertLimits(1, 1024 * 1024, 65_535,
                DuplicatePolicy.UPDATE));

        // when each is planned alone
        List<UpsertStatement> statements = sink.plan(installation, EVERYTHING, page);

        // then the estimate covers what the driver actually renders, and is not more than a little above it
        try (Connection c = dataSource.getConnection()) {
            for (UpsertStatement statement : statements) {
                long rendered = renderedBytes(c, statement);
                assertThat(statement.estimatedBytes()).isGreaterThanOrEqualTo(rendered)
                        .isLessThan(rendered + 1024);
            }
        }
    }

    @Test
    void shouldPrepareOnTheServer_onlyTheStatementsThatCarryBinaries() throws SQLException {
        // given a page with a binary value and one without
        MySqlRowSink sink = new MySqlRowSink(dataSource, databases);
        UpsertStatement withBinary = sink.plan(installation, EVERYTHING,
                List.of(Row.of(1L, null, null, null, "a", null, null, null, null, null, new byte[]{0, 39, 92}))).get(0);
        UpsertStatement withoutBinary = sink.plan(installation, EVERYTHING,
                List.of(Row.of(2L, null, null, null, "b", null, null, null, null, null, null))).get(0);

        // when each is prepared
        try (Connection c = dataSource.getConnection();
             PreparedStatement binary = MySqlRowSink.prepare(c, withBinary);
             PreparedStatement plain = MySqlRowSink.prepare(c, withoutBinary)) {
            // then the binary one travels in the binary protocol, the other is rendered by the driver
            assertThat(binary).isInstanceOf(com.mysql.cj.jdbc.ServerPreparedStatement.class);
            assertThat(plain).isNotInstanceOf(com.mysql.cj.jdbc.ServerPreparedStatement.class);
        }
        // and both land, the binary's quote, backslash and NUL bytes exactly
        sink.upsert(installation, EVERYTHING, List.of(
                Row.of(1L, null, null, null, "a", null, null, null, null, null, new byte[]{0, 39, 92})));
        assertThat((byte[]) readAll(EVERYTHING, "id").get(0).get(10)).containsExactly(0, 39, 92);
    }

    @Test
    void shouldRespectThePlaceholderLimit_inPlannedStatements() {
        // given a limit of 25 placeholders and 11 columns
        MySqlRowSink limited = new MySqlRowSink(dataSource, databases, new InsertLimits(1000, 1024 * 1024, 25, DuplicatePolicy.UPDATE));

        // when
        List<UpsertStatement> statements = limited.plan(installation, EVERYTHING, titledRows(1, 9));

        // then at most two rows (22 placeholders) go in one statement
        assertThat(statements).hasSize(5).allSatisfy(s -> assertThat(s.parameters().size()).isLessThanOrEqualTo(25));
    }

    @Test
    void shouldRejectTheRows_whenAValueIsTooLongForItsColumn() {
        // given a title longer than VARCHAR(40), which the converter would normally have caught
        Row tooLong = Row.of(1L, null, null, null, "SECRET-" + "x".repeat(60), null, null, null, null, null, null);

        // when / then the sink refuses permanently, naming table, error and column but not the value
        assertThatThrownBy(() -> sink.upsert(installation, EVERYTHING, List.of(tooLong)))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SINK_REJECTED);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("`everything`", "1406", "column 'title'").doesNotContain("SECRET");
                });
    }

    @Test
    void shouldNotEchoTheValue_whenTheServerQuotesItInItsError() {
        // given text where the table wants a number (the server's message quotes the text)
        Row wrongType = Row.of(1L, "SECRET-not-a-number", null, null, null, null, null, null, null, null, null);

        // when / then
        assertThatThrownBy(() -> sink.upsert(installation, EVERYTHING, List.of(wrongType)))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SINK_REJECTED);
                    assertThat(e.getMessage()).contains("1366", "column 'big'").doesNotContain("SECRET");
                    assertThat(e.getCause()).isNull();
                });
    }

    @Test
    void shouldRejectTheRows_whenTheTableIsMissing() {
        // given a data type whose table was never created
        DataType missing = new DataType("ghosts", null, "ghosts", List.of(ID), List.of("id"), 10, 3);

        // when / then
        assertThatThrownBy(() -> sink.upsert(installation, missing, List.of(Row.of(1L))))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SINK_REJECTED);
                    assertThat(e.getMessage()).contains("`ghosts`", "1146");
                });
    }

    @Test
    void shouldReportSinkUnavailable_whenTheServerCannotBeReached() {
        // given a sink whose server refuses connections
        MySqlRowSink unreachable = new MySqlRowSink(TestServer.unreachable(), databases);

        // when / then
        assertThatThrownBy(() -> unreachable.upsert(installation, EVERYTHING, titledRows(1, 1)))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SINK_UNAVAILABLE);
                    assertThat(e.retryable()).isTrue();
                });
    }

    @Test
    void shouldNotConnect_whenThePageIsEmpty() {
        // given a sink whose server is unreachable
        MySqlRowSink unreachable = new MySqlRowSink(TestServer.unreachable(), databases);

        // when / then an empty page needs no statement at all
        unreachable.upsert(installation, EVERYTHING, List.of());
    }

    @Test
    void shouldRefuseARow_withTheWrongNumberOfValues() {
        // given a row with two values for a three-column data type
        // when / then
        assertThatThrownBy(() -> sink.upsert(installation, MEMBERSHIPS, List.of(Row.of("a", 1L))))
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ROW_ARITY));
    }

    @Test
    void shouldRefuseARow_thatCannotFitOneRequest() {
        // given a 1 KiB request limit and a row of about 3 KiB
        MySqlRowSink tiny = new MySqlRowSink(dataSource, databases, new InsertLimits(10, 1024, 65_535, DuplicatePolicy.UPDATE));
        Row huge = Row.of(1L, null, null, null, null, null, null, null, null, null, new byte[1500]);

        // when / then
        assertThatThrownBy(() -> tiny.upsert(installation, EVERYTHING, List.of(huge)))
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ROW_TOO_LARGE));
    }

    @Test
    void shouldNameTheColumnAndKey_andSayThePageWasPartlyApplied_whenTheServerRefusesALaterStatement() {
        // given a page split into one statement per row, whose third row the server refuses (a title longer
        // than the table's VARCHAR(40); the plan here does not know the limit, so conversion cannot catch it)
        MySqlRowSink perRow = new MySqlRowSink(dataSource, databases, new InsertLimits(1, 1_048_576, 65_535,
                DuplicatePolicy.UPDATE));
        DataType looseTitles = new DataType("everything", null, "everything", EVERYTHING.columns().stream()
                .map(c -> c.name().equals("title") ? Column.nullable("title", ColumnType.STRING) : c).toList(),
                List.of("id"), 1000, 0);
        List<Row> page = new ArrayList<>(titledRows(1, 3));
        Object[] values = page.get(2).values().toArray();
        values[4] = "x".repeat(41);
        page.set(2, Row.of(values));

        // when / then
        assertThatThrownBy(() -> perRow.upsert(installation, looseTitles, page))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SINK_REJECTED);
                    assertThat(e.getMessage()).contains("statement 3 of 3").contains("column 'title'")
                            .contains("row 2 of the page (key [3])")
                            .contains("partly applied (2 rows").contains("replayed whole");
                });
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static List<Row> titledRows(long from, long to) {
        List<Row> rows = new ArrayList<>();
        for (long id = from; id <= to; id++) {
            rows.add(Row.of(id, null, new BigDecimal(id + ".2500000000"), id / 3.0, "row number " + id + " ✓",
                    id % 2 == 0, LocalDate.of(2024, 1, 1).plusDays(id), LocalDateTime.of(2024, 1, 1, 12, 0).plusSeconds(id),
                    null, null, null));
        }
        return rows;
    }

    /** The bytes Connector/J actually puts on the wire for this statement: SQL text plus each inlined value. */
    private static long renderedBytes(Connection c, UpsertStatement statement) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(statement.sql())) {
            MySqlRowSink.bind(ps, statement, EVERYTHING);
            JdbcPreparedStatement mysql = ps.unwrap(JdbcPreparedStatement.class);
            long total = statement.sql().getBytes(StandardCharsets.UTF_8).length - statement.parameters().size();
            for (int i = 1; i <= statement.parameters().size(); i++) {
                total += mysql.getBytesRepresentation(i).length;
            }
            return total;
        }
    }

    /** Reads the table back into rows of the plan's Java types. */
    private List<Row> readAll(DataType dataType, String orderBy) throws SQLException {
        StringBuilder columns = new StringBuilder();
        for (Column column : dataType.columns()) {
            columns.append(columns.isEmpty() ? "" : ", ").append('`').append(column.name()).append('`');
        }
        List<Row> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + columns + " FROM " + databases.table(installation, dataType.table())
                     + " ORDER BY " + orderBy)) {
            while (rs.next()) {
                List<Object> values = new ArrayList<>();
                for (int i = 0; i < dataType.columns().size(); i++) {
                    values.add(read(rs, i + 1, dataType.columns().get(i).type()));
                }
                rows.add(new Row(values));
            }
        }
        return rows;
    }

    private static Object read(ResultSet rs, int index, ColumnType type) throws SQLException {
        Object value = switch (type) {
            case INTEGER -> {
                BigDecimal d = rs.getBigDecimal(index);
                if (d == null) {
                    yield null;
                }
                BigInteger whole = d.toBigIntegerExact();
                yield whole.bitLength() < 64 ? (Object) whole.longValue() : whole;
            }
            case DECIMAL -> rs.getBigDecimal(index);
            case DOUBLE -> rs.getObject(index, Double.class);
            case STRING -> rs.getString(index);
            case BOOLEAN -> rs.getObject(index, Boolean.class);
            case DATE -> rs.getObject(index, LocalDate.class);
            case DATETIME, TIMESTAMP -> rs.getObject(index, LocalDateTime.class);
            case JSON -> rs.getString(index) == null ? null : new JsonText(rs.getString(index));
            case BINARY -> rs.getBytes(index);
            default -> throw new IllegalArgumentException("this test reads no " + type + " column");
        };
        return rs.wasNull() ? null : value;
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
