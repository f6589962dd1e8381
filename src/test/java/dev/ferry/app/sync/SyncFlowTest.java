package dev.ferry.app.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.app.FerryCore;
import dev.ferry.app.RemoteRowReader;
import dev.ferry.app.verify.ReaderChunkSource;
import dev.ferry.app.verify.VerifyDataType;
import dev.ferry.app.verify.VerifySettings;
import dev.ferry.domain.fault.Failpoints;
import dev.ferry.testing.InMemoryVerificationStore;
import dev.ferry.app.CheckerSettings;
import dev.ferry.testing.CoreHarness;
import dev.ferry.app.HandleWorkMessage;
import dev.ferry.app.TrackInstallation;
import dev.ferry.app.WorkerSettings;
import dev.ferry.app.port.WorkMessage;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.job.Job;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.job.Primary;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.ChangeFeed;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationMode;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.domain.plan.SyncSettings;
import dev.ferry.domain.sync.ChangePhase;
import dev.ferry.domain.verify.RowKey;
import dev.ferry.testing.ChangingSource;
import dev.ferry.testing.InMemoryJobStore;
import dev.ferry.testing.InMemoryRemote;
import dev.ferry.testing.ManualClock;
import dev.ferry.testing.RecordingRowSink;
import dev.ferry.testing.RecordingWorkQueue;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Diff passes, completion, keep-syncing, cutover and reverse sync through the real use cases, on
 * in-memory fakes: a source whose rows carry {@code updated_at} and tombstones, changed by a load
 * generator between deliveries while Ferry works.
 */
class SyncFlowTest {
    static final InstallationId ACME = InstallationId.of("acme");
    static final DataType BOARDS = new DataType("boards", "boards", "boards",
            List.of(Column.of("id", ColumnType.INTEGER), Column.of("name", ColumnType.STRING),
                    Column.of("updated_at", ColumnType.DATETIME)),
            List.of("id"), 5, 1, new ChangeFeed("updated_at", true));
    static final DataType CARDS = new DataType("cards", "cards", "cards",
            List.of(Column.of("id", ColumnType.INTEGER), Column.of("board_id", ColumnType.INTEGER),
                    Column.of("title", ColumnType.STRING), Column.of("updated_at", ColumnType.DATETIME)),
            List.of("id"), 5, 2, new ChangeFeed("updated_at", true));

    final ManualClock clock = ManualClock.startingAt("2026-03-01T10:00:00Z");
    final InMemoryJobStore store = new InMemoryJobStore();
    final InMemoryRemote status = new InMemoryRemote().installation("acme", InstallationStatus.READY);
    final ChangingSource source = new ChangingSource();
    final RecordingRowSink destination = new RecordingRowSink();
    final RecordingWorkQueue queue = new RecordingWorkQueue(clock);
    MigrationPlan plan;
    HandleWorkMessage handler;
    int deliveries;
    Random duplicates;
    final List<WorkMessage.Verify> verifications = new java.util.ArrayList<>();

    void wire(boolean keepSyncing) {
        wire(new MigrationPlan("sync", MigrationMode.FAN_OUT, List.of(BOARDS, CARDS), List.of(),
                new SyncSettings(keepSyncing, Duration.ofMillis(30), Duration.ZERO, 3)));
    }

    void wire(MigrationPlan plan) {
        this.plan = plan;
        VerifySettings verify = VerifySettings.defaults();
        FerryCore.Ports ports = new FerryCore.Ports(store, source, status, status, source, source, destination, destination,
                (i, s) -> List.of(), queue, new VerifyDataType(new ReaderChunkSource(new RemoteRowReader(source), verify),
                destination, destination, destination, new InMemoryVerificationStore(), clock, verify), clock,
                Failpoints.NONE);
        handler = FerryCore.assemble(plan, ports, new FerryCore.Settings(new WorkerSettings(100, 0, 1_000),
                new CheckerSettings(Duration.ofMinutes(5), CoreHarness.FAILURES), 10)).handler();
    }

    /** Each invocation has time for about three pages. */
    LongSupplier budget() {
        long[] left = {400};
        return () -> left[0] -= 100;
    }

    LocalDateTime now() {
        return LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    }

    /** Delivers one message (a tracker tick when the queue is empty); false when even a tick queues nothing. */
    boolean deliverOne() {
        WorkMessage message = queue.poll();
        if (message == null) {
            handler.handle(new WorkMessage.Track(ACME), "tick-" + deliveries, budget());
            message = queue.poll();
            if (message == null) {
                return false;
            }
        }
        deliveries++;
        WorkMessage delivered = message;
        queue.dueOf(message).filter(due -> due.isAfter(clock.instant()))
                .ifPresent(due -> clock.advance(Duration.between(clock.instant(), due))); // waiting for a delayed message
        if (delivered instanceof WorkMessage.Verify verify) {
            verifications.add(verify); // verification is tested on its own; here it is only asked for
            return true;
        }
        if (duplicates != null && duplicates.nextInt(5) == 0) {
            queue.send(message); // delivered again later, as SQS may
        }
        try {
            handler.handle(message, "delivery-" + deliveries, budget());
        } catch (FerryException e) {
            if (!e.retryable()) {
                throw e;
            }
            queue.send(message); // not acknowledged: SQS delivers it again
        }
        clock.advance(Duration.ofMillis(7));
        return true;
    }

