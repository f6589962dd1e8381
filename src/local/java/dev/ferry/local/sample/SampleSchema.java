package dev.ferry.local.sample;

import static dev.ferry.local.sample.ColumnKind.BINARY;
import static dev.ferry.local.sample.ColumnKind.BOOLEAN;
import static dev.ferry.local.sample.ColumnKind.DATE;
import static dev.ferry.local.sample.ColumnKind.DATETIME;
import static dev.ferry.local.sample.ColumnKind.DECIMAL;
import static dev.ferry.local.sample.ColumnKind.DOUBLE;
import static dev.ferry.local.sample.ColumnKind.INTEGER;
import static dev.ferry.local.sample.ColumnKind.JSON;
import static dev.ferry.local.sample.ColumnKind.STRING;
import static dev.ferry.local.sample.ColumnKind.TIMESTAMP;
import static dev.ferry.local.sample.SampleColumn.optional;
import static dev.ferry.local.sample.SampleColumn.required;

import java.util.List;
import java.util.Optional;

/**
 * The sample project tracker's source schema: one shared database in which every table carries an
 * {@code installation_id}. Data types in parent-before-child order.
 */
public final class SampleSchema {

    private static final String TABLE_OPTIONS = " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";

    /** Migration status per installation, as the remote's {@code /migration-status} reports it. */
    public static final String INSTALLATIONS_DDL = """
            CREATE TABLE IF NOT EXISTS installations (
              installation_id VARCHAR(64) NOT NULL,
              status VARCHAR(20) NOT NULL,
              updated_at DATETIME(3) NOT NULL,
              PRIMARY KEY (installation_id)
            )""" + TABLE_OPTIONS;

    public static final SampleTable PROJECTS = new SampleTable("projects", "projects",
            List.of(required("id", INTEGER), required("name", STRING), optional("budget", DECIMAL),
                    required("archived", BOOLEAN), optional("settings", JSON), required("created_at", TIMESTAMP)),
            List.of("id"), """
            CREATE TABLE IF NOT EXISTS projects (
              id BIGINT NOT NULL,
              installation_id VARCHAR(64) NOT NULL,
              name VARCHAR(200) NOT NULL,
              budget DECIMAL(14,2) NULL,
              archived BOOLEAN NOT NULL DEFAULT FALSE,
              settings JSON NULL,
              created_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
              PRIMARY KEY (id),
              KEY idx_projects_installation (installation_id, id)
            )""" + TABLE_OPTIONS);

    public static final SampleTable ISSUES = new SampleTable("issues", "issues",
            List.of(required("id", INTEGER), required("project_id", INTEGER), required("title", STRING),
                    optional("body", STRING), optional("due", DATE), required("labels", JSON),
                    optional("estimate", DOUBLE), required("updated_at", DATETIME)),
            List.of("id"), """
            CREATE TABLE IF NOT EXISTS issues (
              id BIGINT NOT NULL,
              installation_id VARCHAR(64) NOT NULL,
              project_id BIGINT NOT NULL,
              title VARCHAR(500) NOT NULL,
              body TEXT NULL,
              due DATE NULL,
              labels JSON NOT NULL,
              estimate DOUBLE NULL,
              updated_at DATETIME(3) NOT NULL,
              PRIMARY KEY (id),
              KEY idx_issues_installation (installation_id, id),
              KEY idx_issues_project (project_id),
              KEY idx_issues_changes (installation_id, updated_at, id)
            )""" + TABLE_OPTIONS);

    public static final SampleTable ATTACHMENTS = new SampleTable("attachments", "attachments",
            List.of(required("id", INTEGER), required("issue_id", INTEGER), required("filename", STRING),
                    required("mime_type", STRING), required("content", BINARY)),
            List.of("id"), """
            CREATE TABLE IF NOT EXISTS attachments (
              id BIGINT NOT NULL,
              installation_id VARCHAR(64) NOT NULL,
              issue_id BIGINT NOT NULL,
              filename VARCHAR(255) NOT NULL,
              mime_type VARCHAR(100) NOT NULL,
              content LONGBLOB NOT NULL,
              PRIMARY KEY (id),
              KEY idx_attachments_installation (installation_id, id)
            )""" + TABLE_OPTIONS);

