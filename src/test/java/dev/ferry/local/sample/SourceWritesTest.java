package dev.ferry.local.sample;

import static dev.ferry.local.sample.FeedFixture.ISSUES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.RemotePage;
import dev.ferry.domain.sync.ChangeCursor;
import dev.ferry.domain.sync.ChangePhase;
import dev.ferry.testing.IntegrationTest;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sample app's own writes, as a load generator makes them, seen through the source and the change feed. */
@IntegrationTest
class SourceWritesTest {
    private static final LocalDateTime FAR = LocalDateTime.of(2100, 1, 1, 0, 0);

    private static FeedFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new FeedFixture("writes");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static RemotePage changes(String installation, LocalDateTime from) {
        return fixture.client.changes().fetchChanges(InstallationId.of(installation), ISSUES, ChangeCursor.start(from, FAR), 1_000);
    }

    private static RemotePage deletions(String installation, LocalDateTime from) {
        return fixture.client.changes().fetchDeletions(InstallationId.of(installation), ISSUES,
                ChangeCursor.start(from, FAR).startOf(ChangePhase.DELETIONS), 1_000);
    }

    @Test
    void insertAndUpdateDateTheIssueWithTheSourceClock() {
        // given
        String installation = fixture.newInstallation("dated");
        LocalDateTime insertedAt = fixture.now();
        long id = fixture.writes.insertIssue(installation, 7, "first");
        fixture.clock.advance(Duration.ofMillis(2_500));

        // when
        LocalDateTime updatedAt = fixture.writes.updateIssue(installation, id, "second").orElseThrow();

        // then
        assertThat(updatedAt).isEqualTo(insertedAt.plus(Duration.ofMillis(2_500))).isEqualTo(fixture.writes.now());
        List<Object> row = fixture.source.findRow(installation, "issues", List.of(id)).orElseThrow();
        assertThat(row.get(1)).isEqualTo(7L);
        assertThat(row.get(2)).isEqualTo("second");
        assertThat(row.get(ISSUES.updatedAtIndex())).isEqualTo(updatedAt);
        assertThat(FeedFixture.rows(changes(installation, updatedAt))).hasSize(1);
        assertThat(changes(installation, updatedAt.plusNanos(1_000_000)).data()).isEmpty();
    }

    @Test
    void writesToAnIssueTheInstallationDoesNotHaveChangeNothing() {
        // given
        String installation = fixture.newInstallation("mine");
        String other = fixture.newInstallation("theirs");
        long theirs = fixture.writes.insertIssue(other, 1, "theirs");
        LocalDateTime from = fixture.now();

        // when / then
        assertThat(fixture.writes.updateIssue(installation, theirs, "hijacked")).isEmpty();
        assertThat(fixture.writes.deleteIssue(installation, theirs)).isEmpty();
        assertThat(fixture.writes.setUpdatedAt(installation, List.of(theirs), FAR.minusDays(1))).isZero();
        assertThat(fixture.source.findRow(other, "issues", List.of(theirs)).orElseThrow().get(2)).isEqualTo("theirs");
        assertThat(deletions(installation, from).data()).isEmpty();
        assertThat(deletions(other, from).data()).isEmpty();
    }

    @Test
    void deletingRecordsTheTombstoneWithTheRow() {
        // given
        String installation = fixture.newInstallation("tomb");
        List<Long> ids = fixture.insertIssues(installation, 3);
        fixture.clock.advance(Duration.ofSeconds(3));

        // when: one by the load generator's API, one by the source's generic delete
        LocalDateTime deletedAt = fixture.writes.deleteIssue(installation, ids.get(0)).orElseThrow();
        int deleted = fixture.source.deleteRow(installation, "issues", List.of(ids.get(2)));

        // then
        assertThat(deleted).isEqualTo(1);
        assertThat(fixture.writes.issueIds(installation)).containsExactly(ids.get(1));
        RemotePage tombstones = deletions(installation, null);
        assertThat(tombstones.data()).hasSize(2);
        assertThat(deletedAt).isEqualTo(fixture.now());
        assertThat(tombstones.data()).extracting(t -> LocalDateTime.ofInstant(java.time.Instant.parse((String) t.get(1)),
                java.time.ZoneOffset.UTC)).containsOnly(deletedAt);
    }

    @Test
    void concurrentInsertsGetDistinctIds() throws Exception {
        // given two writers (as two load generator threads with their own objects)
        String installation = fixture.newInstallation("busy");
        List<SourceWrites> writers = List.of(new SourceWrites(fixture.source), new SourceWrites(fixture.source));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // when
            List<Future<List<Long>>> results = new ArrayList<>();
            for (SourceWrites writer : writers) {
                Callable<List<Long>> work = () -> {
                    List<Long> ids = new ArrayList<>();
                    for (int i = 0; i < 15; i++) {
                        ids.add(writer.insertIssue(installation, 1, "concurrent " + i));
                    }
                    return ids;
                };
                results.add(pool.submit(work));
            }
            Set<Long> ids = new HashSet<>();
            for (Future<List<Long>> result : results) {
                ids.addAll(result.get());
            }

            // then
            assertThat(ids).hasSize(30);
            assertThat(fixture.writes.issueIds(installation)).containsExactlyInAnyOrderElementsOf(ids);
        } finally {
            pool.shutdownNow();
        }
    }
}
