package dev.ferry.local.sample;

import static dev.ferry.local.sample.FeedFixture.ISSUES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.domain.convert.ValueConverter;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.RemotePage;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.ChangeFeed;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.sync.ChangeCursor;
import dev.ferry.domain.sync.ChangePhase;
import dev.ferry.domain.sync.Tombstone;
import dev.ferry.domain.verify.RowKey;
import dev.ferry.testing.IntegrationTest;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sample remote's change feed, read end to end through Ferry's HTTP client from MariaDB. */
@IntegrationTest
class SampleChangeFeedTest {
    private static final LocalDateTime FAR = LocalDateTime.of(2100, 1, 1, 0, 0);
    private static final Column DELETED_AT = Column.of("deleted_at", ColumnType.DATETIME);

    private static FeedFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new FeedFixture("feeds");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @AfterEach
    void restoreEndpoints() {
        fixture.remote.withoutEndpoints();
    }

    /** Every change of the window, page by page, each next page asked for after the last row received. */
    private static List<Row> walkChanges(String installation, ChangeCursor start, int limit, List<Integer> pageSizes) {
        List<Row> all = new ArrayList<>();
        ChangeCursor cursor = start;
        for (int pages = 0; pages < 1_000; pages++) {
            RemotePage page = fixture.client.changes().fetchChanges(InstallationId.of(installation), ISSUES, cursor, limit);
            List<Row> rows = FeedFixture.rows(page);
            pageSizes.add(rows.size());
            all.addAll(rows);
            if (page.isLast()) {
                return all;
            }
            Row last = rows.get(rows.size() - 1);
            cursor = cursor.after((LocalDateTime) last.get(ISSUES.updatedAtIndex()), RowKey.of(ISSUES, last));
        }
        throw new AssertionError("the change feed never ended");
    }

    private static List<Tombstone> walkDeletions(String installation, ChangeCursor start, int limit) {
        List<Tombstone> all = new ArrayList<>();
        ChangeCursor cursor = start;
        for (int pages = 0; pages < 1_000; pages++) {
            RemotePage page = fixture.client.changes().fetchDeletions(InstallationId.of(installation), ISSUES, cursor, limit);
            if (!page.data().isEmpty()) {
                assertThat(page.headers()).containsExactly("id", "deleted_at");
            }
            for (List<Object> values : page.data()) {
                all.add(new Tombstone(RowKey.fromRemote(ISSUES, List.of(values.get(0))),
                        (LocalDateTime) ValueConverter.convert(DELETED_AT, values.get(1))));
            }
            if (page.isLast()) {
                return all;
            }
            Tombstone last = all.get(all.size() - 1);
            cursor = cursor.after(last.deletedAt(), last.key());
        }
        throw new AssertionError("the deletions feed never ended");
    }

    private static List<Long> ids(List<Row> rows) {
        return rows.stream().map(r -> (Long) r.get(0)).toList();
    }

    @Test
    void rowsSharingOneUpdatedAtAcrossPageBoundariesArriveExactlyOnce() {
        // given 3 earlier issues, 25 issues set to one and the same updated_at, and 2 later ones
        String installation = fixture.newInstallation("equal");
        List<Long> early = fixture.insertIssues(installation, 3);
        fixture.clock.advance(Duration.ofMinutes(1));
        List<Long> group = fixture.insertIssues(installation, 25);
        LocalDateTime shared = fixture.now().plusSeconds(5);
        assertThat(fixture.writes.setUpdatedAt(installation, group, shared)).isEqualTo(25);
        fixture.clock.advance(Duration.ofMinutes(1));
        List<Long> late = fixture.insertIssues(installation, 2);

        // when read 10 at a time, the cursor built from each page's last row
        List<Integer> pageSizes = new ArrayList<>();
        List<Row> changes = walkChanges(installation, ChangeCursor.start(null, FAR), 10, pageSizes);

        // then every row arrives once, by (updated_at, id), page boundaries falling inside the group
        List<Long> expected = new ArrayList<>(early);
        expected.addAll(group);
        expected.addAll(late);
        assertThat(ids(changes)).containsExactlyElementsOf(expected);
        assertThat(changes.subList(3, 28)).allMatch(r -> r.get(ISSUES.updatedAtIndex()).equals(shared));
        assertThat(pageSizes).containsExactly(10, 10, 10);
        assertThat(changes).isSortedAccordingTo(Comparator
                .comparing((Row r) -> (LocalDateTime) r.get(ISSUES.updatedAtIndex()))
                .thenComparing(r -> (Long) r.get(0)));
    }

