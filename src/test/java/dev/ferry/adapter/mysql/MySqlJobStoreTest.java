package dev.ferry.adapter.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.app.port.JobStore;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.error.JobError;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.job.Job;
import dev.ferry.domain.job.JobId;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.job.Lease;
import dev.ferry.testing.IntegrationTest;
import dev.ferry.testing.JobStoreContract;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JobStore contract, plus what is particular to MySQL, against a real server. */
@IntegrationTest
class MySqlJobStoreTest extends JobStoreContract {
    private static DataSource dataSource;
    private static InstallationDatabases databases;
    private final List<InstallationId> created = new ArrayList<>();

    @BeforeAll
    static void connect() {
        dataSource = TestServer.dataSource();
        databases = new InstallationDatabases(dataSource);
    }

    @AfterEach
    void dropCreatedDatabases() {
        created.forEach(databases::drop);
    }

    @Override
    protected JobStore createStore() {
        return new MySqlJobStore(dataSource, databases);
    }

    @Override
    protected InstallationId freshInstallation() {
        InstallationId id = TestServer.newInstallation();
        created.add(id);
        new MySqlSchemaMigrator(dataSource, databases).migrate(id, List.of());
        return id;
    }

    @Test
    void shouldHaveNoTrackingStatus_whenDatabaseExistsWithoutStateTable() {
        // given an installation database without Ferry's tables
        InstallationId bare = TestServer.newInstallation();
        created.add(bare);
        databases.claim(bare);

        // when / then
        assertThat(store.trackingStatus(bare)).isEmpty();
        assertThat(store.jobs(bare)).isEmpty();
        assertThat(store.job(bare, JobId.first("items"))).isEmpty();
    }

    @Test
    void shouldAddTheColumnsItNeeds_toAStateTableAnEarlierFerryCreated() throws SQLException {
        // given a state table of the first release's shape (no failure state, no loop mark), holding a job
        InstallationId older = TestServer.newInstallation();
        created.add(older);
        databases.claim(older);
        String ddl = StateTables.migrationsDdl(databases.quoted(older))
                .replace("`failing_since` DATETIME(3) NULL, ", "")
                .replace("`next_attempt_at` DATETIME(3) NULL, ", "")
                .replace("`loop_mark` VARCHAR(40) NULL, ", "");
        assertThat(ddl).doesNotContain("loop_mark");
        execute(ddl);
        execute("INSERT INTO " + databases.table(older, StateTables.MIGRATIONS) + " (`id`, `job_id`, `status`, "
                + "`created_at`, `updated_at`, `chain`, `seq`, `data_type`, `pages`, `rows_copied`, `attempts`) "
                + "VALUES (UNHEX(REPLACE(UUID(), '-', '')), 'items#0', 'PENDING', NOW(3), NOW(3), 'items', 0, 'items', 0, 0, 0)");

        // when the store reads and writes it
        Job read = store.job(older, JobId.first("items")).orElseThrow();
        store.insertJob(older, Job.pending(JobId.first("other"), "other", null, 0, 0, 1, T0).withRetry(1, T0, T0.plusSeconds(9)));

        // then the columns were added on first use, the old job reads with no failure state, the new one round-trips
        assertThat(read.failingSince()).isNull();
        assertThat(read.loopMark()).isNull();
        Job other = store.job(older, JobId.first("other")).orElseThrow();
        assertThat(other.failingSince()).isEqualTo(T0);
        assertThat(other.nextAttemptAt()).isEqualTo(T0.plusSeconds(9));
    }

    @Test
    void shouldNotSwallowOtherErrors_whenReadingTrackingStatus() throws SQLException {
        // given a state table of the wrong shape
        InstallationId broken = TestServer.newInstallation();
        created.add(broken);
        databases.claim(broken);
        execute("CREATE TABLE " + databases.table(broken, StateTables.MIGRATIONS) + " (`x` INT)");

        // when / then
        assertThatThrownBy(() -> store.trackingStatus(broken))
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
                .hasMessageContaining("1054");
    }

