package dev.ferry.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.job.Job;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.plan.MigrationMode;
import dev.ferry.testing.CoreHarness;
import dev.ferry.testing.SamplePlans;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A chain FAILED for good under one plan is restarted by the job checker once a different plan runs. */
class PlanChangeRestartTest {
    private static final InstallationId ACME = InstallationId.of("acme");
    private final CoreHarness ferry = new CoreHarness(SamplePlans.plan(MigrationMode.FAN_OUT));

    /** ACME migrating, its users served with headers that do not match the plan, until users FAILED. */
    private void givenUsersFailedOnHeaders() {
        ferry.remote.installation(ACME.value(), InstallationStatus.READY)
                .rows(ACME.value(), SamplePlans.USERS, SamplePlans.users(20))
                .rows(ACME.value(), SamplePlans.ORDERS, SamplePlans.orders(40))
                .rows(ACME.value(), SamplePlans.TAGS, SamplePlans.tags(25))
                .headers(ACME.value(), SamplePlans.USERS, List.of("id", "nickname", "email"));
        ferry.tracker.track(ACME);
        ferry.deliverAll(CoreHarness.unlimited(), 10_000);
    }

    private Job usersChain() {
        return Runs.of(ferry.plan, ferry.store.jobs(ACME)).currentPassRun().live().values().stream()
                .filter(j -> j.dataType().equals("users")).findFirst().orElseThrow();
    }

    @Test
    void shouldLeaveAFailedChainFailed_whileThePlanIsTheOneItFailedUnder() {
        // given users FAILED on its headers, and the remote since fixed
        givenUsersFailedOnHeaders();
        assertThat(usersChain().status()).isEqualTo(JobStatus.FAILED);
        assertThat(usersChain().lastError().code()).isEqualTo(ErrorCode.HEADERS_MISMATCH);
        ferry.remote.headers(ACME.value(), SamplePlans.USERS, SamplePlans.USERS.columnNames());

        // when later ticks check the installation under the same plan
        ferry.tracker.track(ACME);
        ferry.deliverAll(CoreHarness.unlimited(), 10_000);

        // then the chain stays FAILED: nothing changed on Ferry's side
        assertThat(usersChain().status()).isEqualTo(JobStatus.FAILED);
        assertThat(ferry.store.controls(ACME).planFingerprint()).isEqualTo(ferry.plan.fingerprint());
    }

    @Test
    void shouldRestartTheFailedChain_onceADifferentPlanRuns_andFinish() {
        // given users FAILED under an earlier plan (its fingerprint recorded), the cause since fixed
        givenUsersFailedOnHeaders();
        ferry.remote.headers(ACME.value(), SamplePlans.USERS, SamplePlans.USERS.columnNames());
        String current = ferry.plan.fingerprint();
        assertThat(ferry.store.recordPlan(ACME, current, "0123456789abcdef", ferry.clock.instant())).isTrue();

        // when the next tick checks it under the plan now deployed
        ferry.tracker.track(ACME);
        ferry.deliverAll(CoreHarness.unlimited(), 10_000);
        ferry.tracker.track(ACME);

        // then the chain was restarted once, copied everything, and the installation is DONE under the new plan
        assertThat(ferry.sink.rows("acme", "users")).hasSize(20);
        assertThat(ferry.store.trackingStatus(ACME)).contains(InstallationStatus.DONE);
        assertThat(ferry.store.controls(ACME).planFingerprint()).isEqualTo(current);
    }

    @Test
    void shouldTellPlansApart_byTheirContent() {
        assertThat(SamplePlans.plan(MigrationMode.FAN_OUT).fingerprint())
                .isEqualTo(SamplePlans.plan(MigrationMode.FAN_OUT).fingerprint())
                .isNotEqualTo(SamplePlans.plan(MigrationMode.SINGLE_EVENT).fingerprint())
                .hasSize(16);
    }
}
