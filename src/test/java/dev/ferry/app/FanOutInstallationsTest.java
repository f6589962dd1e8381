package dev.ferry.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.port.InstallationDirectory;
import dev.ferry.app.port.WorkMessage;
import dev.ferry.app.port.WorkMessage.ListInstallations;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.page.Cursor;
import java.util.List;
import dev.ferry.domain.plan.MigrationMode;
import dev.ferry.testing.CoreHarness;
import dev.ferry.testing.SamplePlans;
import org.junit.jupiter.api.Test;

class FanOutInstallationsTest {

    @Test
    void shouldKeepTheTickToOneMessage_andSpreadTenThousandInstallationsOverListingSteps() {
        // given 10,000 installations
        CoreHarness ferry = new CoreHarness(SamplePlans.plan(MigrationMode.FAN_OUT));
        for (int i = 0; i < 10_000; i++) {
            ferry.remote.installation(String.format("tenant-%05d", i), InstallationStatus.PENDING);
        }
        FanOutInstallations fanOut = new FanOutInstallations(ferry.remote, ferry.queue, 500);

        // when the tick runs
        new Tick(ferry.queue).run();

        // then it sent exactly one message
        assertThat(ferry.queue.sent()).containsExactly(new ListInstallations(null));

        // when every listing step is delivered
        int steps = 0;
        WorkMessage message;
        while ((message = ferry.queue.poll()) != null) {
            if (message instanceof ListInstallations list) {
                assertThat(fanOut.step(list)).isLessThanOrEqualTo(500);
                steps++;
            }
        }

        // then each installation got exactly one track message, in 20 bounded steps
        assertThat(steps).isEqualTo(20);
        assertThat(ferry.queue.sent(WorkMessage.Track.class)).hasSize(10_000).doesNotHaveDuplicates();
    }

    /** A listing of pages of two ids whose cursor goes 1 → 2 → 1 → …, or that repeats its first page under new cursors. */
    private static InstallationDirectory looping(boolean newCursorEveryTime) {
        return (after, limit) -> {
            int at = after == null ? 0 : Integer.parseInt(after.value().replaceAll("[^0-9]", "")) % 1000;
            List<InstallationId> ids = List.of(InstallationId.of("tenant-" + (at % 2) + "a"), InstallationId.of("tenant-" + (at % 2) + "b"));
            Cursor next = newCursorEveryTime ? Cursor.ofString("fresh-" + (1000 * (at + 1)))
                    : Cursor.ofNumber(Integer.toString(at == 1 ? 2 : 1));
            return new InstallationDirectory.Batch(newCursorEveryTime ? ids.subList(0, 2) : ids, next);
        };
    }

    @Test
    void shouldEndTheListing_whenItsCursorCycles_withinAFewSteps() {
        // given a listing whose cursor cycles 1 → 2 → 1
        CoreHarness ferry = new CoreHarness(SamplePlans.plan(MigrationMode.FAN_OUT));
        FanOutInstallations fanOut = new FanOutInstallations(looping(false), ferry.queue, 2);
        ferry.queue.send(new ListInstallations(null));

        // when every listing step is delivered
        FerryException ended = deliverListing(ferry, fanOut, 50);

        // then the listing ended with CURSOR_NOT_ADVANCING within a few steps, each installation tracked a bounded number of times
        assertThat(ended).isNotNull();
        assertThat(ended.code()).isEqualTo(ErrorCode.CURSOR_NOT_ADVANCING);
        assertThat(ended.retryable()).isFalse();
        assertThat(ferry.queue.sent(ListInstallations.class)).hasSizeLessThan(8);
    }

    @Test
    void shouldEndTheListing_whenItServesTheSamePageUnderNewCursors() {
        // given a listing that never ends: the same two installations under an ever new cursor
        CoreHarness ferry = new CoreHarness(SamplePlans.plan(MigrationMode.FAN_OUT));
        FanOutInstallations fanOut = new FanOutInstallations((after, limit) -> new InstallationDirectory.Batch(
                List.of(InstallationId.of("tenant-a"), InstallationId.of("tenant-b")),
                Cursor.ofString("c" + System.nanoTime())), ferry.queue, 2);
        ferry.queue.send(new ListInstallations(null));

        // when every listing step is delivered
        FerryException ended = deliverListing(ferry, fanOut, 50);

        // then it ended at the second page
        assertThat(ended).isNotNull().extracting(FerryException::code).isEqualTo(ErrorCode.CURSOR_NOT_ADVANCING);
        assertThat(ferry.queue.sent(WorkMessage.Track.class)).hasSize(2);
    }

    @Test
    void shouldTrackAnInstallationListedTwiceOnOnePage_once() {
        // given a page that lists one installation twice
        CoreHarness ferry = new CoreHarness(SamplePlans.plan(MigrationMode.FAN_OUT));
        FanOutInstallations fanOut = new FanOutInstallations((after, limit) -> new InstallationDirectory.Batch(
                List.of(InstallationId.of("tenant-a"), InstallationId.of("tenant-a"), InstallationId.of("tenant-b")), null),
                ferry.queue, 3);

        // when
        int tracked = fanOut.step(new ListInstallations(null));

        // then
        assertThat(tracked).isEqualTo(2);
        assertThat(ferry.queue.sent(WorkMessage.Track.class)).extracting(WorkMessage.Track::installation)
                .containsExactly(InstallationId.of("tenant-a"), InstallationId.of("tenant-b"));
    }

    @Test
    void shouldReportAFleetOnce_whenTheListingLoopsOrRepeatsInstallations() {
        // given a listing whose cursor cycles, each installation appearing on several pages
        CoreHarness ferry = new CoreHarness(SamplePlans.plan(MigrationMode.FAN_OUT));
        StatusReport report = new StatusReport(ferry.plan, ferry.store, looping(false));

        // when the fleet is read
        StatusReport.Fleet fleet = report.fleet();

        // then it ends, counts every installation once, and says the listing loops
        assertThat(fleet.installations()).extracting(StatusReport.InstallationState::installation)
                .containsExactly("tenant-0a", "tenant-0b", "tenant-1a", "tenant-1b");
        assertThat(fleet.listingProblem()).contains("loops");
        assertThat(fleet.decommissionReady()).isFalse();
    }

    private static FerryException deliverListing(CoreHarness ferry, FanOutInstallations fanOut, int limit) {
        WorkMessage message;
        int steps = 0;
        while ((message = ferry.queue.poll()) != null && steps++ < limit) {
            if (message instanceof ListInstallations list) {
                try {
                    fanOut.step(list);
                } catch (FerryException e) {
                    return e;
                }
            }
        }
        return null;
    }
}
