package dev.ferry.domain.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.LoopPrints;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.page.RemotePage;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.verify.RowKey;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class PageConverterTest {

    /** users(id INTEGER, name STRING nullable, active BOOLEAN), key id. */
    private static final DataType USERS = new DataType("users", null, "users",
            List.of(Column.of("id", ColumnType.INTEGER), Column.nullable("name", ColumnType.STRING),
                    Column.of("active", ColumnType.BOOLEAN)),
            List.of("id"), 100, 1);

    private static List<Object> values(Object... values) {
        return Arrays.asList(values);
    }

    private static RemotePage page(List<String> headers, List<List<Object>> data) {
        return new RemotePage(headers, data, Cursor.ofNumber("1"));
    }

    private static void assertFails(ThrowingCallable call, ErrorCode code, String... messageParts) {
        assertThatThrownBy(call).isInstanceOfSatisfying(FerryException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(messageParts);
        });
    }

    @Test
    void shouldConvertEveryRow_inPlanColumnOrder() {
        // given a page whose headers are in plan order
        RemotePage page = page(List.of("id", "name", "active"), List.of(
                values(new BigDecimal("1"), "Ann", Boolean.TRUE),
                values(new BigDecimal("2"), null, new BigDecimal("0"))));

        // when converting it
        List<Row> rows = PageConverter.convert(USERS, page);

        // then each row holds the converted values in plan order
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).values()).containsExactly(1L, "Ann", true);
        assertThat(rows.get(1).values()).containsExactly(2L, null, false);
    }

    @Test
    void shouldKeepEachRowsKey_inRowOrder_andPrintThePageAsFromItsRows() {
        // given a page of three users, headers out of plan order
        RemotePage page = page(List.of("name", "id", "active"), List.of(
                values("Ann", new BigDecimal("3"), Boolean.TRUE),
                values("Bob", new BigDecimal("1"), Boolean.FALSE),
                values("Cy", new BigDecimal("2"), Boolean.TRUE)));

        // when converting it with its keys
        PageConverter.Converted converted = PageConverter.convertWithKeys(USERS, page, null);

        // then the keys are the rows' own, in row order, and prints from them equal prints of the rows' encoded keys
        // (what loop marks saved by earlier versions hold)
        assertThat(converted.keys()).containsExactly(RowKey.of(3L), RowKey.of(1L), RowKey.of(2L));
        assertThat(converted.rows()).isEqualTo(PageConverter.convert(USERS, page));
        assertThat(LoopPrints.ofKeys(USERS, Cursor.ofNumber("3"), converted.keys()))
                .isEqualTo(LoopPrints.of("users", Cursor.ofNumber("3"),
                        converted.rows().stream().map(row -> RowKey.of(USERS, row).encode()).toList()));
    }

    @Test
    void shouldMapReorderedHeaders_byName() {
        // given a page whose headers come in another order than the plan's columns
        RemotePage page = page(List.of("active", "name", "id"), List.of(
                values(Boolean.TRUE, "Ann", new BigDecimal("1")),
                values("false", "Bob", "2")));

        // when converting it
        List<Row> rows = PageConverter.convert(USERS, page);

        // then each value lands in its column by name
        assertThat(rows.get(0).values()).containsExactly(1L, "Ann", true);
        assertThat(rows.get(1).values()).containsExactly(2L, "Bob", false);
    }

    @Test
    void shouldMatchHeaders_ignoringCase() {
        // given headers spelled in another case
        RemotePage page = page(List.of("ID", "Name", "ACTIVE"), List.<List<Object>>of(values(new BigDecimal("3"), "Cy", "1")));

        // when converting
        List<Row> rows = PageConverter.convert(USERS, page);

        // then they match the plan's columns
        assertThat(rows.get(0).values()).containsExactly(3L, "Cy", true);
    }

    @Test
    void shouldReturnNoRows_forEmptyPage_whateverItsHeaders() {
        // given empty pages, with matching headers, with none at all, and with foreign ones
        // when converting them
        // then there are no rows and no error
        assertThat(PageConverter.convert(USERS, page(List.of("id", "name", "active"), List.of()))).isEmpty();
        assertThat(PageConverter.convert(USERS, new RemotePage(null, null, null))).isEmpty();
        assertThat(PageConverter.convert(USERS, page(List.of("whatever"), List.of()))).isEmpty();
    }

    @Test
    void shouldRefuseMissingHeader_namingIt() {
        // given a page without the 'active' column
        RemotePage page = page(List.of("id", "name"), List.<List<Object>>of(values(new BigDecimal("1"), "Ann")));

        // when converting
        // then it fails with HEADERS_MISMATCH naming the data type and the missing column
        assertFails(() -> PageConverter.convert(USERS, page), ErrorCode.HEADERS_MISMATCH, "users", "missing [active]");
    }

    @Test
    void shouldRefuseUnknownHeader_namingIt() {
        // given a page with an extra 'email' column
        RemotePage page = page(List.of("id", "email", "name", "active"),
                List.<List<Object>>of(values(new BigDecimal("1"), "a@x", "Ann", true)));

        // when converting
        // then it fails with HEADERS_MISMATCH naming the unknown header
        assertFails(() -> PageConverter.convert(USERS, page), ErrorCode.HEADERS_MISMATCH, "unknown [email]");
    }

    @Test
    void shouldRefuseRepeatedHeader_namingIt() {
        // given a page naming 'name' twice (once in another case)
        RemotePage page = page(List.of("id", "name", "active", "NAME"),
                List.<List<Object>>of(values(new BigDecimal("1"), "Ann", true, "Ann")));

        // when converting
        // then it fails with HEADERS_MISMATCH naming the repeated header
        assertFails(() -> PageConverter.convert(USERS, page), ErrorCode.HEADERS_MISMATCH, "repeated [NAME]");
    }

    @Test
    void shouldReportMissingAndUnknownHeaders_together() {
        // given a page that renamed 'name' to 'full_name' and dropped 'active'
        RemotePage page = page(List.of("id", "full_name"), List.<List<Object>>of(values(new BigDecimal("1"), "Ann")));

        // when converting
        // then one error names both missing columns and the unknown header
        assertFails(() -> PageConverter.convert(USERS, page), ErrorCode.HEADERS_MISMATCH,
                "missing [active, name]", "unknown [full_name]");
    }

    @Test
    void shouldExcerptAVeryLongUnknownHeader() {
        // given an unknown header of 10,000 characters
        String longHeader = "h".repeat(10_000);
        RemotePage page = page(List.of("id", "name", "active", longHeader),
                List.<List<Object>>of(values(new BigDecimal("1"), "Ann", true, "x")));

        // when converting
        // then the message holds only an excerpt of it
        assertThatThrownBy(() -> PageConverter.convert(USERS, page))
                .isInstanceOf(FerryException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300).contains("h".repeat(40) + "…"));
    }

    @Test
    void shouldRefuseNullHeader_asHeadersMismatch() {
        // given a remote response whose headers contain null
        List<String> headers = Arrays.asList("id", null, "active");

        // when building and converting the page
        // then it fails with HEADERS_MISMATCH (missing 'name'), not with an unchecked exception
        assertFails(() -> PageConverter.convert(USERS, page(headers, List.<List<Object>>of(values(new BigDecimal("1"), "Ann", true)))),
                ErrorCode.HEADERS_MISMATCH, "missing [name]");
    }

    @Test
    void shouldRefuseRowOfWrongArity_withItsRowNumber() {
        // given a page whose third row (index 2) is one value short
        RemotePage page = page(List.of("id", "name", "active"), List.of(
                values(new BigDecimal("1"), "Ann", true),
                values(new BigDecimal("2"), "Bob", false),
                values(new BigDecimal("3"), "Cy")));

        // when converting
        // then it fails with ROW_ARITY naming the data type, the (0-based) row number and both lengths
        assertFails(() -> PageConverter.convert(USERS, page), ErrorCode.ROW_ARITY, "users", "row 2", "has 2 values", "headers name 3");
    }

    @Test
    void shouldRefuseTooLongRow_andNullRow_asWrongArity() {
        // given a row with one value too many, and a null row
        RemotePage tooLong = page(List.of("id", "name", "active"), List.<List<Object>>of(values(new BigDecimal("1"), "Ann", true, "extra")));
        RemotePage nullRow = page(List.of("id", "name", "active"), Arrays.<List<Object>>asList(values(new BigDecimal("1"), "Ann", true), null));

        // when converting them
        // then both fail with ROW_ARITY and the row number
        assertFails(() -> PageConverter.convert(USERS, tooLong), ErrorCode.ROW_ARITY, "row 0", "has 4 values");
        assertFails(() -> PageConverter.convert(USERS, nullRow), ErrorCode.ROW_ARITY, "row 1", "has 0 values");
    }

    @Test
    void shouldReportBadValue_withRowNumberAndColumn() {
        // given a page whose row at index 1 holds a fractional id
        RemotePage page = page(List.of("name", "id", "active"), List.of(
                values("Ann", new BigDecimal("1"), true),
                values("Bob", new BigDecimal("2.5"), true)));

        // when converting
        // then it fails with VALUE_CONVERSION naming data type, row and column; no partial result escapes
        assertFails(() -> PageConverter.convert(USERS, page), ErrorCode.VALUE_CONVERSION, "users", "row 1", "column id");
    }

    @Test
    void shouldReportNullInNonNullableColumn_withRowNumber() {
        // given a row with a null in the non-nullable 'active'
        RemotePage page = page(List.of("id", "name", "active"), List.<List<Object>>of(values(new BigDecimal("1"), "Ann", null)));

        // when converting
        // then it fails with VALUE_CONVERSION naming the row and the column
        assertFails(() -> PageConverter.convert(USERS, page), ErrorCode.VALUE_CONVERSION, "row 0", "column active");
    }
}
