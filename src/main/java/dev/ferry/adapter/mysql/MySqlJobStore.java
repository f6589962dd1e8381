package dev.ferry.adapter.mysql;

import dev.ferry.adapter.jdbc.Connections;
import dev.ferry.adapter.jdbc.SqlErrors;
import dev.ferry.app.port.JobStore;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.error.JobError;
import dev.ferry.domain.job.Controls;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.job.Job;
import dev.ferry.domain.job.JobId;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.job.JobTransition;
import dev.ferry.domain.job.Lease;
import dev.ferry.domain.job.LoopMark;
import dev.ferry.domain.job.Primary;
import dev.ferry.domain.page.Cursor;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * {@link JobStore} on the {@code ferry_migrations} table of each installation database
 * ({@link StateTables#migrationsDdl}); the table is created by {@link MySqlSchemaMigrator}.
 *
 * <p><b>One statement per change.</b> Every state change is a single conditional UPDATE or INSERT run in
 * auto-commit mode; its affected-row count is the answer. This relies on Connector/J's default
 * {@code useAffectedRows=false}: the server then reports rows <em>matched</em> by the WHERE clause, not
 * rows whose values changed, so a compare-and-set whose new values equal the old ones (for example the
 * same owner re-claiming an expired lease at the same instant with the same expiry) still counts as
 * applied. Every UPDATE here targets at most one row (the unique {@code job_id}).
 *
 * <p><b>Times</b> are the caller's {@code now}, stored as UTC {@code DATETIME(3)}, truncated to the
 * millisecond and bound as UTC text ({@link SqlTimes}: no zone conversion, and the milliseconds survive
 * on MariaDB too); they are read back as {@link LocalDateTime} in UTC. The database clock is never used.
 *
 * <p><b>Inserts</b> are plain INSERTs whose duplicate-key error (1062 on the unique {@code job_id}) means
 * "already there". Neither alternative is exact: {@code ON DUPLICATE KEY UPDATE job_id = job_id} reports
 * 1 for an untouched duplicate under the FOUND_ROWS default, so it cannot tell an insert from a no-op,
 * and {@code INSERT IGNORE} also turns strict-mode errors (too-long or NULL values) into warnings and
 * would silently store a truncated row.
 *
 * <p><b>Errors:</b> connection loss, timeouts, deadlocks and lock waits are STATE_STORE_UNAVAILABLE
 * (retryable); anything else is INTERNAL, described by error code and SQLState without values.
 */
public final class MySqlJobStore implements JobStore {
    private static final String SELECT_JOB = "SELECT `job_id`, `data_type`, `status`, `cursor`, `pages`, `rows_copied`, "
            + "`attempts`, `last_error_code`, `last_error`, `lease_owner`, `lease_expires_at`, `created_at`, "
            + "`updated_at`, `finished_at`, `failing_since`, `next_attempt_at`, `loop_mark` FROM ";
    /** The holder's condition for a transition: the job's id, a status it may take the transition from, the owner. */
    private static String heldBy(JobTransition transition) {
        return " WHERE `job_id` = ? AND " + transition.statusCondition() + " AND `lease_owner` = ?";
    }
    private static final String CLEAR_LEASE = "`lease_owner` = NULL, `lease_expires_at` = NULL";
    /** A committed page: the chain is progressing, so its failure state is cleared. */
    private static final String PROGRESSING = "`attempts` = 0, `failing_since` = NULL, `next_attempt_at` = NULL";

    private final DataSource dataSource;
    private final InstallationDatabases databases;

    public MySqlJobStore(DataSource dataSource, InstallationDatabases databases) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.databases = Objects.requireNonNull(databases, "databases");
    }

    /** Empty when the installation database or its state table does not exist (errors 1049/1146), or no tracking row. */
    @Override
    public Optional<InstallationStatus> trackingStatus(InstallationId installation) {
        String sql = "SELECT `status` FROM " + table(installation) + " WHERE `job_id` = ?";
        try (Connection c = open("read tracking status");
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, JobId.TRACKING_ID);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String stored = rs.getString(1);
                return Optional.of(InstallationStatus.parse(stored).orElseThrow(() -> new FerryException(ErrorCode.INTERNAL,
                        "state store: tracking row of installation " + installation + " has an unknown status")));
            }
        } catch (SQLException e) {
            if (SqlErrors.isMissingDatabaseOrTable(e)) {
                return Optional.empty();
            }
            throw translate(e, "read tracking status", installation);
        }
    }

    @Override
    public boolean initTracking(InstallationId installation, InstallationStatus status, Instant now) {
        Objects.requireNonNull(status, "status");
        String sql = "INSERT INTO " + table(installation) + " (`id`, `job_id`, `status`, `created_at`, `updated_at`, "
                + "`finished_at`, `pages`, `rows_copied`, `attempts`) VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0)";
        return insertUnlessPresent(installation, "init tracking", sql,
                newId(), JobId.TRACKING_ID, status.name(), utc(now), utc(now),
                status == InstallationStatus.DONE ? utc(now) : null);
    }

    /** @throws IllegalArgumentException if {@link InstallationStatus#canMoveTo} forbids the move */
    @Override
    public boolean moveTracking(InstallationId installation, InstallationStatus from, InstallationStatus to, Instant now) {
        if (!from.canMoveTo(to)) {
            throw new IllegalArgumentException("tracking status cannot move from " + from + " to " + to);
        }
        String finished = to == InstallationStatus.DONE ? ", `finished_at` = ?" : "";
        String sql = "UPDATE " + table(installation) + " SET `status` = ?, `updated_at` = ?" + finished
                + " WHERE `job_id` = ? AND `status` = ?";
        return to == InstallationStatus.DONE
                ? update(installation, "move tracking", sql, to.name(), utc(now), utc(now), JobId.TRACKING_ID, from.name())
                : update(installation, "move tracking", sql, to.name(), utc(now), JobId.TRACKING_ID, from.name());
    }

    /**
     * The {@code __CUTOVER__} row (its status the primary side, its {@code updated_at} the latest cutover) and
     * the {@code __PAUSE__} row ({@code PAUSED} since its {@code updated_at}) in one SELECT; no rows, or no state
     * table yet, is {@link Controls#NONE}.
     */
    @Override
    public Controls controls(InstallationId installation) {
        String sql = "SELECT `job_id`, `status`, `updated_at`, `cursor` FROM " + table(installation)
                + " WHERE `job_id` IN (?, ?, ?)";
        try (Connection c = open("read controls");
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, JobId.CUTOVER_ID);
            ps.setString(2, JobId.PAUSE_ID);
            ps.setString(3, JobId.PLAN_ID);
            Primary primary = Primary.SOURCE;
            Instant cutoverAt = null;
            Instant pausedSince = null;
            String plan = null;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String status = rs.getString(2);
                    Instant at = instant(rs.getObject(3, LocalDateTime.class));
                    if (JobId.PLAN_ID.equals(rs.getString(1))) {
                        plan = rs.getString(4);
                    } else if (JobId.CUTOVER_ID.equals(rs.getString(1))) {
                        primary = java.util.Arrays.stream(Primary.values()).filter(p -> p.name().equals(status)).findFirst()
                                .orElseThrow(() -> new FerryException(ErrorCode.INTERNAL, "state store: cutover row of "
                                        + "installation " + installation + " names an unknown side"));
                        cutoverAt = at;
                    } else if (PAUSED.equals(status)) {
                        pausedSince = at;
                    }
                }
            }
            return new Controls(primary, cutoverAt, pausedSince, plan);
        } catch (SQLException e) {
            if (SqlErrors.isMissingDatabaseOrTable(e)) {
                return Controls.NONE;
            }
            throw translate(e, "read controls", installation);
        }
    }

    /** The {@code __PAUSE__} row: PAUSED or RUNNING, inserted on the first pause; a compare-and-set on its status. */
    @Override
    public boolean setPaused(InstallationId installation, boolean paused, Instant now) {
        String to = paused ? PAUSED : RUNNING;
        String from = paused ? RUNNING : PAUSED;
        String update = "UPDATE " + table(installation) + " SET `status` = ?, `updated_at` = ? WHERE `job_id` = ? AND `status` = ?";
        if (update(installation, paused ? "pause" : "resume", update, to, utc(now), JobId.PAUSE_ID, from)) {
            return true;
        }
        if (!paused) {
            return false;
        }
        String insert = "INSERT INTO " + table(installation) + " (`id`, `job_id`, `status`, `created_at`, `updated_at`, "
                + "`pages`, `rows_copied`, `attempts`) VALUES (?, ?, ?, ?, ?, 0, 0, 0)";
        return insertUnlessPresent(installation, "pause", insert, newId(), JobId.PAUSE_ID, PAUSED, utc(now), utc(now));
    }

    /**
     * The {@code __PLAN__} row, its fingerprint in {@code cursor}: inserted the first time (a duplicate: lost
     * the race), then a compare-and-set on the fingerprint.
     */
    @Override
    public boolean recordPlan(InstallationId installation, String seen, String fingerprint, Instant now) {
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (seen == null) {
            String insert = "INSERT INTO " + table(installation) + " (`id`, `job_id`, `status`, `cursor`, `created_at`, "
                    + "`updated_at`, `pages`, `rows_copied`, `attempts`) VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0)";
            return insertUnlessPresent(installation, "record plan", insert, newId(), JobId.PLAN_ID, "PLAN", fingerprint,
                    utc(now), utc(now));
        }
        String update = "UPDATE " + table(installation) + " SET `cursor` = ?, `updated_at` = ? WHERE `job_id` = ? AND `cursor` = ?";
        return update(installation, "record plan", update, fingerprint, utc(now), JobId.PLAN_ID, seen);
    }

    private static final String PAUSED = "PAUSED";
    private static final String RUNNING = "RUNNING";

    /** An UPDATE conditional on the current side; from SOURCE with no row yet, an INSERT (duplicate: lost the race). */
    @Override
    public boolean recordCutover(InstallationId installation, Primary from, Primary to, Instant now) {
        String update = "UPDATE " + table(installation) + " SET `status` = ?, `updated_at` = ?"
                + " WHERE `job_id` = ? AND `status` = ?";
        if (update(installation, "record cutover", update, to.name(), utc(now), JobId.CUTOVER_ID, from.name())) {
            return true;
        }
        if (from != Primary.SOURCE) {
            return false;
        }
        String insert = "INSERT INTO " + table(installation) + " (`id`, `job_id`, `status`, `created_at`, `updated_at`, "
                + "`pages`, `rows_copied`, `attempts`) VALUES (?, ?, ?, ?, ?, 0, 0, 0)";
        return insertUnlessPresent(installation, "record cutover", insert, newId(), JobId.CUTOVER_ID, to.name(),
                utc(now), utc(now));
    }

    /** The tracking row's lease columns hold the claim: a compare-and-set on its holder and expiry. */
    @Override
    public boolean claimStatusReport(InstallationId installation, String owner, Instant until, Instant now) {
        String sql = "UPDATE " + table(installation) + " SET `lease_owner` = ?, `lease_expires_at` = ? WHERE `job_id` = ?"
                + " AND (`lease_owner` IS NULL OR `lease_owner` = ? OR `lease_expires_at` <= ?)";
        return update(installation, "claim status report", sql, owner, utc(until), JobId.TRACKING_ID, owner, utc(now));
    }

    @Override
    public void releaseStatusReport(InstallationId installation, String owner) {
        String sql = "UPDATE " + table(installation) + " SET `lease_owner` = NULL, `lease_expires_at` = NULL"
                + " WHERE `job_id` = ? AND `lease_owner` = ?";
        update(installation, "release status report", sql, JobId.TRACKING_ID, owner);
    }

    /** Empty when the installation database or its state table does not exist. */
    @Override
    public List<Job> jobs(InstallationId installation) {
        String sql = SELECT_JOB + table(installation) + " WHERE `job_id` NOT IN (?, ?, ?, ?, ?)";
        return upgradingOnce(installation, () -> listJobs(installation, sql));
    }

    private List<Job> listJobs(InstallationId installation, String sql) throws SQLException {
        try (Connection c = open("list jobs");
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, JobId.TRACKING_ID);
            ps.setString(2, JobId.CUTOVER_ID);
            ps.setString(3, JobId.PAUSE_ID);
            ps.setString(4, JobId.PLAN_ID);
            ps.setString(5, JobId.PACE_ID);
            List<Job> jobs = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    jobs.add(readJob(rs, installation));
                }
            }
            return jobs;
        } catch (SQLException e) {
            if (SqlErrors.isMissingDatabaseOrTable(e)) {
                return List.of();
            }
            if (SqlErrors.code(e) == SqlErrors.UNKNOWN_COLUMN) {
                throw e;
            }
            throw translate(e, "list jobs", installation);
        }
    }

    /** Empty when there is no such job, or the installation database or its state table does not exist. */
    @Override
    public Optional<Job> job(InstallationId installation, JobId id) {
        String sql = SELECT_JOB + table(installation) + " WHERE `job_id` = ?";
        return upgradingOnce(installation, () -> readJob(installation, id, sql));
    }

    private Optional<Job> readJob(InstallationId installation, JobId id, String sql) throws SQLException {
        try (Connection c = open("read job");
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(readJob(rs, installation)) : Optional.empty();
            }
        } catch (SQLException e) {
            if (SqlErrors.isMissingDatabaseOrTable(e)) {
                return Optional.empty();
            }
            if (SqlErrors.code(e) == SqlErrors.UNKNOWN_COLUMN) {
                throw e;
            }
            throw translate(e, "read job", installation);
        }
    }

    /** Stores every field of {@code job} as given (its lease too), unless its id is already recorded. */
    @Override
    public boolean insertJob(InstallationId installation, Job job) {
        Objects.requireNonNull(job.createdAt(), "job.createdAt");
        Instant updatedAt = job.updatedAt() == null ? job.createdAt() : job.updatedAt();
        String sql = "INSERT INTO " + table(installation) + " (`id`, `job_id`, `status`, `created_at`, `updated_at`, "
                + "`finished_at`, `chain`, `seq`, `data_type`, `cursor`, `pages`, `rows_copied`, `attempts`, "
                + "`last_error_code`, `last_error`, `lease_owner`, `lease_expires_at`, `failing_since`, "
                + "`next_attempt_at`, `loop_mark`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        JobError error = job.lastError();
        Lease lease = job.lease();
        return insertUnlessPresent(installation, "insert job", sql,
                newId(), job.id().value(), job.status().name(), utc(job.createdAt()), utc(updatedAt),
                job.finishedAt() == null ? null : utc(job.finishedAt()),
                job.id().chain().name(), job.id().seq(), job.dataType(),
                job.cursor() == null ? null : job.cursor().encode(),
                job.pages(), job.rowsCopied(), job.attempts(),
                error == null ? null : error.code().name(), error == null ? null : error.message(),
                lease == null ? null : lease.owner(), lease == null ? null : utc(lease.expiresAt()),
                utcOrNull(job.failingSince()), utcOrNull(job.nextAttemptAt()), LoopMark.encode(job.loopMark()));
    }

    /**
     * One {@code INSERT … SELECT} whose SELECT reads the predecessor's row under the holder's
     * conditions, so the continuation is inserted only if they hold at that moment. A duplicate
     * {@code job_id} (error 1062) means the continuation exists already.
     */
    @Override
    public boolean insertContinuation(InstallationId installation, JobId predecessor, String owner, long expectedPages,
                                      Job next) {
        Objects.requireNonNull(next.createdAt(), "next.createdAt");
        String table = table(installation);
        String sql = "INSERT INTO " + table + " (`id`, `job_id`, `status`, `created_at`, `updated_at`, `chain`, `seq`, "
                + "`data_type`, `cursor`, `pages`, `rows_copied`, `attempts`, `loop_mark`) "
                + "SELECT ?, ?, '" + JobStatus.PENDING.name() + "', ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM " + table
                + heldBy(JobTransition.CONTINUE) + " AND `pages` = ?";
        return insertUnlessPresent(installation, "insert continuation", sql,
                newId(), next.id().value(), utc(next.createdAt()), utc(next.createdAt()), next.id().chain().name(),
                next.id().seq(), next.dataType(), next.cursor() == null ? null : next.cursor().encode(), next.pages(),
                next.rowsCopied(), next.attempts(), LoopMark.encode(next.loopMark()), predecessor.value(), owner,
                expectedPages);
    }

    /**
     * One UPDATE takes the job if it is PENDING, or IN_PROGRESS with a lease expired at {@code now}
     * ({@code lease_expires_at <= now}, or no lease at all); then the row is read back and returned only if
     * it still names {@code lease.owner()}. If the read-back fails after the UPDATE applied, the job stays
     * held until its lease expires, when it can be claimed again. Empty, creating nothing, when the
     * installation database or its state table does not exist (a message naming an unknown installation).
     */
    @Override
    public Optional<Job> claim(InstallationId installation, JobId id, Lease lease, Instant now) {
        // JobTransition.CLAIM: from PENDING once due, or from IN_PROGRESS once the lease expired
        String sql = "UPDATE " + table(installation) + " SET `status` = '" + JobTransition.CLAIM.to().name()
                + "', `lease_owner` = ?, `lease_expires_at` = ?, `updated_at` = ? WHERE `job_id` = ? AND ("
                + "(`status` = '" + JobStatus.PENDING.name() + "' AND (`next_attempt_at` IS NULL OR `next_attempt_at` <= ?)) OR "
                + "(`status` = '" + JobStatus.IN_PROGRESS.name() + "' AND (`lease_expires_at` IS NULL OR `lease_expires_at` <= ?)))";
        boolean applied;
        try {
            applied = update(installation, "claim job", sql, lease.owner(), utc(lease.expiresAt()), utc(now), id.value(),
                    utc(now), utc(now));
        } catch (FerryException e) {
            if (e.getCause() instanceof SQLException s && SqlErrors.isMissingDatabaseOrTable(s)) {
                return Optional.empty();
            }
            throw e;
        }
        if (!applied) {
            return Optional.empty();
        }
        return job(installation, id).filter(j -> j.status() == JobStatus.IN_PROGRESS
                && j.lease() != null && j.lease().owner().equals(lease.owner()));
    }

    @Override
    public boolean saveProgress(InstallationId installation, JobId id, String owner, long expectedPages, Cursor cursor,
                                long rowsAdded, LoopMark loopMark, Instant leaseUntil, Instant now) {
        String sql = "UPDATE " + table(installation) + " SET `cursor` = ?, `pages` = `pages` + 1, "
                + "`rows_copied` = `rows_copied` + ?, `loop_mark` = ?, " + PROGRESSING + ", `lease_expires_at` = ?, "
                + "`updated_at` = ?" + heldBy(JobTransition.SAVE_PROGRESS) + " AND `pages` = ?";
        return update(installation, "save progress", sql, cursor == null ? null : cursor.encode(), rowsAdded,
                LoopMark.encode(loopMark), utc(leaseUntil), utc(now), id.value(), owner, expectedPages);
    }

    /**
     * Sets {@code to}, {@code finished_at} and clears the lease.
     *
     * @throws IllegalArgumentException if {@code to} is neither CONTINUED nor DONE
     */
    @Override
    public boolean finish(InstallationId installation, JobId id, String owner, JobStatus to, Instant now) {
        JobTransition ending = JobTransition.ending(to);
        String sql = "UPDATE " + table(installation) + " SET `status` = ?, `finished_at` = ?, `updated_at` = ?, "
                + CLEAR_LEASE + heldBy(ending);
        return update(installation, "finish job", sql, to.name(), utc(now), utc(now), id.value(), owner);
    }

    /**
     * {@link #saveProgress} and {@link #finish} as one UPDATE (the WHERE clause sees the old page count).
     *
     * @throws IllegalArgumentException if {@code to} is neither CONTINUED nor DONE
     */
    @Override
    public boolean finishWithLastPage(InstallationId installation, JobId id, String owner, long expectedPages,
                                      Cursor cursor, long rowsAdded, JobStatus to, Instant now) {
        JobTransition ending = JobTransition.ending(to);
        String sql = "UPDATE " + table(installation) + " SET `cursor` = ?, `pages` = `pages` + 1, "
                + "`rows_copied` = `rows_copied` + ?, " + PROGRESSING + ", `status` = ?, `finished_at` = ?, "
                + "`updated_at` = ?, " + CLEAR_LEASE + heldBy(ending) + " AND `pages` = ?";
        return update(installation, "finish job with its last page", sql, cursor == null ? null : cursor.encode(),
                rowsAdded, to.name(), utc(now), utc(now), id.value(), owner, expectedPages);
    }


    /** Back to PENDING with the lease cleared, waiting until {@code nextAttemptAt}. */
    @Override
    public boolean release(InstallationId installation, JobId id, String owner, JobError error, Instant failingSince,
                           Instant nextAttemptAt, Instant now) {
        String sql = "UPDATE " + table(installation) + " SET `status` = '" + JobTransition.RELEASE.to().name()
                + "', `attempts` = `attempts` + 1, `last_error_code` = ?, `last_error` = ?, `failing_since` = ?, "
                + "`next_attempt_at` = ?, `updated_at` = ?, " + CLEAR_LEASE + heldBy(JobTransition.RELEASE);
        return update(installation, "release job", sql, error.code().name(), error.message(), utcOrNull(failingSince),
                utcOrNull(nextAttemptAt), utc(now), id.value(), owner);
    }

    /** FAILED with {@code finished_at} set and the lease cleared. */
    @Override
    public boolean fail(InstallationId installation, JobId id, String owner, JobError error, Instant now) {
        String sql = "UPDATE " + table(installation) + " SET `status` = '" + JobTransition.FAIL.to().name()
                + "', `attempts` = `attempts` + 1, `last_error_code` = ?, `last_error` = ?, `finished_at` = ?, "
                + "`updated_at` = ?, " + CLEAR_LEASE + heldBy(JobTransition.FAIL);
        return update(installation, "fail job", sql, error.code().name(), error.message(), utc(now), utc(now),
                id.value(), owner);
    }

    /** Like {@link #fail} (attempts + 1, lease cleared), for an IN_PROGRESS job whose lease expired at {@code now}. */
    @Override
    public boolean failExpired(InstallationId installation, JobId id, JobError error, Instant now) {
        String sql = "UPDATE " + table(installation) + " SET `status` = '" + JobTransition.FAIL_EXPIRED.to().name()
                + "', `attempts` = `attempts` + 1, `last_error_code` = ?, `last_error` = ?, `finished_at` = ?, "
                + "`updated_at` = ?, " + CLEAR_LEASE + " WHERE `job_id` = ? AND " + JobTransition.FAIL_EXPIRED.statusCondition()
                + " "
                + "AND (`lease_expires_at` IS NULL OR `lease_expires_at` <= ?)";
        return update(installation, "fail expired job", sql, error.code().name(), error.message(), utc(now), utc(now),
                id.value(), utc(now));
    }

    /** Applies when the job is PENDING, {@code updated_at < staleBefore} and it fell due before {@code staleBefore}. */
    @Override
    public boolean markRedispatched(InstallationId installation, JobId id, Instant staleBefore, Instant now) {
        String sql = "UPDATE " + table(installation) + " SET `updated_at` = ? "
                + "WHERE `job_id` = ? AND " + JobTransition.REDISPATCH.statusCondition() + " AND `updated_at` < ? "
                + "AND (`next_attempt_at` IS NULL OR `next_attempt_at` < ?)";
        return update(installation, "mark job redispatched", sql, utc(now), id.value(), utc(staleBefore), utc(staleBefore));
    }

    // ---- pacing (MySqlPacer): two token buckets in the __PACE__ row -------------------------------
    // `pages` holds statement tokens in thousandths of a statement, `rows_copied` query-time tokens in
    // microseconds; both refill with the time since `updated_at` (never backwards), capped.

    private static String refilled(String column) {
        return "LEAST(?, `" + column + "` + GREATEST(0, TIMESTAMPDIFF(MICROSECOND, `updated_at`, ?)) DIV 1000 * ?)";
    }

    /**
     * Takes {@code milliStatements} statement tokens and charges {@code queryMicros} of query time spent, if
     * the refilled buckets hold the statements and more query time than that. One conditional UPDATE; false
     * when the buckets are short or the row does not exist yet.
     */
    boolean takePaceTokens(InstallationId installation, MySqlPacer.Buckets buckets, long milliStatements,
                           long queryMicros, Instant now) {
        String at = utc(now);
        String sql = "UPDATE " + table(installation) + " SET `pages` = " + refilled("pages") + " - ?, `rows_copied` = "
                + refilled("rows_copied") + " - ?, `updated_at` = GREATEST(`updated_at`, ?) WHERE `job_id` = ? AND "
                + refilled("pages") + " >= ? AND " + refilled("rows_copied") + " > ?";
        return update(installation, "take pacing tokens", sql,
                buckets.statementCap(), at, buckets.statementRefillPerMilli(), milliStatements,
                buckets.queryCap(), at, buckets.queryRefillPerMilli(), queryMicros,
                at, JobId.PACE_ID,
                buckets.statementCap(), at, buckets.statementRefillPerMilli(), milliStatements,
                buckets.queryCap(), at, buckets.queryRefillPerMilli(), queryMicros);
    }

    /** Creates the __PACE__ row with full buckets unless it exists. */
    void initPace(InstallationId installation, MySqlPacer.Buckets buckets, Instant now) {
        String insert = "INSERT INTO " + table(installation) + " (`id`, `job_id`, `status`, `created_at`, `updated_at`, "
                + "`pages`, `rows_copied`, `attempts`) VALUES (?, ?, ?, ?, ?, ?, ?, 0)";
        insertUnlessPresent(installation, "init pacing", insert, newId(), JobId.PACE_ID, "PACE", utc(now), utc(now),
                buckets.statementCap(), buckets.queryCap());
    }

    /** The buckets as refilled at {@code now}: {statement tokens, query tokens}; empty if there is no row. */
    Optional<long[]> paceTokens(InstallationId installation, MySqlPacer.Buckets buckets, Instant now) {
        String at = utc(now);
        String sql = "SELECT " + refilled("pages") + ", " + refilled("rows_copied") + " FROM " + table(installation)
                + " WHERE `job_id` = ?";
        return upgradingOnce(installation, () -> {
            try (Connection c = open("read pacing tokens");
                 PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, buckets.statementCap(), at, buckets.statementRefillPerMilli(),
                        buckets.queryCap(), at, buckets.queryRefillPerMilli(), JobId.PACE_ID);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new long[] {rs.getLong(1), rs.getLong(2)}) : Optional.<long[]>empty();
                }
            } catch (SQLException e) {
                throw translateUnlessUnknownColumn(e, "read pacing tokens", installation);
            }
        });
    }

    // ---------------------------------------------------------------------------------------------

    private String table(InstallationId installation) {
        return databases.table(installation, StateTables.MIGRATIONS);
    }

    private Connection open(String what) {
        return Connections.open(dataSource, ErrorCode.STATE_STORE_UNAVAILABLE, "state store: " + what);
    }

    /** Runs one conditional UPDATE; true when it matched a row (FOUND_ROWS semantics, see the class comment). */
    private boolean update(InstallationId installation, String what, String sql, Object... params) {
        return upgradingOnce(installation, () -> {
            try (Connection c = open(what);
                 PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, params);
                return ps.executeUpdate() > 0;
            } catch (SQLException e) {
                throw translateUnlessUnknownColumn(e, what, installation);
            }
        });
    }

    /** Runs one INSERT; false when the unique job_id already exists (duplicate-key error 1062). */
    private boolean insertUnlessPresent(InstallationId installation, String what, String sql, Object... params) {
        return upgradingOnce(installation, () -> {
            try (Connection c = open(what);
                 PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, params);
                return ps.executeUpdate() > 0;
            } catch (SQLException e) {
                if (SqlErrors.code(e) == SqlErrors.DUPLICATE_KEY) {
                    return false;
                }
                throw translateUnlessUnknownColumn(e, what, installation);
            }
        });
    }

    @FunctionalInterface
    private interface Statement<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code statement}; if the server says a column is unknown (a state table created by an earlier
     * Ferry), adds the missing columns ({@link StateTables#ADDED_COLUMNS}) and runs it once more.
     */
    private <T> T upgradingOnce(InstallationId installation, Statement<T> statement) {
        try {
            return statement.run();
        } catch (SQLException e) {
            if (SqlErrors.code(e) != SqlErrors.UNKNOWN_COLUMN) {
                throw translate(e, "state store", installation);
            }
        }
        upgrade(installation);
        try {
            return statement.run();
        } catch (SQLException e) {
            throw translate(e, "state store after adding columns", installation);
        }
    }

    private void upgrade(InstallationId installation) {
        String sql = "SELECT `COLUMN_NAME` FROM information_schema.COLUMNS WHERE `TABLE_SCHEMA` = ? AND `TABLE_NAME` = ?";
        java.util.Set<String> missing = new java.util.HashSet<>(StateTables.ADDED_COLUMNS.keySet());
        try (Connection c = open("upgrade state table")) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, databases.name(installation));
                ps.setString(2, StateTables.MIGRATIONS);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        missing.remove(rs.getString(1).toLowerCase(java.util.Locale.ROOT));
                    }
                }
            }
            for (String alter : StateTables.upgradeStatements(databases.quoted(installation), missing)) {
                try (java.sql.Statement s = c.createStatement()) {
                    s.execute(alter);
                } catch (SQLException e) {
                    if (SqlErrors.code(e) != SqlErrors.DUPLICATE_COLUMN) { // a concurrent upgrade added it first
                        throw e;
                    }
                }
            }
        } catch (SQLException e) {
            throw translate(e, "upgrade state table", installation);
        }
    }

    private static SQLException translateUnlessUnknownColumn(SQLException e, String what, InstallationId installation)
            throws SQLException {
        if (SqlErrors.code(e) == SqlErrors.UNKNOWN_COLUMN) {
            return e;
        }
        throw translate(e, what, installation);
    }

    /** Parameters here are only String (times included), Integer, Long, byte[] or null, all of which setObject maps exactly. */
    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
    }

    private static Job readJob(ResultSet rs, InstallationId installation) throws SQLException {
        String jobId = rs.getString("job_id");
        try {
            String errorCode = rs.getString("last_error_code");
            JobError lastError = errorCode == null ? null : new JobError(errorCode(errorCode), rs.getString("last_error"));
            String owner = rs.getString("lease_owner");
            Instant expires = instant(rs.getObject("lease_expires_at", LocalDateTime.class));
            String dataType = rs.getString("data_type");
            return new Job(JobId.parse(jobId), dataType == null ? "" : dataType, JobStatus.valueOf(rs.getString("status")),
                    Cursor.decode(rs.getString("cursor")), rs.getLong("pages"), rs.getLong("rows_copied"),
                    rs.getInt("attempts"), lastError, owner == null || expires == null ? null : new Lease(owner, expires),
                    instant(rs.getObject("created_at", LocalDateTime.class)),
                    instant(rs.getObject("updated_at", LocalDateTime.class)),
                    instant(rs.getObject("finished_at", LocalDateTime.class)),
                    instant(rs.getObject("failing_since", LocalDateTime.class)),
                    instant(rs.getObject("next_attempt_at", LocalDateTime.class)),
                    LoopMark.decode(rs.getString("loop_mark")));
        } catch (RuntimeException e) {
            throw new FerryException(ErrorCode.INTERNAL, "state store: unreadable state row " + jobId
                    + " of installation " + installation, e);
        }
    }

    private static ErrorCode errorCode(String stored) {
        try {
            return ErrorCode.valueOf(stored);
        } catch (IllegalArgumentException e) {
            return ErrorCode.INTERNAL;
        }
    }

    private static FerryException translate(SQLException e, String what, InstallationId installation) {
        ErrorCode code = SqlErrors.isTransient(e) ? ErrorCode.STATE_STORE_UNAVAILABLE : ErrorCode.INTERNAL;
        return new FerryException(code, "state store: " + what + " for installation " + installation
                + " failed: " + SqlErrors.describe(e), e);
    }

    /** A random UUID as 16 big-endian bytes, for the BINARY(16) primary key. */
    private static byte[] newId() {
        UUID uuid = UUID.randomUUID();
        return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array();
    }

    /** The bound form of a time: UTC text to the millisecond (see {@link SqlTimes} for why not setObject). */
    static String utc(Instant instant) {
        return SqlTimes.utcMillis(instant);
    }

    private static String utcOrNull(Instant instant) {
        return instant == null ? null : utc(instant);
    }

    private static Instant instant(LocalDateTime utc) {
        return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
    }
}
