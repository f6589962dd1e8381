package dev.ferry.app;

import static dev.ferry.domain.fault.Failpoint.AFTER_CURSOR_SAVED;
import static dev.ferry.domain.fault.Failpoint.AFTER_PAGE_FETCHED;
import static dev.ferry.domain.fault.Failpoint.AFTER_ROWS_WRITTEN;
import static dev.ferry.domain.fault.Failpoint.CHECKER_MID_RESTART;
import static dev.ferry.domain.fault.Failpoint.TRACKER_AFTER_IN_PROGRESS;
import static dev.ferry.domain.fault.Failpoint.WHILE_SENDING_CONTINUATION;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.domain.convert.PageConverter;
import dev.ferry.domain.fault.Failpoint;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.job.Job;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationMode;
import dev.ferry.testing.CoreHarness;
import dev.ferry.testing.SamplePlans;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A crash at any failpoint, at any page, is recovered by the queue's redelivery and the job checker
 * alone: every installation ends DONE, with exactly the source's rows, each counted once.
 */
class FailpointRecoveryTest {
    private static final InstallationId ACME = InstallationId.of("acme");
    private static final int ROUNDS = 20;

    static Stream<Arguments> crashes() {
        return Stream.of(MigrationMode.values()).flatMap(mode -> Stream.of(
                Arguments.of(mode, Map.of(AFTER_PAGE_FETCHED, 1)),
                Arguments.of(mode, Map.of(AFTER_PAGE_FETCHED, 4)),
                Arguments.of(mode, Map.of(AFTER_ROWS_WRITTEN, 1)),
                Arguments.of(mode, Map.of(AFTER_ROWS_WRITTEN, 5)),
                Arguments.of(mode, Map.of(AFTER_CURSOR_SAVED, 2)),
                Arguments.of(mode, Map.of(AFTER_CURSOR_SAVED, 4)),
                Arguments.of(mode, Map.of(WHILE_SENDING_CONTINUATION, 1)),
                Arguments.of(mode, Map.of(WHILE_SENDING_CONTINUATION, 3)),
                Arguments.of(mode, Map.of(TRACKER_AFTER_IN_PROGRESS, 1)),
                Arguments.of(mode, Map.of(AFTER_ROWS_WRITTEN, 2, CHECKER_MID_RESTART, 1))));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("crashes")
    void shouldEndDoneWithEveryRowOnce_whenCrashingAtFailpoint(MigrationMode mode, Map<Failpoint, Integer> crashAt) {
        // given one READY installation with several pages of every type, two pages per invocation
        CoreHarness ferry = new CoreHarness(SamplePlans.plan(mode));
        ferry.remote.installation("acme", InstallationStatus.READY)
                .rows("acme", SamplePlans.USERS, SamplePlans.users(23))
                .rows("acme", SamplePlans.ORDERS, SamplePlans.orders(17))
                .rows("acme", SamplePlans.TAGS, SamplePlans.tags(10));
        crashAt.forEach(ferry.failpoints::crashAt);

        // when ticks and deliveries run, time passing between rounds (leases expire, lost messages are re-sent)
        for (int round = 0; round < ROUNDS && !done(ferry); round++) {
            new Tick(ferry.queue).run();
            ferry.deliverAll(ferry.pagesPerInvocation(2), 10_000);
            ferry.clock.advance(Duration.ofMinutes(10));
        }

        // then every crash fired, and the migration still ended with exactly the source's rows, each counted once
        assertThat(ferry.failpoints.crashed()).isEqualTo(crashAt.size());
        assertThat(ferry.store.trackingStatus(ACME)).contains(InstallationStatus.DONE);
        long copied = 0;
        for (DataType type : ferry.plan.dataTypes()) {
            var expected = PageConverter.convert(type, ferry.remote.fetchPage(ACME, type, null, 10_000));
            assertThat(ferry.sink.rows("acme", type.table())).as(type.name()).containsExactlyElementsOf(expected);
            copied += expected.size();
        }
        Collection<Job> live = ferry.store.jobs(ACME).stream().collect(java.util.stream.Collectors.toMap(Job::chain, j -> j,
                (a, b) -> a.id().seq() >= b.id().seq() ? a : b)).values();
        assertThat(live).allSatisfy(j -> assertThat(j.status()).as(j.id().value()).isEqualTo(JobStatus.DONE));
        assertThat(live.stream().mapToLong(Job::rowsCopied).sum()).as("rows counted by the chains").isEqualTo(copied);
    }

    private static boolean done(CoreHarness ferry) {
        return ferry.store.trackingStatus(ACME).filter(s -> s == InstallationStatus.DONE).isPresent();
    }
}
