package dev.ferry.app.sync;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.ferry.app.WorkerSettings;
import dev.ferry.app.port.WorkMessage;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.job.Job;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.ChangeFeed;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationMode;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.domain.plan.SyncSettings;
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

/**
 * The world the sync flow tests run in: the real use cases on in-memory fakes, a source whose rows carry
 * {@code updated_at} and tombstones, changed by a load generator between deliveries while Ferry works, and
 * the checks every run makes (rows as the source has them, no orphans).
 */
abstract class SyncFlowHarness {
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
}
