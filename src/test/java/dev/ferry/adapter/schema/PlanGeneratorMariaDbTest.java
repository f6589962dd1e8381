package dev.ferry.adapter.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.adapter.config.PlanLoader;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationMode;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.domain.plan.SchemaScript;
import dev.ferry.testing.TestMySql;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The generator on schemas loaded into MariaDB: information_schema gives the same data types as the
 * CREATE TABLE statements, the generated DDL recreates the same schema, a new version applies on top
 * of the first, and the bundled sample's schema gives the bundled plan back.
 */
class PlanGeneratorMariaDbTest {

    static void load(TestMySql.TestDatabase db, List<String> statements) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                if (!statement.isBlank()) {
                    s.execute(statement);
                }
            }
        }
    }

    static List<String> statements(String sql) {
        return List.of(sql.replaceAll("(?m)^--.*$", "").split(";"));
    }

    static MigrationPlan fromDatabase(TestMySql.TestDatabase db, MigrationPlan previous) throws SQLException {
        try (Connection c = db.connect()) {
            return PlanGenerator.generate(InformationSchemaReader.read(c, db.name()), previous, "shop", MigrationMode.FAN_OUT).plan();
        }
    }

    /** Data types without their page sizes (the server's row length estimate may differ from the DDL's). */
    static List<List<Object>> shape(MigrationPlan plan) {
        return plan.dataTypes().stream().map(d -> List.<Object>of(d.name(), d.table(), d.order(), d.primaryKey(), d.columns()))
                .toList();
    }

    /** As {@link #shape}, by name and without order: a destination has no foreign keys to order by. */
    static List<List<Object>> unordered(MigrationPlan plan) {
        return plan.dataTypes().stream().sorted(java.util.Comparator.comparing(DataType::name))
                .map(d -> List.<Object>of(d.name(), d.table(), d.primaryKey(), d.columns())).toList();
    }

    @Test
    void shouldReadTheSameDataTypesFromInformationSchema_asFromTheStatements() throws Exception {
        try (TestMySql.TestDatabase db = TestMySql.uniqueDatabase("plan_is")) {
            load(db, statements(PlanGeneratorTest.shopSql()));

            MigrationPlan fromServer = fromDatabase(db, null);

            assertThat(shape(fromServer)).isEqualTo(shape(PlanGeneratorTest.shop().plan()));
            assertThat(PlanLoader.parse(PlanYamlWriter.write(fromServer, List.of(), List.of()), "x")).isEqualTo(fromServer);
        }
    }

    @Test
    void shouldRecreateTheSameSchema_fromTheGeneratedDdl_andApplyANewVersionOnTop() throws Exception {
        MigrationPlan first;
        try (TestMySql.TestDatabase source = TestMySql.uniqueDatabase("plan_src")) {
            load(source, statements(PlanGeneratorTest.shopSql()));
            first = fromDatabase(source, null);
        }
        try (TestMySql.TestDatabase destination = TestMySql.uniqueDatabase("plan_dst")) {
            load(destination, first.schema().get(0).statements());

            assertThat(unordered(fromDatabase(destination, null))).isEqualTo(unordered(first));
        }
        String changedSql = PlanGeneratorTest.shopSql().replace("  founded YEAR NULL,", "  founded YEAR NULL,\n  anthem TEXT NULL,")
                + "\nCREATE TABLE supplier (supplier_id INT NOT NULL, tags SET('a','b') NULL, PRIMARY KEY (supplier_id));";
        try (TestMySql.TestDatabase changed = TestMySql.uniqueDatabase("plan_chg");
             TestMySql.TestDatabase destination = TestMySql.uniqueDatabase("plan_dst2")) {
            load(changed, statements(changedSql));
            MigrationPlan second = fromDatabase(changed, first);
            SchemaScript v2 = second.schema().get(1);

            assertThat(second.schema().get(0)).isEqualTo(first.schema().get(0));
            assertThat(v2.statements()).hasSize(2);
            load(destination, first.schema().get(0).statements());
            load(destination, v2.statements());
            load(destination, v2.statements()); // a version cut short runs again whole: it must be replayable
            assertThat(unordered(fromDatabase(destination, null))).isEqualTo(unordered(fromDatabase(changed, null)));
            assertThat(fromDatabase(changed, second).schema()).isEqualTo(second.schema());
        }
    }

    @Test
    void shouldGiveTheBundledSamplePlanBack_fromTheSamplesSchema() throws Exception {
        MigrationPlan bundled = PlanLoader.load("classpath:ferry-plan.yaml");
        try (TestMySql.TestDatabase db = TestMySql.uniqueDatabase("plan_sample")) {
            for (SchemaScript s : bundled.schema()) {
                load(db, s.statements());
            }

            MigrationPlan regenerated = fromDatabase(db, bundled);

            assertThat(regenerated.schema()).isEqualTo(bundled.schema()); // nothing changed: no new version
            assertThat(regenerated.dataTypes()).extracting(DataType::name, DataType::remotePath, DataType::primaryKey,
                    DataType::pageSize).isEqualTo(bundled.dataTypes().stream().map(d -> org.assertj.core.groups.Tuple.tuple(
                    d.name(), d.remotePath(), d.primaryKey(), d.pageSize())).toList());
            for (DataType d : bundled.dataTypes()) {
                DataType r = regenerated.requireDataType(d.name());
                assertThat(r.columns()).extracting(Column::name, Column::type, Column::nullable)
                        .isEqualTo(d.columns().stream().map(c -> org.assertj.core.groups.Tuple.tuple(c.name(), c.type(),
                                c.nullable())).toList());
            }
        }
    }
}
