package dev.ferry.adapter.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.testing.IntegrationTest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pacing an installation's writes within per-installation quotas, shared through its state table, against
 * a real server. Rates are asserted only as lower bounds on elapsed time: a busy machine is slower, never
 * faster, so these cannot flake.
 */
@IntegrationTest
class MySqlPacerTest {
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

    private InstallationId installation() {
        InstallationId id = TestServer.newInstallation();
        created.add(id);
        new MySqlSchemaMigrator(dataSource, databases).migrate(id, List.of());
        return id;
    }

    private static MySqlPacer pacer(int statementsPerSecond, double querySecondsPerMinute, Duration maxWait) {
        return new MySqlPacer(new MySqlJobStore(dataSource, databases),
                new MySqlPacer.Settings(statementsPerSecond, querySecondsPerMinute, maxWait), Clock.systemUTC());
    }

    @Test
    void shouldHoldAnInstallationToItsStatementRate_acrossWorkersSharingIt() throws Exception {
        // given two workers of one installation, each with its own pacer, and a quota of 50 statements a second
        InstallationId installation = installation();
        MySqlPacer first = pacer(50, 0, Duration.ofSeconds(30));
        MySqlPacer second = pacer(50, 0, Duration.ofSeconds(30));

        // when each takes 10 pages of 10 statements at once (200 statements; the bucket starts with 50)
        long started = System.nanoTime();
        ExecutorService workers = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (MySqlPacer pacer : List.of(first, second)) {
                done.add(workers.submit(() -> {
                    for (int page = 0; page < 10; page++) {
                        pacer.beforeStatements(installation, 10);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            workers.shutdownNow();
        }
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        // then together they took at least the 3 s the 150 statements beyond the first bucket need
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(2_900);
    }

    @Test
    void shouldFailRetryably_beforeWriting_whenThePageCannotGetItsTurnInTime() {
        // given a quota of 10 statements a second, its bucket just emptied, and pages that wait at most 100 ms
        InstallationId installation = installation();
        MySqlPacer pacer = pacer(10, 0, Duration.ofMillis(100));
        pacer.beforeStatements(installation, 10);

        // when / then the next page is refused, retryably
        assertThatThrownBy(() -> pacer.beforeStatements(installation, 10))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DESTINATION_THROTTLED);
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("nothing of the page written");
                });
    }

    @Test
    void shouldHoldPagesBack_whenTheirStatementsSpendTheQueryTimeFasterThanItRefills() {
        // given a quota of 0.6 query-seconds a minute, and pages whose statements take 0.25 s each
        InstallationId installation = installation();
        MySqlPacer pacer = pacer(0, 0.6, Duration.ofMillis(100));

        // when pages keep coming (statements are taken a few pages ahead, query time paid at each take)
        // then within a dozen pages one must wait for the query time to refill, beyond its 100 ms
        assertThatThrownBy(() -> {
            for (int page = 0; page < 12; page++) {
                pacer.beforeStatements(installation, 3);
                pacer.afterStatements(installation, 250_000);
            }
        }).isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DESTINATION_THROTTLED));
    }

    @Test
    void shouldLetAPageOfMoreStatementsThanTheBucketHolds_takeTheWholeBucket() {
        // given a quota of 5 statements a second
        InstallationId installation = installation();
        MySqlPacer pacer = pacer(5, 0, Duration.ofSeconds(5));

        // when a page of 12 statements asks
        pacer.beforeStatements(installation, 12);

        // then it went (no exception), and the bucket is empty for the next one, which waits about a second
        long started = System.nanoTime();
        pacer.beforeStatements(installation, 5);
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(900);
    }

    @Test
    void shouldNeverTouchTheDatabase_whenOff() {
        // given pacing off and no store at all
        MySqlPacer off = new MySqlPacer(null, MySqlPacer.Settings.OFF, Clock.systemUTC());

        // when / then pages go at once
        off.beforeStatements(InstallationId.of("acme"), 1_000);
        off.afterStatements(InstallationId.of("acme"), 1_000_000);
        assertThat(off.on()).isFalse();
    }
}
