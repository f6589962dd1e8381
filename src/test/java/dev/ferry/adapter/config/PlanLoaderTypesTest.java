package dev.ferry.adapter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import dev.ferry.domain.plan.GeometryType;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.domain.plan.TextCharset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The MySQL types' attributes in a plan file. */
class PlanLoaderTypesTest {
    private static final String PLAN = """
            name: types
            dataTypes:
              - name: things
                primaryKey: [id]
                columns:
                  - {name: id, type: UUID}
                  - {name: code, type: STRING, size: 4, fixed: true, charset: ascii, collation: ascii_bin}
                  - {name: body, type: STRING, maxBytes: 65535, charset: utf8}
                  - {name: size, type: ENUM, members: [small, "Large", ""]}
                  - {name: tags, type: SET, members: [a, b], nullable: true}
                  - {name: t, type: TIME, fsp: 6}
                  - {name: f, type: FLOAT, precision: 7, scale: 3, unsigned: true}
                  - {name: bits, type: BIT, size: 12}
                  - {name: y, type: YEAR}
                  - {name: at, type: GEOMETRY, geometry: POINT, srid: 4326}
            """;

    @Test
    void shouldLoadEveryAttribute() {
        MigrationPlan plan = PlanLoader.parse(PLAN, "types");

        assertThat(plan.requireDataType("things").columns()).containsExactly(
                Column.builder("id", ColumnType.UUID).build(),
                Column.builder("code", ColumnType.STRING).size(4).fixed(true).charset(TextCharset.ASCII).collation("ascii_bin").build(),
                Column.builder("body", ColumnType.STRING).maxBytes(65_535L).charset(TextCharset.UTF8MB3).build(),
                Column.builder("size", ColumnType.ENUM).members(List.of("small", "Large", "")).build(),
                Column.builder("tags", ColumnType.SET).members(List.of("a", "b")).nullable(true).build(),
                Column.builder("t", ColumnType.TIME).fsp(6).build(),
                Column.builder("f", ColumnType.FLOAT).precision(7).scale(3).unsigned(true).build(),
                Column.builder("bits", ColumnType.BIT).size(12).build(),
                Column.builder("y", ColumnType.YEAR).build(),
                Column.builder("at", ColumnType.GEOMETRY).geometry(GeometryType.POINT).srid(4326).build());
    }

    @Test
    void shouldRefuseWhatAColumnCannotBe() {
        for (String bad : List.of("{name: x, type: STRING, charset: klingon}", "{name: x, type: ENUM}",
                "{name: x, type: INTEGER, fsp: 3}", "{name: x, type: BIT, size: 65}", "{name: x, type: TIME, fsp: 7}",
                "{name: x, type: STRING, fixed: true}", "{name: x, type: SET, members: [a, a]}")) {
            String plan = "dataTypes:\n  - name: t\n    primaryKey: [x]\n    columns:\n      - " + bad + "\n";
            assertThatThrownBy(() -> PlanLoader.parse(plan, "bad")).as(bad)
                    .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PLAN));
        }
    }
}