    /** The composite-key data type; served under a path that differs from its name. */
    public static final SampleTable ISSUE_WATCHERS = new SampleTable("issue_watchers", "issue-watchers",
            List.of(required("issue_id", INTEGER), required("user_key", STRING), required("watching_since", TIMESTAMP)),
            List.of("issue_id", "user_key"), """
            CREATE TABLE IF NOT EXISTS issue_watchers (
              installation_id VARCHAR(64) NOT NULL,
              issue_id BIGINT NOT NULL,
              user_key VARCHAR(128) NOT NULL,
              watching_since TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
              PRIMARY KEY (installation_id, issue_id, user_key)
            )""" + TABLE_OPTIONS);

    /**
     * A narrow data type (six columns, about 120 bytes a row) for the bench's second shape. Not part of the
     * sample app's data set or plan ({@link #tables()}); served by the remote like the others, empty unless
     * a bench loads it ({@link NarrowRows}).
     */
    public static final SampleTable EVENTS = new SampleTable("events", "events",
            List.of(required("id", INTEGER), required("account_id", INTEGER), required("kind", STRING),
                    required("amount", DECIMAL), required("created_at", DATETIME), optional("note", STRING)),
            List.of("id"), """
            CREATE TABLE IF NOT EXISTS events (
              id BIGINT NOT NULL,
              installation_id VARCHAR(64) NOT NULL,
              account_id BIGINT NOT NULL,
              kind VARCHAR(32) NOT NULL,
              amount DECIMAL(12,2) NOT NULL,
              created_at DATETIME(3) NOT NULL,
              note VARCHAR(100) NULL,
              PRIMARY KEY (id),
              KEY idx_events_installation (installation_id, id)
            )""" + TABLE_OPTIONS);

    private static final List<SampleTable> TABLES = List.of(PROJECTS, ISSUES, ATTACHMENTS, ISSUE_WATCHERS);
    private static final List<SampleTable> ALL_TABLES = List.of(PROJECTS, ISSUES, ATTACHMENTS, ISSUE_WATCHERS, EVENTS);

    private SampleSchema() {
    }

    /** All data types, parents before children. */
    public static List<SampleTable> tables() {
        return TABLES;
    }

    /** Every table of the source: the sample app's data types, then the bench's narrow {@link #EVENTS}. */
    public static List<SampleTable> allTables() {
        return ALL_TABLES;
    }

    /** The data type of that name; throws for an unknown name. */
    public static SampleTable table(String dataType) {
        return ALL_TABLES.stream().filter(t -> t.dataType().equals(dataType)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown sample data type: " + dataType));
    }

    /**
     * The tombstones table of a table with a change feed: one row per deleted key of an installation,
     * with the time of its (latest) deletion, in the same clock as {@code updated_at}:
     * {@code <table>_deletions (installation_id, <key columns>, deleted_at DATETIME(3))}, keyed by
     * installation and key, indexed by {@code (installation_id, deleted_at, key)} for the deletions feed.
     */
    public static String deletionsDdl(SampleTable table) {
        if (!table.hasChangeFeed()) {
            throw new IllegalArgumentException(table.dataType() + " has no change feed");
        }
        StringBuilder ddl = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(table.deletionsTable())
                .append(" (\n  installation_id VARCHAR(64) NOT NULL,\n");
        for (int index : table.keyIndexes()) {
            SampleColumn column = table.columns().get(index);
            String type = switch (column.kind()) {
                case INTEGER -> "BIGINT";
                case STRING -> "VARCHAR(255)";
                default -> throw new IllegalStateException("Unsupported key column kind in " + table.dataType());
            };
            ddl.append("  ").append(column.name()).append(' ').append(type).append(" NOT NULL,\n");
        }
        String key = String.join(", ", table.primaryKey());
        return ddl.append("  deleted_at DATETIME(3) NOT NULL,\n")
                .append("  PRIMARY KEY (installation_id, ").append(key).append("),\n")
                .append("  KEY idx_").append(table.deletionsTable()).append("_time (installation_id, deleted_at, ")
                .append(key).append(")\n)").append(TABLE_OPTIONS).toString();
    }

    /** The data type served under that path segment, if any. */
    public static Optional<SampleTable> byRemotePath(String remotePath) {
        return ALL_TABLES.stream().filter(t -> t.remotePath().equals(remotePath)).findFirst();
    }
}