    @Test
    void onlyRowsOfTheWindowAndOfTheCallingInstallationAreServed() {
        // given issues at T1, T2 and T3, a second apart, and another installation's issue at T2
        String installation = fixture.newInstallation("window");
        String other = fixture.newInstallation("window-other");
        LocalDateTime t1 = fixture.now();
        long a = fixture.writes.insertIssue(installation, 1, "a");
        fixture.clock.advance(Duration.ofSeconds(1));
        LocalDateTime t2 = fixture.now();
        long b = fixture.writes.insertIssue(installation, 1, "b");
        fixture.writes.insertIssue(other, 1, "foreign");
        fixture.clock.advance(Duration.ofSeconds(1));
        LocalDateTime t3 = fixture.now();
        long c = fixture.writes.insertIssue(installation, 1, "c");
        List<Integer> sizes = new ArrayList<>();

        // when / then: from is inclusive, until exclusive, a missing from is open, bounds finer than a millisecond hold
        assertThat(ids(walkChanges(installation, ChangeCursor.start(t2, t3), 10, sizes))).containsExactly(b);
        assertThat(ids(walkChanges(installation, ChangeCursor.start(null, t2), 10, sizes))).containsExactly(a);
        assertThat(ids(walkChanges(installation, ChangeCursor.start(t1, t3.plusNanos(500_000)), 10, sizes)))
                .containsExactly(a, b, c);
        assertThat(ids(walkChanges(installation, ChangeCursor.start(t2.plusNanos(500_000), FAR), 10, sizes)))
                .containsExactly(c);
        assertThat(ids(walkChanges(installation, ChangeCursor.start(t1, FAR).after(t2, RowKey.of(b)), 10, sizes)))
                .containsExactly(c);
        assertThat(ids(walkChanges(installation, ChangeCursor.start(t1, FAR).after(t1, RowKey.of(a)), 1, sizes)))
                .containsExactly(b, c);
        assertThat(ids(walkChanges(installation, ChangeCursor.start(t3.plusSeconds(1), FAR), 10, sizes))).isEmpty();
    }

    @Test
    void changedRowsComeWithEveryColumnAsTheDataEndpointServesThem() {
        // given
        String installation = fixture.newInstallation("columns");
        long id = fixture.writes.insertIssue(installation, 4, "Ünïcode ☃");
        fixture.clock.advance(Duration.ofMillis(1_234));
        LocalDateTime renamedAt = fixture.writes.updateIssue(installation, id, "renamed").orElseThrow();

        // when
        List<Row> changes = walkChanges(installation, ChangeCursor.start(null, FAR), 10, new ArrayList<>());
        RemotePage dataPage = fixture.client.pages().fetchPage(InstallationId.of(installation), ISSUES, null, 10);

        // then
        assertThat(changes).containsExactlyElementsOf(FeedFixture.rows(dataPage));
        assertThat(changes.get(0).get(2)).isEqualTo("renamed");
        assertThat(changes.get(0).get(ISSUES.updatedAtIndex())).isEqualTo(renamedAt);
        assertThat(renamedAt).isEqualTo(fixture.now());
    }

