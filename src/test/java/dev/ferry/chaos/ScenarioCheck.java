package dev.ferry.chaos;

import dev.ferry.adapter.mysql.InstallationDatabases;
import dev.ferry.adapter.mysql.JdbcDestinationReader;
import dev.ferry.app.VerifyInstallation;
import dev.ferry.app.port.JobStore;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.job.Job;
import dev.ferry.domain.job.JobId;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.Identifiers;
import dev.ferry.domain.plan.MigrationMode;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.local.sample.SampleSourceDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The verdict on one installation once its scenario settled, read without any fault: its state
 * (tracking row, each chain's live job, the remote's status) and its destination against the source,
 * row by row by content hash, plus a count of rows sharing a primary key.
 */
final class ScenarioCheck {
    /** What one installation came to. */
    record Verdict(long lost, long duplicated, boolean stuck, List<String> problems) {
    }

    private final MigrationPlan plan;
    private final DataSource dataSource;
    private final InstallationDatabases databases;
    private final JobStore store;
    private final SampleSourceDatabase source;
    private final VerifyInstallation verifier;

    ScenarioCheck(MigrationPlan plan, DataSource dataSource, InstallationDatabases databases, JobStore store,
                  SampleSourceDatabase source) {
        this.plan = plan;
        this.dataSource = dataSource;
        this.databases = databases;
        this.store = store;
        this.source = source;
        this.verifier = new VerifyInstallation(plan, new SourceRows(dataSource, source.database()),
                new JdbcDestinationReader(dataSource, databases.prefix()));
    }

    Verdict check(InstallationId installation) {
        List<String> problems = new ArrayList<>();
        boolean stuck = false;
        Optional<InstallationStatus> tracking = store.trackingStatus(installation);
        if (tracking.filter(s -> s == InstallationStatus.DONE).isEmpty()) {
            stuck = true;
            problems.add(installation + " is " + tracking.map(Enum::name).orElse("not tracked"));
        }
        Map<dev.ferry.domain.job.ChainId, Job> live = liveJobs(installation);
        for (String chain : chains()) {
            Job job = live.get(dev.ferry.domain.job.ChainId.parse(chain));
            if (job == null || job.status() != JobStatus.DONE) {
                stuck = true;
                problems.add(installation + " chain " + chain + ": " + (job == null ? "no job"
                        : job.id() + " " + job.status() + " attempts=" + job.attempts() + " last error=" + job.lastError()));
            }
        }
        if (stuck) {
            return new Verdict(0, 0, true, problems);
        }
        VerifyInstallation.Result result = verifier.verify(installation);
        long lost = 0;
        long duplicated = 0;
        for (VerifyInstallation.TypeResult type : result.types()) {
            lost += type.missing() + type.different();
            duplicated += type.extra();
            if (type.mismatches() > 0) {
                problems.add(installation + " " + type.dataType() + ": " + type.missing() + " missing, "
                        + type.different() + " different, " + type.extra() + " extra " + type.exampleKeys());
            }
        }
        for (DataType type : plan.dataTypes()) {
            long sharedKeys = rowsSharingAKey(installation, type);
            duplicated += sharedKeys;
            if (sharedKeys > 0) {
                problems.add(installation + " " + type.name() + ": " + sharedKeys + " rows share a primary key");
            }
        }
        long counted = live.values().stream().mapToLong(Job::rowsCopied).sum();
        if (counted != result.sourceRows()) {
            problems.add(installation + ": the chains counted " + counted + " rows, the source has " + result.sourceRows());
        }
        String remoteStatus = source.status(installation.value()).orElse("unknown");
        if (!remoteStatus.equals("DONE")) {
            problems.add(installation + ": the remote was left " + remoteStatus);
        }
        return new Verdict(lost, duplicated, false, problems);
    }

    private List<String> chains() {
        return plan.mode() == MigrationMode.SINGLE_EVENT ? List.of(JobId.SINGLE_CHAIN)
                : plan.dataTypes().stream().map(DataType::name).toList();
    }

    /** The live job of each chain: its highest sequence number. */
    private Map<dev.ferry.domain.job.ChainId, Job> liveJobs(InstallationId installation) {
        return store.jobs(installation).stream().collect(Collectors.toMap(Job::chain, j -> j,
                (a, b) -> a.id().seq() >= b.id().seq() ? a : b));
    }

    private long rowsSharingAKey(InstallationId installation, DataType type) {
        String key = type.primaryKey().stream().map(Identifiers::quote).collect(Collectors.joining(", "));
        String sql = "SELECT COUNT(*) - COUNT(DISTINCT " + key + ") FROM " + databases.table(installation, type.table());
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("could not count keys of " + type.name(), e);
        }
    }
}
