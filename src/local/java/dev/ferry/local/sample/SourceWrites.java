package dev.ferry.local.sample;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The sample app's own writes to its issues while a migration runs, as its users would make them:
 * for a load generator and for tests of the change feed. Every write is dated with the source's clock
 * ({@link SampleSourceDatabase#now()}: UTC, milliseconds), the clock of {@code updated_at} and of the
 * tombstones, so the change feed sees each write at the time it returns. Thread-safe: concurrent
 * inserts get distinct ids.
 *
 * <pre>{@code
 * SourceWrites writes = new SourceWrites(source);
 * long id = writes.insertIssue("acme", projectId, "New issue");
 * writes.updateIssue("acme", id, "Renamed");
 * writes.deleteIssue("acme", id);                 // row and tombstone, one transaction
 * }</pre>
 */
public final class SourceWrites {
    private static final SampleTable ISSUES = SampleSchema.ISSUES;
    private static final int INSERT_ATTEMPTS = 10;
    /** MySQL's ER_DUP_ENTRY. */
    private static final int DUPLICATE_KEY = 1062;

    private final SampleSourceDatabase source;
    private long lastId = -1;

    public SourceWrites(SampleSourceDatabase source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    /** The time the next write would get: UTC, truncated to milliseconds. */
    public LocalDateTime now() {
        return source.now();
    }

    /**
     * Inserts an issue of the installation with a fresh id (above every issue id of any installation),
     * the title, no body, due date or estimate, labels {@code []}, and {@code updated_at} = {@link #now()}.
     *
     * @return the new issue's id
     */
    public long insertIssue(String installationId, long projectId, String title) {
        Objects.requireNonNull(installationId, "installationId");
        Objects.requireNonNull(title, "title");
        for (int attempt = 1; ; attempt++) {
            long id = nextId();
            LocalDateTime updatedAt = now();
            boolean inserted;
            try {
                inserted = source.withConnection(c -> insert(c, installationId, id, projectId, title, updatedAt));
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof SQLException sql) || sql.getErrorCode() != DUPLICATE_KEY) {
                    throw e;
                }
                inserted = false;
            }
            if (inserted) {
                return id;
            }
            if (attempt >= INSERT_ATTEMPTS) {
                throw new IllegalStateException("could not find a free issue id after " + attempt + " attempts");
            }
            // another writer took the id: start again above every id there is now
            synchronized (this) {
                lastId = Math.max(lastId, source.nextId(ISSUES.dataType()) - 1);
            }
        }
    }

    private static boolean insert(Connection c, String installationId, long id, long projectId, String title,
                                  LocalDateTime updatedAt) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement("INSERT INTO issues (installation_id, id, project_id,"
                + " title, body, due, labels, estimate, updated_at) VALUES (?, ?, ?, ?, NULL, NULL, '[]', NULL, ?)")) {
            statement.setString(1, installationId);
            statement.setLong(2, id);
            statement.setLong(3, projectId);
            statement.setString(4, title);
            SqlValues.bind(statement, 5, ColumnKind.DATETIME, updatedAt);
            return statement.executeUpdate() > 0;
        }
    }

    private synchronized long nextId() {
        if (lastId < 0) {
            lastId = source.nextId(ISSUES.dataType()) - 1;
        }
        return ++lastId;
    }

    /**
     * Sets the issue's title and its {@code updated_at} to {@link #now()}.
     *
     * @return the new {@code updated_at}, or empty when the installation has no such issue
     */
    public Optional<LocalDateTime> updateIssue(String installationId, long issueId, String title) {
        Objects.requireNonNull(title, "title");
        LocalDateTime updatedAt = now();
        int changed = source.updateRow(installationId, ISSUES.dataType(), List.of(issueId),
                java.util.Map.of("title", title, "updated_at", updatedAt));
        return changed > 0 ? Optional.of(updatedAt) : Optional.empty();
    }

    /**
     * Deletes the issue and records its tombstone (id, {@link #now()}) in one transaction.
     *
     * @return the deletion time, or empty when the installation has no such issue (nothing recorded)
     */
    public Optional<LocalDateTime> deleteIssue(String installationId, long issueId) {
        return source.deleteRowAt(installationId, ISSUES.dataType(), List.of(issueId));
    }

    /**
     * Sets {@code updated_at} of the installation's issues with these ids to one and the same time (to
     * test rows sharing a timestamp); nothing else changes.
     *
     * @return the number of issues found
     */
    public int setUpdatedAt(String installationId, Collection<Long> issueIds, LocalDateTime updatedAt) {
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (issueIds.isEmpty()) {
            return 0;
        }
        String in = String.join(", ", java.util.Collections.nCopies(issueIds.size(), "?"));
        return source.withConnection(c -> {
            try (PreparedStatement statement = c.prepareStatement("UPDATE issues SET updated_at = ?"
                    + " WHERE installation_id = ? AND id IN (" + in + ")")) {
                SqlValues.bind(statement, 1, ColumnKind.DATETIME, updatedAt);
                statement.setString(2, installationId);
                int index = 3;
                for (Long id : issueIds) {
                    statement.setLong(index++, id);
                }
                statement.executeUpdate();
            }
            // count matches, not changes: an issue already at that time is found too
            try (PreparedStatement statement = c.prepareStatement("SELECT COUNT(*) FROM issues"
                    + " WHERE installation_id = ? AND id IN (" + in + ")")) {
                statement.setString(1, installationId);
                int index = 2;
                for (Long id : issueIds) {
                    statement.setLong(index++, id);
                }
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    /** The installation's issue ids, ascending. */
    public List<Long> issueIds(String installationId) {
        return source.withConnection(c -> {
            try (PreparedStatement statement = c.prepareStatement(
                    "SELECT id FROM issues WHERE installation_id = ? ORDER BY id")) {
                statement.setString(1, installationId);
                List<Long> ids = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
                return ids;
            }
        });
    }
}
