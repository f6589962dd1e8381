package dev.ferry.hostile;

import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationMode;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.domain.plan.SchemaScript;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The app the hostile suite migrates: projects (small pages, every value class) and issues (pages of
 * 25 whose binaries make one page take many statements), generated the same way for every installation.
 */
final class HostileData {
    static final int PROJECT_ROWS = 12;
    static final int PROJECTS_PAGE = 5;
    static final int ISSUE_ROWS = 30;
    static final int ISSUES_PAGE = 25;
    static final List<String> PROJECT_HEADERS = List.of("id", "name", "budget", "archived", "settings", "created_at", "due");
    static final List<String> ISSUE_HEADERS = List.of("id", "project_id", "title", "body", "payload");

    static final DataType PROJECTS = new DataType("projects", null, "projects", List.of(
            Column.of("id", ColumnType.INTEGER),
            new Column("name", ColumnType.STRING, 50, null, null, false),
            new Column("budget", ColumnType.DECIMAL, null, 10, 2, true),
            Column.of("archived", ColumnType.BOOLEAN),
            Column.nullable("settings", ColumnType.JSON),
            Column.of("created_at", ColumnType.TIMESTAMP),
            Column.nullable("due", ColumnType.DATE)), List.of("id"), PROJECTS_PAGE, 1);
    static final DataType ISSUES = new DataType("issues", null, "issues", List.of(
            Column.of("id", ColumnType.INTEGER),
            Column.of("project_id", ColumnType.INTEGER),
            new Column("title", ColumnType.STRING, 100, null, null, false),
            Column.nullable("body", ColumnType.STRING),
            Column.nullable("payload", ColumnType.BINARY)), List.of("id"), ISSUES_PAGE, 2);
    static final MigrationPlan PLAN = new MigrationPlan("hostile", MigrationMode.FAN_OUT, List.of(PROJECTS, ISSUES),
            List.of(new SchemaScript(1, "hostile app", List.of(
                    "CREATE TABLE IF NOT EXISTS projects (id BIGINT NOT NULL, name VARCHAR(50) NOT NULL, "
                            + "budget DECIMAL(10,2) NULL, archived BOOLEAN NOT NULL, settings JSON NULL, "
                            + "created_at TIMESTAMP(3) NOT NULL, due DATE NULL, PRIMARY KEY (id)) "
                            + "DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
                    "CREATE TABLE IF NOT EXISTS issues (id BIGINT NOT NULL, project_id BIGINT NOT NULL, "
                            + "title VARCHAR(100) NOT NULL, body TEXT NULL, payload MEDIUMBLOB NULL, PRIMARY KEY (id)) "
                            + "DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"))));

    private HostileData() {
    }

    /** One installation's rows, by data type, as the remote sends them (JSON-ready values). */
    static Map<String, List<List<Object>>> rows(long seed) {
        Random random = new Random(seed);
        List<List<Object>> projects = new ArrayList<>();
        for (int i = 1; i <= PROJECT_ROWS; i++) {
            projects.add(new ArrayList<>(java.util.Arrays.asList((long) i, "Project " + i + " — ünïcødé ✓",
                    i % 3 == 0 ? null : new BigDecimal(i + "0.25"), i % 2 == 0,
                    i % 4 == 0 ? null : Map.of("theme", "dark", "rank", i),
                    "2024-03-0" + (1 + i % 9) + "T10:15:30.120Z", i % 5 == 0 ? null : "2025-01-" + (10 + i))));
        }
        List<List<Object>> issues = new ArrayList<>();
        for (int i = 1; i <= ISSUE_ROWS; i++) {
            byte[] payload = new byte[600];
            random.nextBytes(payload);
            issues.add(new ArrayList<>(java.util.Arrays.asList((long) (1000 + i), (long) (1 + i % PROJECT_ROWS),
                    "Issue " + i + " 'quoted' \"double\" `tick`", i % 7 == 0 ? null : "body of issue " + i,
                    Base64.getEncoder().encodeToString(payload))));
        }
        Map<String, List<List<Object>>> rows = new LinkedHashMap<>();
        rows.put("projects", projects);
        rows.put("issues", issues);
        return rows;
    }

    /** Puts an installation with this data, READY, on the remote. */
    static void serve(HostileRemote remote, String installation, Map<String, List<List<Object>>> rows) {
        remote.putInstallation(installation, "READY");
        remote.putData(installation, "projects", PROJECT_HEADERS, rows.get("projects"));
        remote.putData(installation, "issues", ISSUE_HEADERS, rows.get("issues"));
    }
}
