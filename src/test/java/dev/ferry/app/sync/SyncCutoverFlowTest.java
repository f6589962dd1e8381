package dev.ferry.app.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.app.port.WorkMessage;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.job.Primary;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.ChangeFeed;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationMode;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.domain.plan.SyncSettings;
import dev.ferry.domain.verify.RowKey;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Verification requests, cutover and reverse sync through the real use cases, on in-memory fakes. */
class SyncCutoverFlowTest extends SyncFlowHarness {

    @Test
    void shouldSyncDestinationBackToSource_afterCutover() {
        // given a completed migration
        wire(false);
        new Load().seed(5, 8);
        while (deliverOne()) {
            // keep delivering
        }
        assertThat(store.trackingStatus(ACME)).contains(InstallationStatus.DONE);

        // when the app switches primary and changes rows only on the destination
        handler.handle(new WorkMessage.SwitchPrimary(ACME, Primary.DESTINATION), "op-1", budget());
        destination.put(ACME, CARDS, Row.of(900L, 1L, "written after cutover", now()));
        destination.put(ACME, BOARDS, Row.of(2L, "renamed after cutover", now()));
        destination.remove(ACME, CARDS, RowKey.of(3L));
        destination.remove(ACME, CARDS, RowKey.of(40L));
        assertThatThrownBy(() -> handler.handle(new WorkMessage.SwitchPrimary(ACME, Primary.SOURCE), "op-2", budget()))
                .isInstanceOf(FerryException.class)
                .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.CUTOVER_REFUSED));
        handler.handle(new WorkMessage.ReverseSync(ACME), "op-3", budget());
        while (deliverOne()) {
            // keep delivering
        }

        // then the source equals the destination, and rolling back is now allowed
        assertSameRows();
        assertThat(source.rows(CARDS)).anySatisfy(r -> assertThat(r.get(2)).isEqualTo("written after cutover"));
        handler.handle(new WorkMessage.SwitchPrimary(ACME, Primary.SOURCE), "op-4", budget());
        assertThat(store.primary(ACME)).isEqualTo(Primary.SOURCE);
        // and the fleet report shows it: the source is in use again, so it cannot be decommissioned
        dev.ferry.app.StatusReport.Fleet fleet = new dev.ferry.app.StatusReport(plan, store, status).fleet();
        assertThat(fleet.installations().get(0).sync().reverseStatus()).isEqualTo("DONE");
        assertThat(fleet.installations().get(0).sync().primary()).isEqualTo("SOURCE");
        assertThat(fleet.decommissionReady()).isFalse();
        assertThat(fleet.decommission()).contains("1 rolled back to the source or syncing back to it");
    }

    @Test
    void shouldAskForVerification_whenADataTypeHasNoDeletionsFeed() {
        // given cards whose remote serves changes but no deletions, and a plan verifying every 3 passes after DONE
        DataType cardsWithoutDeletions = new DataType("cards", "cards", "cards", CARDS.columns(), CARDS.primaryKey(), 5, 2,
                new ChangeFeed("updated_at", false));
        wire(new MigrationPlan("sync", MigrationMode.FAN_OUT, List.of(BOARDS, cardsWithoutDeletions), List.of(),
                new SyncSettings(true, Duration.ofMillis(30), Duration.ZERO, 3)));
        new Load().seed(3, 4);

        // when Ferry completes and keeps syncing for a while
        for (int i = 0; i < 400 && currentPass() < 9; i++) {
            deliverOne();
        }

        // then a verification (reporting, not repairing: that is the operator's call before the cutover)
        // was asked for at completion and then every third pass
        assertThat(store.trackingStatus(ACME)).contains(InstallationStatus.DONE);
        assertThat(verifications).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(v -> {
                    assertThat(v.installation()).isEqualTo(ACME);
                    assertThat(v.repair()).isFalse();
                });
    }

    @Test
    void shouldNotAskForVerification_whenEveryDataTypeHasADeletionsFeed() {
        wire(true);
        new Load().seed(3, 4);
        for (int i = 0; i < 400 && currentPass() < 9; i++) {
            deliverOne();
        }
        assertThat(store.trackingStatus(ACME)).contains(InstallationStatus.DONE);
        assertThat(verifications).isEmpty();
    }

    @Test
    void shouldStopForwardCopy_whenTheCutoverLandsMidPass() {
        // given an installation DONE and still syncing, with its next pass under way
        wire(true);
        new Load().seed(4, 10);
        while (store.trackingStatus(ACME).orElse(null) != InstallationStatus.DONE || queue.pending().isEmpty()) {
            deliverOne();
        }

        // when the cutover is recorded, the app edits a card on its new primary, and the source changes too
        handler.handle(new WorkMessage.SwitchPrimary(ACME, Primary.DESTINATION), "operator", budget());
        destination.put(ACME, CARDS, Row.of(1L, 1L, "edited on the new primary", now()));
        source.put(CARDS, Row.of(1L, 1L, "late write to the old primary", now()));
        for (int i = 0; i < 50 && deliverOne(); i++) {
            // deliver what was queued, and ticks
        }

        // then no forward job wrote again: the app's edit stands, the pass's job stopped with the reason
        assertThat(destination.rows("acme", "cards")).anySatisfy(r -> assertThat(r.get(2)).isEqualTo("edited on the new primary"));
        assertThat(store.jobs(ACME)).anySatisfy(j -> {
            assertThat(j.status()).isEqualTo(JobStatus.FAILED);
            assertThat(j.lastError().code()).isEqualTo(ErrorCode.CUTOVER_REFUSED);
        });
        assertThat(queue.pending()).isEmpty();
    }

    @Test
    void shouldLeaveAnInstallationAlone_whenItsDoneWasOnlyMirroredFromTheRemote() {
        // given a plan that keeps syncing, and an installation the remote reports DONE (migrated elsewhere)
        wire(true);
        status.installation("acme", InstallationStatus.DONE);
        new Load().seed(2, 2);

        // when the tracker looks at it, twice
        handler.handle(new WorkMessage.Track(ACME), "tick-1", budget());
        handler.handle(new WorkMessage.Track(ACME), "tick-2", budget());

        // then it is DONE and nothing was started or copied
        assertThat(store.trackingStatus(ACME)).contains(InstallationStatus.DONE);
        assertThat(store.jobs(ACME)).isEmpty();
        assertThat(queue.pending()).isEmpty();
        assertThat(destination.rows("acme", "cards")).isEmpty();
    }

    @Test
    void shouldRefuseCutover_beforeDone() {
        wire(false);
        new Load().seed(1, 1);
        deliverOne();
        assertThatThrownBy(() -> handler.handle(new WorkMessage.SwitchPrimary(ACME, Primary.DESTINATION), "op", budget()))
                .isInstanceOf(FerryException.class);
        assertThat(store.primary(ACME)).isEqualTo(Primary.SOURCE);
    }

    @Test
    void shouldRefuseReverseSync_whileSourceIsPrimary() {
        wire(false);
        assertThatThrownBy(() -> handler.handle(new WorkMessage.ReverseSync(ACME), "op", budget()))
                .isInstanceOf(FerryException.class);
        assertThat(queue.pending()).isEmpty();
    }
}
