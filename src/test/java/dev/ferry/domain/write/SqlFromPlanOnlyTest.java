package dev.ferry.domain.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.domain.convert.PageConverter;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.page.RemotePage;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import dev.ferry.domain.plan.DataType;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Nothing from a remote response is ever used as a table or column name: SQL text comes from the plan alone. */
class SqlFromPlanOnlyTest {
    private static final DataType USERS = new DataType("users", null, "users",
            List.of(Column.of("id", ColumnType.INTEGER), Column.nullable("name", ColumnType.STRING),
                    Column.nullable("email", ColumnType.STRING)),
            List.of("id"), 100, 1);
    private static final String PLAN_SQL = "INSERT INTO `ferry_acme`.`users` (`id`, `name`, `email`) VALUES (?, ?, ?)"
            + " ON DUPLICATE KEY UPDATE `name` = VALUES(`name`), `email` = VALUES(`email`)";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "name`) VALUES (1, 'x'); DROP TABLE users; --",
            "`name`",
            "name` = 'x', `id",
            "name; DELETE FROM users",
            "name\u0000",
            "na\"me",
            "name' OR '1'='1",
            "ferry_acme`.`users"})
    void headerCarryingSql_isRefusedAsHeadersMismatch_neverInterpolated(String hostile) {
        // given a page whose second header is SQL instead of a plan column
        RemotePage page = new RemotePage(List.of("id", hostile, "email"), List.of(List.of(BigDecimal.ONE, "Ann", "a@x")), null);

        // when / then it never becomes rows, let alone SQL
        assertThatThrownBy(() -> PageConverter.convert(USERS, page)).isInstanceOfSatisfying(FerryException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.HEADERS_MISMATCH);
            assertThat(e.retryable()).isFalse();
        });
    }

    @Test
    void headerNamingAPlanColumnInAnotherCase_mapsToThePlansSpelling() {
        // given headers spelled differently from the plan
        RemotePage page = new RemotePage(List.of("EMAIL", "Id", "NAME"), List.of(List.of("a@x", BigDecimal.ONE, "Ann")), null);

        // when converted and planned
        List<UpsertStatement> statements = new StatementSplitter(InsertLimits.DEFAULT)
                .plan("ferry_acme", USERS, PageConverter.convert(USERS, page));

        // then the SQL names the plan's columns exactly as the plan spells them
        assertThat(statements).singleElement().satisfies(s -> assertThat(s.sql()).isEqualTo(PLAN_SQL));
    }

    @Test
    void valuesCarryingSql_areOnlyEverBoundAsParameters() {
        // given reordered headers and values written to break out of a quoted string
        List<Object> hostile = List.of("x'); DROP TABLE users; --", BigDecimal.valueOf(7), "`users`; SELECT 1");
        RemotePage page = new RemotePage(List.of("name", "id", "email"), List.of(hostile), null);

        // when converted and planned
        List<Row> rows = PageConverter.convert(USERS, page);
        UpsertStatement statement = new StatementSplitter(InsertLimits.DEFAULT).plan("ferry_acme", USERS, rows).get(0);

        // then the SQL text is the plan's own, and the values travel as parameters in plan order, verbatim
        assertThat(statement.sql()).isEqualTo(PLAN_SQL);
        assertThat(statement.parameters()).containsExactly(7L, "x'); DROP TABLE users; --", "`users`; SELECT 1");
    }
}
