package dev.ferry.domain.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MigrationPlanTest {

    private static final List<Column> COLUMNS = List.of(Column.of("id", ColumnType.INTEGER), Column.nullable("name", ColumnType.STRING));

    private static DataType type(String name, String table, int order) {
        return new DataType(name, null, table, COLUMNS, List.of("id"), 500, order);
    }

    private static DataType typeWithTable(String table) {
        return new DataType("things", null, table, COLUMNS, List.of("id"), 500, 1);
    }

    private static DataType typeWithColumn(String column) {
        return new DataType("things", null, "things", List.of(Column.of(column, ColumnType.INTEGER)), List.of(column), 500, 1);
    }

    private static DataType typeWithPageSize(int pageSize) {
        return new DataType("things", null, "things", COLUMNS, List.of("id"), pageSize, 1);
    }

    private static SchemaScript script(int version) {
        return new SchemaScript(version, "v" + version, List.of("CREATE TABLE IF NOT EXISTS t" + version + " (id BIGINT PRIMARY KEY)"));
    }

    private static MigrationPlan planOf(DataType... types) {
        return new MigrationPlan("p", MigrationMode.FAN_OUT, List.of(types), List.of());
    }

    // ---- valid plans ----------------------------------------------------------------------------

    @Test
    void shouldSortDataTypesByOrder_andSchemaByVersion() {
        // given data types and scripts declared out of order
        MigrationPlan plan = new MigrationPlan("crm", MigrationMode.SINGLE_EVENT,
                List.of(type("notes", "notes", 3), type("accounts", "accounts", 1), type("contacts", "contacts", 2)),
                List.of(script(3), script(1), script(2)));

        // when reading the plan
        // then data types follow their order and scripts their version
        assertThat(plan.dataTypes()).extracting(DataType::name).containsExactly("accounts", "contacts", "notes");
        assertThat(plan.schema()).extracting(SchemaScript::version).containsExactly(1, 2, 3);
        assertThat(plan.mode()).isEqualTo(MigrationMode.SINGLE_EVENT);
        assertThat(plan.name()).isEqualTo("crm");
    }

    @Test
    void shouldWalkDataTypesInOrder_withNext() {
        // given a plan of three data types
        MigrationPlan plan = planOf(type("c", "c", 30), type("a", "a", 10), type("b", "b", 20));

        // when asking for the data type after each
        // then it walks a -> b -> c and ends there; an unknown name has no next
        assertThat(plan.next("a")).map(DataType::name).contains("b");
        assertThat(plan.next("b")).map(DataType::name).contains("c");
        assertThat(plan.next("c")).isEmpty();
        assertThat(plan.next("zzz")).isEmpty();
        assertThat(plan.next(null)).isEmpty();
    }

    @Test
    void shouldFindDataTypesByName_andRefuseUnknownOnes() {
        // given a plan
        MigrationPlan plan = planOf(type("accounts", "accounts", 1), type("contacts", "contacts", 2));

        // when looking up names
        // then known names are found and an unknown one fails with UNKNOWN_DATA_TYPE
        assertThat(plan.dataType("contacts")).map(DataType::table).contains("contacts");
        assertThat(plan.dataType("missing")).isEmpty();
        assertThat(plan.requireDataType("accounts").name()).isEqualTo("accounts");
        assertThatThrownBy(() -> plan.requireDataType("missing"))
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_DATA_TYPE));
    }

    @Test
    void shouldApplyDefaults_forMissingNameModeAndSchema() {
        // given a plan without name, mode or schema
        MigrationPlan plan = new MigrationPlan(" ", null, List.of(type("a", "a", 1)), null);

        // when reading it
        // then it is named "plan", fans out, and has no scripts
        assertThat(plan.name()).isEqualTo("plan");
        assertThat(plan.mode()).isEqualTo(MigrationMode.FAN_OUT);
        assertThat(plan.schema()).isEmpty();
    }

    @Test
    void shouldBeImmutable() {
        // given a plan
        MigrationPlan plan = planOf(type("a", "a", 1));

        // when trying to change its lists
        // then that is not possible
        assertThatThrownBy(() -> plan.dataTypes().add(type("b", "b", 2))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> plan.schema().add(script(1))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> plan.dataTypes().get(0).columns().add(Column.of("x", ColumnType.STRING)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldLocateKeyColumns_ignoringCase() {
        // given a composite key spelled in another case than its columns
        DataType type = new DataType("lines", null, "lines",
                List.of(Column.of("sku", ColumnType.STRING), Column.of("order_id", ColumnType.INTEGER), Column.of("line_no", ColumnType.INTEGER)),
                List.of("ORDER_ID", "Line_No"), 10, 1);

        // when asking for the key positions
        // then they point at the matching columns, in key order
        assertThat(type.primaryKeyIndexes()).containsExactly(1, 2);
        assertThat(type.columnNames()).containsExactly("sku", "order_id", "line_no");
    }

    @ParameterizedTest(name = "page size {0}")
    @ValueSource(ints = {1, 500, DataType.MAX_PAGE_SIZE})
    void shouldAcceptPageSize_withinOneToTenThousand(int pageSize) {
        // given a page size at or within the bounds
        // when building the data type
        DataType type = typeWithPageSize(pageSize);

        // then it is kept
        assertThat(type.pageSize()).isEqualTo(pageSize);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"a", "_", "users", "Users", "order_items2", "_tmp"})
    void shouldAcceptPlainSqlIdentifiers(String name) {
        // given a plain identifier
        // when using it as a table name and a column name
        // then both are accepted unchanged
        assertThat(typeWithTable(name).table()).isEqualTo(name);
        assertThat(typeWithColumn(name).columnNames()).containsExactly(name);
    }

    @Test
    void shouldAcceptIdentifier_ofExactlySixtyFourCharacters() {
        // given a 64-character name (MySQL's maximum)
        String name = "t".repeat(64);

        // when using it as a table
        // then it is accepted
        assertThat(typeWithTable(name).table()).hasSize(64);
    }

    @Test
    void shouldDefaultRemotePath_toTheDataTypeName() {
        // given a data type without remote path, and one with a nested path
        DataType plain = new DataType("accounts", null, "accounts", COLUMNS, List.of("id"), 10, 1);
        DataType nested = new DataType("lines", "orders/v2/lines", "lines", COLUMNS, List.of("id"), 10, 1);

        // when reading the remote path
        // then it is the name, or the path given
        assertThat(plain.remotePath()).isEqualTo("accounts");
        assertThat(nested.remotePath()).isEqualTo("orders/v2/lines");
    }

    // ---- invalid plans --------------------------------------------------------------------------

    static Stream<Arguments> invalidPlans() {
        String long65 = "t".repeat(65);
        return Stream.of(
                invalid("no data types", () -> new MigrationPlan("p", null, List.of(), List.of()), ErrorCode.INVALID_PLAN),
                invalid("null data types", () -> new MigrationPlan("p", null, null, List.of()), ErrorCode.INVALID_PLAN),
                invalid("duplicate data type names", () -> planOf(type("a", "t1", 1), type("a", "t2", 2)), ErrorCode.INVALID_PLAN),
                invalid("two data types, one table", () -> planOf(type("a", "shared", 1), type("b", "shared", 2)), ErrorCode.INVALID_PLAN),
                invalid("two data types, one table in another case", () -> planOf(type("a", "Shared", 1), type("b", "shared", 2)), ErrorCode.INVALID_PLAN),
                invalid("primary key not a column", () -> new DataType("a", null, "a", COLUMNS, List.of("uuid"), 10, 1), ErrorCode.INVALID_PLAN),
                invalid("no primary key", () -> new DataType("a", null, "a", COLUMNS, List.of(), 10, 1), ErrorCode.INVALID_PLAN),
                invalid("null primary key", () -> new DataType("a", null, "a", COLUMNS, null, 10, 1), ErrorCode.INVALID_PLAN),
                invalid("no columns", () -> new DataType("a", null, "a", List.of(), List.of("id"), 10, 1), ErrorCode.INVALID_PLAN),
                invalid("duplicate column in another case", () -> new DataType("a", null, "a",
                        List.of(Column.of("id", ColumnType.INTEGER), Column.of("ID", ColumnType.STRING)), List.of("id"), 10, 1), ErrorCode.INVALID_PLAN),
                invalid("page size 0", () -> typeWithPageSize(0), ErrorCode.INVALID_PLAN),
                invalid("page size -1", () -> typeWithPageSize(-1), ErrorCode.INVALID_PLAN),
                invalid("page size 10,001", () -> typeWithPageSize(DataType.MAX_PAGE_SIZE + 1), ErrorCode.INVALID_PLAN),
                invalid("table a`b", () -> typeWithTable("a`b"), ErrorCode.INVALID_IDENTIFIER),
                invalid("table a;drop", () -> typeWithTable("a;drop"), ErrorCode.INVALID_IDENTIFIER),
                invalid("table with injection", () -> typeWithTable("users; DROP TABLE users; --"), ErrorCode.INVALID_IDENTIFIER),
                invalid("table of 65 characters", () -> typeWithTable(long65), ErrorCode.INVALID_IDENTIFIER),
                invalid("empty table", () -> typeWithTable(""), ErrorCode.INVALID_IDENTIFIER),
                invalid("null table", () -> typeWithTable(null), ErrorCode.INVALID_IDENTIFIER),
                invalid("table starting with a digit", () -> typeWithTable("1users"), ErrorCode.INVALID_IDENTIFIER),
                invalid("qualified table", () -> typeWithTable("other_db.users"), ErrorCode.INVALID_IDENTIFIER),
                invalid("table with trailing newline", () -> typeWithTable("users\n"), ErrorCode.INVALID_IDENTIFIER),
                invalid("table with non-ASCII letter", () -> typeWithTable("usérs"), ErrorCode.INVALID_IDENTIFIER),
                invalid("column a`b", () -> typeWithColumn("a`b"), ErrorCode.INVALID_IDENTIFIER),
                invalid("column a;drop", () -> typeWithColumn("a;drop"), ErrorCode.INVALID_IDENTIFIER),
                invalid("column with space", () -> typeWithColumn("first name"), ErrorCode.INVALID_IDENTIFIER),
                invalid("column of 65 characters", () -> typeWithColumn(long65), ErrorCode.INVALID_IDENTIFIER),
                invalid("column with hyphen", () -> typeWithColumn("first-name"), ErrorCode.INVALID_IDENTIFIER),
                invalid("data type name with path traversal", () -> type("../etc", "t", 1), ErrorCode.INVALID_PLAN),
                invalid("data type name with slash", () -> type("a/b", "t", 1), ErrorCode.INVALID_PLAN),
                invalid("null data type name", () -> type(null, "t", 1), ErrorCode.INVALID_PLAN),
                invalid("remote path with traversal", () -> new DataType("a", "../admin", "a", COLUMNS, List.of("id"), 10, 1), ErrorCode.INVALID_PLAN),
                invalid("remote path with empty segment", () -> new DataType("a", "a//b", "a", COLUMNS, List.of("id"), 10, 1), ErrorCode.INVALID_PLAN),
                invalid("remote path with query", () -> new DataType("a", "a?x=1", "a", COLUMNS, List.of("id"), 10, 1), ErrorCode.INVALID_PLAN),
                invalid("column size 0", () -> new Column("c", ColumnType.STRING, 0, null, null, false), ErrorCode.INVALID_PLAN),
                invalid("scale above precision", () -> new Column("c", ColumnType.DECIMAL, null, 4, 5, false), ErrorCode.INVALID_PLAN),
                invalid("negative scale", () -> new Column("c", ColumnType.DECIMAL, null, 4, -1, false), ErrorCode.INVALID_PLAN),
                invalid("duplicate schema versions", () -> new MigrationPlan("p", null, List.of(type("a", "a", 1)),
                        List.of(script(1), script(2), script(1))), ErrorCode.INVALID_PLAN),
                invalid("schema version 0", () -> script(0), ErrorCode.INVALID_PLAN),
                invalid("schema with no statements", () -> new SchemaScript(1, "d", List.of()), ErrorCode.INVALID_PLAN),
                invalid("schema with null statements", () -> new SchemaScript(1, "d", null), ErrorCode.INVALID_PLAN),
                invalid("schema with a blank statement", () -> new SchemaScript(1, "d", List.of("CREATE TABLE x (id INT)", "  ")), ErrorCode.INVALID_PLAN),
                invalid("schema with a null statement", () -> new SchemaScript(1, "d", Arrays.asList("CREATE TABLE x (id INT)", null)), ErrorCode.INVALID_PLAN));
    }

    private static Arguments invalid(String description, ThrowingCallable build, ErrorCode code) {
        return Arguments.of(description, build, code);
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("invalidPlans")
    void shouldRefuseInvalidPlan(String description, ThrowingCallable build, ErrorCode expected) {
        // given an invalid plan, data type, column or script
        // when building it
        // then it is refused with the expected permanent code
        assertThatThrownBy(build)
                .as(description)
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(expected);
                    assertThat(e.retryable()).isFalse();
                });
    }

    @Test
    void shouldExcerptAVeryLongInvalidIdentifier_inTheErrorMessage() {
        // given a table name of 10,000 characters
        String huge = "x".repeat(10_000);

        // when building the data type
        // then the message carries only an excerpt
        assertThatThrownBy(() -> typeWithTable(huge))
                .isInstanceOf(FerryException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
    }

    @Test
    void shouldFingerprintSchemaScripts_byTheirStatements() {
        // given two scripts with the same statements and one with an edited statement
        SchemaScript a = new SchemaScript(1, "one", List.of("CREATE TABLE a (id INT)", "CREATE TABLE b (id INT)"));
        SchemaScript same = new SchemaScript(1, "other description", List.of("CREATE TABLE a (id INT)", "CREATE TABLE b (id INT)"));
        SchemaScript edited = new SchemaScript(1, "one", List.of("CREATE TABLE a (id BIGINT)", "CREATE TABLE b (id INT)"));

        // when computing checksums
        // then equal statements give equal checksums and an edit changes it
        assertThat(a.checksum()).isEqualTo(same.checksum()).isNotEqualTo(edited.checksum());
    }

    @Test
    void shouldMatchKeyColumnsIgnoringCase_underAnyDefaultLocale() {
        // given the JVM's default locale is Turkish
        Locale saved = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
        try {
            // when building a data type whose key is spelled ID for the column id
            DataType type = new DataType("items", null, "items", List.of(Column.of("id", ColumnType.INTEGER)), List.of("ID"), 10, 1);

            // then it is valid and the key points at the column
            assertThat(type.primaryKeyIndexes()).containsExactly(0);
        } finally {
            Locale.setDefault(saved);
        }
    }
}
