package dev.ferry.app.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.job.Job;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.sync.ChangePhase;
import dev.ferry.domain.verify.RowKey;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Diff passes and completion through the real use cases, on in-memory fakes: a source whose rows carry
 * {@code updated_at} and tombstones, changed by a load generator between deliveries while Ferry works.
 */
class SyncFlowTest extends SyncFlowHarness {

    @Test
    void shouldReachDoneAndMatchSource_whileLoadInsertsUpdatesAndDeletes() {
        // given a source with data, changing on every other delivery, and a plan that keeps syncing
        wire(true);
        Load load = new Load();
        load.seed(10, 6);

        // when Ferry runs until DONE, the load stops (the app is about to switch), and one more pass runs
        LoadedRun run = runUnderLoad(load, 2, 5_000);

        // then the installation is DONE, the remote was told, several diff passes ran, and the copy is exact
        assertThat(store.trackingStatus(ACME)).contains(InstallationStatus.DONE);
        assertThat(status.statusWrites()).contains("acme=DONE");
        assertThat(run.stoppedInPass()).isGreaterThan(1);
        assertThat(run.passesChecked()).isGreaterThan(2);
        assertThat(source.changesServed()).isPositive();
        assertSameRows();
        assertNoOrphans("at the end");
    }

    @Test
    void shouldStayExact_underDuplicateDeliveriesAndRemoteOutages() {
        // given load at the source, every 7th remote call failing and one delivery in five duplicated
        wire(true);
        Load load = new Load();
        load.seed(8, 5);
        source.failEvery(7);
        duplicates = new Random(7);

        // when Ferry runs to DONE, the load stops and one more pass runs
        LoadedRun run = runUnderLoad(load, 3, 20_000);

        // then nothing was lost, duplicated or left behind
        assertThat(store.trackingStatus(ACME)).contains(InstallationStatus.DONE);
        assertThat(run.stoppedInPass()).isPositive();
        assertSameRows();
        assertNoOrphans("at the end");
    }

    /** The pending job of the newest diff pass, if it is about to run {@code phase} of {@code type}. */
    boolean aboutToRun(DataType type, ChangePhase phase) {
        return store.jobs(ACME).stream().anyMatch(j -> j.id().pass() > 1 && !j.id().reverse()
                && j.status() == JobStatus.PENDING && j.dataType().equals(type.name())
                && dev.ferry.domain.sync.ChangeCursor.of(type, j.cursor()).phase() == phase);
    }

    @Test
    void shouldLeaveNoOrphans_whenParentsChangeBetweenTheStepsOfAPass() {
        // given a migration into its diff passes, and an app that acts just before each step of a pass:
        // a new board with a card before each changes step, a board deleted with its cards before
        // each deletions step
        wire(true);
        Load load = new Load();
        load.seed(6, 4);
        Set<String> created = new HashSet<>();
        Set<String> deleted = new HashSet<>();
        Set<Integer> checked = new HashSet<>();

        // when Ferry runs its passes
        for (int i = 0; i < 2_000 && deliverOne(); i++) {
            int pass = currentPass();
            if (passFinished(pass) && checked.add(pass)) {
                assertNoOrphans("at the end of pass " + pass);
                if (pass >= 7) {
                    break; // the app stopped acting in pass 6; pass 7 brought the last of it
                }
            }
            for (DataType type : List.of(BOARDS, CARDS)) {
                if (pass > 1 && pass < 6 && aboutToRun(type, ChangePhase.CHANGES) && created.add(pass + ":" + type.name())) {
                    long board = load.nextBoard++;
                    source.put(BOARDS, Row.of(board, "late board", now()));
                    source.put(CARDS, Row.of(load.nextCard++, board, "late card", now()));
                }
                if (pass > 1 && pass < 6 && aboutToRun(type, ChangePhase.DELETIONS) && deleted.add(pass + ":" + type.name())) {
                    Object board = source.rows(BOARDS).get(0).get(0);
                    source.rows(CARDS).stream().filter(c -> c.get(1).equals(board))
                            .forEach(c -> source.delete(CARDS, RowKey.of(CARDS, c), now()));
                    source.delete(BOARDS, RowKey.of(board), now());
                }
            }
        }

        // then the app acted in several passes, no pass ended with an orphan, and the copy is exact
        assertThat(created).isNotEmpty();
        assertThat(deleted).isNotEmpty();
        assertThat(store.trackingStatus(ACME)).contains(InstallationStatus.DONE);
        assertSameRows();
    }

    @Test
    void shouldCopyEveryRowSharingOneTimestamp_acrossPageBoundaries() {
        // given a first pass done, then 23 cards changed at one instant (page size 5)
        wire(false);
        new Load().seed(2, 3);
        while (currentPass() < 2 && deliverOne()) {
            // pass 1 copies everything; pass 2 starts
        }
        LocalDateTime instant = now();
        for (long id = 100; id < 123; id++) {
            source.put(CARDS, Row.of(id, 1L, "same time " + id, instant));
        }

        // when Ferry runs to completion
        while (deliverOne()) {
            // keep delivering
        }

        // then all 23 arrived, none twice as another's copy, and the copy is exact
        assertThat(destination.rows("acme", "cards").stream().filter(r -> ((String) r.get(2)).startsWith("same time")))
                .hasSize(23);
        assertSameRows();
        assertThat(store.trackingStatus(ACME)).contains(InstallationStatus.DONE);
    }

    @Test
    void shouldCompleteOnlyAfterADiffPassInASingleRun() {
        // given 200 cards written an hour ago: the first pass needs several jobs per data type
        wire(false);
        new Load().seed(4, 50);
        clock.advance(Duration.ofHours(1));

        // when Ferry runs to completion with no changes at the source
        while (deliverOne()) {
            // keep delivering
        }

        // then pass 2 (every step in one job) completed it; pass 1 alone did not
        assertThat(store.trackingStatus(ACME)).contains(InstallationStatus.DONE);
        assertThat(currentPass()).isEqualTo(2);
        List<Job> pass2 = store.jobs(ACME).stream().filter(j -> j.id().pass() == 2).toList();
        assertThat(pass2).hasSize(4); // cards, boards changes; boards, cards deletions
        assertSameRows();
    }
}