    @Test
    void deletionsAreServedAsTombstonesInTimeAndKeyOrder() {
        // given 20 issues; 3 deleted at D1, 12 at D2 (one millisecond), 1 at D3
        String installation = fixture.newInstallation("deletions");
        List<Long> ids = fixture.insertIssues(installation, 20);
        fixture.clock.advance(Duration.ofSeconds(10));
        LocalDateTime d1 = fixture.now();
        for (long id : List.of(ids.get(7), ids.get(2), ids.get(11))) {
            assertThat(fixture.writes.deleteIssue(installation, id)).contains(d1);
        }
        fixture.clock.advance(Duration.ofSeconds(1));
        LocalDateTime d2 = fixture.now();
        List<Long> together = new ArrayList<>(ids.subList(12, 20));
        together.addAll(List.of(ids.get(0), ids.get(1), ids.get(3), ids.get(4)));
        List<Long> newestFirst = new ArrayList<>(together);
        java.util.Collections.reverse(newestFirst);
        for (long id : newestFirst) {
            fixture.writes.deleteIssue(installation, id);
        }
        fixture.clock.advance(Duration.ofSeconds(1));
        LocalDateTime d3 = fixture.now();
        fixture.writes.deleteIssue(installation, ids.get(5));
        assertThat(fixture.writes.deleteIssue(installation, ids.get(5))).isEmpty();

        // when the window [D1, D3) is read 5 at a time
        List<Tombstone> tombstones = walkDeletions(installation, ChangeCursor.start(d1, d3).startOf(ChangePhase.DELETIONS), 5);

        // then
        List<Tombstone> expected = new ArrayList<>();
        for (long id : List.of(ids.get(2), ids.get(7), ids.get(11))) {
            expected.add(new Tombstone(RowKey.of(id), d1));
        }
        together.stream().sorted().forEach(id -> expected.add(new Tombstone(RowKey.of(id), d2)));
        assertThat(tombstones).containsExactlyElementsOf(expected);
        assertThat(walkDeletions(installation, ChangeCursor.start(d3, FAR).startOf(ChangePhase.DELETIONS), 5))
                .containsExactly(new Tombstone(RowKey.of(ids.get(5)), d3));
        assertThat(fixture.source.findRow(installation, "issues", List.of(ids.get(5)))).isEmpty();
        assertThat(fixture.source.rowCount(installation, "issues")).isEqualTo(4);
    }

    @Test
    void aRemoteWithoutTheChangeFeedAnswers404AndFerryRejectsItPermanently() {
        // given
        String installation = fixture.newInstallation("absent");
        fixture.insertIssues(installation, 2);
        fixture.remote.withoutEndpoints(OptionalEndpoint.CHANGES, OptionalEndpoint.DELETIONS);
        InstallationId id = InstallationId.of(installation);

        // when / then
        assertThatThrownBy(() -> fixture.client.changes().fetchChanges(id, ISSUES, ChangeCursor.start(null, FAR), 10))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_REJECTED);
                    assertThat(e.getMessage()).contains("no change feed endpoint").contains("404");
                });
        assertThatThrownBy(() -> fixture.client.changes().fetchDeletions(id, ISSUES, ChangeCursor.start(null, FAR).startOf(ChangePhase.DELETIONS), 10))
                .isInstanceOfSatisfying(FerryException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_REJECTED));
        assertThat(fixture.client.pages().fetchPage(id, ISSUES, null, 10).data()).hasSize(2);

        // and with the endpoints back
        fixture.remote.withoutEndpoints();
        assertThat(fixture.client.changes().fetchChanges(id, ISSUES, ChangeCursor.start(null, FAR), 10).data()).hasSize(2);
    }

    @Test
    void aDataTypeWithoutUpdatedAtHasNoChangeFeed() {
        // given projects, asked for by their creation time
        DataType projects = FeedFixture.withFeed(dev.ferry.adapter.config.PlanLoader.load("classpath:ferry-plan.yaml")
                .requireDataType("projects"), new ChangeFeed("created_at", false));
        InstallationId id = InstallationId.of(fixture.newInstallation("projects"));

        // when / then
        assertThatThrownBy(() -> fixture.client.changes().fetchChanges(id, projects, ChangeCursor.start(null, FAR), 10))
                .isInstanceOfSatisfying(FerryException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_REJECTED));
    }
}
