package dev.ferry.local.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ferry.local.sample.SampleDataGenerator.GeneratedInstallation;
import dev.ferry.testing.IntegrationTest;
import dev.ferry.testing.TestMySql;
import dev.ferry.testing.TestMySql.TestDatabase;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sample plan matches the sample app, and its destination schema holds every sample value. */
@IntegrationTest
class SamplePlanTest {

    private static JsonNode plan;

    @BeforeAll
    static void readPlan() throws Exception {
        try (InputStream in = SamplePlanTest.class.getResourceAsStream("/ferry-plan.yaml")) {
            assertThat(in).as("ferry-plan.yaml on the classpath").isNotNull();
            plan = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
    }

    @Test
    void shouldDescribeEverySampleDataType_likeTheRemoteServesIt() {
        // then
        assertThat(plan.get("name").textValue()).isEqualTo("sample-tracker");
        assertThat(plan.get("mode").textValue()).isEqualTo("FAN_OUT");
        JsonNode dataTypes = plan.get("dataTypes");
        assertThat(dataTypes).hasSize(SampleSchema.tables().size());
        int previousOrder = 0;
        for (int i = 0; i < dataTypes.size(); i++) {
            JsonNode dataType = dataTypes.get(i);
            SampleTable table = SampleSchema.tables().get(i);
            assertThat(dataType.get("name").textValue()).isEqualTo(table.dataType());
            assertThat(dataType.get("remotePath").textValue()).isEqualTo(table.remotePath());
            assertThat(dataType.get("table").textValue()).isEqualTo(table.dataType());
            assertThat(dataType.get("order").intValue()).isGreaterThan(previousOrder);
            previousOrder = dataType.get("order").intValue();
            assertThat(dataType.get("pageSize").intValue()).isBetween(1, SampleRemoteServer.MAX_LIMIT);
            List<String> key = new ArrayList<>();
            dataType.get("primaryKey").forEach(k -> key.add(k.textValue()));
            assertThat(key).isEqualTo(table.primaryKey());
            List<SampleColumn> columns = new ArrayList<>();
            dataType.get("columns").forEach(c -> columns.add(new SampleColumn(c.get("name").textValue(),
                    ColumnKind.valueOf(c.get("type").textValue()), c.path("nullable").asBoolean(false))));
            assertThat(columns).as(table.dataType()).isEqualTo(table.columns());
        }
    }

    @Test
    void shouldKeepDestinationDdl_withinWhatTheTargetAccepts() {
        int previousVersion = 0;
        for (JsonNode version : plan.get("schema")) {
            // then versions ascend and every statement is one idempotent CREATE TABLE without tenant column
            assertThat(version.get("version").intValue()).isEqualTo(previousVersion + 1);
            previousVersion = version.get("version").intValue();
            for (JsonNode statement : version.get("statements")) {
                String sql = statement.textValue();
                String upper = sql.toUpperCase(Locale.ROOT);
                assertThat(sql).startsWith("CREATE TABLE IF NOT EXISTS ").doesNotContain(";", "installation_id", "\n");
                assertThat(upper).doesNotContain("FOREIGN KEY", "REFERENCES", "TRIGGER", "PROCEDURE")
                        .contains("UTF8MB4");
            }
        }
    }

    @Test
    void shouldHoldEverySampleValue_inTheDestinationSchema() throws Exception {
        try (TestDatabase database = TestMySql.uniqueDatabase("sample_plan");
             Connection c = database.connect()) {
            // given the plan's schema, applied twice as a replay would
            applySchema(c);
            applySchema(c);
            c.setAutoCommit(false); // the source of the rows is not under test here; speed is welcome

            for (SampleTable table : SampleSchema.tables()) {
                assertThat(destinationColumns(c, table.dataType())).isEqualTo(table.columnNames());
            }
            List<GeneratedInstallation> data = SampleDataGenerator.generate(SampleDataSet.defaults());
            for (GeneratedInstallation installation : List.of(data.get(0), data.get(3))) {
                for (SampleTable table : SampleSchema.tables()) {
                    try (Statement s = c.createStatement()) {
                        s.execute("DELETE FROM " + table.dataType());
                    }
                    // when
                    insert(c, table, installation.rows(table.dataType()));

                    // then
                    c.commit();
                    ContractValues.assertSameRows(installation.installationId() + " " + table.dataType(), table,
                            select(c, table), installation.rows(table.dataType()));
                }
            }
        }
    }

    private static void applySchema(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (JsonNode version : plan.get("schema")) {
                for (JsonNode statement : version.get("statements")) {
                    s.execute(statement.textValue());
                }
            }
        }
    }

    private static List<String> destinationColumns(Connection c, String tableName) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COLUMN_NAME FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            s.setString(1, tableName);
            List<String> names = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        }
    }

    private static void insert(Connection c, SampleTable table, List<List<Object>> rows) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + table.dataType() + " ("
                + String.join(", ", table.columnNames()) + ") VALUES (?" + ", ?".repeat(table.columns().size() - 1) + ")")) {
            int batched = 0;
            for (List<Object> row : rows) {
                for (int i = 0; i < row.size(); i++) {
                    SqlValues.bind(s, i + 1, table.columns().get(i).kind(), row.get(i));
                }
                s.addBatch();
                if (++batched % 200 == 0) {
                    s.executeBatch();
                }
            }
            s.executeBatch();
        }
    }

    private static List<List<Object>> select(Connection c, SampleTable table) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT " + String.join(", ", table.columnNames())
                + " FROM " + table.dataType() + " ORDER BY " + String.join(", ", table.primaryKey()))) {
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 0; i < table.columns().size(); i++) {
                    row.add(SqlValues.read(rs, i + 1, table.columns().get(i).kind()));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