    @Test
    void shouldFailLoudly_whenWritingToAnInstallationWithoutStateTable() {
        // given an installation that was never migrated
        InstallationId unknown = unknownInstallation();

        // when / then a write is an error, not a silent "did not apply" (only a claim answers "nothing to claim",
        // so that a message naming an unknown installation can be refused without creating anything)
        assertThatThrownBy(() -> store.saveProgress(unknown, JobId.first("items"), "w1", 0, null, 1, null, T0, T0))
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
                .hasMessageContaining("1146");
    }

    @Test
    void shouldCountClaimAsApplied_whenItChangesNoStoredValue() {
        // given a job held by w1 whose lease expires at T0, last updated at T0
        JobId id = JobId.first("items");
        Lease expiring = new Lease("w1", T0);
        store.insertJob(installation, new Job(id, "items", JobStatus.IN_PROGRESS, null, 0, 0, 0, null, expiring, T0, T0, null));

        // when w1 claims again at T0 with the same lease: the UPDATE matches but changes nothing
        Optional<Job> claimed = store.claim(installation, id, expiring, T0);

        // then it still counts as claimed (rows matched, Connector/J's default), not as lost
        assertThat(claimed).isPresent();
        assertThat(claimed.get().lease()).isEqualTo(expiring);
    }

    @Test
    void shouldLetExactlyOneWorkerWin_whenClaimsRace() throws Exception {
        // given a pending job and eight workers released at once
        JobId id = JobId.first("items");
        store.insertJob(installation, pending(id));
        int workers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        List<Future<Optional<Job>>> results = new ArrayList<>();
        try {
            for (int w = 0; w < workers; w++) {
                String owner = "w" + w;
                Callable<Optional<Job>> claim = () -> {
                    start.await();
                    return store.claim(installation, id, lease(owner, T0), T0);
                };
                results.add(pool.submit(claim));
            }
            // when
            start.countDown();
            List<String> winners = new ArrayList<>();
            for (Future<Optional<Job>> result : results) {
                result.get(10, TimeUnit.SECONDS).ifPresent(job -> winners.add(job.lease().owner()));
            }

            // then exactly one holds it, and the table agrees
            assertThat(winners).hasSize(1);
            assertThat(stored().lease().owner()).isEqualTo(winners.get(0));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldStoreCallersTimesAsUtc_toTheMillisecond() throws SQLException {
        // given a caller's clock reading with sub-millisecond digits
        // when
        store.initTracking(installation, InstallationStatus.PENDING, T0.plusNanos(123_456_789));

        // then the row holds that instant in UTC, truncated to milliseconds, and a 16-byte id
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT `id`, `created_at`, `updated_at`, `finished_at` FROM "
                     + databases.table(installation, StateTables.MIGRATIONS))) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBytes("id")).hasSize(16);
            LocalDateTime expected = LocalDateTime.of(2025, 3, 1, 10, 0, 0, 123_000_000);
            assertThat(rs.getObject("created_at", LocalDateTime.class)).isEqualTo(expected);
            assertThat(rs.getObject("updated_at", LocalDateTime.class)).isEqualTo(expected);
            assertThat(rs.getObject("finished_at")).isNull();
        }
    }

    @Test
    void shouldIncrementAttempts_whenAnExpiredJobIsFailed() {
        // given a job whose lease expired
        claimedBy("w1", T0);

        // when
        store.failExpired(installation, JobId.first("items"), new JobError(ErrorCode.LEASE_EXPIRED, "lost"), T0.plus(LEASE));

        // then
        assertThat(stored().attempts()).isEqualTo(1);
        assertThat(stored().lease()).isNull();
    }

    @Test
    void shouldRefuseToFinishInANonFinalStatus() {
        // given a claimed job
        claimedBy("w1", T0);

        // when / then
        assertThatThrownBy(() -> store.finish(installation, JobId.first("items"), "w1", JobStatus.PENDING, T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(stored().status()).isEqualTo(JobStatus.IN_PROGRESS);
    }

    @Test
    void shouldReportStateStoreUnavailable_whenTheServerCannotBeReached() {
        // given a store whose server refuses connections
        MySqlJobStore unreachable = new MySqlJobStore(TestServer.unreachable(), databases);

        // when / then
        assertThatThrownBy(() -> unreachable.trackingStatus(installation))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STATE_STORE_UNAVAILABLE);
                    assertThat(e.retryable()).isTrue();
                });
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