    Map<RowKey, Row> byKey(DataType type, List<Row> rows) {
        return rows.stream().collect(Collectors.toMap(r -> RowKey.of(type, r), r -> r, (a, b) -> a, TreeMap::new));
    }

    void assertSameRows() {
        for (DataType type : List.of(BOARDS, CARDS)) {
            assertThat(byKey(type, destination.rows("acme", type.table())))
                    .as(type.name()).isEqualTo(byKey(type, source.rows(type)));
        }
    }

    /** Every card in the destination has its board there. */
    void assertNoOrphans(String when) {
        Set<Object> boards = destination.rows("acme", "boards").stream().map(r -> r.get(0)).collect(Collectors.toSet());
        assertThat(destination.rows("acme", "cards")).as("cards without their board " + when)
                .allSatisfy(card -> assertThat(boards).contains(card.get(1)));
    }

    boolean passFinished(int pass) {
        List<Job> jobs = store.jobs(ACME).stream().filter(j -> j.id().pass() == pass && !j.id().reverse()).toList();
        Map<dev.ferry.domain.job.ChainId, Job> latest = jobs.stream().collect(Collectors.toMap(Job::chain, j -> j,
                (a, b) -> a.id().seq() > b.id().seq() ? a : b));
        return !latest.isEmpty() && latest.values().stream().allMatch(j -> j.status() == JobStatus.DONE);
    }

    int currentPass() {
        return store.jobs(ACME).stream().filter(j -> !j.id().reverse()).mapToInt(j -> j.id().pass()).max().orElse(0);
    }

    /** Inserts, updates and deletes boards and cards at the source, as the app's users would. */
    final class Load {
        final Random random = new Random(42);
        long nextBoard = 1;
        long nextCard = 1;

        void seed(int boards, int cardsPerBoard) {
            for (int b = 0; b < boards; b++) {
                long board = nextBoard++;
                source.put(BOARDS, Row.of(board, "board " + board, now()));
                for (int c = 0; c < cardsPerBoard; c++) {
                    long card = nextCard++;
                    source.put(CARDS, Row.of(card, board, "card " + card, now()));
                }
            }
        }

        void step() {
            List<Row> boards = source.rows(BOARDS);
            List<Row> cards = source.rows(CARDS);
            switch (random.nextInt(8)) {
                case 0 -> {
                    // a new board with a burst of cards sharing one timestamp
                    long board = nextBoard++;
                    source.put(BOARDS, Row.of(board, "board " + board, now()));
                    for (int i = 0; i < 7; i++) {
                        long card = nextCard++;
                        source.put(CARDS, Row.of(card, board, "card " + card, now()));
                    }
                }
                case 1, 2 -> {
                    if (!boards.isEmpty()) {
                        long card = nextCard++;
                        Object board = boards.get(random.nextInt(boards.size())).get(0);
                        source.put(CARDS, Row.of(card, board, "card " + card, now()));
                    }
                }
                case 3, 4 -> {
                    if (!cards.isEmpty()) {
                        Row c = cards.get(random.nextInt(cards.size()));
                        Object board = boards.get(random.nextInt(boards.size())).get(0);
                        source.put(CARDS, Row.of(c.get(0), board, c.get(2) + "'", now()));
                    }
                }
                case 5 -> {
                    if (!boards.isEmpty()) {
                        Row b = boards.get(random.nextInt(boards.size()));
                        source.put(BOARDS, Row.of(b.get(0), b.get(1) + "*", now()));
                    }
                }
                case 6 -> {
                    if (!cards.isEmpty()) {
                        source.delete(CARDS, RowKey.of(CARDS, cards.get(random.nextInt(cards.size()))), now());
                    }
                }
                default -> {
                    if (boards.size() > 3) {
                        // children first, as the source's foreign keys demand
                        Object board = boards.get(random.nextInt(boards.size())).get(0);
                        cards.stream().filter(c -> c.get(1).equals(board))
                                .forEach(c -> source.delete(CARDS, RowKey.of(CARDS, c), now()));
                        source.delete(BOARDS, RowKey.of(board), now());
                    }
                }
            }
        }
    }

    /** How a run under load went: the pass in which the load stopped, and how many passes were checked for orphans. */
    record LoadedRun(int stoppedInPass, int passesChecked) {
    }

    /**
     * Delivers until DONE while the load changes the source every {@code loadEvery} deliveries, then
     * stops the load and delivers until a pass begun after that has finished. Checks for orphans at the
     * end of every pass.
     */
    LoadedRun runUnderLoad(Load load, int loadEvery, int maxDeliveries) {
        boolean loadRunning = true;
        Set<Integer> passesChecked = new HashSet<>();
        int stoppedInPass = -1;
        for (int i = 0; i < maxDeliveries && deliverOne(); i++) {
            int pass = currentPass();
            if (passFinished(pass) && passesChecked.add(pass)) {
                assertNoOrphans("at the end of pass " + pass);
            }
            if (loadRunning && i % loadEvery == 0) {
                load.step();
            }
            if (loadRunning && store.trackingStatus(ACME).orElseThrow() == InstallationStatus.DONE) {
                loadRunning = false;
                stoppedInPass = currentPass();
            }
            if (!loadRunning && currentPass() > stoppedInPass + 1 && passFinished(currentPass())) {
                break;
            }
        }
        return new LoadedRun(stoppedInPass, passesChecked.size());
    }

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
