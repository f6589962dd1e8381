package dev.ferry.domain.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.page.JsonText;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import dev.ferry.domain.plan.DataType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class StatementSplitterTest {

    private static final int MIB = 1024 * 1024;

    /** users(id, name, email), key id. */
    private static final DataType USERS = new DataType("users", null, "users",
            List.of(Column.of("id", ColumnType.INTEGER), Column.nullable("name", ColumnType.STRING),
                    Column.nullable("email", ColumnType.STRING)),
            List.of("id"), 100, 1);

    /** line_items(order_id, line_no, sku, qty), key (order_id, line_no). */
    private static final DataType LINE_ITEMS = new DataType("line-items", "orders/lines", "line_items",
            List.of(Column.of("order_id", ColumnType.INTEGER), Column.of("line_no", ColumnType.INTEGER),
                    Column.of("sku", ColumnType.STRING), Column.of("qty", ColumnType.INTEGER)),
            List.of("order_id", "line_no"), 100, 2);

    /** user_roles(user_id, role_id), every column in the key. */
    private static final DataType USER_ROLES = new DataType("user_roles", null, "user_roles",
            List.of(Column.of("user_id", ColumnType.INTEGER), Column.of("role_id", ColumnType.INTEGER)),
            List.of("user_id", "role_id"), 100, 3);

    /** docs(id, body, data) for mixed string and byte payloads. */
    private static final DataType DOCS = new DataType("docs", null, "docs",
            List.of(Column.of("id", ColumnType.INTEGER), Column.of("body", ColumnType.STRING),
                    Column.of("data", ColumnType.BINARY)),
            List.of("id"), 100, 4);

    private static StatementSplitter splitter(DuplicatePolicy policy) {
        return new StatementSplitter(new InsertLimits(5_000, MIB, 65_535, policy));
    }

    private static List<Row> users(int count) {
        List<Row> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rows.add(Row.of((long) i, "name" + i, "u" + i + "@example.com"));
        }
        return rows;
    }

    private static DataType wideType(int columnCount) {
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < columnCount; i++) {
            columns.add(Column.of("c" + i, ColumnType.INTEGER));
        }
        return new DataType("wide" + columnCount, null, "wide" + columnCount, columns, List.of("c0"), 100, 1);
    }

    // ---- exact SQL -------------------------------------------------------------------------

    @Test
    void shouldBuildQuotedUpsert_updatingOnlyNonKeyColumns_forSimpleKey() {
        // given two user rows and the default UPDATE policy
        List<Row> rows = users(2);

        // when planning the statements
        List<UpsertStatement> statements = splitter(DuplicatePolicy.UPDATE).plan(null, USERS, rows);

        // then one statement with quoted identifiers, a tuple per row, and updates for every non-key column
        assertThat(statements).hasSize(1);
        assertThat(statements.get(0).sql()).isEqualTo(
                "INSERT INTO `users` (`id`, `name`, `email`) VALUES (?, ?, ?), (?, ?, ?)"
                        + " ON DUPLICATE KEY UPDATE `name` = VALUES(`name`), `email` = VALUES(`email`)");
        assertThat(statements.get(0).rowCount()).isEqualTo(2);
    }

    @Test
    void shouldBuildQuotedUpsert_updatingOnlyNonKeyColumns_forCompositeKey() {
        // given one line item row (key: order_id, line_no)
        List<Row> rows = List.of(Row.of(10L, 1L, "SKU-1", 3L));

        // when planning the statements
        UpsertStatement statement = splitter(DuplicatePolicy.UPDATE).plan(null, LINE_ITEMS, rows).get(0);

        // then the table name (not the data type name) is used and neither key column is updated
        assertThat(statement.sql()).isEqualTo(
                "INSERT INTO `line_items` (`order_id`, `line_no`, `sku`, `qty`) VALUES (?, ?, ?, ?)"
                        + " ON DUPLICATE KEY UPDATE `sku` = VALUES(`sku`), `qty` = VALUES(`qty`)");
    }

    @Test
    void shouldUpdateKeyToItself_whenEveryColumnIsInTheKey() {
        // given a table whose columns are all key columns
        List<Row> rows = List.of(Row.of(1L, 2L));

        // when planning with the UPDATE policy
        UpsertStatement statement = splitter(DuplicatePolicy.UPDATE).plan(null, USER_ROLES, rows).get(0);

        // then the duplicate clause is the no-op pk = pk (MySQL needs at least one assignment)
        assertThat(statement.sql()).isEqualTo(
                "INSERT INTO `user_roles` (`user_id`, `role_id`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `user_id` = `user_id`");
    }

    @Test
    void shouldKeepExistingRows_withNoOpUpdate_forKeepPolicy() {
        // given the KEEP policy
        // when planning for a simple and a composite key
        UpsertStatement simple = splitter(DuplicatePolicy.KEEP).plan(null, USERS, users(1)).get(0);
        UpsertStatement composite = splitter(DuplicatePolicy.KEEP).plan(null, LINE_ITEMS, List.of(Row.of(1L, 1L, "s", 1L))).get(0);

        // then no column is overwritten: the clause only assigns the first key column to itself
        assertThat(simple.sql()).isEqualTo(
                "INSERT INTO `users` (`id`, `name`, `email`) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE `id` = `id`");
        assertThat(composite.sql()).endsWith(" ON DUPLICATE KEY UPDATE `order_id` = `order_id`");
    }

    @Test
    void shouldBuildPlainInsert_forErrorPolicy() {
        // given the ERROR policy
        // when planning two rows
        UpsertStatement statement = splitter(DuplicatePolicy.ERROR).plan(null, USERS, users(2)).get(0);

        // then it is a plain INSERT without any duplicate clause
        assertThat(statement.sql()).isEqualTo("INSERT INTO `users` (`id`, `name`, `email`) VALUES (?, ?, ?), (?, ?, ?)");
    }

    @Test
    void shouldExcludeKeyColumnsFromTheUpdate_evenWhenTheKeyIsSpelledInAnotherCase() {
        // given a key declared as "ID" for the column "id"
        DataType upperKey = new DataType("accounts", null, "accounts",
                List.of(Column.of("id", ColumnType.INTEGER), Column.of("name", ColumnType.STRING)),
                List.of("ID"), 100, 1);

        // when planning with UPDATE
        UpsertStatement statement = splitter(DuplicatePolicy.UPDATE).plan(null, upperKey, List.of(Row.of(1L, "a"))).get(0);

        // then the key column is still not updated
        assertThat(statement.sql()).endsWith(" ON DUPLICATE KEY UPDATE `name` = VALUES(`name`)");
    }

    @ParameterizedTest(name = "database \"{0}\"")
    @ValueSource(strings = {"ferry_acme", "ferry_acme-prod", "db"})
    void shouldQuoteTheDatabaseQualifier(String database) {
        // given an installation database name
        // when planning a statement for it
        UpsertStatement statement = splitter(DuplicatePolicy.UPDATE).plan(database, USERS, users(1)).get(0);

        // then the table is qualified with the back-quoted database
        assertThat(statement.sql()).startsWith("INSERT INTO `" + database + "`.`users` (`id`, `name`, `email`) VALUES ");
    }

    @Test
    void shouldRefuseDatabaseName_containingABackQuote() {
        // given a database name that would break out of its quotes
        // when planning
        // then it is refused as an invalid identifier
        assertThatThrownBy(() -> splitter(DuplicatePolicy.UPDATE).plan("x`; DROP DATABASE y; --", USERS, users(1)))
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_IDENTIFIER));
    }

    @Test
    void shouldBindValuesAsParameters_inRowOrder() {
        // given rows including SQL-looking text
        List<Row> rows = List.of(
                Row.of(1L, "Ann", "a@x"),
                Row.of(2L, "Robert'); DROP TABLE users; --", "b@x"),
                Row.of(3L, "Cy", "c@x"));

        // when planning
        UpsertStatement statement = splitter(DuplicatePolicy.UPDATE).plan(null, USERS, rows).get(0);

        // then the values are parameters in row-major order and never part of the SQL text
        assertThat(statement.parameters()).containsExactly(
                1L, "Ann", "a@x",
                2L, "Robert'); DROP TABLE users; --", "b@x",
                3L, "Cy", "c@x");
        assertThat(statement.sql()).doesNotContain("DROP").doesNotContain("Ann");
        assertThat(statement.rowCount()).isEqualTo(3);
    }

    @Test
    void shouldBindNullValues_asNullParameters() {
        // given a row with nulls in its nullable columns
        List<Row> rows = List.of(Row.of(1L, null, null), Row.of(2L, "Bob", null));

        // when planning
        UpsertStatement statement = splitter(DuplicatePolicy.UPDATE).plan(null, USERS, rows).get(0);

        // then the nulls are bound in place
        assertThat(statement.parameters()).containsExactly(1L, null, null, 2L, "Bob", null);
    }

    @Test
    void shouldPlanNothing_forNoRows() {
        // given no rows
        // when planning
        List<UpsertStatement> statements = splitter(DuplicatePolicy.UPDATE).plan("db", USERS, List.of());

        // then there is no statement
        assertThat(statements).isEmpty();
    }

    // ---- splitting ------------------------------------------------------------------------------

    @Test
    void shouldSplitByRowsPerStatement() {
        // given at most 2 rows per statement and 5 rows
        StatementSplitter splitter = new StatementSplitter(new InsertLimits(2, MIB, 65_535, DuplicatePolicy.UPDATE));
        List<Row> rows = users(5);

        // when planning
        List<UpsertStatement> statements = splitter.plan(null, USERS, rows);

        // then the rows are packed 2, 2, 1 and each statement has a tuple per row
        assertThat(statements).extracting(UpsertStatement::rowCount).containsExactly(2, 2, 1);
        assertThat(statements.get(2).sql()).contains("VALUES (?, ?, ?) ON DUPLICATE");
        assertAllRowsOnceInOrder(statements, rows);
    }

    static Stream<Arguments> columnCounts() {
        return Stream.of(Arguments.of(1), Arguments.of(3), Arguments.of(7), Arguments.of(100), Arguments.of(4096));
    }

    @ParameterizedTest(name = "{0} columns")
    @MethodSource("columnCounts")
    void shouldSplitByPlaceholders_atFloorOfLimitOverColumns(int columnCount) {
        // given the MySQL limit of 65,535 placeholders, generous row and byte limits,
        // and just over two statements' worth of rows
        InsertLimits limits = new InsertLimits(1_000_000, 512L * MIB, 65_535, DuplicatePolicy.UPDATE);
        DataType type = wideType(columnCount);
        int perStatement = 65_535 / columnCount;
        Object[] values = new Object[columnCount];
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < 2 * perStatement + 1; r++) {
            values[0] = (long) r;
            for (int c = 1; c < columnCount; c++) {
                values[c] = (long) c;
            }
            rows.add(Row.of(values.clone()));
        }

        // when planning
        List<UpsertStatement> statements = new StatementSplitter(limits).plan(null, type, rows);

        // then each full statement holds floor(65,535 / columns) rows and the last takes the remainder
        assertThat(statements).extracting(UpsertStatement::rowCount).containsExactly(perStatement, perStatement, 1);
        assertWithinLimits(statements, limits, columnCount);
        assertAllRowsOnceInOrder(statements, rows);
    }

    @Test
    void shouldSplitByEstimatedBytes_atOneMebibyte() {
        // given the 1 MiB request limit and rows of about 10 KB each
        InsertLimits limits = new InsertLimits(5_000, MIB, 65_535, DuplicatePolicy.UPDATE);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            rows.add(Row.of((long) i, "n".repeat(10_000), "e" + i));
        }

        // when planning
        List<UpsertStatement> statements = new StatementSplitter(limits).plan(null, USERS, rows);

        // then several statements result, each within 1 MiB, each (but the last) unable to take the next row
        assertThat(statements).hasSizeGreaterThan(4);
        assertWithinLimits(statements, limits, 3);
        assertAllRowsOnceInOrder(statements, rows);
        assertPackedGreedily(statements, rows, limits);
    }

    @Test
    void shouldFillAStatementExactlyToTheByteLimit_butNotOneByteBeyond() {
        // given identical rows and the estimated size of one and of two rows in a statement
        Row row = Row.of(1L, "x".repeat(600), "y");
        StatementSplitter generous = new StatementSplitter(new InsertLimits(5_000, 64L * MIB, 65_535, DuplicatePolicy.UPDATE));
        long twoRows = generous.plan(null, USERS, List.of(row, row)).get(0).estimatedBytes();

        // when the byte limit is exactly that size, and one byte less
        List<UpsertStatement> exact = new StatementSplitter(new InsertLimits(5_000, twoRows, 65_535, DuplicatePolicy.UPDATE))
                .plan(null, USERS, List.of(row, row));
        List<UpsertStatement> oneLess = new StatementSplitter(new InsertLimits(5_000, twoRows - 1, 65_535, DuplicatePolicy.UPDATE))
                .plan(null, USERS, List.of(row, row));

        // then the exact limit takes both rows in one statement, one byte less needs two statements
        assertThat(exact).extracting(UpsertStatement::rowCount).containsExactly(2);
        assertThat(exact.get(0).estimatedBytes()).isEqualTo(twoRows);
        assertThat(oneLess).extracting(UpsertStatement::rowCount).containsExactly(1, 1);
    }

    static Stream<Arguments> limitCombinations() {
        return Stream.of(
                Arguments.of(new InsertLimits(5_000, MIB, 65_535, DuplicatePolicy.UPDATE), 1L),
                Arguments.of(new InsertLimits(7, MIB, 65_535, DuplicatePolicy.KEEP), 2L),
                Arguments.of(new InsertLimits(5_000, 64 * 1024, 65_535, DuplicatePolicy.ERROR), 3L),
                Arguments.of(new InsertLimits(5_000, MIB, 20, DuplicatePolicy.UPDATE), 4L),
                Arguments.of(new InsertLimits(50, 32 * 1024, 100, DuplicatePolicy.UPDATE), 5L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("limitCombinations")
    void shouldRespectEveryLimit_andKeepEveryRowOnceInOrder_forMixedRows(InsertLimits limits, long seed) {
        // given 1,000 rows of random sizes: ASCII, multi-byte and escaped text, and raw bytes
        Random random = new Random(seed);
        String[] alphabet = {"a", "é", "日", "😀", "'", "\\", "\n", "\""};
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            StringBuilder body = new StringBuilder();
            int length = random.nextInt(3_000);
            for (int c = 0; c < length; c++) {
                body.append(alphabet[random.nextInt(alphabet.length)]);
            }
            byte[] data = new byte[random.nextInt(2_000)];
            random.nextBytes(data);
            rows.add(Row.of((long) i, body.toString(), data));
        }

        // when planning
        List<UpsertStatement> statements = new StatementSplitter(limits).plan("ferry_acme", DOCS, rows);

        // then every statement is within every limit, and the rows appear once each, in order
        assertWithinLimits(statements, limits, 3);
        assertAllRowsOnceInOrder(statements, rows);
        assertPackedGreedily(statements, rows, limits);
    }

    // ---- rows over the limit --------------------------------------------------------------------

    @Test
    void shouldRefuseRow_largerThanTheRequestLimitOnItsOwn() {
        // given a valid first row and a second row holding 2 MiB of text
        List<Row> rows = List.of(Row.of(1L, "small", "s"), Row.of(2L, "x".repeat(2 * MIB), "b"));

        // when planning with the 1 MiB limit
        // then the whole page fails with ROW_TOO_LARGE naming the data type and the limit
        assertThatThrownBy(() -> splitter(DuplicatePolicy.UPDATE).plan(null, USERS, rows))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.ROW_TOO_LARGE);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("users", String.valueOf(MIB));
                });
    }

    @Test
    void shouldMeasureTextInUtf8Bytes_notCharacters() {
        // given 600,000 characters of ASCII (600 KB) and of 'é' (1.2 MB in UTF-8)
        Row ascii = Row.of(1L, "e".repeat(600_000), "a");
        Row accented = Row.of(2L, "é".repeat(600_000), "a");

        // when planning each with the 1 MiB limit
        // then the ASCII row fits and the accented one is too large
        assertThat(splitter(DuplicatePolicy.UPDATE).plan(null, USERS, List.of(ascii))).hasSize(1);
        assertRowTooLarge(USERS, accented);
    }

    @Test
    void shouldCountEscapedCharactersTwice() {
        // given 600,000 single quotes, which double when inlined with escapes
        Row quotes = Row.of(1L, "'".repeat(600_000), "a");

        // when planning with the 1 MiB limit
        // then the row is too large
        assertRowTooLarge(USERS, quotes);
    }

    @Test
    void shouldCountBytesTwice_asTheyAreInlinedInHex() {
        // given 400 KB and 600 KB of raw bytes
        Row small = Row.of(1L, "", new byte[400_000]);
        Row large = Row.of(2L, "", new byte[600_000]);

        // when planning each with the 1 MiB limit
        // then 400 KB fits (800 KB inlined) and 600 KB does not (1.2 MB inlined)
        assertThat(splitter(DuplicatePolicy.UPDATE).plan(null, DOCS, List.of(small))).hasSize(1);
        assertRowTooLarge(DOCS, large);
    }

    @Test
    void shouldGrowTheEstimate_withUtf8BytesEscapesAndHexBytes() {
        // given rows differing only in one value
        long base = StatementSplitter.estimate(Row.of("e"));

        // when estimating their inlined size
        // then a two-byte character, an escaped character and a JSON document cost what they add
        assertThat(StatementSplitter.estimate(Row.of("é"))).isEqualTo(base + 1);
        assertThat(StatementSplitter.estimate(Row.of("'"))).isEqualTo(base + 1);
        assertThat(StatementSplitter.estimate(Row.of(new JsonText("\"\"")))).isEqualTo(base + 3);
        assertThat(StatementSplitter.estimate(Row.of((Object) new byte[5]))).isEqualTo(base + 9);
        assertThat(StatementSplitter.estimate(Row.of("e", "e"))).isEqualTo(2 * base);
    }

    @Test
    void shouldSizeText_atLeastAsLongAsItsEscapedUtf8_inOnePass() {
        // given texts of one-, two-, three- and four-byte characters and every character the driver escapes
        String[] texts = {"", "plain ascii", "\u00e9t\u00e9", "\u20ac\u4e2d", "\ud83d\ude00 pair", "'\\\"\u0000\n\r\u001a", "mixed \u00e9 \u20ac \ud83d\ude00 '"};
        for (String text : texts) {
            long utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            long escapes = text.chars().filter(c -> "'\\\"\u0000\n\r\u001a".indexOf(c) >= 0).count();

            // when sizing it, then it costs its UTF-8 bytes and escapes, a surrogate pair at most two bytes more
            long pairs = text.chars().filter(c -> Character.isHighSurrogate((char) c)).count();
            assertThat(StatementSplitter.escapedUtf8(text)).as(text).isEqualTo(utf8 + escapes + 2 * pairs);
        }
    }

    @Test
    void shouldFlagTheStatementsThatCarryBinaries_whenPlanning() {
        // given rows of which only the third holds a binary, and statements of two rows each
        StatementSplitter twoPerStatement = new StatementSplitter(new InsertLimits(2, MIB, 65_535, DuplicatePolicy.UPDATE));
        List<Row> rows = List.of(Row.of(1L, "a", null), Row.of(2L, "b", null), Row.of(3L, "c", new byte[]{1}));

        // when planning, then only the statement holding the binary says so
        List<UpsertStatement> statements = twoPerStatement.plan(null, DOCS, rows);
        assertThat(statements).extracting(UpsertStatement::carriesBinaries).containsExactly(false, true);
        // and a statement made without the flag finds it from its values
        assertThat(new UpsertStatement("sql", java.util.Arrays.asList(1L, new byte[0]), 1, 10).carriesBinaries()).isTrue();
    }

    @Test
    void shouldCountNumbersAndTimes_atLeastAsLongAsTheirText_withoutMakingIt() {
        // given the overhead of one value
        long overhead = StatementSplitter.estimate(Row.of(""));

        // when estimating integers, date-times, dates, booleans and doubles
        // then an integer costs exactly its text, the others at least theirs
        for (long n : new long[]{0, 9, 10, -1, -10, 99_999, Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertThat(StatementSplitter.estimate(Row.of(n)) - overhead).as("%d", n).isEqualTo(Long.toString(n).length());
        }
        assertThat(StatementSplitter.estimate(Row.of(java.time.LocalDateTime.of(2024, 2, 29, 23, 59, 59, 123_456_000)))
                - overhead).isGreaterThanOrEqualTo("2024-02-29 23:59:59.123456".length());
        assertThat(StatementSplitter.estimate(Row.of(java.time.LocalDate.of(9999, 12, 31))) - overhead)
                .isGreaterThanOrEqualTo("9999-12-31".length());
        assertThat(StatementSplitter.estimate(Row.of(false)) - overhead).isGreaterThanOrEqualTo("false".length());
        for (double d : new double[]{-Double.MIN_NORMAL, -Double.MAX_VALUE, -4.9E-324, 0.1 + 0.2}) {
            assertThat(StatementSplitter.estimate(Row.of(d)) - overhead).as("%s", d)
                    .isGreaterThanOrEqualTo(Double.toString(d).length());
        }
    }

    @Test
    void shouldRefuseRow_needingMorePlaceholdersThanTheLimit() {
        // given a limit of 2 placeholders and a 3-column table
        StatementSplitter splitter = new StatementSplitter(new InsertLimits(100, MIB, 2, DuplicatePolicy.UPDATE));

        // when planning one row
        // then it is refused instead of producing a statement with 3 placeholders
        assertThatThrownBy(() -> splitter.plan(null, USERS, users(1)))
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ROW_TOO_LARGE));
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static void assertRowTooLarge(DataType type, Row row) {
        assertThatThrownBy(() -> splitter(DuplicatePolicy.UPDATE).plan(null, type, List.of(row)))
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ROW_TOO_LARGE));
    }

    /** Every statement within rows, placeholders and bytes; SQL placeholders match parameters. */
    private static void assertWithinLimits(List<UpsertStatement> statements, InsertLimits limits, int columns) {
        for (UpsertStatement s : statements) {
            assertThat(s.rowCount()).isBetween(1, limits.maxRowsPerStatement());
            assertThat(s.parameters()).hasSize(s.rowCount() * columns);
            assertThat(s.parameters().size()).isLessThanOrEqualTo(limits.maxPlaceholders());
            assertThat(s.sql().chars().filter(ch -> ch == '?').count()).isEqualTo(s.parameters().size());
            assertThat(s.estimatedBytes()).isLessThanOrEqualTo(limits.maxRequestBytes());
            assertThat(inlinedSize(s)).as("inlined size never exceeds the estimate").isLessThanOrEqualTo(s.estimatedBytes());
        }
    }

    /** The statement's size with its values inlined as a client-side prepared statement would: quoted, escaped, hex. */
    private static long inlinedSize(UpsertStatement s) {
        long size = s.sql().getBytes(StandardCharsets.UTF_8).length - s.parameters().size();
        for (Object p : s.parameters()) {
            if (p == null) {
                size += 4;
            } else if (p instanceof byte[] b) {
                size += 3 + 2L * b.length;
            } else if (p instanceof String text) {
                size += 2 + text.getBytes(StandardCharsets.UTF_8).length
                        + text.chars().filter(ch -> ch == '\'' || ch == '\\' || ch == '"' || ch == 0 || ch == '\n'
                        || ch == '\r' || ch == 26).count();
            } else {
                size += p.toString().length();
            }
        }
        return size;
    }

    private static void assertAllRowsOnceInOrder(List<UpsertStatement> statements, List<Row> rows) {
        List<Object> expected = new ArrayList<>();
        rows.forEach(r -> expected.addAll(r.values()));
        List<Object> actual = new ArrayList<>();
        statements.forEach(s -> actual.addAll(s.parameters()));
        assertThat(statements.stream().mapToInt(UpsertStatement::rowCount).sum()).isEqualTo(rows.size());
        assertThat(actual).hasSameSizeAs(expected);
        IntStream.range(0, expected.size()).forEach(i -> assertThat(actual.get(i)).as("parameter %d", i).isSameAs(expected.get(i)));
    }

    /** Each statement except the last could not have taken the next row without breaking a limit. */
    private static void assertPackedGreedily(List<UpsertStatement> statements, List<Row> rows, InsertLimits limits) {
        int next = 0;
        for (int i = 0; i < statements.size() - 1; i++) {
            UpsertStatement s = statements.get(i);
            next += s.rowCount();
            Row following = rows.get(next);
            int columns = following.size();
            long followingBytes = StatementSplitter.estimate(following) + (3L * columns) + 1;
            boolean rowsFull = s.rowCount() == limits.maxRowsPerStatement();
            boolean placeholdersFull = (long) (s.rowCount() + 1) * columns > limits.maxPlaceholders();
            boolean bytesFull = s.estimatedBytes() + followingBytes > limits.maxRequestBytes();
            assertThat(rowsFull || placeholdersFull || bytesFull).as("statement %d was closed early", i).isTrue();
        }
    }
}
